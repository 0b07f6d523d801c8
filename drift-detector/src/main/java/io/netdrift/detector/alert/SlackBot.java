package io.netdrift.detector.alert;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Posts with a bot token to one channel through {@code chat.postMessage}, replies in threads,
 * changes what it posted through {@code chat.update}. The token is held here and nowhere else:
 * never logged, never in a message or an exception.
 */
public final class SlackBot implements SlackChannel {
  private static final Set<String> BAD_TOKEN =
      Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired");
  private static final Set<String> BAD_CHANNEL =
      Set.of("channel_not_found", "not_in_channel", "is_archived", "restricted_action");

  private final Slack slack;
  private final String token;
  private final String channel;
  private final Retrying retrying;

  /**
   * A bot posting to {@code channel}; {@code apiUrl} is Slack's methods endpoint prefix (tests
   * point it at a stub) or null for Slack itself.
   */
  public SlackBot(String token, String channel, String apiUrl, Retrying retrying) {
    this.slack = SlackClients.of(apiUrl);
    this.token = token;
    this.channel = channel;
    this.retrying = retrying;
  }

  @Override
  public String post(SlackMessage.Message message, String threadTs) {
    return call(
        "Slack chat.postMessage to " + channel,
        methods ->
            methods.chatPostMessage(
                r -> {
                  r.channel(channel)
                      .text(message.text())
                      .blocks(message.blocks())
                      .unfurlLinks(false);
                  if (threadTs != null && !threadTs.isEmpty()) {
                    r.threadTs(threadTs);
                  }
                  return r;
                }));
  }

  @Override
  public void update(String ts, SlackMessage.Message message) {
    call(
        "Slack chat.update in " + channel,
        methods ->
            methods.chatUpdate(
                r -> r.channel(channel).ts(ts).text(message.text()).blocks(message.blocks())));
  }

  /** One Web API method the bot calls: posting or changing a message. */
  private interface Method {
    SlackApiTextResponse call(MethodsClient methods) throws IOException, SlackApiException;
  }

  /**
   * Calls {@code method}, retrying 429s, 5xx, {@code ratelimited} and unreachable Slack as {@link
   * Retrying} says; answers the message's ts.
   */
  private String call(String what, Method method) {
    return retrying.run(
        what,
        () -> {
          SlackApiTextResponse response;
          try {
            response = method.call(slack.methods(token));
          } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            if (status == 429) {
              return new Retrying.Again<>(
                  "HTTP 429 (rate limited)",
                  Retrying.retryAfter(e.getResponse().header("Retry-After")));
            }
            if (status >= 500) {
              return new Retrying.Again<>("HTTP " + status, java.util.Optional.empty());
            }
            return new Retrying.Fail<>("Slack answered HTTP " + status);
          } catch (IOException e) {
            return new Retrying.Again<>(
                "Slack could not be reached (" + e.getClass().getSimpleName() + ")",
                java.util.Optional.empty());
          }
          if (response.isOk()) {
            String ts =
                response instanceof ChatPostMessageResponse posted
                    ? posted.getTs()
                    : response instanceof ChatUpdateResponse updated ? updated.getTs() : null;
            return new Retrying.Done<>(ts == null ? "" : ts);
          }
          String error = response.getError() == null ? "unknown_error" : response.getError();
          if (error.equals("ratelimited")) {
            return new Retrying.Again<>("ratelimited", java.util.Optional.empty());
          }
          if (BAD_TOKEN.contains(error)) {
            return new Retrying.Fail<>(
                "Slack rejected the bot token ("
                    + error
                    + "); check SLACK_BOT_TOKEN or the file --slack-token-file names");
          }
          if (BAD_CHANNEL.contains(error)) {
            return new Retrying.Fail<>(
                "Slack cannot post to channel "
                    + channel
                    + " ("
                    + error
                    + "); check --slack-channel and invite the bot to it");
          }
          return new Retrying.Fail<>("Slack answered " + error);
        });
  }

  @Override
  public boolean threads() {
    return true;
  }

  @Override
  public String name() {
    return channel;
  }
}
