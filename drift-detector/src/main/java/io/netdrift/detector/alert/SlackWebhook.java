package io.netdrift.detector.alert;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;

/** Posts a message to a Slack incoming webhook through the Slack API client. */
public final class SlackWebhook {
  private final Slack slack;
  private final String url;

  /** A webhook at {@code url}; the URL is a secret and never appears in a message. */
  public SlackWebhook(String url) {
    SlackConfig config = new SlackConfig();
    config.setStatsEnabled(false);
    config.setPrettyResponseLoggingEnabled(false);
    this.slack = Slack.getInstance(config);
    this.url = url;
  }

  /** Sends {@code payload}; Slack answers 200 and {@code ok} when it took the message. */
  public void send(Payload payload) {
    WebhookResponse response;
    try {
      response = slack.send(url, payload);
    } catch (IOException e) {
      throw new AlertException(
          "Slack webhook could not be reached: " + e.getClass().getSimpleName(), e);
    }
    if (response.getCode() == null || response.getCode() != 200) {
      throw new AlertException(
          "Slack webhook answered HTTP "
              + response.getCode()
              + " ("
              + safeBody(response)
              + "); the alert was not delivered");
    }
  }

  /**
   * Slack's error bodies are short codes such as {@code invalid_payload}; nothing else is echoed.
   */
  private static String safeBody(WebhookResponse response) {
    String body = response.getBody() == null ? "" : response.getBody().trim();
    return body.matches("[a-z_]{1,64}") ? body : "no error code";
  }
}
