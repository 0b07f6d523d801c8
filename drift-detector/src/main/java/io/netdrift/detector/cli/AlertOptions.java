package io.netdrift.detector.cli;

import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.alert.SlackBot;
import io.netdrift.detector.alert.SlackChannel;
import io.netdrift.detector.alert.SlackWebhook;
import io.netdrift.detector.model.DriftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * Where alerts go and how they are de-duplicated. Secrets (the bot token, the webhook URL) come
 * from the environment or a file and are only ever handed to the Slack client.
 */
final class AlertOptions {
  @Option(
      names = "--slack-channel",
      paramLabel = "CHANNEL",
      defaultValue = "${env:SLACK_CHANNEL}",
      showDefaultValue = Visibility.NEVER,
      description =
          "Channel for the bot to post to (an id such as C0123 is safest); default: $SLACK_CHANNEL.")
  String channel;

  @Option(
      names = "--slack-token-file",
      paramLabel = "FILE",
      description = "File holding the bot token; default: $SLACK_BOT_TOKEN. Never logged.")
  Path tokenFile;

  @Option(
      names = "--slack-token-secret",
      paramLabel = "ARN",
      defaultValue = "${env:SLACK_TOKEN_SECRET_ARN}",
      showDefaultValue = Visibility.NEVER,
      description =
          "Secrets Manager secret holding the bot token, read at run time; default: $SLACK_TOKEN_SECRET_ARN.")
  String tokenSecret;

