package io.netdrift.detector.alert;

/** Where alerts go: a bot posting to a channel (with threads), or an incoming webhook. */
public interface SlackChannel {
  /**
   * Posts {@code message}, as a reply in {@code threadTs} where that is not empty and the channel
   * has threads; answers the new message's ts (empty for a webhook). Retries as {@link Retrying}
   * says; throws {@link AlertException} when the message was not delivered.
   */
  String post(SlackMessage.Message message, String threadTs);

  /**
   * Replaces the text of the message {@code ts} this channel posted ({@code chat.update}): how an
   * organisation run's opening message becomes its summary. Retries as {@link #post} does; throws
   * {@link AlertException} when the message was not changed, or where the channel cannot change
   * what it posted (a webhook).
   */
  default void update(String ts, SlackMessage.Message message) {
    throw new AlertException(name() + " cannot change a message it posted: it needs a Slack bot");
  }

  /** True when replies can go into a thread. */
  boolean threads();

  /** For state and messages; never a secret: {@code C0123} or {@code webhook}. */
  String name();
}
