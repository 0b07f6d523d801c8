package io.netdrift.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.lambda.OrganizationFunction;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.AwsOrganization;
import io.netdrift.emulator.Costs;
import io.netdrift.emulator.OrganizationsApi;
import io.netdrift.emulator.SlackStub;
import io.netdrift.estate.Estate;
import io.netdrift.estate.MemberOrganisation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An organisation at scale: {@code accounts} member accounts times {@link #REGIONS}, each with the
 * one network stack of {@link Estate#writeMember}, behind the multi-account emulator charging AWS's
 * latency and each account's own request limits. The run goes through the organisation function's
 * own steps (plan, every item, summary), the items on a local worker pool as the Distributed Map
 * would run them. Every hundredth account has a rule opened by hand in its first region, so the
 * drift path (alert, state, thread reply) runs too, and the summary must count exactly those.
 *
 * <p>What it measures: a sample of batches ({@link #ITEMS_PER_INVOCATION} items scanned at once, as
 * one invocation does) run one at a time (an invocation has its CPU to itself), every item's time
 * on the pool, the plan and the summary. What it projects: the organisation's wall time at the
 * Distributed Map's concurrency, and the monthly cost of a run every 15 minutes.
 */
final class OrganisationScale {
  static final List<String> REGIONS =
      List.of("eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2");
  static final String HOME = "100000000000";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Distributed Map's concurrency, as rules/detector.yaml sets it unless told otherwise. */
  static final int MAP_CONCURRENCY = 100;

  /** Items one invocation scans at once, as rules/detector.yaml sets it unless told otherwise. */
  static final int ITEMS_PER_INVOCATION = 10;

  /** Batches run one at a time, for the time one takes with its CPU to itself. */
  static final int SAMPLE = 5;

  /** Batches on the local pool at once: their latency overlaps; the CPU is this machine's. */
  static final int WORKERS = 6;

  /** The budget: every account and region scanned within the schedule's 15 minutes. */
  static final double TARGET_SECONDS = 15 * 60;

  /** The organisation function's memory, as the detector stack sets it. */
  static final double FUNCTION_GB = 1.0;

  /** Runs a month at a 15-minute cadence: 30 days. */
  static final double RUNS_PER_MONTH = 30 * 24 * 4;

  /**
   * List prices (us-east-1, x86, as AWS publishes them on its pricing pages; assumed, not read):
   * Lambda per GB-second and per request; Step Functions standard per state transition (a
   * Distributed Map's child execution started is one), express per request and per GB-second (64 MB
   * a child, the least billed); S3 per PUT and per GET; CloudWatch Logs per GB ingested.
   */
  static final double LAMBDA_GB_SECOND = 0.0000166667;

  static final double LAMBDA_REQUEST = 0.20 / 1e6;
  static final double STANDARD_TRANSITION = 0.025 / 1000;
  static final double EXPRESS_REQUEST = 1.00 / 1e6;
  static final double EXPRESS_GB_SECOND = 0.00001667;
  static final double EXPRESS_GB = 0.064;
  static final double S3_PUT = 0.005 / 1000;
  static final double S3_GET = 0.0004 / 1000;
  static final double LOGS_GB = 0.50;

  private OrganisationScale() {}

  /** Runs the organisation of {@code accounts} accounts; answers the row for the results file. */
  static ObjectNode measure(int accounts, Path dir) throws Exception {
    System.setProperty("aws.region", "eu-west-1");
    ObjectNode template = Estate.writeMember(dir.resolve("cdk.out"));
    try (AwsOrganization org =
            AwsOrganization.start(HOME, "eu-west-1", 4 * WORKERS * ITEMS_PER_INVOCATION);
        SlackStub slack = SlackStub.start()) {
      org.onNewAccount((key, member) -> member.deploy(Estate.MEMBER_STACK, template));
      OrganizationsApi organizations = org.home().organizations();
      String unit = organizations.addUnit(organizations.root(), "Workloads");
      List<String> ids = new ArrayList<>();
      for (int a = 0; a < accounts; a++) {
        String id = String.format("2%011d", a);
        ids.add(id);
        organizations.addAccount(unit, id, "workload-" + a, "ACTIVE");
      }
      long setUp = System.nanoTime();
      int drifted = 0;
      for (int a = 0; a < accounts; a++) {
        for (String region : REGIONS) {
          AwsEmulator member = org.account(ids.get(a), region);
          if (a % 100 == 0 && region.equals(REGIONS.get(0))) {
            openSsh(member);
            drifted++;
          }
        }
      }
      double setUpSeconds = (System.nanoTime() - setUp) / 1e9;
      org.costs(() -> new Costs(Bench.LATENCY, Bench.JITTER, 1));
      slack.latency(Bench.LATENCY, Bench.JITTER);
      MemberOrganisation.deployDetector(org, dir.resolve("cdk.out"), null);
      Map<String, String> env = MemberOrganisation.functionEnv(org, unit, REGIONS, slack);
      OrganizationFunction function =
          new OrganizationFunction(env, Clock.systemUTC(), Retrying.Sleeper.REAL);

      java.io.PrintStream out = System.out;
      java.io.PrintStream err = System.err;
      // Each item logs its report, as in Lambda: not the bench's output.
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      long runStart = System.nanoTime();
      JsonNode plan;
      double planSeconds;
      List<Double> sample = new ArrayList<>();
      List<Double> pooled = Collections.synchronizedList(new ArrayList<>());
      double poolSeconds;
      JsonNode summary;
      double summarySeconds;
      try {
        long t = System.nanoTime();
        plan = function.handle(JSON.readTree("{\"step\":\"plan\",\"run\":\"bench\"}"));
        planSeconds = (System.nanoTime() - t) / 1e9;
        JsonNode items =
            JSON.readTree(
                new String(
                    org.home()
                        .s3()
                        .object(MemberOrganisation.bucket(org), plan.path("itemsKey").asText())
                        .body(),
                    StandardCharsets.UTF_8));
        // As the Distributed Map sends them: batches of ITEMS_PER_INVOCATION items.
        List<ObjectNode> batches =
            MemberOrganisation.batches(
                items, "bench", plan.path("thread").asText(), ITEMS_PER_INVOCATION);
        // A warm-up batch, then the sample one at a time, then the rest on the pool.
        function.handle(batches.get(0));
        int sampled = Math.min(batches.size(), 1 + SAMPLE);
        for (ObjectNode batch : batches.subList(1, sampled)) {
          long s = System.nanoTime();
          function.handle(batch);
          sample.add((System.nanoTime() - s) / 1e9);
        }
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        long p = System.nanoTime();
        try {
          List<Future<?>> running = new ArrayList<>();
          for (ObjectNode batch : batches.subList(sampled, batches.size())) {
            running.add(
                pool.submit(
                    () -> {
                      long s = System.nanoTime();
                      function.handle(batch);
                      pooled.add((System.nanoTime() - s) / 1e9);
                      return null;
                    }));
          }
          for (Future<?> f : running) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        poolSeconds = (System.nanoTime() - p) / 1e9;
        t = System.nanoTime();
        summary =
            function.handle(
                JSON.readTree(
                    "{\"step\":\"summary\",\"run\":\"bench\",\"thread\":\""
                        + plan.path("thread").asText()
                        + "\"}"));
        summarySeconds = (System.nanoTime() - t) / 1e9;
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      double localSeconds = (System.nanoTime() - runStart) / 1e9;
      int items = accounts * REGIONS.size();
      long throttled =
          org.reached().stream()
              .mapToLong(
                  key -> {
                    String[] at = key.split("/");
                    return org.account(at[0], at[1]).costs().throttled().size();
                  })
              .sum();
      long requests = org.requests();

      Collections.sort(sample);
      List<Double> all = new ArrayList<>(pooled);
      Collections.sort(all);
      double p50 = EventPath.quantile(sample, 0.50);
      double p95 = EventPath.quantile(sample, 0.95);
      int batches = (items + ITEMS_PER_INVOCATION - 1) / ITEMS_PER_INVOCATION;
      // The Distributed Map keeps MAP_CONCURRENCY batches running: waves of the p95 batch.
      int waves = (batches + MAP_CONCURRENCY - 1) / MAP_CONCURRENCY;
      double projected = planSeconds + waves * p95 + summarySeconds;
      // The concurrency that would still finish inside the budget, at the same p95.
      int needed =
          (int)
              Math.ceil(batches * p95 / Math.max(1, TARGET_SECONDS - planSeconds - summarySeconds));

      double batchGbSeconds = batches * mean(sample) * FUNCTION_GB;
      double lambda =
          RUNS_PER_MONTH
              * ((batchGbSeconds + (planSeconds + summarySeconds) * FUNCTION_GB) * LAMBDA_GB_SECOND
                  + (batches + 2) * LAMBDA_REQUEST);
      // A child execution per batch: one state transition of the parent, one express request.
      double stepFunctions =
          RUNS_PER_MONTH
              * ((batches + 4) * STANDARD_TRANSITION
                  + batches * EXPRESS_REQUEST
                  + batches * mean(sample) * EXPRESS_GB * EXPRESS_GB_SECOND);
      // Per item: baseline (manifest, template, policy) and its state read, its state and
      // outcome written; the summary reads each outcome; the plan writes the items once.
      double s3 = RUNS_PER_MONTH * (items * (4 + 1) * S3_GET + (items * 2 + 1) * S3_PUT);
      // Each item logs its text report: about 2 KB for a member stack in sync.
      double logs = RUNS_PER_MONTH * items * 2048 / 1e9 * LOGS_GB;
      double cost = lambda + stepFunctions + s3 + logs;

      System.out.printf(
          "%d accounts x %d regions = %d items, %d with drift; set up in %.1f s%n",
          accounts, REGIONS.size(), items, drifted, setUpSeconds);
      System.out.printf(
          "  summary: %d in sync, %d with drift, %d incomplete%n",
          summary.path("inSync").asInt(),
          summary.path("drift").asInt(),
          summary.path("incomplete").asInt());
      System.out.printf(
          "  batch of %d items, one at a time (%d): p50 %.2f s, p95 %.2f s; on the pool of %d:"
              + " p50 %.2f s, p95 %.2f s%n",
          ITEMS_PER_INVOCATION,
          sample.size(),
          p50,
          p95,
          WORKERS,
          EventPath.quantile(all, 0.5),
          EventPath.quantile(all, 0.95));
      System.out.printf(
          "  plan %.2f s, summary %.2f s; this machine ran all %d items in %.0f s (the pool %.1f"
              + " items/s); %d requests, %d throttled%n",
          planSeconds,
          summarySeconds,
          items,
          localSeconds,
          pooled.size() * ITEMS_PER_INVOCATION / poolSeconds,
          requests,
          throttled);
      System.out.printf(
          "  projected at concurrency %d: %d waves of batches x %.2f s + plan + summary = %.0f s"
              + " (target %.0f s); %d at once would still make it%n",
          MAP_CONCURRENCY, waves, p95, projected, TARGET_SECONDS, needed);
      System.out.printf(
          "  a month at a run every 15 minutes: $%.2f (Lambda $%.2f, Step Functions $%.2f,"
              + " S3 $%.2f, logs $%.2f; describe calls, STS and Organizations cost nothing)%n",
          cost, lambda, stepFunctions, s3, logs);

      ObjectNode row = JSON.createObjectNode();
      row.put("accounts", accounts)
          .put("regions", REGIONS.size())
          .put("items", items)
          .put("drifted", drifted)
          .put("inSync", summary.path("inSync").asInt())
          .put("drift", summary.path("drift").asInt())
          .put("incomplete", summary.path("incomplete").asInt())
          .put("itemP50Seconds", p50)
          .put("itemP95Seconds", p95)
          .put("pooledP50Seconds", EventPath.quantile(all, 0.5))
          .put("pooledP95Seconds", EventPath.quantile(all, 0.95))
          .put("planSeconds", planSeconds)
          .put("summarySeconds", summarySeconds)
          .put("localSeconds", localSeconds)
          .put("requests", requests)
          .put("throttled", throttled)
          .put("mapConcurrency", MAP_CONCURRENCY)
          .put("projectedSeconds", projected)
          .put("concurrencyNeeded", needed)
          .put("monthlyUsd", cost)
          .put("lambdaUsd", lambda)
          .put("stepFunctionsUsd", stepFunctions)
          .put("s3Usd", s3)
          .put("logsUsd", logs);
      ArrayNode samples = row.putArray("sampleSeconds");
      sample.forEach(samples::add);
      return row;
    }
  }

  /**
   * Whether the run is what it must be: every item checked, exactly the drifted ones with drift.
   */
  static List<String> failures(ObjectNode row) {
    List<String> failures = new ArrayList<>();
    if (row.path("incomplete").asInt() != 0) {
      failures.add(
          "the organisation run has " + row.path("incomplete").asInt() + " incomplete items");
    }
    if (row.path("drift").asInt() != row.path("drifted").asInt()
        || row.path("inSync").asInt() != row.path("items").asInt() - row.path("drifted").asInt()) {
      failures.add(
          "the organisation run is not as made: "
              + row.path("drift").asInt()
              + " with drift of "
              + row.path("drifted").asInt()
              + " drifted, "
              + row.path("inSync").asInt()
              + " in sync");
    }
    if (row.path("throttled").asLong() != 0) {
      failures.add(
          "the organisation run was throttled " + row.path("throttled").asLong() + " times");
    }
    if (row.path("projectedSeconds").asDouble() > TARGET_SECONDS) {
      failures.add(
          String.format(
              "the organisation's projected wall time is %.0f s, above %.0f s",
              row.path("projectedSeconds").asDouble(), TARGET_SECONDS));
    }
    return failures;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** A rule opened to the world on the member's first group, as an engineer would by hand. */
  private static void openSsh(AwsEmulator member) {
    String group = member.cloudFormation().physicalId(Estate.MEMBER_STACK, "Group0");
    member
        .ec2()
        .addRule(
            member.ec2().group(group), false, "tcp", 22, 22, "0.0.0.0/0", null, null, null, null);
  }
}
