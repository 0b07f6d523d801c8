package io.netdrift.detector.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.baseline.CloudAssembly;
import io.netdrift.detector.cli.Main;
import io.netdrift.detector.live.S3Files;
import io.netdrift.detector.model.DriftException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The detector as an AWS Lambda function. An EventBridge schedule invokes it for a whole scan; an
 * EventBridge rule on CloudTrail management events invokes it with the event, for a targeted
 * re-check of the resource the call touched ({@code --only}), so an out-of-band change reaches
 * Slack within a minute. Configuration comes from the environment the detector stack sets: the
 * approved assembly and the policy in S3 ({@code NETDRIFT_BASELINE}), the alert state in S3 ({@code
 * NETDRIFT_STATE}), the Slack channel and the Secrets Manager secret of its token, the reader role
 * to assume. A scan that is incomplete or could not alert fails the invocation (the function's
 * error alarm fires); a complete scan, with drift or without, emits the heartbeat metric that the
 * "no successful scan" alarm watches.
 */
public final class DriftFunction extends JsonFunction {

  /** CloudTrail request parameters that name a resource, and how Netdrift names it. */
  private static final List<String> ID_PARAMETERS =
      List.of(
          "groupId",
          "networkAclId",
          "routeTableId",
          "subnetId",
          "vpcId",
          "internetGatewayId",
          "natGatewayId",
          "firewallArn",
          "firewallPolicyArn",
          "ruleGroupArn",
          "resourceArn");

  /** What the Lambda runtime calls. */
  public DriftFunction() {
    this(System.getenv(), Clock.systemUTC(), Retrying.Sleeper.REAL);
  }

  /** With its environment, clock and retry wait given: tests run it in process. */
  public DriftFunction(Map<String, String> env, Clock clock, Retrying.Sleeper sleeper) {
    super(env, clock, sleeper);
  }

  /** A comma-separated list of stack patterns from the environment; none where unset. */
  private List<String> patterns(String name) {
    return environment().list(name);
  }

  /** Runs a scan for {@code event}; answers what it did, or throws when a person must look. */
  @Override
  public ObjectNode handle(JsonNode event) throws IOException {
    ObjectNode result = scan(event);
    int code = result.path("exitCode").asInt(0);
    if (code == 1 && !result.path("mode").asText().equals("deferred")) {
      throw new DriftException(
          "the scan is incomplete or an alert was not delivered (exit 1); see the log above");
    }
    return result;
  }

  /**
   * Runs a scan for {@code event} and answers what it did, its exit code and the report's summary,
   * an incomplete scan too (exit 1, its alert said); throws only where the function's own
   * configuration is not a valid scan. An organisation run's item is one such scan.
   */
  public ObjectNode scan(JsonNode event) throws IOException {
    if (madeByCloudFormation(event)) {
      // A deploy's own calls: the stack is mid-deploy, and the scheduled scan checks it once
      // it settles. Checking now would only find it in progress.
      ObjectNode skipped = JSON.createObjectNode();
      skipped.put("mode", "skipped");
      skipped.put("reason", "a change CloudFormation made during a deploy");
      return skipped;
    }
    Set<String> only = touchedResources(event);
    Optional<String> settled = settledStack(event);
    if (settled.isPresent() && !covered(settled.get())) {
      ObjectNode skipped = JSON.createObjectNode();
      skipped.put("mode", "skipped");
      skipped.put("reason", "stack " + settled.get() + " is not one the detector covers");
      return skipped;
    }
    Path work = Files.createTempDirectory("netdrift");
    try {
      return scanIn(work, event, only, settled);
    } finally {
      // A warm function runs many scans in one /tmp: each leaves nothing behind.
      removeAll(work);
    }
  }

