package io.netdrift.detector.alert;

import com.slack.api.Slack;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts to a Slack incoming webhook through the Slack API client. A webhook has no threads: replies
 * become messages of their own. The URL is a secret and never appears in a message.
 */
public final class SlackWebhook implements SlackChannel {
  private final Slack slack;
  private final String url;
  private final Retrying retrying;

  /** A webhook at {@code url}, retried as {@code retrying} says. */
  public SlackWebhook(String url, Retrying retrying) {
    this.slack = SlackClients.of(null);
    this.url = url;
    this.retrying = retrying;
  }

  /** A webhook at {@code url} that waits for real between retries. */
  public SlackWebhook(String url) {
    this(url, new Retrying(Retrying.Sleeper.REAL));
  }

  /** Sends {@code payload}; Slack answers 200 and {@code ok} when it took the message. */
  public void send(Payload payload) {
    retrying.run(
        "Slack webhook",
        () -> {
          WebhookResponse response;
          try {
            response = slack.send(url, payload);
          } catch (IOException e) {
            return new Retrying.Again<>(
                "Slack webhook could not be reached (" + e.getClass().getSimpleName() + ")",
                Optional.empty());
          }
          int code = response.getCode() == null ? 0 : response.getCode();
          if (code == 200) {
            return new Retrying.Done<>("");
          }
          if (code == 429) {
            return new Retrying.Again<>(
                "HTTP 429 (rate limited)", Retrying.retryAfter(header(response, "Retry-After")));
          }
          if (code >= 500) {
            return new Retrying.Again<>("HTTP " + code, Optional.empty());
          }
          return new Retrying.Fail<>(
              "Slack webhook answered HTTP "
                  + code
                  + " ("
                  + safeBody(response)
                  + "); the alert was not delivered");
        });
  }

  @Override
  public String post(SlackMessage.Message message, String threadTs) {
    send(Payload.builder().text(message.text()).blocks(message.blocks()).build());
    return "";
  }

  @Override
  public boolean threads() {
    return false;
  }

  @Override
  public String name() {
    return "webhook";
  }

  private static String header(WebhookResponse response, String name) {
    Map<String, List<String>> headers = response.getHeaders();
    if (headers == null) {
      return null;
    }
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  /**
   * Slack's error bodies are short codes such as {@code invalid_payload}; nothing else is echoed.
   */
  private static String safeBody(WebhookResponse response) {
    String body = response.getBody() == null ? "" : response.getBody().trim();
    return body.matches("[a-z_]{1,64}") ? body : "no error code";
  }
}
