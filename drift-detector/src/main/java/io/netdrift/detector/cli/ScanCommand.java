package io.netdrift.detector.cli;

import com.slack.api.webhook.Payload;
import io.netdrift.detector.AtomicFiles;
import io.netdrift.detector.DriftScan;
import io.netdrift.detector.alert.SlackMessage;
import io.netdrift.detector.alert.SlackWebhook;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.Snapshot;
import io.netdrift.detector.report.ReportFormat;
import io.netdrift.detector.report.ReportWriter;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
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

  @Mixin AwsOptions aws;

  @Option(
      names = "--live",
      paramLabel = "FILE",
      description =
          "Compare with a snapshot written by drift-detector snapshot, with no AWS access.")
  Path live;

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
    CallCounter counter = new CallCounter();
    LiveSource.Factory sources =
        live == null ? LiveSource.aws(counter) : Snapshot.read(live).replaying();
    ScanReport report = new DriftScan(Clock.systemUTC(), sources, counter).run(aws.options());
    writeReport(report, format);
    if (verbose) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf("AWS API requests: %d%n", report.apiCallTotal());
      report.apiCalls().forEach((operation, count) -> err.printf("  %6d  %s%n", count, operation));
      err.flush();
    }
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
    AtomicFiles.write(file, content, "report");
  }
}
