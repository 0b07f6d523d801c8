package io.netdrift.detector.cli;

import io.netdrift.detector.model.DriftException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code drift-detector watch --every 15m}: scans on a schedule, one scan at a time (a slow scan
 * delays the next, never overlaps it), with every scan option. SIGTERM (or Ctrl-C) lets the current
 * scan finish and exits 0; the state's lock is held for the whole watch, so a second watch or a
 * cron run on the same state is refused. Each run logs one summary line.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Scans every period until stopped (SIGTERM or Ctrl-C: the current scan finishes, exit 0).",
      "Takes every option of scan; exit 1 when the state is locked by another run."
    })
final class WatchCommand extends ScanCommand {
  @Option(
      names = "--every",
      paramLabel = "PERIOD",
      required = true,
      converter = DurationConverter.class,
      description = "Time from the start of one scan to the start of the next: 15m, 1h, 30s.")
  Duration every;

  @Option(
      names = "--jitter",
      paramLabel = "PERIOD",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Up to this much random delay more per run, so many detectors do not call AWS at once.")
  Duration jitter;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N scans (0, the default: until stopped).")
  int runs;

  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() {
    if (every.isZero() || every.isNegative()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--every must be longer than zero");
    }
    PrintWriter err = spec.commandLine().getErr();
    StateLock lock =
        alerts.state == null || alerts.state.startsWith("s3://")
            ? null
            : StateLock.acquire(Path.of(alerts.state));
    lockHeld = true;
    // SIGTERM and Ctrl-C only ask to stop: the scan under way finishes, its state is saved, and
    // the watch returns 0 instead of the JVM dying mid-scan with 143.
    Map<String, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
    for (String name : List.of("TERM", "INT")) {
      try {
        previous.put(
            name, sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown()));
      } catch (IllegalArgumentException unsupported) {
        // A platform without this signal: nothing to catch.
      }
    }
    try {
      for (int run = 1; runs == 0 || run <= runs; run++) {
        Instant start = clock.instant();
        err.printf("netdrift watch: run %d starting at %s%n", run, start);
        err.flush();
        int code;
        String outcome;
        try {
          code = super.call();
          outcome =
              lastReport == null
                  ? "no report"
                  : lastReport.status()
                      + ", "
                      + lastReport.activeFindings().size()
                      + " finding(s), "
                      + lastReport.problems().size()
                      + " not checked";
        } catch (DriftException | java.io.IOException e) {
          code = ExitCodes.ERROR;
          outcome = "error: " + e.getMessage();
        }
        Instant end = clock.instant();
        boolean last = runs != 0 && run == runs;
        Duration wait = last ? Duration.ZERO : waitAfter(start, end);
        err.printf(
            Locale.ROOT,
            "netdrift watch: run %d started %s, took %.1f s, exit %d (%s)%s%n",
            run,
            start,
            Duration.between(start, end).toMillis() / 1000.0,
            code,
            outcome,
            last ? "" : ", next in " + wait.toSeconds() + " s");
        err.flush();
        if (last || stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      if (stop.getCount() == 0) {
        err.println("netdrift watch: stopped; the last scan finished and its state is saved");
        err.flush();
      }
      return ExitCodes.IN_SYNC;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.IN_SYNC;
    } finally {
      previous.forEach(
          (name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
      if (lock != null) {
        try {
          lock.close();
        } catch (java.io.IOException e) {
          // The process is ending; the OS drops the lock with it.
        }
      }
    }
  }

  /** From the start of this run to the start of the next: never negative, so never overlapping. */
  private Duration waitAfter(Instant start, Instant end) {
    Duration extra =
        jitter.isZero()
            ? Duration.ZERO
            : Duration.ofMillis(ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1));
    Duration wait = Duration.between(end, start.plus(every)).plus(extra);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** {@code 15m}, {@code 1h}, {@code 30s}, {@code 500ms}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a period: a number and ms, s, m or h (15m, 1h)");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }
}
