package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network types Netdrift has no model of (a DNS Firewall, a Transit Gateway) are compared
 * generically: the template's properties against Cloud Control's read, in the type's registry
 * schema. Before, each made every scan incomplete, forever.
 */
class GenericComparisonTest {
  static final String STACK = "NetdriftSegments";

  static final String TEMPLATE =
      """
      {"Resources": {
        "AllowList": {"Type": "AWS::Route53Resolver::FirewallDomainList", "Properties": {
          "Name": "netdrift-production-allowed", "Domains": ["api.stripe.com", "github.com"]}},
        "BlockList": {"Type": "AWS::Route53Resolver::FirewallDomainList", "Properties": {
          "Name": "netdrift-production-blocked", "Domains": ["*"],
          "DomainFileUrl": "s3://netdrift-example/blocked.txt"}},
        "DnsRules": {"Type": "AWS::Route53Resolver::FirewallRuleGroup", "Properties": {
          "Name": "netdrift-production-dns",
          "FirewallRules": [
            {"FirewallDomainListId": {"Ref": "AllowList"}, "Priority": 100, "Action": "ALLOW"},
            {"FirewallDomainListId": {"Ref": "BlockList"}, "Priority": 200, "Action": "BLOCK",
             "BlockResponse": "NODATA"}],
          "Tags": [{"Key": "team", "Value": "network"}]}},
        "Segments": {"Type": "AWS::EC2::TransitGateway", "Properties": {
          "Description": "joins the segments, each with its own route table",
          "DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable",
          "AutoAcceptSharedAttachments": "disable",
          "Tags": [{"Key": "Name", "Value": "segments"}]}},
        "Net": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.98.0.0/16"}},
        "Data": {"Type": "AWS::EC2::Subnet", "Properties": {
          "VpcId": {"Ref": "Net"}, "CidrBlock": "10.98.0.0/24", "AvailabilityZone": "eu-west-1a"}},
        "DataRoutes": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Net"}}},
        "EndpointGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
          "GroupDescription": "endpoints", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "CidrIp": "10.98.0.0/16", "Description": "HTTPS from the VPC"}],
          "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "CidrIp": "10.98.0.0/16", "Description": "to the VPC"}]}},
        "OpenGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
          "GroupDescription": "anything", "VpcId": {"Ref": "Net"},
          "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "CidrIp": "10.98.0.0/16", "Description": "to the VPC"}]}},
        "DataBucket": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
          "VpcId": {"Ref": "Net"}, "ServiceName": "com.amazonaws.eu-west-1.s3",
          "VpcEndpointType": "Gateway", "RouteTableIds": [{"Ref": "DataRoutes"}],
          "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": "arn:aws:s3:::netdrift-data/*"}]}}},
        "Secrets": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
          "VpcId": {"Ref": "Net"}, "ServiceName": "com.amazonaws.eu-west-1.secretsmanager",
          "VpcEndpointType": "Interface", "PrivateDnsEnabled": true,
          "SubnetIds": [{"Ref": "Data"}], "SecurityGroupIds": [{"Ref": "EndpointGroup"}]}}
      }}
      """;

  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  /** The lab with the segments stack deployed beside the app; its assembly in a new folder. */
  static Path withSegments(Lab lab, String name) throws Exception {
    return lab.assemblyWith(STACK, (ObjectNode) Lab.JSON.readTree(TEMPLATE), work.resolve(name));
  }

  static String physical(Lab lab, String logicalId) {
    return lab.aws.cloudFormation().physicalId(STACK, logicalId);
  }

  /** An engineer's change through Cloud Control: a JSON Patch. */
  static void patch(Lab lab, String type, String id, String patch) {
    lab.cloudControl.updateResource(r -> r.typeName(type).identifier(id).patchDocument(patch));
  }

  static JsonNode stack(Lab.Scan scan) {
    for (JsonNode s : scan.report().path("stacks")) {
      if (s.path("stackName").asText().equals(STACK)) {
        return s;
      }
    }
    throw new AssertionError("no " + STACK + " in " + scan.report().toPrettyString());
  }

