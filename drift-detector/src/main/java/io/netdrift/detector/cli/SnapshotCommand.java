package io.netdrift.detector.cli;

import io.netdrift.detector.DriftScan;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.Snapshot;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift-detector snapshot}: reads the deployed and live state of every stack of the assembly
 * once and writes it to a versioned JSON file, for {@code scan --live} with no AWS access.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Writes the deployed and live state of the assembly's stacks to a JSON file.",
      "Exit codes: 0 written and complete, 1 error or something could not be read, 64 bad usage."
    })
final class SnapshotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The snapshot file to write (atomically).")
  Path out;

  @Override
  public Integer call() {
    Snapshot snapshot = Snapshot.empty();
    CallCounter counter = new CallCounter();
    ScanReport report =
        new DriftScan(Clock.systemUTC(), snapshot.recording(LiveSource.aws(counter)), counter)
            .run(aws.options());
    snapshot.write(out, aws.baseline.toString(), report.startedAt());
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "netdrift: snapshot of %d stack(s) written to %s%s%n",
        report.stacks().size(),
        out,
        report.status() == ScanStatus.INCOMPLETE
            ? "; incomplete: " + String.join("; ", report.problems())
            : "");
    err.flush();
    return report.status() == ScanStatus.INCOMPLETE ? ExitCodes.ERROR : ExitCodes.IN_SYNC;
  }
}
