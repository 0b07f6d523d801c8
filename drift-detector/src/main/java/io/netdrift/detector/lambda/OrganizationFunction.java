package io.netdrift.detector.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.alert.SlackBot;
import io.netdrift.detector.alert.SlackChannel;
import io.netdrift.detector.alert.SlackMessage;
import io.netdrift.detector.live.OrganizationAccounts;
import io.netdrift.detector.live.S3Files;
import io.netdrift.detector.live.SecretToken;
import io.netdrift.detector.model.DriftException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The three steps of an organisation run, as the detector stack's Step Functions state machine
 * calls them (one function, the step named in the event's {@code step}):
 *
 * <ol>
 *   <li>{@code plan}: the (account, region) items: the active accounts under the organisational
 *       units ({@code NETDRIFT_ORG_UNITS}, through Organizations) and the accounts listed ({@code
 *       NETDRIFT_ORG_ACCOUNTS}), times the regions ({@code NETDRIFT_ORG_REGIONS}). They are written
 *       to S3 as one JSON array, which the Distributed Map reads; the run's one Slack message is
 *       opened, and its thread is where every account says its drift.
 *   <li>{@code item} (or a batch of them, as the Distributed Map's batcher sends {@code Items}, all
 *       scanned at once): one account and region, scanned with the reader role of that account
 *       ({@code NETDRIFT_ORG_ROLE}), its stacks those of the assembly meant for any account or
 *       pinned there, its alert state its own in S3, its alerts replies in the run's thread. Its
 *       outcome is written to S3 before the step answers.
 *   <li>{@code summary}: reads every item's outcome and turns the run's message into the summary:
 *       in sync, with drift, incomplete. An item with no outcome (it failed, timed out, or its
 *       function was never reached) is incomplete, named: never silence.
 * </ol>
 */
public final class OrganizationFunction extends JsonFunction {

  /** Accounts and regions named in the summary per outcome, before "and N more". */
  static final int LISTED = 15;

  /**
   * Outcomes read at once by the summary: each read waits on S3's latency, and S3 answers thousands
   * of reads a second a prefix, so an organisation's 4,000 outcomes take about 4 s at 60 ms a read,
   * where 16 at once took 15 s.
   */
  static final int PARALLEL_READS = 64;

  /** What the Lambda runtime calls. */
  public OrganizationFunction() {
    this(System.getenv(), Clock.systemUTC(), Retrying.Sleeper.REAL);
  }

  /**
   * With its environment, clock and retry wait given: tests and the benchmark run it in process.
   */
  public OrganizationFunction(Map<String, String> env, Clock clock, Retrying.Sleeper sleeper) {
    super(env, clock, sleeper);
  }

  /** Runs the step the event names. */
  @Override
  public ObjectNode handle(JsonNode event) throws IOException {
    if (event.has("Items")) {
      // A Distributed Map's batch: {"BatchInput": {...}, "Items": [item, ...]}.
      return batch(event.get("Items"));
    }
    return switch (event.path("step").asText()) {
      case "plan" -> plan(event);
      case "item" -> item(event);
      case "summary" -> summary(event);
      default ->
          throw new DriftException(
              "an organisation run's step is plan, item or summary, not '"
                  + event.path("step").asText()
                  + "'");
    };
  }

  /** One (account, region) of a run. */
  record Item(String account, String region) {
    String key() {
      return account + "/" + region;
    }
  }

  /** The items of a run: every account times every region, sorted. */
  ObjectNode plan(JsonNode event) {
    String run = runName(event);
    List<String> regions = list("NETDRIFT_ORG_REGIONS");
    if (regions.isEmpty()) {
      throw new DriftException("the function's environment lacks NETDRIFT_ORG_REGIONS");
    }
    TreeSet<String> accounts = new TreeSet<>(list("NETDRIFT_ORG_ACCOUNTS"));
    List<String> units = list("NETDRIFT_ORG_UNITS");
    if (!units.isEmpty()) {
      accounts.addAll(OrganizationAccounts.under(units, endpoint()));
    }
    if (accounts.isEmpty()) {
      throw new DriftException(
          "an organisation run covers no account: NETDRIFT_ORG_UNITS lists no unit with an"
              + " active account and NETDRIFT_ORG_ACCOUNTS none");
    }
    ArrayNode items = JSON.createArrayNode();
    for (String account : accounts) {
      for (String region : regions) {
        items.addObject().put("account", account).put("region", region);
      }
    }
    S3Location runs = runs();
    String itemsKey = runs.prefix() + run + "/items.json";
    try (S3Files s3 = s3()) {
      s3.put(runs.bucket(), itemsKey, items.toString(), runs.location());
    }
    String thread =
        slack()
            .post(
                SlackMessage.plain(
                    "Netdrift: organisation scan " + run + " running",
                    ":hourglass_flowing_sand: *Netdrift organisation scan* `"
                        + run
                        + "` running: "
                        + items.size()
                        + " account-regions ("
                        + accounts.size()
                        + " accounts × "
                        + regions.size()
                        + " regions). Each account with drift says so in this thread; this"
                        + " message becomes the summary."),
                "");
    ObjectNode out = JSON.createObjectNode();
    out.put("run", run);
    out.put("bucket", runs.bucket());
    out.put("itemsKey", itemsKey);
    out.put("items", items.size());
    out.put("accounts", accounts.size());
    out.put("regions", regions.size());
    out.put("thread", thread);
    return out;
  }

  /** Scans one account and region, records its outcome, answers it. */
  ObjectNode item(JsonNode event) throws IOException {
    String run = runName(required(event, "run"));
    Item item = new Item(required(event, "account"), required(event, "region"));
    if (!item.account().matches("\\d{12}")) {
      throw new DriftException("an item's account is 12 digits, not '" + item.account() + "'");
    }
    if (!item.region().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
      throw new DriftException("an item's region is a region name, not '" + item.region() + "'");
    }
    Instant started = clock.instant();
    Map<String, String> scanEnv = new HashMap<>(env);
    scanEnv.put("NETDRIFT_ACCOUNT", item.account());
    scanEnv.put("NETDRIFT_REGION", item.region());
    scanEnv.put(
        "NETDRIFT_READER_ROLE_ARN",
        "arn:aws:iam::" + item.account() + ":role/" + requiredEnv("NETDRIFT_ORG_ROLE"));
    scanEnv.put("NETDRIFT_STATE", stateOf(item));
    scanEnv.put("NETDRIFT_ENVIRONMENT", env.getOrDefault("NETDRIFT_ENVIRONMENT", "organisation"));
    String thread = event.path("thread").asText("");
    if (!thread.isEmpty()) {
      scanEnv.put("NETDRIFT_SLACK_THREAD", thread);
    }
    ObjectNode outcome = JSON.createObjectNode();
    outcome.put("account", item.account());
    outcome.put("region", item.region());
    RuntimeException failure = null;
    try {
      ObjectNode scanned = new DriftFunction(scanEnv, clock, sleeper).scan(JSON.createObjectNode());
      outcome.put("status", status(scanned));
      outcome.put("exitCode", scanned.path("exitCode").asInt());
      outcome.put("findings", scanned.path("findings").asInt(0));
      outcome.set("bySeverity", scanned.at("/summary/bySeverity"));
      if (scanned.has("problems")) {
        outcome.set("problems", scanned.get("problems"));
      }
      if (scanned.has("reason")) {
        outcome.put("reason", scanned.get("reason").asText());
      }
    } catch (IOException | RuntimeException e) {
      // Recorded before the step fails, so the summary says why, not only that it failed.
      outcome.put("status", "INCOMPLETE");
      outcome.put("exitCode", 1);
      outcome.putArray("problems").add("the scan failed: " + e.getMessage());
      failure = e instanceof RuntimeException r ? r : new DriftException(e.getMessage(), e);
    }
    outcome.put("seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
    S3Location runs = runs();
    try (S3Files s3 = s3()) {
      s3.put(runs.bucket(), resultKey(runs, run, item), outcome.toString(), runs.location());
    }
    if (failure != null) {
      throw failure;
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("account", item.account());
    answer.put("region", item.region());
    answer.put("status", outcome.path("status").asText());
    return answer;
  }

  /**
   * The items of one batch, all at once: each scan mostly waits on AWS, so one invocation holds
   * them together for about the time of the slowest. An item that fails has said why in its
   * outcome; the batch answers every item's status and fails only where it cannot run at all.
   */
  ObjectNode batch(JsonNode items) throws IOException {
    if (!items.isArray() || items.isEmpty() || items.size() > MAX_BATCH) {
      throw new DriftException(
          "a batch is 1 to "
              + MAX_BATCH
              + " items, not "
              + (items.isArray() ? items.size() : items));
    }
    ExecutorService pool = Executors.newFixedThreadPool(items.size());
    try {
      List<Future<ObjectNode>> running = new ArrayList<>();
      for (JsonNode item : items) {
        ObjectNode event = ((ObjectNode) item.deepCopy()).put("step", "item");
        running.add(pool.submit(() -> item(event)));
      }
      ObjectNode out = JSON.createObjectNode();
      ArrayNode answers = out.putArray("items");
      for (int i = 0; i < running.size(); i++) {
        try {
          answers.add(running.get(i).get());
        } catch (ExecutionException e) {
          answers
              .addObject()
              .put("account", items.get(i).path("account").asText())
              .put("region", items.get(i).path("region").asText())
              .put("status", "INCOMPLETE")
              .put("error", String.valueOf(e.getCause().getMessage()));
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriftException("interrupted while scanning a batch", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Items one invocation holds at most: what the state machine's batcher may send. */
  static final int MAX_BATCH = 50;

  /** Reads every item's outcome, turns the run's message into the summary, answers the totals. */
  ObjectNode summary(JsonNode event) throws IOException {
    String run = runName(required(event, "run"));
    S3Location runs = runs();
    List<Item> items = new ArrayList<>();
    Map<Item, JsonNode> outcomes = new LinkedHashMap<>();
    try (S3Files s3 = s3()) {
      String itemsKey = runs.prefix() + run + "/items.json";
      for (JsonNode i :
          JSON.readTree(
              s3.find(runs.bucket(), itemsKey, runs.location())
                  .orElseThrow(
                      () ->
                          new DriftException(
                              runs.location()
                                  + ": "
                                  + itemsKey
                                  + " is missing: the run was not planned")))) {
        items.add(new Item(i.path("account").asText(), i.path("region").asText()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_READS);
      try {
        Map<Item, Future<Optional<String>>> reads = new LinkedHashMap<>();
        for (Item item : items) {
          reads.put(
              item,
              pool.submit(
                  () -> s3.find(runs.bucket(), resultKey(runs, run, item), runs.location())));
        }
        for (Map.Entry<Item, Future<Optional<String>>> read : reads.entrySet()) {
          Optional<String> text = read.getValue().get();
          outcomes.put(read.getKey(), text.isPresent() ? JSON.readTree(text.get()) : null);
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new DriftException("an outcome cannot be read: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriftException("interrupted while reading the run's outcomes", e);
      } finally {
        pool.shutdownNow();
      }
    }
    Summary summary = Summary.of(run, outcomes);
    SlackChannel slack = slack();
    String thread = event.path("thread").asText("");
    if (thread.isEmpty()) {
      slack.post(summary.message(), "");
    } else {
      slack.update(thread, summary.message());
    }
    if (summary.incomplete().isEmpty()) {
      System.out.println(new DriftFunction(env, clock, sleeper).heartbeat());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("run", run);
    out.put("items", items.size());
    out.put("inSync", summary.inSync());
    out.put("drift", summary.drift().size());
    out.put("incomplete", summary.incomplete().size());
    out.put("noStacks", summary.noStacks());
    return out;
  }

  /**
   * What a run found: items in sync, items with drift (with their findings), items incomplete (with
   * why), items with no stack meant for them.
   */
  record Summary(
      String run,
      int items,
      int inSync,
      int noStacks,
      Map<String, String> drift,
      Map<String, String> incomplete) {
    static Summary of(String run, Map<Item, JsonNode> outcomes) {
      int inSync = 0;
      int noStacks = 0;
      Map<String, String> drift = new LinkedHashMap<>();
      Map<String, String> incomplete = new LinkedHashMap<>();
      for (Map.Entry<Item, JsonNode> e : outcomes.entrySet()) {
        JsonNode o = e.getValue();
        String key = e.getKey().key();
        if (o == null) {
          incomplete.put(
              key, "no outcome: the item failed or timed out before it said (see the Map Run)");
          continue;
        }
        switch (o.path("status").asText()) {
          case "IN_SYNC" -> inSync++;
          case "NO_STACKS" -> noStacks++;
          case "DRIFT" -> drift.put(key, findings(o));
          default ->
              incomplete.put(
                  key,
                  o.path("problems").isEmpty()
                      ? "incomplete (exit " + o.path("exitCode").asInt() + ")"
                      : o.path("problems").get(0).asText());
        }
      }
      return new Summary(run, outcomes.size(), inSync, noStacks, drift, incomplete);
    }

    private static String findings(JsonNode o) {
      List<String> bySeverity = new ArrayList<>();
      o.path("bySeverity")
          .fields()
          .forEachRemaining(
              s -> {
                if (s.getValue().asInt() > 0) {
                  bySeverity.add(s.getValue().asInt() + " " + s.getKey());
                }
              });
      int n = o.path("findings").asInt();
      return n
          + (n == 1 ? " finding" : " findings")
          + (bySeverity.isEmpty() ? "" : ": " + String.join(", ", bySeverity));
    }

    /** The summary the run's message becomes. */
    SlackMessage.Message message() {
      String icon =
          !incomplete.isEmpty()
              ? ":warning:"
              : !drift.isEmpty() ? ":rotating_light:" : ":white_check_mark:";
      StringBuilder text =
          new StringBuilder(icon)
              .append(" *Netdrift organisation scan* `")
              .append(run)
              .append("`: ")
              .append(items)
              .append(" account-regions: ")
              .append(inSync)
              .append(" in sync, ")
              .append(drift.size())
              .append(" with drift, ")
              .append(incomplete.size())
              .append(" incomplete");
      if (noStacks > 0) {
        text.append(", ").append(noStacks).append(" with no stack meant for them");
      }
      text.append('.');
      list(text, "With drift (each says what in this thread)", drift);
      list(text, "Incomplete: not checked, so not known to be in sync", incomplete);
      String fallback =
          "Netdrift organisation scan "
              + run
              + ": "
              + drift.size()
              + " with drift, "
              + incomplete.size()
              + " incomplete of "
              + items;
      return SlackMessage.plain(fallback, text.toString());
    }

    private static void list(StringBuilder text, String title, Map<String, String> items) {
      if (items.isEmpty()) {
        return;
      }
      text.append("\n*").append(title).append("*:");
      items.entrySet().stream()
          .limit(LISTED)
          .forEach(
              e ->
                  text.append("\n• `")
                      .append(e.getKey())
                      .append("`: ")
                      .append(SlackMessage.escape(e.getValue())));
      if (items.size() > LISTED) {
        text.append("\n• and ").append(items.size() - LISTED).append(" more");
      }
    }
  }

  /** An item's outcome as the summary counts it: the report's status, or NO_STACKS. */
  private static String status(JsonNode scanned) {
    if (scanned.path("status").asText().equals("NO_STACKS")) {
      return "NO_STACKS";
    }
    int code = scanned.path("exitCode").asInt(1);
    return code == 0 ? "IN_SYNC" : code == 2 ? "DRIFT" : "INCOMPLETE";
  }

  private S3Location runs() {
    return S3Location.of(requiredEnv("NETDRIFT_ORG_RUNS"), "NETDRIFT_ORG_RUNS");
  }

  private static String resultKey(S3Location runs, String run, Item item) {
    return runs.prefix() + run + "/results/" + item.account() + "/" + item.region() + ".json";
  }

  /**
   * Each account and region keeps its own alert state: what was said of it, and in which thread.
   */
  private String stateOf(Item item) {
    S3Location state = S3Location.of(requiredEnv("NETDRIFT_ORG_STATE"), "NETDRIFT_ORG_STATE");
    return "s3://"
        + state.bucket()
        + "/"
        + state.prefix()
        + item.account()
        + "/"
        + item.region()
        + ".json";
  }

  /** The run's name: the state machine's execution name, or the time it was planned. */
  private String runName(JsonNode event) {
    return runName(event.path("run").asText(""));
  }

  /** A run's name as S3 keys and Slack show it; the time it was planned where it has none. */
  private String runName(String given) {
    String name = given;
    if (name.isEmpty()) {
      name = clock.instant().toString().replace(":", "").replace(".", "");
    }
    if (!name.matches("[A-Za-z0-9_.-]{1,80}")) {
      throw new DriftException(
          "a run's name is letters, digits, '.', '_' and '-', not '" + name + "'");
    }
    return name;
  }

  /** The run's bot: an organisation run posts one message and threads under it. */
  private SlackChannel slack() {
    String channel = requiredEnv("SLACK_CHANNEL");
    String token =
        SecretToken.read(requiredEnv("SLACK_TOKEN_SECRET_ARN"), optional("AWS_REGION"), endpoint());
    return new SlackBot(
        token, channel, optional("SLACK_API_URL").orElse(null), new Retrying(sleeper));
  }

  private S3Files s3() {
    return new S3Files(optional("AWS_REGION"), endpoint());
  }

  private Optional<URI> endpoint() {
    return optional("NETDRIFT_ENDPOINT_URL").map(URI::create);
  }

  private List<String> list(String name) {
    return environment().list(name);
  }

  private static String required(JsonNode event, String field) {
    String value = event.path(field).asText("");
    if (value.isEmpty()) {
      throw new DriftException(
          "an organisation run's " + event.path("step").asText() + " event lacks '" + field + "'");
    }
    return value;
  }

  private String requiredEnv(String name) {
    return environment().required(name);
  }

  private Optional<String> optional(String name) {
    return environment().optional(name);
  }
}
