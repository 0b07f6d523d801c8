package io.netdrift.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.DriftScan;
import io.netdrift.detector.ScanOptions;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.AtomicFiles;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.Costs;
import io.netdrift.estate.Estate;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./drift bench}: scans synthetic estates of 1x, 2x and 4x the reference size in the local
 * emulator, prints wall time, API requests against their lower bound and peak heap, runs the JMH
 * normalize-and-diff benchmark, and writes everything to {@code bench/target/bench-results.json}.
 */
public final class Bench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The heap the CLI gets in the measured run: the scan must fit in it. */
  static final int CLI_HEAP_MIB = 384;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("aws.accessKeyId", "netdrift-bench");
    System.setProperty("aws.secretAccessKey", "netdrift-bench");
    Path work = Files.createTempDirectory("netdrift-bench");
    ObjectNode results = JSON.createObjectNode();
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    ArrayNode scans = results.putArray("scans");
    List<String> options = java.util.Arrays.asList(args);
    int accounts =
        options.contains("--org-accounts")
            ? Integer.parseInt(options.get(options.indexOf("--org-accounts") + 1))
            : 1000;
    if (options.contains("--org-only")) {
      // ./drift bench --org-only [--org-accounts N]: the organisation run alone.
      ObjectNode org = OrganisationScale.measure(accounts, work.resolve("organisation"));
      results.set("organisation", org);
      writeResults(results);
      List<String> failed = OrganisationScale.failures(org);
      failed.forEach(f -> System.out.println("FAILED: " + f));
      System.exit(failed.isEmpty() ? 0 : 1);
    }
    // ./drift bench --scales 4 measures one scale, and only the scans (no cold start, no JMH).
    int[] scales =
        options.contains("--scales")
            ? java.util.Arrays.stream(options.get(options.indexOf("--scales") + 1).split(","))
                .mapToInt(Integer::parseInt)
                .toArray()
            : new int[] {1, 2, 4};
    // ./drift bench --scales 1 --latency-only: the scans at latency alone, with their timelines.
    boolean latencyOnly = options.contains("--latency-only");
    boolean whole = scales.length == 3 && !latencyOnly;
    String eventFailure = null;
    if (!latencyOnly) {
      System.out.printf(
          "%-6s %7s %9s %9s %8s %6s %9s %9s%n",
          "scale", "stacks", "rules", "scan s", "requests", "bound", "ratio", "heap MiB*");
      for (int scale : scales) {
        scans.add(scan(scale, work.resolve("scale-" + scale)));
      }
      System.out.println("* peak heap of the benchmark JVM, emulator and its estate included");
      System.out.println();
      System.out.println("Requests by operation at scale 1 (requests / lower bound):");
      scans
          .get(0)
          .path("operations")
          .fields()
          .forEachRemaining(
              e ->
                  System.out.printf(
                      "  %-40s %5d / %5d%n",
                      e.getKey(),
                      e.getValue().path("requests").asLong(),
                      e.getValue().path("bound").asLong()));
      System.out.println();
    }
    System.out.println(
        "At "
            + LATENCY.toMillis()
            + " ms a request (+0-"
            + JITTER.toMillis()
            + " ms) inside AWS's request limits (EC2 100 tokens, 20/s per API; CloudTrail 2/s;"
            + " others assumed):");
    System.out.printf(
        "%-6s %9s %7s %8s %9s %11s %11s %9s %9s %7s%n",
        "scale",
        "scan s",
        "cpu x",
        "requests",
        "throttled",
        "serial s*",
        "overlap x",
        "path s**",
        "rate s***",
        "ratio");
    System.out.println("(throttled: on the buckets AWS documents; the assumed ones are listed)");
    ArrayNode latent = results.putArray("latencyScans");
    for (int scale : scales) {
      latent.add(latencyScan(scale, work.resolve("latency-" + scale), latencyOnly));
    }
    System.out.println(
        "scan s: the median of three scans; cpu x: the process's CPU time over that scan's wall"
            + " time, emulator included (at most "
            + Runtime.getRuntime().availableProcessors()
            + " here)");
    System.out.println("* every request one after the other at the mean latency");
    System.out.println(
        "** the longest chain of dependent requests (Estate.criticalPath) at the mean latency");
    System.out.println(
        "*** the requests of the busiest API beyond its burst, over its refill rate; ratio:"
            + " scan s / the larger floor (target "
            + FLOOR_RATIO
            + ")");
    if (whole) {
      List<Double> events = EventPath.measure(work.resolve("events"));
      double p50 = EventPath.quantile(events, 0.50);
      double p95 = EventPath.quantile(events, 0.95);
      System.out.println();
      System.out.printf(
          "Event path, CloudTrail event to Slack message, %d events at %d ms a request:"
              + " p50 %.2f s, p95 %.2f s, max %.2f s (target p95 <= %.1f s)%n",
          events.size(), LATENCY.toMillis(), p50, p95, events.get(events.size() - 1), EVENT_P95);
      results
          .putObject("eventPath")
          .put("events", events.size())
          .put("p50Seconds", p50)
          .put("p95Seconds", p95)
          .put("maxSeconds", events.get(events.size() - 1));
      if (p95 > EVENT_P95) {
        eventFailure =
            String.format("the event path's p95 is %.2f s, above %.1f s", p95, EVENT_P95);
      }
      System.out.println();
      System.out.println(
          "Organisation run, at "
              + LATENCY.toMillis()
              + " ms a request, each account's own limits:");
      results.set(
          "organisation", OrganisationScale.measure(accounts, work.resolve("organisation")));
      results.set("coldStart", coldStart(work.resolve("cold")));
      results.set("diff", diff());
    }
    writeResults(results);
    List<String> failures = failures(scans);
    if (results.has("organisation")) {
      failures.addAll(OrganisationScale.failures((ObjectNode) results.get("organisation")));
    }
    if (eventFailure != null) {
      failures.add(eventFailure);
    }
    for (var row : latent) {
      String at = "scale " + row.path("scale").asInt() + " at " + LATENCY.toMillis() + " ms: ";
      if (!row.path("status").asText().equals("IN_SYNC")) {
        failures.add(at + "the scan is " + row.path("status").asText() + ", not IN_SYNC");
      }
      if (row.path("wallOverFloor").asDouble() > FLOOR_RATIO) {
        failures.add(
            at
                + String.format(
                    "the scan took %.2f times its latency-bound floor (target %.1f)",
                    row.path("wallOverFloor").asDouble(), FLOOR_RATIO));
      }
      if (row.path("throttled").asLong() > 0) {
        failures.add(
            at
                + "Netdrift was throttled "
                + row.path("throttled").asLong()
                + " times on buckets AWS documents");
      }
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.out.println("FAILED: " + f));
      System.exit(1);
    }
  }

  /** Writes the results to {@code bench/target/bench-results.json}, and says where. */
  private static void writeResults(ObjectNode results) throws java.io.IOException {
    Path out = Path.of("bench", "target", "bench-results.json");
    AtomicFiles.write(out, JSON.writeValueAsString(results), "benchmark results");
    System.out.println();
    System.out.println("written to " + out);
  }

  /**
   * What makes a benchmark run a failure, not a number: a scan of the estate that is not in sync
   * (the numbers would measure a different scan), the CLI not exiting 0 on it, or more requests
   * than the per-stack lower bound.
   */
  static List<String> failures(ArrayNode scans) {
    List<String> failures = new ArrayList<>();
    for (var row : scans) {
      String at = "scale " + row.path("scale").asInt() + ": ";
      if (!row.path("status").asText().equals("IN_SYNC")) {
        failures.add(at + "the scan is " + row.path("status").asText() + ", not IN_SYNC");
      }
      if (row.path("cliExitCode").asInt() != 0) {
        failures.add(at + "the CLI exited " + row.path("cliExitCode").asInt() + ", not 0");
      }
      if (row.path("requests").asLong() > row.path("lowerBound").asLong()) {
        failures.add(
            at
                + row.path("requests").asLong()
                + " requests, above the lower bound of "
                + row.path("lowerBound").asLong());
      }
    }
    return failures;
  }

  /** Deploys {@code stacks} into {@code aws}; the options of a scan of them from {@code dir}. */
  private static ScanOptions deployed(AwsEmulator aws, Map<String, ObjectNode> stacks, Path dir) {
    stacks.forEach(aws::deploy);
    return new ScanOptions(
        dir, Optional.empty(), Optional.empty(), Optional.of(aws.endpoint()), Optional.empty());
  }

  private static ObjectNode scan(int scale, Path dir) throws Exception {
    Map<String, ObjectNode> stacks = Estate.write(scale, dir);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      ScanOptions options = deployed(aws, stacks, dir);
      // One scan to warm the JIT; then three measured, the median reported.
      new DriftScan(Clock.systemUTC()).run(options);
      List<Double> seconds = new ArrayList<>();
      CallCounter counter = null;
      ScanReport report = null;
      long peak = 0;
      for (int run = 0; run < 3; run++) {
        System.gc();
        resetHeapPeaks();
        counter = new CallCounter();
        long start = System.nanoTime();
        report = new DriftScan(Clock.systemUTC(), LiveSource.aws(counter), counter).run(options);
        seconds.add((System.nanoTime() - start) / 1e9);
        peak = Math.max(peak, heapPeak());
      }
      Collections.sort(seconds);
      Map<String, Long> bound = Estate.accountBound(stacks.size());
      long requests = counter.counts().values().stream().mapToLong(Long::longValue).sum();
      long boundTotal = bound.values().stream().mapToLong(Long::longValue).sum();
      long rules = (long) stacks.size() * Estate.GROUPS * Estate.RULES_PER_GROUP;
      System.out.printf(
          "%-6s %7d %9d %9.2f %8d %6d %9.2f %9d%s%n",
          scale + "x",
          stacks.size(),
          rules,
          seconds.get(1),
          requests,
          boundTotal,
          (double) requests / boundTotal,
          peak >> 20,
          report.findings().isEmpty() && report.problems().isEmpty()
              ? ""
              : "  (NOT IN SYNC: " + report.status() + ")");
      ObjectNode row = JSON.createObjectNode();
      row.put("scale", scale)
          .put("stacks", stacks.size())
          .put("securityGroupRules", rules)
          .put("scanSecondsMedian", seconds.get(1))
          .put("scanSecondsMin", seconds.get(0))
          .put("requests", requests)
          .put("lowerBound", boundTotal)
          .put("ratio", (double) requests / boundTotal)
          .put("peakHeapMiB", peak >> 20)
          .put("status", report.status().name());
      // The CLI as cron runs it: a JVM of its own, heap capped, against the same emulator.
      CliRun run = timedCli(aws, dir, List.of());
      int exit = run.exit();
      double cliSeconds = run.seconds();
      System.out.printf(
          "       CLI in its own JVM, -Xmx%dm: exit %d in %.2f s (JVM start included)%n",
          CLI_HEAP_MIB, exit, cliSeconds);
      row.put("cliHeapCapMiB", CLI_HEAP_MIB).put("cliExitCode", exit).put("cliSeconds", cliSeconds);
      ObjectNode operations = row.putObject("operations");
      Map<String, Long> counts = counter.counts();
      for (String op : new java.util.TreeSet<>(concat(counts.keySet(), bound.keySet()))) {
        operations
            .putObject(op)
            .put("requests", counts.getOrDefault(op, 0L))
            .put("bound", bound.getOrDefault(op, 0L));
      }
      return row;
    }
  }

  /**
   * The CLI's cold start on the reference estate: JVM start to its first AWS request, and to the
   * end of the scan, in a plain JVM and with an application class-data-sharing archive (made by one
   * run with {@code -XX:ArchiveClassesAtExit}, used with {@code -XX:SharedArchiveFile}).
   */
  private static ObjectNode coldStart(Path dir) throws Exception {
    Map<String, ObjectNode> stacks = Estate.write(1, dir);
    Path archive = dir.resolve("netdrift-cds.jsa");
    ObjectNode out = JSON.createObjectNode();
    System.out.println();
    System.out.println(
        "Cold start of the CLI on the reference estate (-Xmx" + CLI_HEAP_MIB + "m):");
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      deployed(aws, stacks, dir);
      CliRun plain = timedCli(aws, dir, List.of());
      timedCli(aws, dir, List.of("-XX:ArchiveClassesAtExit=" + archive));
      CliRun shared = timedCli(aws, dir, List.of("-XX:SharedArchiveFile=" + archive));
      System.out.printf(
          "  plain JVM:        first request after %.2f s, scan done after %.2f s%n",
          plain.firstRequest(), plain.seconds());
      System.out.printf(
          "  with a CDS archive: first request after %.2f s, scan done after %.2f s%n",
          shared.firstRequest(), shared.seconds());
      out.put("firstRequestSeconds", plain.firstRequest())
          .put("scanSeconds", plain.seconds())
          .put("firstRequestSecondsWithCds", shared.firstRequest())
          .put("scanSecondsWithCds", shared.seconds());
    }
    return out;
  }

  /** A CLI run: seconds to its first request and to its exit, and its exit code. */
  record CliRun(double firstRequest, double seconds, int exit) {}

  /**
   * Runs the CLI as cron does, in a JVM of its own with the heap capped, and {@code jvmOptions}.
   */
  private static CliRun timedCli(AwsEmulator aws, Path dir, List<String> jvmOptions)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + CLI_HEAP_MIB + "m");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Daws.accessKeyId=netdrift-bench",
            "-Daws.secretAccessKey=netdrift-bench",
            "-jar",
            Path.of("drift-detector", "target", "drift-detector.jar").toString(),
            "scan",
            "--baseline",
            dir.toString(),
            "--endpoint-url",
            aws.endpoint().toString(),
            "--format",
            "json",
            "--output",
            dir.resolve("report.json").toString(),
            "--slack-webhook-url="));
    java.util.concurrent.CountDownLatch first = aws.nextRequest();
    long start = System.nanoTime();
    Process cli =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    first.await(120, java.util.concurrent.TimeUnit.SECONDS);
    double firstRequest = (System.nanoTime() - start) / 1e9;
    int exit = cli.waitFor();
    return new CliRun(firstRequest, (System.nanoTime() - start) / 1e9, exit);
  }

  /** The latency each request of the latency runs costs, and its jitter. */
  static final Duration LATENCY = Duration.ofMillis(50);

  static final Duration JITTER = Duration.ofMillis(20);

  /** The most the event path may take at its 95th percentile, in seconds of Netdrift's time. */
  static final double EVENT_P95 = 5.0;

  /** Free scans that warm the JIT before the scans at latency, where they are the JVM's first. */
  static final int WARM_UP_SCANS = 3;

  /** The most a scan at latency may take over its floor: the larger of path and rate limits. */
  static final double FLOOR_RATIO = 1.5;

  /**
   * Three scans of the estate at {@code scale} against an emulator that charges {@link #LATENCY} a
   * request and AWS's request limits: the median's wall and CPU time, requests, throttling errors
   * (of all three), and how much the scan overlaps the requests' latency; after free scans that
   * warm the JIT where {@code warmUp} (when these are the JVM's first scans).
   */
  private static ObjectNode latencyScan(int scale, Path dir, boolean warmUp) throws Exception {
    Map<String, ObjectNode> stacks = Estate.write(scale, dir);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      ScanOptions options = deployed(aws, stacks, dir);
      // Three scans, each against fresh buckets, the median reported with its CPU time.
      List<Run> runs = new ArrayList<>();
      CallCounter counter = null;
      ScanReport report = null;
      List<String> all = new ArrayList<>();
      if (warmUp) {
        // Alone, the scans at latency would be the JVM's first: free scans warm the JIT first, as
        // many as the full bench's free scans run before them.
        for (int i = 0; i < WARM_UP_SCANS; i++) {
          new DriftScan(Clock.systemUTC(), LiveSource.aws(new CallCounter()), new CallCounter())
              .run(options);
        }
      }
      for (int run = 0; run < 3; run++) {
        aws.costs(new Costs(LATENCY, JITTER, 1));
        counter = new CallCounter();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        report = new DriftScan(Clock.systemUTC(), LiveSource.aws(counter), counter).run(options);
        runs.add(
            new Run(
                (System.nanoTime() - start) / 1e9,
                (processCpuNanos() - cpu) / 1e9,
                aws.costs(),
                start));
        all.addAll(aws.costs().throttled());
      }
      runs.sort(java.util.Comparator.comparingDouble(Run::seconds));
      Run median = runs.get(1);
      double seconds = median.seconds();
      double cpuSeconds = median.cpuSeconds();
      writeTimeline(scale, median.costs(), median.startNanos());
      long requests = counter.counts().values().stream().mapToLong(Long::longValue).sum();
      double mean = (LATENCY.toMillis() + JITTER.toMillis() / 2.0) / 1000;
      double serial = requests * mean;
      double critical = Estate.criticalPath(stacks.size()) * mean;
      double rateFloor = Costs.rateLimitFloorSeconds(counter.counts());
      double floor = Math.max(critical, rateFloor);
      int throttled = (int) all.stream().filter(Costs::documented).count();
      System.out.printf(
          "%-6s %9.2f %7.2f %8d %9d %11.2f %11.2f %9.2f %9.2f %7.2f%s%n",
          scale + "x",
          seconds,
          cpuSeconds / seconds,
          requests,
          throttled,
          serial,
          serial / seconds,
          critical,
          rateFloor,
          seconds / floor,
          (report.findings().isEmpty() && report.problems().isEmpty()
                  ? ""
                  : "  (NOT IN SYNC: " + report.status() + ")")
              + (all.isEmpty() ? "" : "  throttled: " + new java.util.TreeMap<>(counted(all))));
      ObjectNode row = JSON.createObjectNode();
      row.put("scale", scale)
          .put("latencyMillis", LATENCY.toMillis())
          .put("scanSeconds", seconds)
          .putPOJO("scanSecondsEach", runs.stream().map(Run::seconds).toList())
          .put("cpuSeconds", cpuSeconds)
          .put("requests", requests)
          .put("throttled", throttled)
          .put("throttledOnAssumedBuckets", all.size() - throttled)
          .put("serialSeconds", serial)
          .put("criticalPathSeconds", critical)
          .put("rateLimitFloorSeconds", rateFloor)
          .put("wallOverFloor", seconds / floor)
          .put(
              "status",
              report.findings().isEmpty() && report.problems().isEmpty()
                  ? "IN_SYNC"
                  : report.status().toString());
      return row;
    }
  }

  /**
   * One scan at latency: its wall and CPU seconds, what the emulator charged it, when it started.
   */
  private record Run(double seconds, double cpuSeconds, Costs costs, long startNanos) {}

  /**
   * Writes the requests of the median scan at {@code scale} to {@code
   * bench/target/timeline-<scale>x.tsv}: operation, arrival and answer in milliseconds from the
   * scan's start, to see which chain of requests set its wall time.
   */
  private static void writeTimeline(int scale, Costs costs, long scanStart) {
    StringBuilder tsv = new StringBuilder("operation\tstart ms\tend ms\n");
    for (Costs.Served served : costs.timeline()) {
      tsv.append(served.operation())
          .append('\t')
          .append((served.startNanos() - scanStart) / 1_000_000)
          .append('\t')
          .append((served.endNanos() - scanStart) / 1_000_000)
          .append('\n');
    }
    AtomicFiles.write(
        Path.of("bench", "target", "timeline-" + scale + "x.tsv"), tsv.toString(), "timeline");
  }

  /** The CPU time this process has used, all its threads (the emulator's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Map<String, Long> counted(List<String> throttled) {
    Map<String, Long> out = new TreeMap<>();
    throttled.forEach(
        t -> out.merge(t + (Costs.documented(t) ? "" : " (assumed bucket)"), 1L, Long::sum));
    return out;
  }

  private static ObjectNode diff() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(DiffBenchmark.class.getSimpleName())
            .forks(1)
            .jvmArgs("-Xmx512m")
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(3))
            .addProfiler(GCProfiler.class)
            .build();
    RunResult result = new Runner(options).run().iterator().next();
    double ms = result.getPrimaryResult().getScore();
    double error = result.getPrimaryResult().getScoreError();
    double bytes = result.getSecondaryResults().get("gc.alloc.rate.norm").getScore();
    System.out.printf(
        "%nnormalize + diff of %d rules: %.1f ms ± %.1f, %.0f MiB allocated per run, heap capped at 512 MiB%n",
        DiffBenchmark.GROUPS * DiffBenchmark.RULES, ms, error, bytes / (1 << 20));
    ObjectNode out = JSON.createObjectNode();
    out.put("rules", DiffBenchmark.GROUPS * DiffBenchmark.RULES)
        .put("msPerRun", ms)
        .put("msError", error)
        .put("allocatedMiBPerRun", bytes / (1 << 20))
        .put("maxHeapMiB", 512);
    return out;
  }

  private static java.util.Set<String> concat(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
