package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.cdk.NetworkApp;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out-of-band changes to the full network from rules/, made through the AWS SDK against the
 * emulator: each must come out as exactly one finding of the right kind, resource and property.
 */
class DriftCorpusTest {
  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = work.resolve("cdk.out");
    NetworkApp.synthesize(Path.of("..", "rules"), assembly);
  }

  /** A change made by hand, and the one finding it must produce. */
  interface Change {
    void apply(Lab lab) throws Exception;
  }

  record Expected(String kind, String type, Function<Lab, String> physicalId, String property) {}

  static Arguments drift(
      String name,
      Change change,
      String kind,
      String type,
      Function<Lab, String> physical,
      String property) {
    return Arguments.of(name, change, new Expected(kind, type, physical, property));
  }

  static Function<Lab, String> sg(String prefix) {
    return lab -> lab.physical("AWS::EC2::SecurityGroup", prefix);
  }

  static Function<Lab, String> acl(String prefix) {
    return lab -> lab.physical("AWS::EC2::NetworkAcl", prefix);
  }

  static Function<Lab, String> defaultGroup() {
    return lab ->
        lab.ec2
            .describeSecurityGroups(
                r ->
                    r.filters(
                        f -> f.name("vpc-id").values(lab.vpc()),
                        f -> f.name("group-name").values("default")))
            .securityGroups()
            .get(0)
            .groupId();
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        drift(
            "a rule added to a group whose template has no ingress (the default group)",
            lab ->
                lab.ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(defaultGroup().apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(443)
                                        .toPort(443)
                                        .ipRanges(i -> i.cidrIp("10.0.0.0/8")))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            defaultGroup(),
            "ingress tcp 443 from 10.0.0.0/8"),
        drift(
            "an egress rule added to the default group",
            lab ->
                lab.ec2.authorizeSecurityGroupEgress(
                    r ->
                        r.groupId(defaultGroup().apply(lab))
                            .ipPermissions(
                                p -> p.ipProtocol("-1").ipRanges(i -> i.cidrIp("0.0.0.0/0")))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            defaultGroup(),
            "egress all to 0.0.0.0/0"),
        drift(
            "SSH opened to the world on the app group",
            lab ->
                lab.ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(sg("SecurityGroupsApp").apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(22)
                                        .toPort(22)
                                        .ipRanges(i -> i.cidrIp("0.0.0.0/0")))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress tcp 22 from 0.0.0.0/0"),
        drift(
            "RDP opened to the world over IPv6",
            lab ->
                lab.ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(sg("SecurityGroupsApp").apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(3389)
                                        .toPort(3389)
                                        .ipv6Ranges(i -> i.cidrIpv6("::/0")))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress tcp 3389 from ::/0"),
        drift(
            "the database rule widened from the app group to the internet",
            lab -> {
              String db = sg("SecurityGroupsDb").apply(lab);
              String app = sg("SecurityGroupsApp").apply(lab);
              lab.ec2.revokeSecurityGroupIngress(
                  r ->
                      r.groupId(db)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(5432)
                                      .toPort(5432)
                                      .userIdGroupPairs(g -> g.groupId(app))));
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(db)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(5432)
                                      .toPort(5432)
                                      .ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
            },
            "CHANGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsDb"),
            "ingress"),
        drift(
            "the app group's port range widened",
            lab -> {
              String app = sg("SecurityGroupsApp").apply(lab);
              String alb = sg("SecurityGroupsAlb").apply(lab);
              lab.ec2.revokeSecurityGroupIngress(
                  r ->
                      r.groupId(app)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(8080)
                                      .toPort(8080)
                                      .userIdGroupPairs(g -> g.groupId(alb))));
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(app)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(0)
                                      .toPort(65535)
                                      .userIdGroupPairs(g -> g.groupId(alb))));
            },
            "CHANGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress"),
        drift(
            "an approved egress rule removed",
            lab ->
                lab.ec2.revokeSecurityGroupEgress(
                    r ->
                        r.groupId(sg("SecurityGroupsApp").apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(443)
                                        .toPort(443)
                                        .ipRanges(i -> i.cidrIp("0.0.0.0/0")))),
            "MISSING",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "egress tcp 443 to 0.0.0.0/0"),
        drift(
            "an all-traffic egress added to the database group",
            lab ->
                lab.ec2.authorizeSecurityGroupEgress(
                    r ->
                        r.groupId(sg("SecurityGroupsDb").apply(lab))
                            .ipPermissions(
                                p -> p.ipProtocol("-1").ipRanges(i -> i.cidrIp("0.0.0.0/0")))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsDb"),
            "egress all to 0.0.0.0/0"),
        drift(
            "a security group created by hand in the production VPC",
            lab ->
                lab.ec2.createSecurityGroup(
                    r -> r.groupName("debug").description("temporary").vpcId(lab.vpc())),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            null,
            ""),
        drift(
            "a NACL entry added to the data tier",
            lab ->
                lab.ec2.createNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsData").apply(lab))
                            .ruleNumber(200)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(5432).to(5432))),
            "UNMANAGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Entries[ingress 200]"),
        drift(
            "a NACL entry's source widened to the internet",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsData").apply(lab))
                            .ruleNumber(100)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(5432).to(5432))),
            "CHANGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Entries[ingress 100].CidrBlock"),
        drift(
            "the NACL deny for SSH switched to allow",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsPublic").apply(lab))
                            .ruleNumber(90)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(22).to(22))),
            "CHANGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsPublic"),
            "Entries[ingress 90].RuleAction"),
        drift(
            "the NACL deny for RDP deleted",
            lab ->
                lab.ec2.deleteNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsPublic").apply(lab))
                            .ruleNumber(91)
                            .egress(false)),
            "MISSING",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsPublic"),
            "Entries[ingress 91]"),
        drift(
            "a NACL egress entry's ports changed",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsData").apply(lab))
                            .ruleNumber(100)
                            .egress(true)
                            .protocol("6")
                            .ruleAction("allow")
                            .cidrBlock("10.10.0.0/16")
                            .portRange(p -> p.from(0).to(65535))),
            "CHANGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Entries[egress 100].PortRange.From"),
        drift(
            "a data subnet moved to the VPC's default NACL",
            lab -> {
              String data = acl("NetworkAclsData").apply(lab);
              String defaultAcl =
                  lab
                      .ec2
                      .describeNetworkAcls(r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                      .networkAcls()
                      .stream()
                      .filter(a -> a.isDefault())
                      .findFirst()
                      .orElseThrow()
                      .networkAclId();
              String association =
                  lab
                      .ec2
                      .describeNetworkAcls(r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                      .networkAcls()
                      .stream()
                      .filter(a -> a.networkAclId().equals(data))
                      .findFirst()
                      .orElseThrow()
                      .associations()
                      .get(0)
                      .networkAclAssociationId();
              lab.ec2.replaceNetworkAclAssociation(
                  r -> r.associationId(association).networkAclId(defaultAcl));
            },
            "CHANGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Subnets"),
        drift(
            "a network ACL created by hand in the production VPC",
            lab -> lab.ec2.createNetworkAcl(r -> r.vpcId(lab.vpc())),
            "UNMANAGED",
            "AWS::EC2::NetworkAcl",
            null,
            ""),
        drift(
            "a subnet created by hand in the production VPC",
            lab ->
                lab.ec2.createSubnet(
                    r ->
                        r.vpcId(lab.vpc())
                            .cidrBlock("10.10.200.0/24")
                            .availabilityZone("eu-west-1a")),
            "UNMANAGED",
            "AWS::EC2::Subnet",
            null,
            ""),
        drift(
            "the VPC flow log deleted",
            lab ->
                lab.ec2.deleteFlowLogs(r -> r.flowLogIds(lab.physical("AWS::EC2::FlowLog", "Vpc"))),
            "MISSING",
            "AWS::EC2::FlowLog",
            lab -> lab.physical("AWS::EC2::FlowLog", "Vpc"),
            ""),
        drift(
            "the internet gateway detached from the VPC",
            lab ->
                lab.ec2.detachInternetGateway(
                    r ->
                        r.internetGatewayId(lab.physical("AWS::EC2::InternetGateway", "Vpc"))
                            .vpcId(lab.vpc())),
            "CHANGED",
            "AWS::EC2::InternetGateway",
            lab -> lab.physical("AWS::EC2::InternetGateway", "Vpc"),
            "Attachments"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachOutOfBandChangeIsExactlyOneFinding(String name, Change change, Expected expected)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      change.apply(lab);

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      assertThat(scan.findings())
          .as(scan.report().path("findings").toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo(expected.kind());
                assertThat(f.path("resourceType").asText()).isEqualTo(expected.type());
                if (expected.physicalId() != null) {
                  assertThat(f.path("physicalId").asText())
                      .isEqualTo(expected.physicalId().apply(lab));
                }
                assertThat(f.path("property").asText()).isEqualTo(expected.property());
              });
    }
  }

  @Test
  void theFullNetworkScansCleanRightAfterDeploy() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.findings()).isEmpty();
      List<String> checked =
          List.of(
              "AWS::EC2::NetworkAcl",
              "AWS::EC2::Subnet",
              "AWS::EC2::SecurityGroup",
              "AWS::EC2::FlowLog");
      for (String type : checked) {
        assertThat(scan.report().path("stacks").get(0).path("checked").path(type).asInt())
            .as(type)
            .isPositive();
      }
    }
  }
}
