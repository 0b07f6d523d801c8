package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
@SuppressWarnings("unchecked")
class DriftCorpusTest {
  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  /** A change made by hand, and the one finding it must produce. */
  interface Change {
    void apply(Lab lab) throws Exception;
  }

  /** A change made by hand that returns the physical id it touched or created. */
  interface Made {
    String apply(Lab lab) throws Exception;
  }

  /** One expected finding: kind, resource type, physical id and property path. */
  record Expected(
      String kind, String type, Function<Lab, String> physicalId, Function<Lab, String> property) {}

  static Arguments drift(
      String name,
      Change change,
      String kind,
      String type,
      Function<Lab, String> physical,
      String property) {
    return Arguments.of(name, change, List.of(new Expected(kind, type, physical, lab -> property)));
  }

  /** A case whose finding is on the resource the change itself names (by returning its id). */
  static Arguments made(String name, Made change, String kind, String type, String property) {
    java.util.concurrent.atomic.AtomicReference<String> touched =
        new java.util.concurrent.atomic.AtomicReference<>();
    return drift(
        name, lab -> touched.set(change.apply(lab)), kind, type, lab -> touched.get(), property);
  }

  static Arguments driftAll(String name, Change change, Expected... expected) {
    return Arguments.of(name, change, List.of(expected));
  }

  static Expected expect(
      String kind, String type, Function<Lab, String> physical, Function<Lab, String> property) {
    return new Expected(kind, type, physical, property);
  }

  static Function<Lab, String> sg(String prefix) {
    return lab -> lab.physical("AWS::EC2::SecurityGroup", prefix);
  }

  static Function<Lab, String> acl(String prefix) {
    return lab -> lab.physical("AWS::EC2::NetworkAcl", prefix);
  }

  static Function<Lab, String> webAcl() {
    return lab -> lab.physical("AWS::WAFv2::WebACL", "WebAcl");
  }