  /** {@code text} with each {@code ${LogicalId}} replaced by that resource's physical id. */
  static String ids(Lab lab, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(\\w+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, physical(lab, m.group(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The scan's one finding: a change of {@code property} of {@code type} {@code physicalId}. */
  static JsonNode theChange(Lab.Scan scan, String type, String physicalId, String property) {
    assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
    assertThat(scan.findings()).hasSize(1);
    JsonNode f = scan.findings().get(0);
    assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
    assertThat(f.path("resourceType").asText()).isEqualTo(type);
    assertThat(f.path("physicalId").asText()).isEqualTo(physicalId);
    assertThat(f.path("property").asText()).isEqualTo(property);
    assertThat(f.path("summary").asText()).endsWith("(generic comparison)");
    return f;
  }

  @Test
  void aCleanDeployIsInSyncAndEveryGenericTypeIsChecked() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Lab.Scan scan = lab.scan(withSegments(lab, "clean"));

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      JsonNode segments = stack(scan);
      assertThat(segments.path("checked").path("AWS::Route53Resolver::FirewallDomainList").asInt())
          .as(segments.toPrettyString())
          .isEqualTo(2);
      assertThat(segments.path("checked").path("AWS::Route53Resolver::FirewallRuleGroup").asInt())
          .isEqualTo(1);
      assertThat(segments.path("checked").path("AWS::EC2::TransitGateway").asInt()).isEqualTo(1);
      assertThat(segments.path("checked").path("AWS::EC2::VPCEndpoint").asInt()).isEqualTo(2);
      assertThat(segments.path("notChecked").size()).isZero();
      // The reader role the detector stack ships allows what the generic comparison calls.
      assertThat(lab.aws.calls()).contains("DescribeType", "GetResource");
      assertThat(io.netdrift.cdk.DriftDetectorStack.READ_ACTIONS)
          .contains("cloudformation:DescribeType", "cloudformation:GetResource");
    }
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(
            "a DNS rule switched from BLOCK to ALLOW",
            "DnsRules",
            "AWS::Route53Resolver::FirewallRuleGroup",
            "[{\"op\": \"replace\", \"path\": \"/FirewallRules/1/Action\", \"value\": \"ALLOW\"}]",
            "FirewallRules",
            "\"Action\":\"BLOCK\",\"BlockResponse\":\"NODATA\"",
            "\"Action\":\"ALLOW\",\"BlockResponse\":\"NODATA\"",
            "widened"),
        Arguments.of(
            "a domain added to the allow list",
            "AllowList",
            "AWS::Route53Resolver::FirewallDomainList",
            "[{\"op\": \"add\", \"path\": \"/Domains/-\", \"value\": \"exfiltrate.example\"}]",
            "Domains",
            "[\"api.stripe.com\",\"github.com\"]",
            "[\"api.stripe.com\",\"exfiltrate.example\",\"github.com\"]",
            "widened"),
        Arguments.of(
            "Transit Gateway route propagation switched on",
            "Segments",
            "AWS::EC2::TransitGateway",
            "[{\"op\": \"replace\", \"path\": \"/DefaultRouteTablePropagation\", \"value\":"
                + " \"enable\"}]",
            "DefaultRouteTablePropagation",
            "disable",
            "enable",
            "widened"),
        Arguments.of(
            "the data bucket endpoint's policy widened to everything",
            "DataBucket",
            "AWS::EC2::VPCEndpoint",
            "[{\"op\": \"replace\", \"path\": \"/PolicyDocument\", \"value\": {\"Version\":"
                + " \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\","
                + " \"Action\": \"*\", \"Resource\": \"*\"}]}}]",
            "PolicyDocument.Statement",
            "\"Action\":[\"s3:getobject\",\"s3:putobject\"]",
            "\"Action\":[\"*\"]",
            "widened"),
        Arguments.of(
            "the secrets endpoint's security group swapped",
            "Secrets",
            "AWS::EC2::VPCEndpoint",
            "[{\"op\": \"replace\", \"path\": \"/SecurityGroupIds\", \"value\":"
                + " [\"${OpenGroup}\"]}]",
            "SecurityGroupIds",
            "[\"${EndpointGroup}\"]",
            "[\"${OpenGroup}\"]",
            "unknown"));
  }

  /**
   * Each change is found exactly, and its remediation, a Cloud Control patch printed for a person
   * to run, puts the approved value back when sent as printed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void aChangedPropertyIsFoundAndItsPatchPutsItBack(
      String name,
      String logicalId,
      String type,
      String change,
      String property,
      String approved,
      String live,
      String access)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withSegments(lab, logicalId);
      String id = physical(lab, logicalId);
      approved = ids(lab, approved);
      live = ids(lab, live);
      patch(lab, type, id, ids(lab, change));

      Lab.Scan scan = lab.scan(baseline);

      JsonNode f = theChange(scan, type, id, property);
      assertThat(f.path("logicalId").asText()).isEqualTo(logicalId);
      assertThat(f.path("approved").asText()).contains(approved).doesNotContain(live);
      assertThat(f.path("live").asText()).contains(live).doesNotContain(approved);
      assertThat(f.path("exposure").path("access").asText()).isEqualTo(access);
      String command = f.path("remediation").path("commands").get(0).asText();
      assertThat(command)
          .startsWith(
              "aws cloudcontrol update-resource --region eu-west-1 --type-name "
                  + type
                  + " --identifier "
                  + id
                  + " --patch-document '[{\"op\":\"add\",\"path\":\"/"
                  + property.replace('.', '/')
                  + "\",\"value\":");

      patch(
          lab,
          type,
          id,
          command.substring(command.indexOf("--patch-document '") + 18, command.length() - 1));
      Lab.Scan again = lab.scan(baseline);
      assertThat(again.findings()).as(again.report().toPrettyString()).isEmpty();
      assertThat(again.exitCode()).isZero();
    }
  }

  @Test
  void readOnlyPropertiesAndAnotherOrderOfASetAreNeverReported() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withSegments(lab, "readonly");
      String list = physical(lab, "AllowList");
      String rules = physical(lab, "DnsRules");
      // What the service changes on its own, and the same domains in another order.
      patch(
          lab,
          "AWS::Route53Resolver::FirewallDomainList",
          list,
          "[{\"op\": \"replace\", \"path\": \"/Domains\", \"value\": [\"github.com\","
              + " \"api.stripe.com\"]},"
              + " {\"op\": \"replace\", \"path\": \"/ModificationTime\", \"value\":"
              + " \"2026-12-01T00:00:00.000000Z\"},"
              + " {\"op\": \"replace\", \"path\": \"/Status\", \"value\": \"UPDATING\"}]");
      patch(
          lab,
          "AWS::Route53Resolver::FirewallRuleGroup",
          rules,
          "[{\"op\": \"replace\", \"path\": \"/ShareStatus\", \"value\": \"SHARED_WITH_ME\"}]");
      JsonNode read = lab.cloudControlRead("AWS::Route53Resolver::FirewallDomainList", list);
      assertThat(read.path("Domains").toString())
          .as("the answer differs from the template: a naive comparison reports it")
          .isEqualTo("[\"github.com\",\"api.stripe.com\"]");
      assertThat(read.has("DomainFileUrl")).isFalse();

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).isZero();
    }
  }

  @Test
  void anEndpointPolicySpelledAnotherWayIsTheSamePolicy() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withSegments(lab, "policy");
      String endpoint = physical(lab, "DataBucket");
      // The same policy as IAM reads it: one statement not in a list, the actions in another
      // order and case, the principal spelled as an AWS principal.
      patch(
          lab,
          "AWS::EC2::VPCEndpoint",
          endpoint,
          "[{\"op\": \"replace\", \"path\": \"/PolicyDocument\", \"value\": {\"Version\":"
              + " \"2012-10-17\", \"Statement\": {\"Resource\": [\"arn:aws:s3:::netdrift-data/*\"],"
              + " \"Action\": [\"S3:PutObject\", \"s3:getobject\"], \"Principal\": {\"AWS\": \"*\"},"
              + " \"Effect\": \"Allow\"}}}]");
      JsonNode read = lab.cloudControlRead("AWS::EC2::VPCEndpoint", endpoint);
      assertThat(read.path("PolicyDocument").toString())
          .as("the answer differs from the template: a naive comparison reports it")
          .contains("{\"AWS\":\"*\"}")
          .doesNotContain("\"Principal\":\"*\"");

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).isZero();
    }
  }

  @Test
  void aDomainListDeletedByHandIsMissing() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withSegments(lab, "deleted");
      String list = physical(lab, "BlockList");
      lab.aws.cloudControl().delete("AWS::Route53Resolver::FirewallDomainList", list);

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      assertThat(scan.findings()).hasSize(1);
      JsonNode f = scan.findings().get(0);
      assertThat(f.path("kind").asText()).isEqualTo("MISSING");
      assertThat(f.path("logicalId").asText()).isEqualTo("BlockList");
      assertThat(f.path("physicalId").asText()).isEqualTo(list);
      assertThat(f.path("summary").asText()).endsWith("(generic comparison)");
    }
  }

  /** A snapshot holds the schemas and Cloud Control reads; one taken before has none of them. */
  @Test
  void aSnapshotHoldsTheGenericReadsAndAnOlderOneLeavesThemUnchecked() throws Exception {
    Path file = work.resolve("segments-snapshot.json");
    Path baseline;
    try (Lab lab = new Lab(assembly)) {
      baseline = withSegments(lab, "snapshot");
      patch(
          lab,
          "AWS::EC2::TransitGateway",
          physical(lab, "Segments"),
          "[{\"op\": \"replace\", \"path\": \"/DefaultRouteTablePropagation\", \"value\":"
              + " \"enable\"}]");
      int code =
          io.netdrift.detector.cli.Main.run(
              new java.io.PrintWriter(new java.io.StringWriter()),
              new java.io.PrintWriter(new java.io.StringWriter()),
              "snapshot",
              "--baseline",
              baseline.toString(),
              "--endpoint-url",
              lab.aws.endpoint().toString(),
              "--out",
              file.toString());
      assertThat(code).isZero();
    }
    JsonNode offline = Lab.offline(baseline, file).report();
    assertThat(offline.path("findings"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.path("property").asText()).isEqualTo("DefaultRouteTablePropagation"));

    ObjectNode older = (ObjectNode) Lab.JSON.readTree(java.nio.file.Files.readString(file));
    older.path("stacks").forEach(s -> ((ObjectNode) s).remove(List.of("schemas", "resources")));
    java.nio.file.Files.writeString(file, older.toString());
    JsonNode incomplete = Lab.offline(baseline, file).report();
    assertThat(incomplete.path("findings").size()).isZero();
    for (JsonNode s : incomplete.path("stacks")) {
      if (s.path("stackName").asText().equals(STACK)) {
        assertThat(s.path("notChecked").path("AWS::EC2::TransitGateway").asInt()).isEqualTo(1);
        assertThat(s.path("problems").toString())
            .contains("the snapshot holds no schemas of stack " + STACK);
      }
    }
  }

  @Test
  void aTypeCloudControlCannotReadIsNotCheckedAndTheScanIncomplete() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withSegments(lab, "unreadable");
      lab.aws.cloudControl().cannotRead("AWS::EC2::TransitGateway");

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
      JsonNode segments = stack(scan);
      assertThat(segments.path("notChecked").path("AWS::EC2::TransitGateway").asInt())
          .as(segments.toPrettyString())
          .isEqualTo(1);
      assertThat(segments.path("checked").path("AWS::Route53Resolver::FirewallRuleGroup").asInt())
          .isEqualTo(1);
      List<String> problems = Lab.JSON.convertValue(segments.path("problems"), List.class);
      assertThat(problems)
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("could not read the resources of AWS::EC2::TransitGateway")
                      .contains("does not support"));
      assertThat(segments.path("notCheckedResources").toString()).contains("Segments");
    }
  }
}
