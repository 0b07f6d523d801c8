package io.netdrift.detector.alert;

/**
 * A channel whose messages all go into one thread: an organisation run's, opened by its first
 * message and closed by its summary. What a scan of one account would post to the channel is posted
 * as a reply in that thread; a reply to an earlier thread (a drift resolved that an earlier run
 * alerted) still goes there. Every message answers the thread's ts, so the alert state remembers
 * the thread its drift was said in.
 */
public final class ThreadedChannel implements SlackChannel {
  private final SlackChannel channel;
  private final String threadTs;

  /** Replies in {@code threadTs} of {@code channel}, which must have threads. */
  public ThreadedChannel(SlackChannel channel, String threadTs) {
    if (!channel.threads()) {
      throw new AlertException(
          channel.name() + " has no threads: an organisation run needs a Slack bot and a channel");
    }
    if (threadTs == null || threadTs.isBlank()) {
      throw new IllegalArgumentException("a thread needs its parent message's ts");
    }
    this.channel = channel;
    this.threadTs = threadTs;
  }

  @Override
  public String post(SlackMessage.Message message, String replyTo) {
    channel.post(message, replyTo == null || replyTo.isEmpty() ? threadTs : replyTo);
    return replyTo == null || replyTo.isEmpty() ? threadTs : replyTo;
  }

  @Override
  public void update(String ts, SlackMessage.Message message) {
    channel.update(ts, message);
  }

  @Override
  public boolean threads() {
    return true;
  }

  @Override
  public String name() {
    return channel.name();
  }
}