  /** Removes {@code dir} and what is in it; a link is removed, never followed. */
  static void removeAll(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private ObjectNode scanIn(Path work, JsonNode event, Set<String> only, Optional<String> settled)
      throws IOException {
    Path baseline = work.resolve("cdk.out");
    Optional<Path> policy = downloadBaseline(required("NETDRIFT_BASELINE"), baseline, work);
    List<String> args =
        new ArrayList<>(
            List.of(
                "scan",
                "--baseline",
                baseline.toString(),
                "--state",
                required("NETDRIFT_STATE"),
                "--slack-webhook-url=",
                "--attribution-limit",
                env.getOrDefault("NETDRIFT_ATTRIBUTION_LIMIT", "20")));
    policy.ifPresent(p -> args.addAll(List.of("--policy", p.toString())));
    optional("NETDRIFT_READER_ROLE_ARN").ifPresent(r -> args.addAll(List.of("--role-arn", r)));
    optional("NETDRIFT_ENDPOINT_URL").ifPresent(u -> args.addAll(List.of("--endpoint-url", u)));
    optional("NETDRIFT_REGION").ifPresent(r -> args.addAll(List.of("--region", r)));
    optional("NETDRIFT_SLACK_THREAD").ifPresent(t -> args.addAll(List.of("--slack-thread", t)));
    optional("NETDRIFT_ENVIRONMENT").ifPresent(e -> args.addAll(List.of("--environment", e)));
    optional("NETDRIFT_FAIL_ON").ifPresent(f -> args.addAll(List.of("--fail-on", f)));
    optional("NETDRIFT_REPORT_URL").ifPresent(u -> args.addAll(List.of("--report-url", u)));
    optional("SLACK_CHANNEL").ifPresent(c -> args.addAll(List.of("--slack-channel", c)));
    optional("SLACK_TOKEN_SECRET_ARN")
        .ifPresent(s -> args.addAll(List.of("--slack-token-secret", s)));
    optional("SLACK_API_URL").ifPresent(u -> args.addAll(List.of("--slack-api-url", u)));
    optional("PAGERDUTY_ROUTING_KEY_SECRET_ARN")
        .ifPresent(s -> args.addAll(List.of("--pagerduty-routing-key-secret", s)));
    optional("PAGERDUTY_URL").ifPresent(u -> args.addAll(List.of("--pagerduty-url", u)));
    if (optional("SLACK_CHANNEL").isEmpty()) {
      args.add("--slack-channel=");
    }
    only.forEach(id -> args.addAll(List.of("--only", id)));
    if (!only.isEmpty()) {
      // The event names who made the change; CloudTrail's index has it only minutes later.
      Path trigger = work.resolve("trigger-event.json");
      Files.writeString(trigger, event.toString());
      args.addAll(List.of("--trigger-event", trigger.toString()));
    }
    if (settled.isPresent()) {
      if (io.netdrift.detector.baseline.CloudAssembly.read(baseline).stream()
          .noneMatch(t -> t.stackName().equals(settled.get()))) {
        // A nested stack settles with its parent, which has its own event; any other stack is
        // not in the approved assembly.
        ObjectNode skipped = JSON.createObjectNode();
        skipped.put("mode", "skipped");
        skipped.put("reason", "stack " + settled.get() + " is not in the approved assembly");
        return skipped;
      }
      // A deploy settled: check that stack, the one whose changes were deferred while it ran.
      args.addAll(List.of("--stack", settled.get()));
    } else {
      // The stacks the detector covers, as rules/detector.yaml selects them.
      patterns("NETDRIFT_STACKS").forEach(p -> args.addAll(List.of("--stack", p)));
      patterns("NETDRIFT_EXCLUDE_STACKS").forEach(p -> args.addAll(List.of("--exclude", p)));
    }
    Optional<String> account = optional("NETDRIFT_ACCOUNT");
    if (account.isPresent()) {
      // One account of an organisation run: the stacks meant for any account, or pinned to it.
      List<String> stacks = stacksFor(baseline, account.get(), optional("NETDRIFT_REGION"));
      if (stacks.isEmpty()) {
        ObjectNode nothing = JSON.createObjectNode();
        nothing.put("mode", "nothing");
        nothing.put("status", "NO_STACKS");
        nothing.put("exitCode", 0);
        nothing.put(
            "reason",
            "no stack of the approved assembly is meant for account "
                + account.get()
                + optional("NETDRIFT_REGION").map(r -> " in " + r).orElse(""));
        return nothing;
      }
      stacks.forEach(name -> args.addAll(List.of("--stack", name)));
    }
    Path report = work.resolve("report.json");
    args.addAll(List.of("--report", "json=" + report));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            clock,
            sleeper,
            args.toArray(String[]::new));
    // The text report and any message go to the function's log.
    System.out.print(out);
    System.err.print(err);
    ObjectNode result = JSON.createObjectNode();
    result.put("mode", settled.isPresent() ? "settled" : only.isEmpty() ? "scheduled" : "targeted");
    settled.ifPresent(name -> result.put("stack", name));
    only.forEach(id -> result.withArray("only").add(id));
    result.put("exitCode", code);
    JsonNode json =
        Files.exists(report) ? JSON.readTree(Files.readString(report)) : JSON.createObjectNode();
    if (json.has("status")) {
      result.put("status", json.path("status").asText());
      result.put("findings", json.at("/summary/findings").asInt());
      result.set("summary", json.path("summary"));
      json.path("stacks")
          .forEach(
              st ->
                  st.path("problems")
                      .forEach(
                          problem ->
                              result
                                  .withArray("problems")
                                  .add(st.path("stackName").asText() + ": " + problem.asText())));
    }
    if (code == 64) {
      throw new DriftException(
          "the detector's configuration is not a valid scan (exit 64): " + err.toString().strip());
    }
    if (code == 1 && onlyDeploysUnderWay(json)) {
      // Stacks mid-deploy within their grace: not an incident, checked once they settle.
      result.put("mode", "deferred");
      System.out.println(heartbeat());
      return result;
    }
    if (code != 1) {
      System.out.println(heartbeat());
    }
    return result;
  }

