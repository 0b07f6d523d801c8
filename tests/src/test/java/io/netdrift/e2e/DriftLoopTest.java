package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.demo.Demo;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.SlackStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The whole loop: the real CDK app synthesized from rules/, deployed into the local AWS emulator,
 * changed by hand through the AWS SDK, scanned by the detector CLI, alerted to the Slack stub.
 */
class DriftLoopTest extends LabTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String STACK = NetworkApp.PRODUCTION_STACK;

  @TempDir static Path work;

  AwsEmulator aws;
  SlackStub slack;
  Ec2Client ec2;
  String appGroup;
  String dbGroup;
  String vpc;

  @BeforeEach
  void deploy() {
    aws = lab.aws;
    ec2 = lab.ec2;
    slack = SlackStub.start();
    appGroup = group("SecurityGroupsApp");
    dbGroup = group("SecurityGroupsDb");
    vpc = lab.vpc();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  record Run(int exitCode, JsonNode report, String stderr) {
    List<JsonNode> findings() {
      List<JsonNode> list = new ArrayList<>();
      report.path("findings").forEach(list::add);
      return list;
    }
  }

  Run scan(String... extra) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = lab.scanArgs(assembly);
    args.addAll(List.of("--slack-webhook-url", slack.webhookUrl()));
    args.addAll(List.of(extra));
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Run(code, JSON.readTree(out.toString()), err.toString());
  }

  @Test
  void sshOpenedToTheWorldIsFoundAlertedAndClearedWhenRevoked() throws Exception {
    Run clean = scan();
    assertThat(clean.exitCode()).isZero();
    assertThat(clean.findings()).isEmpty();
    assertThat(clean.report().path("status").asText()).isEqualTo("IN_SYNC");
    assertThat(slack.received()).isEmpty();

    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(appGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
    Run drift = scan();

    assertThat(drift.exitCode()).isEqualTo(2);
    assertThat(drift.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
              assertThat(f.path("physicalId").asText()).isEqualTo(appGroup);
              assertThat(f.path("logicalId").asText()).startsWith("SecurityGroupsApp");
              assertThat(f.path("live").asText()).isEqualTo("ingress tcp 22 from 0.0.0.0/0");
            });
    assertThat(slack.received())
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.path())
                  .isEqualTo("/services/T0NETDRIFT/B0NETDRIFT/netdrift-test-hook");
              assertThat(message.contentType()).startsWith("application/json");
              JsonNode body = JSON.readTree(message.body());
              assertThat(body.path("text").asText())
                  .isEqualTo(
                      "Netdrift: 1 drift finding in " + STACK + " (123456789012, eu-west-1)");
              assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
              assertThat(message.body())
                  .contains(appGroup)
                  .contains("ingress tcp 22 from 0.0.0.0/0")
                  .contains("*1 high*");
            });

    ec2.revokeSecurityGroupIngress(
        r ->
            r.groupId(appGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
    Run again = scan();
    assertThat(again.exitCode()).isZero();
    assertThat(again.findings()).isEmpty();
  }

  @Test
  void aGroupCreatedByHandInTheManagedVpcIsUnmanaged() throws Exception {
    String debug =
        ec2.createSecurityGroup(r -> r.groupName("debug").description("temporary").vpcId(vpc))
            .groupId();

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
              assertThat(f.path("physicalId").asText()).isEqualTo(debug);
              assertThat(f.path("live").asText()).isEqualTo("egress all to 0.0.0.0/0");
            });

    ec2.deleteSecurityGroup(r -> r.groupId(debug));
    assertThat(scan().exitCode()).isZero();
  }

  @Test
  void rdpOpenedToTheWorldOnAGroupMadeByHandIsCriticalAsOnAnApprovedGroup() throws Exception {
    String debug =
        ec2.createSecurityGroup(r -> r.groupName("debug").description("temporary").vpcId(vpc))
            .groupId();
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(debug)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(3389)
                            .toPort(3389)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));

    Run run =
        scan("--policy", java.nio.file.Path.of("..", "rules", "drift-policy.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.findings())
        .extracting(
            f -> f.path("physicalId").asText(),
            f -> f.path("property").asText(),
            f -> f.path("exposure").path("access").asText(),
            f -> f.path("exposure").path("internet").asBoolean(),
            f -> f.path("severity").asText())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(debug, "", "unknown", false, "medium"),
            org.assertj.core.groups.Tuple.tuple(
                debug, "ingress tcp 3389 from 0.0.0.0/0", "widened", true, "critical"));

    ec2.deleteSecurityGroup(r -> r.groupId(debug));
    assertThat(scan().exitCode()).isZero();
  }

  @Test
  void aDeletedApprovedRuleIsMissing() throws Exception {
    ec2.revokeSecurityGroupEgress(
        r ->
            r.groupId(appGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("MISSING");
              assertThat(f.path("approved").asText()).isEqualTo("egress tcp 443 to 0.0.0.0/0");
            });
  }

  @Test
  void aDatabaseRuleWidenedToTheInternetIsOneChangedFinding() throws Exception {
    ec2.revokeSecurityGroupIngress(
        r ->
            r.groupId(dbGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(5432)
                            .toPort(5432)
                            .userIdGroupPairs(g -> g.groupId(appGroup))));
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(dbGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(5432)
                            .toPort(5432)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));

    Run run = scan();

    assertThat(run.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
              assertThat(f.path("approved").asText())
                  .isEqualTo("ingress tcp 5432 from " + appGroup);
              assertThat(f.path("live").asText()).isEqualTo("ingress tcp 5432 from 0.0.0.0/0");
            });
  }

  @Test
  void theSameRuleReAddedWithAProtocolNumberIsStillInSync() throws Exception {
    String alb = group("SecurityGroupsAlb");
    ec2.revokeSecurityGroupIngress(
        r ->
            r.groupId(alb)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(alb)
                .ipPermissions(
                    p ->
                        p.ipProtocol("6")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(
                                ip ->
                                    ip.cidrIp("0.0.0.0/0")
                                        .description("HTTPS from the internet"))));

    assertThat(scan().exitCode()).isZero();
  }

  @Test
  void removingCdksNoTrafficPlaceholderIsNotDrift() throws Exception {
    // The placeholder allows nothing; without it the group still allows nothing.
    ec2.revokeSecurityGroupEgress(
        r ->
            r.groupId(dbGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("icmp")
                            .fromPort(252)
                            .toPort(86)
                            .ipRanges(ip -> ip.cidrIp("255.255.255.255/32"))));

    assertThat(scan().exitCode()).isZero();
  }

  @Test
  void throttledCallsAreRetriedAndTheScanCompletes() throws Exception {
    aws.failNext("DescribeSecurityGroups", 2, AwsEmulator.Fault.THROTTLE);
    aws.failNext("ListStackResources", 1, AwsEmulator.Fault.THROTTLE);

    Run run = scan();

    assertThat(run.exitCode()).isZero();
    // The two stacks with groups (the Transit Gateway's has none) share one read of the
    // account's groups: one call, plus the two retries.
    long stacks =
        java.util.stream.StreamSupport.stream(run.report().path("stacks").spliterator(), false)
            .filter(s -> s.path("checked").has("AWS::EC2::SecurityGroup"))
            .count();
    assertThat(stacks).isEqualTo(2);
    assertThat(aws.calls().stream().filter("DescribeSecurityGroups"::equals).count())
        .isEqualTo(1 + 2);
  }

  @Test
  void accessDeniedMakesTheScanIncompleteAndTheAlertSaysSo() throws Exception {
    aws.failNext("DescribeSecurityGroupRules", 1, AwsEmulator.Fault.ACCESS_DENIED);

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.report().path("status").asText()).isEqualTo("INCOMPLETE");
    // The stacks with groups share one read of the account's: the one refused call leaves each
    // of them unchecked, and each says so; the stack without groups made no such read.
    List<String> problems = Lab.problems(run.report());
    assertThat(problems)
        .hasSize(2)
        .allSatisfy(
            p ->
                assertThat(p)
                    .contains("could not read security groups")
                    .contains("not authorized"));
    assertThat(slack.received())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).contains("The scan is incomplete"));
  }

  @Test
  void anApprovedStackThatDoesNotExistIsNotDeployed() throws Exception {
    aws.cloudFormation().forget(STACK);

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("NOT_DEPLOYED");
              assertThat(f.path("summary").asText()).contains("cdk deploy " + STACK);
            });
  }

  @Test
  void aStackMidUpdateIsIncompleteNotMisread() throws Exception {
    aws.cloudFormation().setStatus(STACK, "UPDATE_IN_PROGRESS");

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.report().path("stacks").get(0).path("problems").get(0).asText())
        .contains("UPDATE_IN_PROGRESS");
  }

  @Test
  void everyPageIsRead() throws Exception {
    aws.setPageCap(2);
    String extra =
        ec2.createSecurityGroup(r -> r.groupName("zz-last").description("by hand").vpcId(vpc))
            .groupId();

    Run run = scan();

    assertThat(run.findings())
        .extracting(f -> f.path("physicalId").asText())
        .containsExactly(extra);
    assertThat(aws.calls().stream().filter("ListStackResources"::equals).count()).isGreaterThan(1);
    assertThat(aws.calls().stream().filter("DescribeSecurityGroups"::equals).count())
        .isGreaterThan(1);
    assertThat(aws.calls().stream().filter("DescribeSecurityGroupRules"::equals).count())
        .isGreaterThan(1);
  }

  @Test
  void aFailedSlackDeliveryIsAnErrorAndTheReportIsStillWritten() throws Exception {
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(appGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
    slack.answerNext(404, "no_service");

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.findings()).hasSize(1);
    assertThat(run.stderr())
        .contains("HTTP 404")
        .contains("no_service")
        .doesNotContain("netdrift-test-hook");
  }

  @Test
  void theDemoRunsTheLoopAndExitsTwo() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Demo.run(
            Path.of("..", "rules"),
            work.resolve("demo"),
            false,
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("IN SYNC")
        .contains("DRIFT (1 finding)")
        .contains("live:     ingress tcp 22 from 0.0.0.0/0")
        .contains("CRITICAL")
        .contains(
            "who:      arn:aws:iam::123456789012:user/jane.doe via AuthorizeSecurityGroupIngress")
        .contains("fix:      aws ec2 revoke-security-group-ingress --region eu-west-1")
        // It ends by putting the hole back: the plan, then --yes, then a clean scan.
        .contains("Plan (dry run: nothing is changed; add --yes to run it):")
        .contains("exit code 0 (nothing changed yet)")
        .contains(": converged (read again: as approved)")
        .contains("recorded in the alert state")
        .contains("Slack (preview only, nothing sent): 0 alerted, 0 reminded, 1 resolved")
        .contains("exit code 0: in sync");
    assertThat(err.toString())
        .contains("Slack preview")
        .contains("*CRITICAL* · UNMANAGED")
        .contains("Slack (preview only, nothing sent): 1 alerted");
    // The demo's SARIF is valid SARIF 2.1.0, located at the reviewed rules line.
    JsonNode sarif =
        JSON.readTree(java.nio.file.Files.readString(work.resolve("demo/drift.sarif")));
    try (java.io.InputStream schema =
        java.nio.file.Files.newInputStream(
            Path.of(
                "..",
                "drift-detector",
                "src",
                "test",
                "resources",
                "sarif",
                "sarif-2.1.0-rtm.5.json"))) {
      assertThat(
              com.networknt.schema.SchemaRegistry.withDefaultDialect(
                      com.networknt.schema.SpecificationVersion.DRAFT_4)
                  .getSchema(schema)
                  .validate(sarif))
          .isEmpty();
    }
    assertThat(
            sarif
                .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                .asText())
        .isEqualTo("rules/security-groups.yaml");
    assertThat(work.resolve("demo/evidence.html")).exists();
  }

  @Test
  void aReaderRoleIsAssumedInEachStacksAccount() throws Exception {
    Run run = scan("--role-arn", "arn:aws:iam::{account}:role/netdrift-reader");

    assertThat(run.exitCode()).isZero();
    assertThat(aws.sts().assumedRoles())
        .isNotEmpty()
        .containsOnly("arn:aws:iam::123456789012:role/netdrift-reader");
  }

  @Test
  void everyStackIsScannedAndReportedInManifestOrder() throws Exception {
    Run run = scan();

    List<String> stacks = new ArrayList<>();
    run.report().path("stacks").forEach(s -> stacks.add(s.path("stackName").asText()));
    assertThat(stacks)
        .containsExactly(
            STACK,
            NetworkApp.stackName("internal"),
            io.netdrift.cdk.TransitGatewayStack.STACK_NAME);
  }

  @Test
  void theReportCountsEveryRequestTheScanSent() throws Exception {
    Run run = scan();

    JsonNode metadata = run.report().path("metadata");
    assertThat(metadata.path("apiCallTotal").asLong()).isEqualTo(aws.calls().size());
    assertThat(metadata.path("apiCalls").toString())
        .as(metadata.toString())
        .contains("\"Ec2.DescribeSecurityGroupRules\"")
        .contains("\"CloudFormation.ListStackResources\"")
        .contains("\"Wafv2.GetWebACL\":1");
  }

  private String group(String logicalPrefix) {
    return lab.physical("AWS::EC2::SecurityGroup", logicalPrefix);
  }
}
