package io.netdrift.detector.alert;

/** Where alerts go: a bot posting to a channel (with threads), or an incoming webhook. */
public interface SlackChannel {
  /**
   * Posts {@code message}, as a reply in {@code threadTs} where that is not empty and the channel
   * has threads; answers the new message's ts (empty for a webhook). Retries as {@link Retrying}
   * says; throws {@link AlertException} when the message was not delivered.
   */
  String post(SlackMessage.Message message, String threadTs);

  /** True when replies can go into a thread. */
  boolean threads();

  /** For state and messages; never a secret: {@code C0123} or {@code webhook}. */
  String name();
}