  static Function<Lab, String> stackId() {
    return lab -> lab.aws.cloudFormation().find(Lab.PRODUCTION).orElseThrow().stackId();
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
    return Stream.concat(
        Stream.of(
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
            made(
                "a security group created by hand in the production VPC",
                lab ->
                    lab.ec2
                        .createSecurityGroup(
                            r -> r.groupName("debug").description("temporary").vpcId(lab.vpc()))
                        .groupId(),
                "UNMANAGED",
                "AWS::EC2::SecurityGroup",
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
                          .describeNetworkAcls(
                              r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                          .networkAcls()
                          .stream()
                          .filter(a -> a.isDefault())
                          .findFirst()
                          .orElseThrow()
                          .networkAclId();
                  String association =
                      lab
                          .ec2
                          .describeNetworkAcls(
                              r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
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
            made(
                "a network ACL created by hand in the production VPC",
                lab ->
                    lab.ec2.createNetworkAcl(r -> r.vpcId(lab.vpc())).networkAcl().networkAclId(),
                "UNMANAGED",
                "AWS::EC2::NetworkAcl",
                ""),
            made(
                "a subnet created by hand in the production VPC",
                lab ->
                    lab.ec2
                        .createSubnet(
                            r ->
                                r.vpcId(lab.vpc())
                                    .cidrBlock("10.10.200.0/24")
                                    .availabilityZone("eu-west-1a"))
                        .subnet()
                        .subnetId(),
                "UNMANAGED",
                "AWS::EC2::Subnet",
                ""),
            drift(
                "the VPC flow log deleted",
                lab ->
                    lab.ec2.deleteFlowLogs(
                        r -> r.flowLogIds(lab.physical("AWS::EC2::FlowLog", "Vpc"))),
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
                "Attachments"),
            // Routes.
            drift(
                "a route to the internet gateway added to the data tier",
                lab ->
                    lab.ec2.createRoute(
                        r ->
                            r.routeTableId(lab.routeTable("VpcdataSubnet1"))
                                .destinationCidrBlock("0.0.0.0/0")
                                .gatewayId(lab.physical("AWS::EC2::InternetGateway", "Vpc"))),
                "UNMANAGED",
                "AWS::EC2::RouteTable",
                lab -> lab.routeTable("VpcdataSubnet1"),
                "Routes[0.0.0.0/0]"),
            drift(
                "the app tier's default route sent straight to the NAT gateway, around the firewall",
                lab ->
                    lab.ec2.replaceRoute(
                        r ->
                            r.routeTableId(lab.routeTable("VpcappSubnet1"))
                                .destinationCidrBlock("0.0.0.0/0")
                                .natGatewayId(
                                    lab.physical("AWS::EC2::NatGateway", "VpcpublicSubnet1"))),
                "CHANGED",
                "AWS::EC2::RouteTable",
                lab -> lab.routeTable("VpcappSubnet1"),
                "Routes[0.0.0.0/0]"),
            driftAll(
                "the return route through the firewall deleted from a public subnet",
                lab ->
                    lab.ec2.deleteRoute(
                        r ->
                            r.routeTableId(lab.routeTable("VpcpublicSubnet1"))
                                .destinationCidrBlock(lab.subnetCidr("VpcappSubnet1"))),
                expect(
                    "MISSING",
                    "AWS::EC2::RouteTable",
                    lab -> lab.routeTable("VpcpublicSubnet1"),
                    lab -> "Routes[" + lab.subnetCidr("VpcappSubnet1") + "]")),
            driftAll(
                "a data subnet moved to the public route table",
                lab -> {
                  String association =
                      lab
                          .ec2
                          .describeRouteTables(
                              r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                          .routeTables()
                          .stream()
                          .filter(t -> t.routeTableId().equals(lab.routeTable("VpcdataSubnet1")))
                          .findFirst()
                          .orElseThrow()
                          .associations()
                          .get(0)
                          .routeTableAssociationId();
                  lab.ec2.replaceRouteTableAssociation(
                      r ->
                          r.associationId(association)
                              .routeTableId(lab.routeTable("VpcpublicSubnet1")));
                },
                expect(
                    "CHANGED",
                    "AWS::EC2::RouteTable",
                    lab -> lab.routeTable("VpcdataSubnet1"),
                    lab -> "Subnets"),
                expect(
                    "CHANGED",
                    "AWS::EC2::RouteTable",
                    lab -> lab.routeTable("VpcpublicSubnet1"),
                    lab -> "Subnets")),
            made(
                "a route table created by hand in the production VPC",
                lab ->
                    lab.ec2.createRouteTable(r -> r.vpcId(lab.vpc())).routeTable().routeTableId(),
                "UNMANAGED",
                "AWS::EC2::RouteTable",
                ""),
            // Network Firewall.
            drift(
                "a Suricata drop rule changed to alert",
                lab ->
                    lab.editRules(
                        "FirewallKnownBad",
                        rules -> rules.replaceFirst("drop ip \\[192", "alert ip [192")),
                "CHANGED",
                "AWS::NetworkFirewall::RuleGroup",
                lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallKnownBad"),
                "RuleGroup.RulesSource.RulesString[sid 1000001]"),
            drift(
                "a Suricata drop rule changed to pass",
                lab ->
                    lab.editRules(
                        "FirewallOutboundSsh", rules -> rules.replace("drop tcp", "pass tcp")),
                "CHANGED",
                "AWS::NetworkFirewall::RuleGroup",
                lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallOutboundSsh"),
                "RuleGroup.RulesSource.RulesString[sid 1000102]"),
            drift(
                "a Suricata rule added",
                lab ->
                    lab.editRules(
                        "FirewallKnownBad",
                        rules ->
                            rules
                                + "\npass ip any any -> any any (msg:\"allow all\"; sid:1999999; rev:1;)"),
                "UNMANAGED",
                "AWS::NetworkFirewall::RuleGroup",
                lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallKnownBad"),
                "RuleGroup.RulesSource.RulesString[sid 1999999]"),
            drift(
                "a Suricata rule removed",
                lab ->
                    lab.editRules(
                        "FirewallOutboundSsh", rules -> rules.substring(0, rules.indexOf('\n'))),
                "MISSING",
                "AWS::NetworkFirewall::RuleGroup",
                lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallOutboundSsh"),
                "RuleGroup.RulesSource.RulesString[sid 1000102]"),
            drift(
                "a domain added to the egress allow-list",
                DriftCorpusMoreCases.domains(
                    targets -> {
                      targets.add(".pastebin.com");
                      return targets;
                    }),
                "CHANGED",
                "AWS::NetworkFirewall::RuleGroup",
                lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallEgressDomains"),
                "RuleGroup.RulesSource.RulesSourceList.Targets"),
            driftAll(
                "a rule group removed from the firewall policy",
                lab ->
                    lab.editPolicy(
                        policy ->
                            policy.toBuilder()
                                .statefulRuleGroupReferences(
                                    policy.statefulRuleGroupReferences().stream()
                                        .filter(
                                            ref ->
                                                !ref.resourceArn()
                                                    .endsWith("production-outbound-ssh"))
                                        .toList())
                                .build()),
                expect(
                    "MISSING",
                    "AWS::NetworkFirewall::FirewallPolicy",
                    lab -> lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall"),
                    lab ->
                        "FirewallPolicy.StatefulRuleGroupReferences["
                            + lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallOutboundSsh")
                            + "]")),
            driftAll(
                "a rule group's priority in the policy changed",
                lab ->
                    lab.editPolicy(
                        policy ->
                            policy.toBuilder()
                                .statefulRuleGroupReferences(
                                    policy.statefulRuleGroupReferences().stream()
                                        .map(
                                            ref ->
                                                ref.resourceArn()
                                                        .endsWith("production-egress-domains")
                                                    ? ref.toBuilder().priority(50).build()
                                                    : ref)
                                        .toList())
                                .build()),
                expect(
                    "CHANGED",
                    "AWS::NetworkFirewall::FirewallPolicy",
                    lab -> lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall"),
                    lab ->
                        "FirewallPolicy.StatefulRuleGroupReferences["
                            + lab.physical(
                                "AWS::NetworkFirewall::RuleGroup", "FirewallEgressDomains")
                            + "].Priority")),
            drift(
                "the stateless default action changed to pass",
                lab ->
                    lab.editPolicy(
                        policy -> policy.toBuilder().statelessDefaultActions("aws:pass").build()),
                "CHANGED",
                "AWS::NetworkFirewall::FirewallPolicy",
                lab -> lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall"),
                "FirewallPolicy.StatelessDefaultActions"),
            drift(
                "the stateful default drop removed",
                lab ->
                    lab.editPolicy(
                        policy ->
                            policy.toBuilder()
                                .statefulDefaultActions("aws:alert_established")
                                .build()),
                "CHANGED",
                "AWS::NetworkFirewall::FirewallPolicy",
                lab -> lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall"),
                "FirewallPolicy.StatefulDefaultActions"),
            drift(
                "firewall delete protection turned off",
                lab -> {
                  String arn = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
                  String token =
                      lab.firewall.describeFirewall(r -> r.firewallArn(arn)).updateToken();
                  lab.firewall.updateFirewallDeleteProtection(
                      r -> r.firewallArn(arn).deleteProtection(false).updateToken(token));
                },
                "CHANGED",
                "AWS::NetworkFirewall::Firewall",
                lab -> lab.physical("AWS::NetworkFirewall::Firewall", "Firewall"),
                "DeleteProtection"),
            drift(
                "firewall alert logging switched off",
                lab -> {
                  String arn = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
                  var config =
                      lab.firewall
                          .describeLoggingConfiguration(r -> r.firewallArn(arn))
                          .loggingConfiguration();
                  var kept =
                      config.logDestinationConfigs().stream()
                          .filter(d -> !d.logTypeAsString().equals("ALERT"))
                          .toList();
                  lab.firewall.updateLoggingConfiguration(
                      r ->
                          r.firewallArn(arn)
                              .loggingConfiguration(c -> c.logDestinationConfigs(kept)));
                },
                "MISSING",
                "AWS::NetworkFirewall::Firewall",
                lab -> lab.physical("AWS::NetworkFirewall::Firewall", "Firewall"),
                "Logging[ALERT]"),
            // WAF.
            drift(
                "the rate-limit rule switched to Count",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.rules(
                                lab.webAclRules().stream()
                                    .map(
                                        rule ->
                                            rule.name().equals("rate-limit")
                                                ? rule.toBuilder()
                                                    .action(
                                                        software.amazon.awssdk.services.wafv2.model
                                                            .RuleAction.builder()
                                                            .count(
                                                                software.amazon.awssdk.services
                                                                    .wafv2.model.CountAction
                                                                    .builder()
                                                                    .build())
                                                            .build())
                                                    .build()
                                                : rule)
                                    .toList())),
                "CHANGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Rules[rate-limit].Action"),
            drift(
                "a managed rule group removed from the web ACL",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.rules(
                                lab.webAclRules().stream()
                                    .filter(
                                        rule -> !rule.name().equals("AWSManagedRulesSQLiRuleSet"))
                                    .toList())),
                "MISSING",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Rules[AWSManagedRulesSQLiRuleSet]"),
            drift(
                "a managed group's rule-action override changed from count to allow",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.rules(
                                lab.webAclRules().stream()
                                    .map(
                                        rule ->
                                            rule.name().equals("AWSManagedRulesCommonRuleSet")
                                                ? rule.toBuilder()
                                                    .statement(
                                                        st ->
                                                            st.managedRuleGroupStatement(
                                                                rule
                                                                    .statement()
                                                                    .managedRuleGroupStatement()
                                                                    .toBuilder()
                                                                    .ruleActionOverrides(
                                                                        o ->
                                                                            o.name(
                                                                                    "SizeRestrictions_BODY")
                                                                                .actionToUse(
                                                                                    software.amazon
                                                                                        .awssdk
                                                                                        .services
                                                                                        .wafv2.model
                                                                                        .RuleAction
                                                                                        .builder()
                                                                                        .allow(
                                                                                            software
                                                                                                .amazon
                                                                                                .awssdk
                                                                                                .services
                                                                                                .wafv2
                                                                                                .model
                                                                                                .AllowAction
                                                                                                .builder()
                                                                                                .build())
                                                                                        .build()))
                                                                    .build()))
                                                    .build()
                                                : rule)
                                    .toList())),
                "CHANGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Rules[AWSManagedRulesCommonRuleSet].Statement.ManagedRuleGroupStatement.RuleActionOverrides"),
            drift(
                "the rate limit raised",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.rules(
                                lab.webAclRules().stream()
                                    .map(
                                        rule ->
                                            rule.name().equals("rate-limit")
                                                ? rule.toBuilder()
                                                    .statement(
                                                        st ->
                                                            st.rateBasedStatement(
                                                                rule
                                                                    .statement()
                                                                    .rateBasedStatement()
                                                                    .toBuilder()
                                                                    .limit(100000L)
                                                                    .build()))
                                                    .build()
                                                : rule)
                                    .toList())),
                "CHANGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Rules[rate-limit].Statement.RateBasedStatement.Limit"),
            drift(
                "the web ACL's default action flipped to block",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.defaultAction(
                                software.amazon.awssdk.services.wafv2.model.DefaultAction.builder()
                                    .block(
                                        software.amazon.awssdk.services.wafv2.model.BlockAction
                                            .builder()
                                            .build())
                                    .build())),
                "CHANGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "DefaultAction"),
            drift(
                "a rule added to the web ACL",
                lab -> {
                  var rules = lab.webAclRules();
                  rules.add(
                      software.amazon.awssdk.services.wafv2.model.Rule.builder()
                          .name("allow-partner")
                          .priority(5)
                          .action(
                              software.amazon.awssdk.services.wafv2.model.RuleAction.builder()
                                  .allow(
                                      software.amazon.awssdk.services.wafv2.model.AllowAction
                                          .builder()
                                          .build())
                                  .build())
                          .statement(
                              st -> st.geoMatchStatement(g -> g.countryCodesWithStrings("NZ")))
                          .visibilityConfig(
                              v ->
                                  v.metricName("allow-partner")
                                      .cloudWatchMetricsEnabled(true)
                                      .sampledRequestsEnabled(true))
                          .build());
                  lab.editWebAcl(r -> r.rules(rules));
                },
                "UNMANAGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Rules[allow-partner]"),
            driftAll(
                "two rules' priorities swapped",
                lab ->
                    lab.editWebAcl(
                        r ->
                            r.rules(
                                lab.webAclRules().stream()
                                    .map(DriftCorpusTest::swapFirstTwo)
                                    .toList())),
                expect(
                    "CHANGED", "AWS::WAFv2::WebACL", webAcl(), lab -> "Rules[block-list].Priority"),
                expect(
                    "CHANGED",
                    "AWS::WAFv2::WebACL",
                    webAcl(),
                    lab -> "Rules[rate-limit].Priority")),
            drift(
                "an address added to the block-list IP set",
                DriftCorpusMoreCases.ipSet(
                    addresses -> {
                      addresses.add("192.0.2.0/24");
                      return addresses;
                    }),
                "CHANGED",
                "AWS::WAFv2::IPSet",
                lab -> lab.physical("AWS::WAFv2::IPSet", "WebAcl"),
                "Addresses"),
            driftAll(
                "the web ACL disassociated from the load balancer",
                lab ->
                    lab.waf.disassociateWebACL(
                        r ->
                            r.resourceArn(
                                lab.physical("AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge"))),
                expect(
                    "MISSING",
                    "AWS::WAFv2::WebACL",
                    webAcl(),
                    lab ->
                        "Associations["
                            + lab.physical("AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge")
                            + "]")),
            drift(
                "WAF logging disabled",
                lab -> {
                  String[] id = lab.webAclId();
                  String arn = lab.webAcl(id).arn();
                  lab.waf.deleteLoggingConfiguration(r -> r.resourceArn(arn));
                },
                "CHANGED",
                "AWS::WAFv2::WebACL",
                webAcl(),
                "Logging"),
            // The deployment itself.
            drift(
                "the stack deployed from a branch",
                lab -> {
                  JsonNode template =
                      Lab.JSON.readTree(
                          java.nio.file.Files.readString(
                              assembly.resolve(Lab.PRODUCTION + ".template.json")));
                  ((com.fasterxml.jackson.databind.node.ObjectNode) template)
                      .put("Description", "feature/loosen-edge");
                  lab.aws.cloudFormation().replaceTemplate(Lab.PRODUCTION, template.toString());
                },
                "UNAPPROVED_DEPLOYMENT",
                "AWS::CloudFormation::Stack",
                stackId(),
                "template")),
        DriftCorpusMoreCases.cases());
  }

  /** Block-list and rate-limit change places: priority 0 and 1 swapped. */
  static software.amazon.awssdk.services.wafv2.model.Rule swapFirstTwo(
      software.amazon.awssdk.services.wafv2.model.Rule rule) {
    if (rule.name().equals("block-list")) {
      return rule.toBuilder().priority(1).build();
    }
    return rule.name().equals("rate-limit") ? rule.toBuilder().priority(0).build() : rule;
  }

  /** The project's own severity rules: the corpus says how loud each drift is under them. */
  static final Path POLICY = Path.of("..", "rules", "drift-policy.yaml");

  /**
   * What each case's findings say, reviewed by hand: approved and live values, exposure, internet
   * and severity. Run with {@code -Dnetdrift.corpus.update=true} to write it anew, then review the
   * diff: a changed verdict is a changed behaviour.
   */
  static final Path VERDICTS = Path.of("src", "test", "resources", "corpus", "drift-verdicts.json");

  static final boolean UPDATE = Boolean.getBoolean("netdrift.corpus.update");
  static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  static final java.util.Map<String, JsonNode> recorded =
      java.util.Collections.synchronizedMap(new java.util.TreeMap<>());

  /** The verdict of each finding of a scan, in a stable order. */
  static List<JsonNode> verdicts(Lab.Scan scan) {
    return scan.findings().stream()
        .map(
            f -> {
              com.fasterxml.jackson.databind.node.ObjectNode v = JSON.createObjectNode();
              v.put("kind", f.path("kind").asText());
              v.put("resourceType", f.path("resourceType").asText());
              v.put("logicalId", f.path("logicalId").asText());
              v.put("property", f.path("property").asText());
              v.put("approved", withoutUuids(f.path("approved").asText()));
              v.put("live", withoutUuids(f.path("live").asText()));
              v.put("exposure", f.path("exposure").path("access").asText());
              v.put("internet", f.path("exposure").path("internet").asBoolean());
              v.put("severity", f.path("severity").asText());
              return (JsonNode) v;
            })
        .sorted(java.util.Comparator.comparing(JsonNode::toString))
        .toList();
  }

  /** WAF answers ids as random UUIDs (as AWS does); a verdict names them by their place. */
  static String withoutUuids(String text) {
    return text.replaceAll(
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{uuid}");
  }

  static void checkVerdicts(String name, Lab.Scan scan) throws java.io.IOException {
    List<JsonNode> actual = verdicts(scan);
    if (UPDATE) {
      recorded.put(name, JSON.valueToTree(actual));
      return;
    }
    JsonNode expected = JSON.readTree(VERDICTS.toFile()).get(name);
    assertThat(expected).as("a reviewed verdict for '%s' in %s", name, VERDICTS).isNotNull();
    assertThat(JSON.valueToTree(actual).toPrettyString())
        .as("the verdict of '%s' (%s)", name, VERDICTS)
        .isEqualTo(expected.toPrettyString());
  }

  /**
   * Every finding of the corpus, by fingerprint: what it is (kind, stack, type, logical and
   * physical id, property, approved and live). Two different findings never share a fingerprint, so
   * a suppression or a "resolved" reply for one never covers another.
   */
  static final java.util.Map<String, java.util.Set<String>> FINGERPRINTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static String identity(JsonNode f) {
    return String.join(
        " | ",
        f.path("kind").asText(),
        f.path("stack").asText(),
        f.path("resourceType").asText(),
        f.path("logicalId").asText(),
        f.path("physicalId").asText(),
        f.path("property").asText(),
        f.path("approved").asText(),
        f.path("live").asText());
  }

  static java.util.Set<String> fingerprints(Lab.Scan scan) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    scan.findings().forEach(f -> out.add(f.path("fingerprint").asText()));
    return out;
  }

  @org.junit.jupiter.api.AfterAll
  static void noTwoFindingsOfTheCorpusShareAFingerprint() {
    assertThat(FINGERPRINTS).as("the corpus recorded its findings").isNotEmpty();
    assertThat(FINGERPRINTS)
        .allSatisfy(
            (fingerprint, findings) ->
                assertThat(findings).as("findings with fingerprint %s", fingerprint).hasSize(1));
  }

  @org.junit.jupiter.api.AfterAll
  static void writeVerdicts() throws java.io.IOException {
    if (UPDATE) {
      java.nio.file.Files.createDirectories(VERDICTS.getParent());
      java.nio.file.Files.writeString(VERDICTS, JSON.writeValueAsString(recorded) + "\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachOutOfBandChangeIsFoundExactly(String name, Change change, List<Expected> expected)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      change.apply(lab);

      Lab.Scan scan = lab.scan(assembly, "--policy", POLICY.toString());

      String all = scan.report().path("findings").toPrettyString();
      assertThat(scan.exitCode()).as(all).isEqualTo(2);
      checkVerdicts(name, scan);
      List<JsonNode> findings = scan.findings();
      findings.forEach(
          f ->
              FINGERPRINTS
                  .computeIfAbsent(
                      f.path("fingerprint").asText(),
                      k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                  .add(identity(f)));
      assertThat(fingerprints(scan))
          .as("each finding has its own fingerprint: %s", all)
          .hasSameSizeAs(findings)
          .isEqualTo(fingerprints(lab.scan(assembly, "--policy", POLICY.toString())));
      assertThat(findings).as(all).hasSameSizeAs(expected);
      assertThat(expected)
          .as("every case names the resource of each finding")
          .allSatisfy(e -> assertThat(e.physicalId().apply(lab)).isNotBlank());
      for (Expected e : expected) {
        assertThat(findings)
            .as(all)
            .anySatisfy(
                f -> {
                  assertThat(f.path("kind").asText()).isEqualTo(e.kind());
                  assertThat(f.path("resourceType").asText()).isEqualTo(e.type());
                  assertThat(f.path("physicalId").asText()).isEqualTo(e.physicalId().apply(lab));
                  assertThat(f.path("property").asText()).isEqualTo(e.property().apply(lab));
                });
      }
    }
  }

  /**
   * A stack that is not at rest is not compared, and the report says why in the stack's own terms:
   * a failed state needs a person now (no grace), a rollback under way is waited for, one stuck
   * past the grace is incomplete.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "UPDATE_ROLLBACK_FAILED|0|1|false|aws cloudformation continue-update-rollback --stack-name"
            + " NetdriftProductionNetwork",
        "IMPORT_ROLLBACK_FAILED|0|1|false|an import failed and so did its rollback",
        "ROLLBACK_COMPLETE|0|1|false|its creation failed",
        "UPDATE_FAILED|0|1|false|a change failed and was not rolled back",
        "UPDATE_ROLLBACK_IN_PROGRESS|1|1|true|a deploy is under way",
        "IMPORT_ROLLBACK_IN_PROGRESS|1|1|true|a deploy is under way",
        "UPDATE_ROLLBACK_IN_PROGRESS|120|1|false|longer than a deploy's",
      })
  void aStackNotAtRestIsSaidInItsOwnTerms(
      String status, long minutesAgo, int exitCode, boolean deferred, String said)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.aws
          .cloudFormation()
          .setStatus(
              Lab.PRODUCTION,
              status,
              java.time.Instant.now().minus(java.time.Duration.ofMinutes(minutesAgo)));
      DriftCorpusMoreCases.SSH_OPENED.apply(lab);

      Lab.Scan scan = lab.scan(assembly, "--policy", POLICY.toString());

      JsonNode stack = scan.report().path("stacks").get(0);
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(exitCode);
      assertThat(stack.path("status").asText()).isEqualTo(status);
      assertThat(stack.path("deferred").asBoolean()).isEqualTo(deferred);
      assertThat(scan.findings()).as("nothing of a stack not at rest is compared").isEmpty();
      assertThat(String.join("\n", Lab.problems(scan.report())))
          .contains("the stack is " + status)
          .contains(said);
    }
  }

  @Test
  void anEditedSuricataRuleComesWithTheUnifiedDiffOfItsLine() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      lab.editRules(
          "FirewallKnownBad", rules -> rules.replaceFirst("drop ip \\[192", "alert ip [192"));

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings())
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.path("diff").asText())
                      .contains("--- approved")
                      .contains("+++ deployed")
                      .contains("-drop ip [192.0.2.0/24,198.51.100.0/24]")
                      .contains("+alert ip [192.0.2.0/24,198.51.100.0/24]"));
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
