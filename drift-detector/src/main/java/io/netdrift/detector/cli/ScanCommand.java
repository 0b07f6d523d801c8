package io.netdrift.detector.cli;

import com.slack.api.webhook.Payload;
import io.netdrift.detector.DriftException;
import io.netdrift.detector.DriftScan;
import io.netdrift.detector.alert.SlackMessage;
import io.netdrift.detector.alert.SlackWebhook;
import io.netdrift.detector.report.ReportFormat;
import io.netdrift.detector.report.ReportWriter;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift-detector scan}: one comparison, a report, and a Slack alert on drift. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Compares the deployed network with the approved cloud assembly and reports every difference.",
      "Exit codes: 0 in sync, 1 error or incomplete scan, 2 drift, 64 bad usage."
    })
final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "DIR",
      description = "The approved cloud assembly: the cdk.out folder written by cdk synth.")
  Path baseline;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region to read; default: each stack's own region from the assembly.")
  String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Named AWS profile; default: the SDK's default credential chain (env, profile, SSO, role).")
  String profile;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description = {
        "Reader role to assume in each stack's account; {account} is replaced by the account the",
        "assembly pins for the stack, e.g. arn:aws:iam::{account}:role/netdrift-reader."
      })
  String roleArn;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "Send every AWS call to this endpoint (LocalStack-style emulators, tests).")
  URI endpoint;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Report format: text or json (default: text).")
  ReportFormat format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of standard output.")
  Path output;

  @Option(
      names = "--slack-webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:SLACK_WEBHOOK_URL}",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Slack incoming webhook to alert on drift or an incomplete scan; default: $SLACK_WEBHOOK_URL.",
        "Without one, the message is printed to standard error as a preview."
      })
  String slackWebhookUrl;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    ScanReport report =
        new DriftScan(Clock.systemUTC())
            .run(
                new DriftScan.Options(
                    baseline,
                    Optional.ofNullable(region),
                    Optional.ofNullable(profile),
                    Optional.ofNullable(endpoint),
                    Optional.ofNullable(roleArn)));
    writeReport(report, format);
    if (report.status() != ScanStatus.IN_SYNC) {
      Payload message = SlackMessage.of(report);
      if (slackWebhookUrl == null || slackWebhookUrl.isBlank()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println();
        err.println("Slack preview (set --slack-webhook-url or SLACK_WEBHOOK_URL to send it):");
        err.print(SlackMessage.preview(message));
        err.flush();
      } else {
        new SlackWebhook(slackWebhookUrl).send(message);
      }
    }
    return report.status().exitCode();
  }

  private void writeReport(ScanReport report, ReportFormat reportFormat) throws IOException {
    ReportWriter writer = ReportWriter.of(reportFormat);
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      writer.write(report, out);
      out.flush();
      return;
    }
    StringWriter buffer = new StringWriter();
    writer.write(report, buffer);
    writeAtomically(output, buffer.toString());
  }

  /** Readers of {@code file} see the old report or the new one, never half of one. */
  static void writeAtomically(Path file, String content) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      try {
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new DriftException(file + ": cannot write the report: " + e.getMessage(), e);
    }
  }
}