  /**
   * Whether a CloudTrail event is a call CloudFormation made itself ({@code userIdentity.invokedBy}
   * or {@code sourceIPAddress} {@code cloudformation.amazonaws.com}), as it does for every change a
   * deploy makes.
   */
  static boolean madeByCloudFormation(JsonNode event) {
    String cloudFormation = "cloudformation.amazonaws.com";
    return "AWS API Call via CloudTrail".equals(event.path("detail-type").asText())
        && (cloudFormation.equals(event.at("/detail/userIdentity/invokedBy").asText())
            || cloudFormation.equals(event.at("/detail/sourceIPAddress").asText()));
  }

  /**
   * The stack a {@code CloudFormation Stack Status Change} event says has settled (its name, from
   * {@code detail.stack-id}, {@code arn:…:stack/NAME/uuid}); empty for any other event.
   */
  static Optional<String> settledStack(JsonNode event) {
    if (!"CloudFormation Stack Status Change".equals(event.path("detail-type").asText())) {
      return Optional.empty();
    }
    String[] arn = event.at("/detail/stack-id").asText().split("/");
    return arn.length >= 2 && !arn[1].isEmpty() ? Optional.of(arn[1]) : Optional.empty();
  }

  /**
   * The stacks of the assembly in {@code baseline} that belong in {@code account} and {@code
   * region}: environment-agnostic ones (deployed in every account, as a StackSet or a pipeline
   * deploys them) and those the assembly pins there.
   */
  static List<String> stacksFor(Path baseline, String account, Optional<String> region) {
    return CloudAssembly.read(baseline).stream()
        .filter(t -> t.account().map(account::equals).orElse(true))
        .filter(t -> region.isEmpty() || t.region().map(region.get()::equals).orElse(true))
        .map(io.netdrift.detector.model.StackTemplate::stackName)
        .distinct()
        .toList();
  }

  /** Whether {@code stack} is one rules/detector.yaml selects. */
  private boolean covered(String stack) {
    List<String> include = patterns("NETDRIFT_STACKS");
    return (include.isEmpty()
            || include.stream().anyMatch(p -> io.netdrift.detector.model.Glob.of(p).matches(stack)))
        && patterns("NETDRIFT_EXCLUDE_STACKS").stream()
            .noneMatch(p -> io.netdrift.detector.model.Glob.of(p).matches(stack));
  }

