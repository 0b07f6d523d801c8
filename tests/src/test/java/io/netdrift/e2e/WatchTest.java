package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift-detector watch}: scans one at a time on its schedule, stops cleanly on SIGTERM after
 * the scan under way, and refuses to run on a state another run holds.
 */
class WatchTest extends LabTest {
  static final Pattern RUN =
      Pattern.compile("run (\\d+) started (\\S+), took ([0-9.]+) s, exit (\\d+)");

  @TempDir Path work;

  List<String> watchArgs(String... extra) {
    List<String> args = lab.scanArgs(assembly);
    args.set(0, "watch");
    args.addAll(
        List.of(
            "--slack-webhook-url=",
            "--state",
            work.resolve("alert-state.json").toString(),
            "--output",
            work.resolve("last.json").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  record Run(int number, Instant start, double seconds, int exit) {}

  static List<Run> runs(String stderr) {
    List<Run> runs = new ArrayList<>();
    Matcher m = RUN.matcher(stderr);
    while (m.find()) {
      runs.add(
          new Run(
              Integer.parseInt(m.group(1)),
              Instant.parse(m.group(2)),
              Double.parseDouble(m.group(3)),
              Integer.parseInt(m.group(4))));
    }
    return runs;
  }

  @Test
  void aSlowScanDelaysTheNextAndNeverOverlapsIt() {
    // The first scan's first CloudFormation call takes two seconds: longer than the period.
    lab.aws.failNext("DescribeStacks", 1, AwsEmulator.Fault.SLOW);
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            watchArgs("--every", "1s", "--runs", "3").toArray(String[]::new));

    assertThat(code).isZero();
    List<Run> runs = runs(err.toString());
    assertThat(runs).hasSize(3);
    assertThat(runs.get(0).seconds()).isGreaterThanOrEqualTo(2.0);
    for (int i = 1; i < runs.size(); i++) {
      Run before = runs.get(i - 1);
      Instant ended = before.start().plusMillis((long) (before.seconds() * 1000));
      assertThat(runs.get(i).start()).isAfterOrEqualTo(ended.minusMillis(100));
    }
    assertThat(runs).allSatisfy(r -> assertThat(r.exit()).isZero());
    assertThat(err.toString()).contains("IN_SYNC, 0 finding(s), 0 not checked");
  }

  @Test
  void aStateHeldByAnotherRunIsAClearErrorAndExitOne() throws Exception {
    Path lockFile = work.resolve("alert-state.json.lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      StringWriter err = new StringWriter();
      int watch =
          Main.run(
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              watchArgs("--every", "1s", "--runs", "1").toArray(String[]::new));
      assertThat(watch).isEqualTo(1);
      assertThat(err.toString())
          .contains(lockFile + " is held by another Netdrift run using the same state");

      List<String> scan = watchArgs();
      scan.set(0, "scan");
      StringWriter scanErr = new StringWriter();
      assertThat(
              Main.run(
                  new PrintWriter(new StringWriter()),
                  new PrintWriter(scanErr),
                  scan.toArray(String[]::new)))
          .isEqualTo(1);
      assertThat(scanErr.toString()).contains("is held by another Netdrift run");
    }
  }

  @Test
  void sigtermLetsTheScanUnderWayFinishAndExitsZero() throws Exception {
    // Every EC2 security-group read is two seconds late: the signal lands mid-scan.
    lab.aws.failNext("DescribeSecurityGroups", 4, AwsEmulator.Fault.SLOW);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daws.accessKeyId=netdrift-test",
                "-Daws.secretAccessKey=netdrift-test",
                "-cp",
                System.getProperty("java.class.path"),
                "io.netdrift.detector.cli.Main"));
    command.addAll(watchArgs("--every", "1h"));
    java.util.concurrent.CountDownLatch midScan = lab.aws.nextArrival("DescribeSecurityGroups");
    Process watch = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder log = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        log.append(line).append('\n');
        if (line.contains("run 1 starting")) {
          // The signal lands while the scan's first (slow) security-group read is answered.
          assertThat(midScan.await(60, TimeUnit.SECONDS)).as(log.toString()).isTrue();
          watch.toHandle().destroy(); // SIGTERM; Process.destroy would close our streams
        }
      }
    }
    assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(watch.exitValue()).as(log.toString()).isZero();
    assertThat(runs(log.toString())).singleElement().satisfies(r -> assertThat(r.exit()).isZero());
    assertThat(log).contains("stopped; the last scan finished and its state is saved");
    assertThat(work.resolve("last.json")).exists();
  }
}
