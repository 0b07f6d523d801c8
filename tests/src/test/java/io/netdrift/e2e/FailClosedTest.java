package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netdrift.emulator.AwsEmulator.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the detector could not read makes the scan incomplete (exit 1), the report names it, and
 * nothing that was not read is reported as missing or changed.
 */
class FailClosedTest {
  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(
            "AccessDenied on Network Firewall DescribeRuleGroup",
            "DescribeRuleGroup",
            Fault.ACCESS_DENIED,
            1,
            "could not read Network Firewall"),
        Arguments.of(
            "WAFv2 GetWebACL throttled past every retry",
            "GetWebACL",
            Fault.THROTTLE,
            10,
            "could not read WAFv2"),
        Arguments.of(
            "EC2 DescribeRouteTables failing with 500",
            "DescribeRouteTables",
            Fault.INTERNAL,
            10,
            "could not read the EC2 network"),
        Arguments.of(
            "AccessDenied on EC2 DescribeSecurityGroupRules",
            "DescribeSecurityGroupRules",
            Fault.ACCESS_DENIED,
            1,
            "could not read security groups"),
        Arguments.of(
            "AccessDenied on CloudFormation GetTemplate",
            "GetTemplate",
            Fault.ACCESS_DENIED,
            1,
            "could not read the deployed template"),
        Arguments.of(
            "AccessDenied on WAFv2 GetLoggingConfiguration",
            "GetLoggingConfiguration",
            Fault.ACCESS_DENIED,
            1,
            "could not read WAFv2"),
        Arguments.of(
            "EC2 DescribeSecurityGroupRules whose pages never end",
            "DescribeSecurityGroupRules",
            Fault.REPEATED_TOKEN,
            50,
            "could not read security groups (EC2 DescribeSecurityGroups,"
                + " DescribeSecurityGroupRules): DescribeSecurityGroupRules answered a page token"
                + " it had already given: its pages never end"),
        Arguments.of(
            "EC2 DescribeRouteTables answered with half its XML",
            "DescribeRouteTables",
            Fault.TRUNCATED,
            10,
            "could not read the EC2 network"),
        Arguments.of(
            "AccessDenied on Route 53 Resolver ListFirewallRuleGroupAssociations",
            "ListFirewallRuleGroupAssociations",
            Fault.ACCESS_DENIED,
            1,
            "could not read DNS Firewall associations"),
        Arguments.of(
            "EC2 DescribeVpcPeeringConnections failing with 500",
            "DescribeVpcPeeringConnections",
            Fault.INTERNAL,
            // Both sides are read at once, each with its own eight attempts.
            20,
            "could not read the EC2 network"),
        Arguments.of(
            "WAFv2 GetWebACL answered with half its JSON",
            "GetWebACL",
            Fault.TRUNCATED,
            10,
            "could not read WAFv2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aFaultMakesTheScanIncompleteAndNamesWhatWasNotRead(
      String name, String operation, Fault fault, int times, String problem) throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.aws.failNext(operation, times, fault);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
      assertThat(scan.report().path("status").asText()).isEqualTo("INCOMPLETE");
      List<String> problems = Lab.problems(scan.report());
      assertThat(problems)
          .as(scan.report().toPrettyString())
          .anySatisfy(p -> assertThat(p).startsWith(problem));
      assertThat(scan.findings()).as("nothing unread is reported as drift").isEmpty();
    }
  }

  @Test
  void aHungEndpointLeavesWhatItWouldReadUncheckedWithinTheApiTimeout() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      // Every attempt of the call hangs: the connection is taken and never answered. One stack is
      // scanned, so the hangs all meet its attempts (two stacks at once would share them).
      lab.aws.failNext("DescribeSecurityGroupRules", 5, Fault.HANG);

      Lab.Scan scan =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () -> lab.scan(assembly, "--api-timeout", "3", Lab.PRODUCTION));

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
      assertThat(scan.report().path("status").asText()).isEqualTo("INCOMPLETE");
      List<String> problems = Lab.problems(scan.report());
      assertThat(problems)
          .as(scan.report().toPrettyString())
          .anySatisfy(
              p -> assertThat(p).startsWith("could not read security groups").contains("timeout"));
      List<String> notChecked = new ArrayList<>();
      scan.report()
          .path("stacks")
          .forEach(s -> s.path("notChecked").fieldNames().forEachRemaining(notChecked::add));
      assertThat(notChecked).contains("AWS::EC2::SecurityGroup");
      List<String> unread = new ArrayList<>();
      scan.report()
          .path("stacks")
          .forEach(
              s ->
                  s.path("notCheckedResources")
                      .forEach(
                          r -> {
                            if (r.path("type").asText().equals("AWS::EC2::SecurityGroup")) {
                              unread.add(r.path("logicalId").asText());
                            }
                          }));
      assertThat(unread)
          .as("the groups left unread, by id")
          .anySatisfy(id -> assertThat(id).startsWith("SecurityGroupsApp"))
          .anySatisfy(id -> assertThat(id).startsWith("SecurityGroupsDb"));
      assertThat(scan.findings()).as("nothing unread is reported as drift").isEmpty();
    }
  }

  @Test
  void anApiTimeoutTooShortToRetryIsABadUsage() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      assertThat(lab.scan(assembly, "--api-timeout", "1").exitCode()).isEqualTo(64);
    }
  }

  @Test
  void aServerErrorThatARetryGetsPastIsNoProblem() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.aws.failNext("DescribeRouteTables", 1, Fault.INTERNAL);
      lab.aws.failNext("GetWebACL", 1, Fault.INTERNAL);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.report().path("status").asText()).isEqualTo("IN_SYNC");
      assertThat(scan.problems()).isEmpty();
    }
  }

  @Test
  void aReaderRoleThatCannotBeAssumedLeavesEveryStackUncheckedAndSaysWhy() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.aws.failNext("AssumeRole", 100, Fault.ACCESS_DENIED);

      Lab.Scan scan =
          lab.scan(assembly, "--role-arn", "arn:aws:iam::123456789012:role/netdrift-reader");

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
      assertThat(scan.report().path("status").asText()).isEqualTo("INCOMPLETE");
      assertThat(scan.report().path("stacks"))
          .isNotEmpty()
          .allSatisfy(
              s ->
                  assertThat(s.path("problems").toString())
                      .as(s.toPrettyString())
                      .contains(
                          "could not read from AWS: could not assume the reader role"
                              + " (AccessDenied): User: arn:aws:iam::123456789012:user/netdrift-test"
                              + " is not authorized to perform: sts:AssumeRole"));
      assertThat(scan.findings()).isEmpty();
    }
  }

  @Test
  void driftThatWasReadIsStillReportedWhenAnotherServiceIsUnreadable() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp"))
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(22)
                              .toPort(22)
                              .ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
      lab.aws.failNext("GetWebACL", 10, Fault.THROTTLE);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).isEqualTo(1);
      assertThat(scan.findings())
          .singleElement()
          .satisfies(
              f -> assertThat(f.path("live").asText()).isEqualTo("ingress tcp 22 from 0.0.0.0/0"));
    }
  }

  @Test
  void slowAnswersDelayTheScanButDoNotChangeItsVerdict() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.aws.failNext("DescribeNetworkAcls", 1, Fault.SLOW);
      lab.aws.failNext("GetWebACL", 1, Fault.SLOW);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }

  @Test
  void theExportsAStackDeclaresAreListedForImportingStacks() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      com.fasterxml.jackson.databind.node.ObjectNode exporter = Lab.JSON.createObjectNode();
      exporter
          .putObject("Resources")
          .putObject("Vpc")
          .put("Type", "AWS::EC2::VPC")
          .putObject("Properties")
          .put("CidrBlock", "10.99.0.0/16");
      exporter
          .putObject("Outputs")
          .putObject("SharedVpc")
          .put("Value", "placeholder")
          .putObject("Export")
          .put("Name", "netdrift-shared-vpc");
      ((com.fasterxml.jackson.databind.node.ObjectNode) exporter.get("Outputs").get("SharedVpc"))
          .set("Value", Lab.JSON.readTree("{\"Ref\": \"Vpc\"}"));
      lab.aws.deploy("SharedNetwork", exporter);
      String vpc = lab.aws.cloudFormation().physicalId("SharedNetwork", "Vpc");
      java.util.Map<String, String> listed = new java.util.TreeMap<>();
      try (var cfn =
          software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder()
              .endpointOverride(lab.aws.endpoint())
              .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
              .credentialsProvider(
                  software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                      software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                          "netdrift-test", "netdrift-test")))
              .httpClient(
                  software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
              .build()) {
        cfn.listExportsPaginator(r -> {}).exports().forEach(e -> listed.put(e.name(), e.value()));
      }
      assertThat(listed).containsEntry("netdrift-shared-vpc", vpc);
    }
  }
}
