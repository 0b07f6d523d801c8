package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.emulator.CloudFormationModel;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second cloud assembly, written by hand and shaped like an application team's CDK app: a network
 * stack, an application stack (a database, a service, functions in the VPC, an internal load
 * balancer, a table, a queue) and a nested stack two levels deep holding groups and ACLs. Deployed
 * as is it scans in sync; each change made by hand is found exactly once, in the stack that owns
 * it, named by its path.
 */
class OrdersAppTest {
  static final String NETWORK = "OrdersNetwork";
  static final String APP = "OrdersApp";
  static final String SECURITY = "OrdersApp/Security";
  static final String DEEP = "OrdersApp/Security/Deep";

  static Path assembly() {
    try {
      return Path.of(OrdersAppTest.class.getResource("/orders-app/manifest.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The physical id of {@code logicalId} in the stack at {@code path} (nested ones by path). */
  static String physical(Lab lab, String path, String logicalId) {
    String[] parts = path.split("/");
    String stack = parts[0];
    for (int i = 1; i < parts.length; i++) {
      String arn = lab.aws.cloudFormation().physicalId(stack, parts[i]);
      stack = lab.aws.cloudFormation().find(arn).map(CloudFormationModel.Stack::name).orElseThrow();
    }
    return lab.aws.cloudFormation().physicalId(stack, logicalId);
  }

  /** Changes a resource through Cloud Control, as a JSON Patch, the way any tool can. */
  static void patch(Lab lab, String type, String identifier, String patch) {
    lab.cloudControl.updateResource(
        r -> r.typeName(type).identifier(identifier).patchDocument(patch));
  }

  @Test
  void deployedAsApprovedEveryStackNestedOnesIncludedScansInSync() throws Exception {
    try (Lab lab = new Lab(assembly())) {
      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      List<String> names = new ArrayList<>();
      scan.report().path("stacks").forEach(s -> names.add(s.path("stackName").asText()));
      assertThat(names).containsExactly(NETWORK, APP, SECURITY, DEEP, OrdersSegmentsTest.SEGMENTS);
      JsonNode app = scan.stack(APP);
      assertThat(app.path("outOfScope").fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "AWS::CDK::Metadata",
              "AWS::CloudFormation::Stack",
              "AWS::DynamoDB::Table",
              "AWS::ECS::Cluster",
              "AWS::IAM::Role",
              "AWS::RDS::DBSubnetGroup",
              "AWS::SQS::Queue");
      assertThat(app.path("checked").toString())
          .isEqualTo(
              "{\"AWS::EC2::SecurityGroup\":1,\"AWS::ECS::Service\":1,"
                  + "\"AWS::ElasticLoadBalancingV2::Listener\":1,"
                  + "\"AWS::ElasticLoadBalancingV2::LoadBalancer\":1,"
                  + "\"AWS::Lambda::Function\":2,\"AWS::RDS::DBInstance\":1}");
      assertThat(scan.stack(DEEP).path("checked").toString())
          .isEqualTo(
              "{\"AWS::EC2::NetworkAcl\":1,\"AWS::EC2::NetworkAclEntry\":1,"
                  + "\"AWS::EC2::SecurityGroup\":1}");
      scan.report()
          .path("stacks")
          .forEach(
              s -> {
                assertThat(s.path("problems")).as(s.toPrettyString()).isEmpty();
                assertThat(s.path("notCheckedResources")).as(s.toPrettyString()).isEmpty();
              });
    }
  }

  interface Change {
    void apply(Lab lab) throws Exception;
  }

  static Arguments drift(
      String name,
      Change change,
      String kind,
      String stack,
      String logicalId,
      String property,
      String live) {
    return Arguments.of(name, change, kind, stack, logicalId, property, live);
  }

  static Stream<Arguments> drifts() {
    return Stream.of(
        drift(
            "the database made publicly accessible",
            lab ->
                patch(
                    lab,
                    "AWS::RDS::DBInstance",
                    physical(lab, APP, "Database"),
                    "[{\"op\":\"replace\",\"path\":\"/PubliclyAccessible\",\"value\":true}]"),
            "CHANGED",
            APP,
            "Database",
            "PubliclyAccessible",
            "true"),
        drift(
            "the database's group detached",
            lab ->
                patch(
                    lab,
                    "AWS::RDS::DBInstance",
                    physical(lab, APP, "Database"),
                    "[{\"op\":\"replace\",\"path\":\"/VPCSecurityGroups\",\"value\":[]}]"),
            "CHANGED",
            APP,
            "Database",
            "SecurityGroups",
            ""),
        drift(
            "the service's group added to the function's VPC config",
            lab ->
                patch(
                    lab,
                    "AWS::Lambda::Function",
                    physical(lab, APP, "Worker"),
                    "[{\"op\":\"add\",\"path\":\"/VpcConfig/SecurityGroupIds/-\",\"value\":\""
                        + physical(lab, NETWORK, "AppSg")
                        + "\"}]"),
            "CHANGED",
            APP,
            "Worker",
            "SecurityGroups",
            null),
        drift(
            "public addresses turned on for the service's tasks",
            lab ->
                patch(
                    lab,
                    "AWS::ECS::Service",
                    physical(lab, APP, "Service") + "|orders",
                    "[{\"op\":\"replace\",\"path\":\"/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp\",\"value\":\"ENABLED\"}]"),
            "CHANGED",
            APP,
            "Service",
            "AssignPublicIp",
            "ENABLED"),
        drift(
            "the load balancer's groups swapped for the service's",
            lab ->
                patch(
                    lab,
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    physical(lab, APP, "Alb"),
                    "[{\"op\":\"replace\",\"path\":\"/SecurityGroups\",\"value\":[\""
                        + physical(lab, NETWORK, "AppSg")
                        + "\"]}]"),
            "CHANGED",
            APP,
            "Alb",
            "SecurityGroups",
            null),
        drift(
            "the listener moved to another port",
            lab ->
                patch(
                    lab,
                    "AWS::ElasticLoadBalancingV2::Listener",
                    physical(lab, APP, "AlbHttp"),
                    "[{\"op\":\"replace\",\"path\":\"/Port\",\"value\":8081}]"),
            "CHANGED",
            APP,
            "AlbHttp",
            "Port",
            "8081"),
        drift(
            "SSH opened on a group in the nested stack",
            lab ->
                lab.ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(physical(lab, SECURITY, "BatchSg"))
                            .ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .cidrIp("0.0.0.0/0")),
            "UNMANAGED",
            SECURITY,
            "BatchSg",
            "ingress tcp 22 from 0.0.0.0/0",
            "ingress tcp 22 from 0.0.0.0/0"),
        drift(
            "a NACL entry added in the nested stack",
            lab ->
                lab.ec2.createNetworkAclEntry(
                    r ->
                        r.networkAclId(physical(lab, SECURITY, "BatchAcl"))
                            .ruleNumber(90)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(3389).to(3389))),
            "UNMANAGED",
            SECURITY,
            "BatchAcl",
            "Entries[ingress 90]",
            null),
        drift(
            "an egress rule opened on a group two stacks deep",
            lab ->
                lab.ec2.authorizeSecurityGroupEgress(
                    r ->
                        r.groupId(physical(lab, DEEP, "AuditSg"))
                            .ipPermissions(
                                p -> p.ipProtocol("-1").ipRanges(i -> i.cidrIp("0.0.0.0/0")))),
            "UNMANAGED",
            DEEP,
            "AuditSg",
            "egress all to 0.0.0.0/0",
            null),
        drift(
            "the syslog entry of the deep ACL deleted",
            lab ->
                lab.ec2.deleteNetworkAclEntry(
                    r ->
                        r.networkAclId(physical(lab, DEEP, "AuditAcl"))
                            .ruleNumber(100)
                            .egress(false)),
            "MISSING",
            DEEP,
            "AuditAcl",
            "Entries[ingress 100]",
            null),
        drift(
            "a rule added to the application's group in the network's VPC",
            lab ->
                lab.ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(physical(lab, APP, "WorkerSg"))
                            .ipProtocol("tcp")
                            .fromPort(5005)
                            .toPort(5005)
                            .cidrIp("10.0.0.0/8")),
            "UNMANAGED",
            APP,
            "WorkerSg",
            "ingress tcp 5005 from 10.0.0.0/8",
            null),
        drift(
            "the database's rule from the service revoked",
            lab ->
                lab.ec2.revokeSecurityGroupIngress(
                    r ->
                        r.groupId(physical(lab, NETWORK, "DbSg"))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(5432)
                                        .toPort(5432)
                                        .userIdGroupPairs(
                                            g -> g.groupId(physical(lab, NETWORK, "AppSg"))))),
            "MISSING",
            NETWORK,
            "DbSg",
            null,
            null),
        drift(
            "a group made by hand in the network's VPC",
            lab ->
                lab.ec2.createSecurityGroup(
                    r ->
                        r.groupName("console-made")
                            .description("made in the console")
                            .vpcId(physical(lab, NETWORK, "Vpc"))),
            "UNMANAGED",
            NETWORK,
            "",
            null,
            null),
        drift(
            "the data ACL's Postgres entry widened to the world",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(physical(lab, NETWORK, "DataAcl"))
                            .ruleNumber(100)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(5432).to(5432))),
            "CHANGED",
            NETWORK,
            "DataAcl",
            "Entries[ingress 100].CidrBlock",
            "0.0.0.0/0"),
        drift(
            "a route out of the data subnets added",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(physical(lab, NETWORK, "DataRoutes"))
                            .destinationCidrBlock("0.0.0.0/0")
                            .gatewayId("igw-0123456789abcdef0")),
            "UNMANAGED",
            NETWORK,
            "DataRoutes",
            "Routes[0.0.0.0/0]",
            null),
        drift(
            "the service moved to the data subnets",
            lab ->
                patch(
                    lab,
                    "AWS::ECS::Service",
                    physical(lab, APP, "Service") + "|orders",
                    "[{\"op\":\"replace\",\"path\":\"/NetworkConfiguration/AwsvpcConfiguration/Subnets\",\"value\":[\""
                        + physical(lab, NETWORK, "DataSubnetA")
                        + "\"]}]"),
            "CHANGED",
            APP,
            "Service",
            "Subnets",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drifts")
  void eachChangeByHandIsFoundExactlyOnceWhereItBelongs(
      String name,
      Change change,
      String kind,
      String stack,
      String logicalId,
      String property,
      String live)
      throws Exception {
    try (Lab lab = new Lab(assembly())) {
      change.apply(lab);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo(kind);
                assertThat(f.path("stack").asText()).isEqualTo(stack);
                assertThat(f.path("logicalId").asText()).isEqualTo(logicalId);
                if (property != null) {
                  assertThat(f.path("property").asText()).isEqualTo(property);
                }
                if (live != null) {
                  assertThat(f.path("live").asText()).isEqualTo(live);
                }
              });
    }
  }

  @Test
  void aDatabaseMadePublicIsAWidenedInternetExposureWithTheCallThatPutsItBack() throws Exception {
    try (Lab lab = new Lab(assembly())) {
      String db = physical(lab, APP, "Database");
      patch(
          lab,
          "AWS::RDS::DBInstance",
          db,
          "[{\"op\":\"replace\",\"path\":\"/PubliclyAccessible\",\"value\":true}]");

      Lab.Scan scan = lab.scan();

      JsonNode finding = scan.findings().get(0);
      assertThat(finding.path("approved").asText()).isEqualTo("false");
      assertThat(finding.path("exposure").path("access").asText()).isEqualTo("widened");
      assertThat(finding.path("exposure").path("internet").asBoolean()).isTrue();
      assertThat(finding.path("remediation").path("commands").get(0).asText())
          .isEqualTo(
              "aws rds modify-db-instance --region eu-west-1 --db-instance-identifier "
                  + db
                  + " --no-publicly-accessible --apply-immediately");
    }
  }

  /** The assembly copied into {@code dir} with one template edited, as another spelling. */
  static Path respelled(Path dir, String template, java.util.function.Consumer<JsonNode> edit)
      throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir);
    try (Stream<Path> files = java.nio.file.Files.list(assembly())) {
      for (Path f : files.toList()) {
        java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path file = dir.resolve(template);
    JsonNode root = Lab.JSON.readTree(java.nio.file.Files.readString(file));
    edit.accept(root);
    java.nio.file.Files.writeString(file, root.toPrettyString());
    return dir;
  }

  static com.fasterxml.jackson.databind.node.ObjectNode at(JsonNode root, String pointer) {
    return (com.fasterxml.jackson.databind.node.ObjectNode) root.at(pointer);
  }

  static Arguments same(String name, String template, java.util.function.Consumer<JsonNode> edit) {
    return Arguments.of(name, template, edit);
  }

  static Stream<Arguments> spellings() {
    String network = "OrdersNetwork.template.json";
    String app = "OrdersApp.template.json";
    return Stream.of(
        same(
            "a rule's protocol as its number",
            network,
            t ->
                at(t, "/Resources/AlbSg/Properties/SecurityGroupIngress/0").put("IpProtocol", "6")),
        same(
            "a rule's ports as strings",
            network,
            t ->
                at(t, "/Resources/DbFromApp/Properties")
                    .put("FromPort", "5432")
                    .put("ToPort", "5432")),
        same(
            "a rule's CIDR with host bits set",
            network,
            t ->
                at(t, "/Resources/AlbSg/Properties/SecurityGroupIngress/0")
                    .put("CidrIp", "10.1.2.3/8")),
        same(
            "an ACL entry's protocol as a string",
            network,
            t -> at(t, "/Resources/DataAclReturnOut/Properties").put("Protocol", "6")),
        same(
            "the database's public access said as false",
            app,
            t -> at(t, "/Resources/Database/Properties").put("PubliclyAccessible", false)),
        same(
            "the service's public addresses said as disabled",
            app,
            t ->
                at(t, "/Resources/Service/Properties/NetworkConfiguration/AwsvpcConfiguration")
                    .put("AssignPublicIp", "DISABLED")),
        same(
            "a function outside any VPC with an empty VPC config",
            app,
            t -> {
              com.fasterxml.jackson.databind.node.ObjectNode vpc =
                  at(t, "/Resources/Notifier/Properties").putObject("VpcConfig");
              vpc.putArray("SecurityGroupIds");
              vpc.putArray("SubnetIds");
            }),
        same(
            "the load balancer's subnets as subnet mappings",
            app,
            t -> {
              com.fasterxml.jackson.databind.node.ObjectNode lb =
                  at(t, "/Resources/Alb/Properties");
              com.fasterxml.jackson.databind.node.ArrayNode mappings =
                  lb.putArray("SubnetMappings");
              for (int i = 0; i < 2; i++) {
                mappings
                    .addObject()
                    .putObject("SubnetId")
                    .putArray("Fn::Select")
                    .add(i)
                    .add(lb.get("Subnets").deepCopy());
              }
              lb.remove("Subnets");
            }),
        same(
            "the load balancer's scheme left to its default, internet-facing",
            app,
            t -> at(t, "/Resources/Alb/Properties").remove("Scheme")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void theSameNetworkSpelledAnotherWayScansInSync(
      String name,
      String template,
      java.util.function.Consumer<JsonNode> edit,
      @org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path respelled = respelled(dir.resolve("assembly"), template, edit);
    try (Lab lab = new Lab(respelled)) {
      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.findings()).isEmpty();
    }
  }
}
