package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application team's stack beside the network: its own VPC and group, a table and a queue, and a
 * group in the production VPC. Application types are out of scope, never a reason for an incomplete
 * scan; what a stack owns is never reported as hand-made, even where it could not be mapped.
 */
class ApplicationStackTest {
  static final String APP_STACK = "OrdersService";

  @TempDir Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  /**
   * The application stack; {@code description} is the group's description, a string or an
   * intrinsic.
   */
  static ObjectNode appStack(String productionVpc, JsonNode description) throws Exception {
    ObjectNode template =
        (ObjectNode)
            Lab.JSON.readTree(
                """
                {"Resources": {
                  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.50.0.0/16"}},
                  "AppSg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                    "GroupDescription": "orders service", "VpcId": {"Ref": "Vpc"},
                    "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                      "CidrIp": "10.50.0.0/16", "Description": "placeholder"}],
                    "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                      "CidrIp": "10.50.0.0/16"}]}},
                  "WorkerSg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                    "GroupDescription": "orders worker in the production VPC", "VpcId": "PRODUCTION_VPC",
                    "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                      "CidrIp": "10.10.0.0/16"}]}},
                  "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders"}},
                  "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders-jobs"}},
                  "Meta": {"Type": "AWS::CDK::Metadata"}
                }}
                """
                    .replace("PRODUCTION_VPC", productionVpc));
    ((ObjectNode)
            template
                .path("Resources")
                .path("AppSg")
                .path("Properties")
                .path("SecurityGroupIngress")
                .get(0))
        .set("Description", description);
    return template;
  }

  static List<String> kinds(Lab.Scan scan) {
    List<String> out = new ArrayList<>();
    scan.findings().forEach(f -> out.add(f.path("kind").asText()));
    return out;
  }

  @Test
  void applicationTypesAreOutOfScopeAndDriftOnTheStacksGroupStillPages() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline =
          lab.assemblyWith(
              APP_STACK,
              appStack(lab.vpc(), Lab.JSON.getNodeFactory().textNode("https from the VPC")),
              work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();
      JsonNode app = clean.stack(APP_STACK);
      assertThat(app.path("problems")).isEmpty();
      assertThat(app.path("outOfScope").path("AWS::DynamoDB::Table").asInt()).isEqualTo(1);
      assertThat(app.path("outOfScope").path("AWS::SQS::Queue").asInt()).isEqualTo(1);
      assertThat(app.path("checked").path("AWS::EC2::SecurityGroup").asInt()).isEqualTo(2);
      assertThat(app.path("notCheckedResources")).isEmpty();

      String appGroup = lab.aws.cloudFormation().physicalId(APP_STACK, "AppSg");
      lab.ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(appGroup)
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(22)
                              .toPort(22)
                              .ipRanges(i -> i.cidrIp("0.0.0.0/0"))));

      Lab.Scan drifted = lab.scan(baseline);

      assertThat(drifted.exitCode()).as(drifted.report().toPrettyString()).isEqualTo(2);
      assertThat(drifted.findings())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
                assertThat(f.path("stack").asText()).isEqualTo(APP_STACK);
                assertThat(f.path("physicalId").asText()).isEqualTo(appGroup);
                assertThat(f.path("live").asText()).isEqualTo("ingress tcp 22 from 0.0.0.0/0");
              });
    }
  }

  @Test
  void aValueNetdriftCannotResolveIsNotCheckedNeverUnmanaged() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      JsonNode unknown = Lab.JSON.readTree("{\"Fn::NotYetKnown\": [\"https\"]}");
      Path baseline =
          lab.assemblyWith(APP_STACK, appStack(lab.vpc(), unknown), work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
      JsonNode app = scan.stack(APP_STACK);
      assertThat(app.path("problems").toString()).contains("Fn::NotYetKnown is not supported yet");
      assertThat(app.path("notCheckedResources"))
          .singleElement()
          .satisfies(
              u -> {
                assertThat(u.path("type").asText()).isEqualTo("AWS::EC2::SecurityGroup");
                assertThat(u.path("logicalId").asText()).isEqualTo("AppSg");
              });
      assertThat(app.path("checked").path("AWS::EC2::SecurityGroup").asInt()).isEqualTo(1);
      assertThat(app.path("notChecked").path("AWS::EC2::SecurityGroup").asInt()).isEqualTo(1);
      // The group, its rules and the production stack's view of the worker group: no finding.
      assertThat(kinds(scan)).as(scan.report().toPrettyString()).isEmpty();
    }
  }

  @Test
  void anotherStacksOutputReadWithGetStackOutputIsResolved() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode shared =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.55.0.0/16"}}},
                   "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}}}}
                  """);
      Path withShared = lab.assemblyWith("SharedNetwork", shared, work.resolve("shared"));
      ObjectNode consumer =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {"Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                    "GroupDescription": "reads the shared VPC without an export",
                    "VpcId": {"Fn::GetStackOutput": {"StackName": "SharedNetwork", "OutputName": "VpcId"}}}}}}
                  """);
      Path baseline = lab.assemblyWith(withShared, "Consumer", consumer, work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.stack("Consumer").path("checked").path("AWS::EC2::SecurityGroup").asInt())
          .isEqualTo(1);
    }
  }
}
