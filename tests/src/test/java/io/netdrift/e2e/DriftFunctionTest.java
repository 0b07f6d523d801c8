package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.lambda.DriftFunction;
import io.netdrift.detector.model.DriftException;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.SlackStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The detector's Lambda function, invoked in process as Lambda would, against the emulator (EC2,
 * CloudFormation, STS, S3 for the baseline and the alert state, Secrets Manager for the Slack
 * token) and the Slack stub: a scheduled event scans everything and alerts; a CloudTrail event for
 * one security group checks that group only.
 */
class DriftFunctionTest extends LabTest {
  static final String BUCKET = "netdrift-detector-123456789012";
  static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:netdrift/slack";

  SlackStub slack;
  DriftFunction function;
  String appGroup;

  @BeforeAll
  static void configure() {
    // The function's own AWS calls (S3, Secrets Manager) take the region from the environment.
    System.setProperty("aws.region", "eu-west-1");
  }

  @BeforeEach
  void deploy() throws Exception {
    slack = SlackStub.start();
    appGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
    lab.aws.s3().createBucket(BUCKET);
    lab.aws.putSecret(SECRET, SlackStub.TOKEN);
    uploadBaseline();
    function =
        new DriftFunction(
            env(), Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC), d -> {});
  }

  /** The function's environment, as the detector stack sets it. */
  Map<String, String> env() {
    return new java.util.HashMap<>(
        Map.of(
            "NETDRIFT_BASELINE",
            "s3://" + BUCKET + "/baseline",
            "NETDRIFT_STATE",
            "s3://" + BUCKET + "/state/alert-state.json",
            "NETDRIFT_ENDPOINT_URL",
            lab.aws.endpoint().toString(),
            "NETDRIFT_READER_ROLE_ARN",
            "arn:aws:iam::{account}:role/netdrift-reader",
            "NETDRIFT_ENVIRONMENT",
            "production",
            "SLACK_CHANNEL",
            SlackStub.CHANNEL,
            "SLACK_TOKEN_SECRET_ARN",
            SECRET,
            "SLACK_API_URL",
            slack.apiUrl()));
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  /** What the detector stack's deployment puts in its bucket: the assembly and the policy. */
  void uploadBaseline() throws Exception {
    try (S3Client s3 = lab.aws.client(S3Client.builder().forcePathStyle(true), "netdrift-deploy");
        Stream<Path> files = Files.list(assembly)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        s3.putObject(
            r -> r.bucket(BUCKET).key("baseline/" + f.getFileName()), RequestBody.fromFile(f));
      }
      s3.putObject(
          r -> r.bucket(BUCKET).key("baseline/drift-policy.yaml"),
          RequestBody.fromFile(Path.of("..", "rules", "drift-policy.yaml")));
    }
  }

  static ObjectNode scheduledEvent() throws Exception {
    return (ObjectNode)
        Lab.JSON.readTree(
            "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"region\":\"eu-west-1\",\"detail\":{}}");
  }

  ObjectNode cloudTrailEvent(String eventName, String groupId) throws Exception {
    return (ObjectNode)
        Lab.JSON.readTree(
            "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\","
                + "\"region\":\"eu-west-1\",\"detail\":{\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\""
                + eventName
                + "\",\"requestParameters\":{\"groupId\":\""
                + groupId
                + "\"}}}");
  }

  void openSshToTheWorld() {
    lab.ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(appGroup).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
  }

  /** The calls the emulator received while {@code action} ran. */
  List<String> callsDuring(ThrowingRunnable action) throws Exception {
    int before = lab.aws.calls().size();
    action.run();
    List<String> all = lab.aws.calls();
    return new ArrayList<>(all.subList(before, all.size()));
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aScanLeavesNothingInTheFunctionsTemporaryFolder() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = netdriftFolders(tmp);

    function.handle(scheduledEvent());
    openSshToTheWorld();
    function.handle(scheduledEvent());

    assertThat(netdriftFolders(tmp))
        .as("a warm function runs scan after scan in one /tmp")
        .containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void scanAfterScanLeavesNoClientThreadsBehind() throws Exception {
    function.handle(scheduledEvent());
    long before = clientThreads(0);
    openSshToTheWorld();
    for (int run = 0; run < 4; run++) {
      function.handle(scheduledEvent());
    }

    assertThat(clientThreads(before))
        .as("a warm function runs scan after scan: each closes the clients it opened")
        .isLessThanOrEqualTo(before);
  }

  /**
   * The threads AWS SDK and Slack clients start, once at most {@code expected} of them are left (a
   * closed client's threads end soon after, not at once), or after five seconds.
   */
  private static long clientThreads(long expected) throws InterruptedException {
    long count = 0;
    for (int wait = 0; wait < 50; wait++) {
      count =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.startsWith("sdk-ScheduledExecutor") || n.startsWith("slack-api"))
              .count();
      if (count <= expected && expected > 0) {
        return count;
      }
      Thread.sleep(100);
    }
    return count;
  }

  private static List<Path> netdriftFolders(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("netdrift")).toList();
    }
  }

  @Test
  void aScheduledEventScansEverythingAlertsAndKeepsTheStateInS3() throws Exception {
    openSshToTheWorld();

    JsonNode[] result = new JsonNode[1];
    List<String> calls = callsDuring(() -> result[0] = function.handle(scheduledEvent()));

    assertThat(result[0].path("mode").asText()).isEqualTo("scheduled");
    assertThat(result[0].path("exitCode").asInt()).isEqualTo(2);
    assertThat(calls)
        .contains("GetObject", "PutObject", "AssumeRole", "GetSecretValue", "DescribeSubnets")
        .contains("GetWebACL", "DescribeRuleGroup");
    assertThat(slack.posted()).anySatisfy(p -> assertThat(p.visibleText()).contains("*CRITICAL*"));
    String state =
        new String(
            lab.aws.s3().object(BUCKET, "state/alert-state.json").body(), StandardCharsets.UTF_8);
    assertThat(Lab.JSON.readTree(state).path("alerts").size()).isEqualTo(1);
    assertThat(lab.aws.sts().assumedRoles())
        .contains("arn:aws:iam::123456789012:role/netdrift-reader");

    int posted = slack.posted().size();
    function.handle(scheduledEvent());
    assertThat(slack.posted()).hasSize(posted);
  }

  @Test
  void theFunctionPagesOnCriticalDriftWithTheRoutingKeyFromSecretsManager() throws Exception {
    String keySecret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:netdrift/pagerduty";
    lab.aws.putSecret(keySecret, io.netdrift.emulator.PagerDutyStub.ROUTING_KEY);
    try (io.netdrift.emulator.PagerDutyStub pagerDuty =
        io.netdrift.emulator.PagerDutyStub.start()) {
      Map<String, String> env = env();
      env.put("PAGERDUTY_ROUTING_KEY_SECRET_ARN", keySecret);
      env.put("PAGERDUTY_URL", pagerDuty.url());
      DriftFunction paging =
          new DriftFunction(
              env, Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC), d -> {});
      openSshToTheWorld();

      JsonNode result = paging.handle(scheduledEvent());

      assertThat(result.path("exitCode").asInt()).as(result.toString()).isEqualTo(2);
      assertThat(pagerDuty.incidentsOpened()).isEqualTo(1);
      assertThat(pagerDuty.events().get(0).path("event_action").asText()).isEqualTo("trigger");
      assertThat(pagerDuty.events().get(0).path("payload").path("severity").asText())
          .isEqualTo("critical");

      lab.ec2.revokeSecurityGroupIngress(
          r -> r.groupId(appGroup).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
      paging.handle(scheduledEvent());

      assertThat(pagerDuty.open()).as("resolved once the drift is checked gone").isEmpty();
    }
  }

  @Test
  void aCloudTrailEventForOneGroupChecksThatGroupOnly() throws Exception {
    // An earlier scheduled scan alerted on an ACL entry; the targeted check must leave it open.
    String acl = lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsApp");
    lab.ec2.createNetworkAclEntry(
        r ->
            r.networkAclId(acl)
                .ruleNumber(200)
                .egress(false)
                .protocol("6")
                .ruleAction("allow")
                .cidrBlock("0.0.0.0/0")
                .portRange(p -> p.from(3306).to(3306)));
    function.handle(scheduledEvent());
    int before = slack.posted().size();

    openSshToTheWorld();
    JsonNode[] result = new JsonNode[1];
    List<String> calls =
        callsDuring(
            () ->
                result[0] =
                    function.handle(cloudTrailEvent("AuthorizeSecurityGroupIngress", appGroup)));

    assertThat(result[0].path("mode").asText()).isEqualTo("targeted");
    assertThat(result[0].path("only").get(0).asText()).isEqualTo(appGroup);
    assertThat(result[0].path("findings").asInt()).isEqualTo(1);
    assertThat(calls).contains("DescribeSecurityGroups");
    assertThat(calls)
        .doesNotContain(
            "DescribeSubnets",
            "DescribeRouteTables",
            "DescribeNetworkAcls",
            "DescribeVpcs",
            "GetTemplate",
            "GetWebACL",
            "GetIPSet",
            "DescribeRuleGroup",
            "DescribeFirewallPolicy");
    List<SlackStub.Posted> fresh = slack.posted().subList(before, slack.posted().size());
    assertThat(fresh)
        .anySatisfy(p -> assertThat(p.visibleText()).contains("ingress tcp 22 from 0.0.0.0/0"))
        .noneSatisfy(p -> assertThat(p.visibleText()).contains("Resolved"));
    String state =
        new String(
            lab.aws.s3().object(BUCKET, "state/alert-state.json").body(), StandardCharsets.UTF_8);
    assertThat(Lab.JSON.readTree(state).path("alerts").size()).isEqualTo(2);
  }

  @Test
  void anIncompleteScanFailsTheInvocationSoTheErrorAlarmFires() throws Exception {
    lab.aws.failNext("DescribeSecurityGroups", 20, AwsEmulator.Fault.ACCESS_DENIED);

    assertThatThrownBy(() -> function.handle(scheduledEvent()))
        .isInstanceOf(DriftException.class)
        .hasMessageContaining("incomplete");
  }

  @Test
  void aCompleteScanEmitsTheHeartbeatMetric() throws Exception {
    JsonNode result = function.handle(scheduledEvent());

    assertThat(result.path("exitCode").asInt()).isZero();
    JsonNode heartbeat = Lab.JSON.readTree(function.heartbeat());
    assertThat(heartbeat.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Netdrift");
    assertThat(heartbeat.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText())
        .isEqualTo("SuccessfulScans");
    assertThat(heartbeat.path("SuccessfulScans").asInt()).isEqualTo(1);
  }

  @Test
  void theFunctionScansTheStacksItsConfigurationSelects() throws Exception {
    Map<String, String> env = env();
    env.put("NETDRIFT_STACKS", Lab.PRODUCTION);
    DriftFunction selected =
        new DriftFunction(
            env, Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC), d -> {});

    List<String> calls = callsDuring(() -> selected.handle(scheduledEvent()));

    // One template read: the production stack's; the internal one was left out.
    assertThat(calls.stream().filter("GetTemplate"::equals)).hasSize(1);
  }

  @Test
  void aSelectionThatMatchesNoStackFailsTheInvocationNamingTheStacks() {
    Map<String, String> env = env();
    env.put("NETDRIFT_STACKS", "Netwrk*");
    DriftFunction misconfigured =
        new DriftFunction(
            env, Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC), d -> {});

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> misconfigured.handle(scheduledEvent()))
        .hasMessageContaining("exit 64")
        .hasMessageContaining("no stack matches Netwrk*")
        .hasMessageContaining(Lab.PRODUCTION);
  }

  @Test
  void aChangeCloudFormationMadeDuringADeployChecksNothing() throws Exception {
    ObjectNode event = cloudTrailEvent("AuthorizeSecurityGroupIngress", appGroup);
    ((ObjectNode) event.get("detail"))
        .put("sourceIPAddress", "cloudformation.amazonaws.com")
        .putObject("userIdentity")
        .put("invokedBy", "cloudformation.amazonaws.com");

    List<String> calls =
        callsDuring(
            () -> assertThat(function.handle(event).path("mode").asText()).isEqualTo("skipped"));

    assertThat(calls).isEmpty();
    assertThat(slack.posted()).isEmpty();
  }

  @Test
  void aStackMidDeployIsDeferredNotAFailedInvocationAndNotAlerted() throws Exception {
    // The function's clock is 09:00; the deploy began five minutes before.
    lab.aws
        .cloudFormation()
        .setStatus(Lab.PRODUCTION, "UPDATE_IN_PROGRESS", Instant.parse("2026-11-30T08:55:00Z"));

    JsonNode result = function.handle(scheduledEvent());

    assertThat(result.path("mode").asText()).isEqualTo("deferred");
    assertThat(result.path("exitCode").asInt()).isEqualTo(1);
    assertThat(slack.posted()).as("a deploy is not an incident").isEmpty();
  }

  /** What EventBridge delivers when CloudFormation says a stack reached {@code status}. */
  static ObjectNode stackStatusEvent(String stack, String status) throws Exception {
    return (ObjectNode)
        Lab.JSON.readTree(
            """
            {"version": "0", "id": "7d5b6c3e-0000-4000-8000-000000000001",
             "detail-type": "CloudFormation Stack Status Change", "source": "aws.cloudformation",
             "account": "123456789012", "time": "2026-11-30T09:00:00Z", "region": "eu-west-1",
             "resources": ["arn:aws:cloudformation:eu-west-1:123456789012:stack/STACK/0f1e2d3c"],
             "detail": {"stack-id": "arn:aws:cloudformation:eu-west-1:123456789012:stack/STACK/0f1e2d3c",
               "status-details": {"status": "STATUS", "status-reason": ""},
               "client-request-token": "exampleToken"}}
            """
                .replace("STACK", stack)
                .replace("STATUS", status));
  }

  @Test
  void aDeferredStackIsCheckedAgainWhenCloudFormationSaysItSettled() throws Exception {
    lab.aws
        .cloudFormation()
        .setStatus(Lab.PRODUCTION, "UPDATE_IN_PROGRESS", Instant.parse("2026-11-30T08:55:00Z"));
    openSshToTheWorld();
    assertThat(function.handle(scheduledEvent()).path("mode").asText()).isEqualTo("deferred");
    assertThat(slack.posted()).isEmpty();

    lab.aws
        .cloudFormation()
        .setStatus(Lab.PRODUCTION, "UPDATE_COMPLETE", Instant.parse("2026-11-30T08:59:00Z"));
    JsonNode[] result = new JsonNode[1];
    List<String> calls =
        callsDuring(
            () -> result[0] = function.handle(stackStatusEvent(Lab.PRODUCTION, "UPDATE_COMPLETE")));

    assertThat(result[0].path("mode").asText()).isEqualTo("settled");
    assertThat(result[0].path("stack").asText()).isEqualTo(Lab.PRODUCTION);
    assertThat(result[0].path("exitCode").asInt()).isEqualTo(2);
    assertThat(calls.stream().filter("GetTemplate"::equals)).as("that stack only").hasSize(1);
    assertThat(slack.posted()).anySatisfy(p -> assertThat(p.visibleText()).contains("*CRITICAL*"));
  }

  @Test
  void aStackOutsideTheAssemblyOrTheSelectionSettlingChecksNothing() throws Exception {
    List<String> calls =
        callsDuring(
            () ->
                assertThat(
                        function
                            .handle(
                                stackStatusEvent(
                                    "NetdriftProductionNetwork-SecurityNestedStack-1A2B3C",
                                    "UPDATE_COMPLETE"))
                            .path("reason")
                            .asText())
                    .contains("is not in the approved assembly"));
    assertThat(calls).doesNotContain("GetTemplate", "DescribeStacks");

    Map<String, String> env = env();
    env.put("NETDRIFT_EXCLUDE_STACKS", "*Internal*");
    DriftFunction selected =
        new DriftFunction(
            env, Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC), d -> {});
    List<String> excluded =
        callsDuring(
            () ->
                assertThat(
                        selected
                            .handle(stackStatusEvent("NetdriftInternalNetwork", "UPDATE_COMPLETE"))
                            .path("mode")
                            .asText())
                    .isEqualTo("skipped"));
    assertThat(excluded).isEmpty();
  }

  @Test
  void aStackThatDoesNotSettleWithinTheGraceIsAlertedOnceAsSuch() throws Exception {
    lab.aws
        .cloudFormation()
        .setStatus(Lab.PRODUCTION, "UPDATE_IN_PROGRESS", Instant.parse("2026-11-30T07:30:00Z"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> function.handle(scheduledEvent()))
        .hasMessageContaining("incomplete");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> function.handle(scheduledEvent()))
        .hasMessageContaining("incomplete");

    assertThat(slack.posted().stream().filter(p -> p.threadTs().isEmpty()))
        .as("alerted once, with how long")
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.visibleText())
                    .contains("UPDATE_IN_PROGRESS since 2026-11-30T07:30:00Z (90 min)")
                    .contains("longer than a deploy's 60 min grace"));
  }

  @Test
  void theTriggeringEventNamesWhoMadeTheChangeWithoutALookup() throws Exception {
    openSshToTheWorld();
    ObjectNode event = cloudTrailEvent("AuthorizeSecurityGroupIngress", appGroup);
    ((ObjectNode) event.get("detail"))
        .put("eventTime", "2026-11-30T08:59:30Z")
        .put("sourceIPAddress", "198.51.100.23")
        .put("userAgent", "console.amazonaws.com")
        .putObject("userIdentity")
        .put("arn", "arn:aws:iam::123456789012:user/mallory");

    List<String> calls = callsDuring(() -> function.handle(event));

    // CloudTrail's index lags minutes behind: the event itself says who it was.
    assertThat(calls).doesNotContain("LookupEvents");
    assertThat(slack.posted())
        .anySatisfy(
            p ->
                assertThat(p.visibleText())
                    .contains("arn:aws:iam::123456789012:user/mallory")
                    .contains("AuthorizeSecurityGroupIngress"));
  }
}