  @Option(
      names = "--slack-webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:SLACK_WEBHOOK_URL}",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Slack incoming webhook, where there is no bot; default: $SLACK_WEBHOOK_URL.",
        "With neither, the messages are printed to standard error as a preview."
      })
  String webhookUrl;

  @Option(
      names = "--slack-api-url",
      paramLabel = "URL",
      defaultValue = "${env:SLACK_API_URL}",
      showDefaultValue = Visibility.NEVER,
      description = "Slack's Web API base URL (a proxy, or the tests' stub); default: Slack's own.")
  String apiUrl;

  @Option(
      names = "--slack-thread",
      paramLabel = "TS",
      description = {
        "Post every message as a reply in this thread of the bot's channel (an organisation run's",
        "thread, which its summary closes); default: each alert a message of its own."
      })
  String thread;

  @Option(
      names = "--state",
      paramLabel = "FILE|S3URL",
      description = {
        "Alert state (a file, or s3://bucket/key): alert new drift once, remind of open drift, say",
        "when it is resolved.",
        "Without it, every run alerts on everything it finds."
      })
  String state;

  @Option(
      names = "--remind-after",
      paramLabel = "HOURS",
      description =
          "Remind of drift still open after this many hours; default: the policy's alerting.remindAfterHours.")
  Integer remindAfterHours;

  @Option(
      names = "--mention",
      paramLabel = "WHO",
      description =
          "Who to page on critical drift (<!here>, <!subteam^S…>); default: the policy's alerting.mention.")
  String mention;

  @Option(
      names = "--report-url",
      paramLabel = "URL",
      description = "Link to the full report (where the run stores it), shown in every alert.")
  String reportUrl;

  @Option(
      names = "--pagerduty-routing-key-file",
      paramLabel = "FILE",
      description =
          "Page on new critical drift through PagerDuty (Events API v2) with the routing key in FILE;"
              + " default: $PAGERDUTY_ROUTING_KEY. Never logged. Needs --state.")
  Path pagerDutyKeyFile;

  @Option(
      names = "--pagerduty-routing-key-secret",
      paramLabel = "ARN",
      defaultValue = "${env:PAGERDUTY_ROUTING_KEY_SECRET_ARN}",
      showDefaultValue = Visibility.NEVER,
      description =
          "Secrets Manager secret holding the PagerDuty routing key, read at run time; default:"
              + " $PAGERDUTY_ROUTING_KEY_SECRET_ARN.")
  String pagerDutyKeySecret;

  @Option(
      names = "--pagerduty-url",
      paramLabel = "URL",
      description =
          "PagerDuty's events endpoint (a proxy, or the tests' stub); default: PagerDuty's own.")
  String pagerDutyUrl;

  /** The pager, where a routing key is configured; it needs the alert state to resolve. */
  Optional<io.netdrift.detector.alert.PagerDuty> pagerDuty(
      Retrying retrying, Optional<String> region, Optional<java.net.URI> endpoint) {
    String key;
    if (pagerDutyKeySecret != null && !pagerDutyKeySecret.isBlank()) {
      key = io.netdrift.detector.live.SecretToken.read(pagerDutyKeySecret.trim(), region, endpoint);
    } else if (pagerDutyKeyFile != null) {
      key = secretFile(pagerDutyKeyFile, "PagerDuty routing key");
    } else {
      String env = System.getenv("PAGERDUTY_ROUTING_KEY");
      key = env == null || env.isBlank() ? null : env.strip();
    }
    if (key == null) {
      return Optional.empty();
    }
    if (state == null) {
      throw new io.netdrift.detector.model.UsageException(
          "paging through PagerDuty needs --state: without it Netdrift cannot tell what it paged,"
              + " so it could never resolve it");
    }
    return Optional.of(
        new io.netdrift.detector.alert.PagerDuty(
            java.net.URI.create(
                pagerDutyUrl != null
                    ? pagerDutyUrl
                    : io.netdrift.detector.alert.PagerDuty.EVENTS_URL),
            key,
            retrying));
  }

  /** The configured channel: a bot, a webhook, or empty for a preview. */
  Optional<SlackChannel> channel(
      Retrying retrying, Optional<String> region, Optional<java.net.URI> endpoint) {
    String token = token(region, endpoint);
    // A token in the environment without a channel is not a bot setup (it may serve other tools);
    // a token file or a channel asks for one, and then both are needed.
    boolean bot =
        tokenFile != null
            || (tokenSecret != null && !tokenSecret.isBlank())
            || (channel != null && !channel.isBlank());
    if (bot) {
      if (token == null) {
        throw new DriftException(
            "--slack-channel needs a bot token: SLACK_BOT_TOKEN, --slack-token-file or"
                + " --slack-token-secret");
      }
      if (channel == null || channel.isBlank()) {
        throw new DriftException("a Slack bot token needs --slack-channel (or $SLACK_CHANNEL)");
      }
      SlackChannel poster = new SlackBot(token, channel.trim(), apiUrl, retrying);
      return Optional.of(
          thread == null || thread.isBlank()
              ? poster
              : new io.netdrift.detector.alert.ThreadedChannel(poster, thread.trim()));
    }
    if (thread != null && !thread.isBlank()) {
      throw new DriftException("--slack-thread needs a Slack bot: --slack-channel and its token");
    }
    if (webhookUrl != null && !webhookUrl.isBlank()) {
      return Optional.of(new SlackWebhook(webhookUrl.trim(), retrying));
    }
    return Optional.empty();
  }

  /** A secret kept in a file, stripped; an empty or unreadable file is a clear error. */
  private static String secretFile(Path file, String what) {
    try {
      String secret = Files.readString(file).strip();
      if (secret.isEmpty()) {
        throw new DriftException(file + ": the " + what + " file is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new DriftException(
          file + ": the " + what + " file cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private String token(Optional<String> region, Optional<java.net.URI> endpoint) {
    if (tokenSecret != null && !tokenSecret.isBlank()) {
      return io.netdrift.detector.live.SecretToken.read(tokenSecret.trim(), region, endpoint);
    }
    if (tokenFile != null) {
      return secretFile(tokenFile, "Slack token");
    }
    String env = System.getenv("SLACK_BOT_TOKEN");
    return env == null || env.isBlank() ? null : env.strip();
  }
}