  /** Whether every stack that was not checked was left for a deploy under way. */
  private static boolean onlyDeploysUnderWay(JsonNode json) {
    boolean anyDeferred = false;
    for (JsonNode stack : json.path("stacks")) {
      if (stack.path("deferred").asBoolean()) {
        anyDeferred = true;
      } else if (!stack.path("problems").isEmpty()) {
        return false;
      }
    }
    return anyDeferred;
  }

  /**
   * The resources a CloudTrail event names (security group, ACL, route table, firewall, web ACL),
   * as Netdrift's physical ids; empty for a scheduled event, or one that names none.
   */
  static Set<String> touchedResources(JsonNode event) {
    Set<String> ids = new TreeSet<>();
    if (!"AWS API Call via CloudTrail".equals(event.path("detail-type").asText())) {
      return ids;
    }
    JsonNode request = event.at("/detail/requestParameters");
    for (String name : ID_PARAMETERS) {
      if (request.hasNonNull(name)) {
        ids.add(request.get(name).asText());
      }
    }
    // WAF names a web ACL, IP set or rule group by name, id and scope: name|id|scope.
    if ("wafv2.amazonaws.com".equals(event.at("/detail/eventSource").asText())
        && request.hasNonNull("id")
        && request.hasNonNull("name")) {
      ids.add(
          request.get("name").asText()
              + "|"
              + request.get("id").asText()
              + "|"
              + request.path("scope").asText("REGIONAL"));
    }
    return ids;
  }

  /** One CloudWatch Embedded Metric Format line: a successful scan, counted by CloudWatch Logs. */
  public String heartbeat() {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode metrics = aws.putArray("CloudWatchMetrics").addObject();
    metrics.put("Namespace", "Netdrift");
    metrics.putArray("Dimensions").addArray().add("Environment");
    metrics.putArray("Metrics").addObject().put("Name", "SuccessfulScans").put("Unit", "Count");
    line.put("Environment", env.getOrDefault("NETDRIFT_ENVIRONMENT", "default"));
    line.put("SuccessfulScans", 1);
    return line.toString();
  }

  /**
   * Copies the approved assembly (its manifest and the files it names) and the policy from {@code
   * s3://bucket/prefix} into {@code into}; answers the policy's path where there is one.
   */
  private Optional<Path> downloadBaseline(String location, Path into, Path work)
      throws IOException {
    if (!location.startsWith("s3://")) {
      // A local assembly: for running the function's code outside Lambda.
      Files.createSymbolicLink(into, Path.of(location).toAbsolutePath());
      return Optional.empty();
    }
    S3Location baselineAt = S3Location.of(location, "NETDRIFT_BASELINE");
    String bucket = baselineAt.bucket();
    Files.createDirectories(into);
    String root = baselineAt.prefix();
    String base = location.endsWith("/") ? location : location + "/";
    try (S3Files s3 =
        new S3Files(optional("AWS_REGION"), optional("NETDRIFT_ENDPOINT_URL").map(URI::create))) {
      String manifest = s3.text(bucket, root + "manifest.json", location);
      Files.writeString(into.resolve("manifest.json"), manifest);
      for (String file :
          CloudAssembly.files(
              json(manifest, base + "manifest.json"),
              name -> {
                String text = s3.text(bucket, root + name, location);
                write(into, name, text);
                return json(text, base + name);
              })) {
        if (!Files.exists(into.resolve(file))) {
          write(into, file, s3.text(bucket, root + file, location));
        }
      }
      try {
        Path policy = work.resolve("drift-policy.yaml");
        Files.writeString(policy, s3.text(bucket, root + "drift-policy.yaml", location));
        return Optional.of(policy);
      } catch (DriftException missing) {
        return Optional.empty();
      }
    }
  }

  /** Writes an assembly file where the manifest names it, never outside the assembly. */
  private static void write(Path into, String name, String text) {
    Path file = into.resolve(name).normalize();
    if (!file.startsWith(into)) {
      throw new DriftException(name + ": an assembly file outside the assembly");
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new DriftException(file + ": cannot be written: " + e.getMessage(), e);
    }
  }

  private static JsonNode json(String text, String where) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new DriftException(where + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private String required(String name) {
    return environment().required(name);
  }

  private Optional<String> optional(String name) {
    return environment().optional(name);
  }
}
