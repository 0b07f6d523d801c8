package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.cdk.NetworkApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * Changes that leave the network as approved, spelled differently: each must give no finding. A
 * false alarm wakes someone for nothing; each of these was a way to raise one.
 */
class EquivalenceCorpusTest {
  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  interface Change {
    void apply(Lab lab) throws Exception;
  }

  static Arguments same(String name, Change change) {
    return Arguments.of(name, change);
  }

  static String alb(Lab lab) {
    return lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsAlb");
  }

  static IpPermission https(IpRange... ranges) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(443)
        .toPort(443)
        .ipRanges(ranges)
        .build();
  }

  /** Revokes the load balancer's two HTTPS rules, so a test can add them back its own way. */
  static void revokeHttps(Lab lab) {
    lab.ec2.revokeSecurityGroupIngress(
        r ->
            r.groupId(alb(lab))
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(443)
                        .toPort(443)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                        .ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build())
                        .build()));
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        same(
            "a rule re-added with the protocol as a number",
            lab -> {
              revokeHttps(lab);
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(alb(lab))
                          .ipPermissions(
                              IpPermission.builder()
                                  .ipProtocol("6")
                                  .fromPort(443)
                                  .toPort(443)
                                  .ipRanges(
                                      IpRange.builder()
                                          .cidrIp("0.0.0.0/0")
                                          .description("HTTPS from the internet")
                                          .build())
                                  .ipv6Ranges(
                                      Ipv6Range.builder()
                                          .cidrIpv6("::/0")
                                          .description("HTTPS from the internet over IPv6")
                                          .build())
                                  .build()));
            }),
        same(
            "two rules re-added as one permission with two ranges",
            lab -> {
              revokeHttps(lab);
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(alb(lab))
                          .ipPermissions(
                              IpPermission.builder()
                                  .ipProtocol("tcp")
                                  .fromPort(443)
                                  .toPort(443)
                                  .ipRanges(
                                      IpRange.builder()
                                          .cidrIp("0.0.0.0/0")
                                          .description("HTTPS from the internet")
                                          .build())
                                  .ipv6Ranges(
                                      Ipv6Range.builder()
                                          .cidrIpv6("::/0")
                                          .description("HTTPS from the internet over IPv6")
                                          .build())
                                  .build()));
            }),
        same(
            "two rules re-added as two calls, in the other order",
            lab -> {
              revokeHttps(lab);
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(alb(lab))
                          .ipPermissions(
                              IpPermission.builder()
                                  .ipProtocol("tcp")
                                  .fromPort(443)
                                  .toPort(443)
                                  .ipv6Ranges(
                                      Ipv6Range.builder()
                                          .cidrIpv6("::/0")
                                          .description("HTTPS from the internet over IPv6")
                                          .build())
                                  .build()));
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(alb(lab))
                          .ipPermissions(
                              https(
                                  IpRange.builder()
                                      .cidrIp("0.0.0.0/0")
                                      .description("HTTPS from the internet")
                                      .build())));
            }),
        same(
            "an IPv6 rule re-added in its long form",
            lab -> {
              revokeHttps(lab);
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(alb(lab))
                          .ipPermissions(
                              IpPermission.builder()
                                  .ipProtocol("tcp")
                                  .fromPort(443)
                                  .toPort(443)
                                  .ipRanges(
                                      IpRange.builder()
                                          .cidrIp("0.0.0.0/0")
                                          .description("HTTPS from the internet")
                                          .build())
                                  .ipv6Ranges(
                                      Ipv6Range.builder()
                                          .cidrIpv6("0:0:0:0:0:0:0:0/0")
                                          .description("HTTPS from the internet over IPv6")
                                          .build())
                                  .build()));
            }),
        same(
            "a rule re-added with host bits in its CIDR",
            lab -> {
              String tools =
                  lab.aws
                      .cloudFormation()
                      .physicalId(
                          NetworkApp.stackName("internal"),
                          lab.aws
                              .cloudFormation()
                              .logicalIds(
                                  NetworkApp.stackName("internal"), "AWS::EC2::SecurityGroup")
                              .get(0));
              lab.ec2.revokeSecurityGroupIngress(
                  r ->
                      r.groupId(tools)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(443)
                                      .toPort(443)
                                      .ipRanges(i -> i.cidrIp("10.20.0.0/16"))));
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(tools)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(443)
                                      .toPort(443)
                                      .ipRanges(
                                          i ->
                                              i.cidrIp("10.20.7.1/16")
                                                  .description(
                                                      "HTTPS from the internal network"))));
            }),
        same(
            "CDK's no-traffic egress placeholder removed from the database group",
            lab ->
                lab.ec2.revokeSecurityGroupEgress(
                    r ->
                        r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsDb"))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("icmp")
                                        .fromPort(252)
                                        .toPort(86)
                                        .ipRanges(i -> i.cidrIp("255.255.255.255/32"))))),
        same(
            "a NACL entry replaced by the same entry with the protocol named",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsData"))
                            .ruleNumber(100)
                            .egress(false)
                            .protocol("tcp")
                            .ruleAction("allow")
                            .cidrBlock("10.10.0.0/16")
                            .portRange(p -> p.from(5432).to(5432)))),
        same(
            "a NACL deny replaced by itself, action in capitals",
            lab ->
                lab.ec2.replaceNetworkAclEntry(
                    r ->
                        r.networkAclId(lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsPublic"))
                            .ruleNumber(90)
                            .egress(false)
                            .protocol("6")
                            .ruleAction("DENY")
                            .cidrBlock("0.0.0.0/0")
                            .portRange(p -> p.from(22).to(22)))),
        same(
            "a subnet re-associated with its own NACL (a new association id)",
            lab -> {
              String data = lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsData");
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
                  r -> r.associationId(association).networkAclId(data));
            }),
        same(
            "a subnet re-associated with its own route table",
            lab -> {
              String table = lab.routeTable("VpcdataSubnet1");
              String association =
                  lab
                      .ec2
                      .describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                      .routeTables()
                      .stream()
                      .filter(t -> t.routeTableId().equals(table))
                      .findFirst()
                      .orElseThrow()
                      .associations()
                      .get(0)
                      .routeTableAssociationId();
              lab.ec2.replaceRouteTableAssociation(
                  r -> r.associationId(association).routeTableId(table));
            }),
        same(
            "the app's default route replaced by the same firewall endpoint",
            lab -> {
              String table = lab.routeTable("VpcappSubnet1");
              String endpoint =
                  lab
                      .ec2
                      .describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(lab.vpc())))
                      .routeTables()
                      .stream()
                      .filter(t -> t.routeTableId().equals(table))
                      .findFirst()
                      .orElseThrow()
                      .routes()
                      .stream()
                      .filter(rt -> "0.0.0.0/0".equals(rt.destinationCidrBlock()))
                      .findFirst()
                      .orElseThrow()
                      .gatewayId();
              lab.ec2.replaceRoute(
                  r ->
                      r.routeTableId(table)
                          .destinationCidrBlock("0.0.0.0/0")
                          .vpcEndpointId(endpoint));
            }),
        same(
            "Suricata rules rewritten with comments, blank lines and extra spaces",
            lab ->
                lab.editRules(
                    "FirewallKnownBad",
                    rules ->
                        "# reviewed again\n\n" + rules.replace(" any ", "   any   ") + "\n\n")),
        same(
            "Suricata rules rewritten in the other order",
            lab ->
                lab.editRules(
                    "FirewallOutboundSsh",
                    rules -> {
                      List<String> lines = new ArrayList<>(List.of(rules.split("\n")));
                      Collections.reverse(lines);
                      return String.join("\n", lines);
                    })),
        same(
            "a rule group updated with the same rules (a new update token)",
            lab -> lab.editRules("FirewallKnownBad", rules -> rules)),
        same(
            "the domain allow-list reordered",
            lab -> {
              String arn = lab.physical("AWS::NetworkFirewall::RuleGroup", "FirewallEgressDomains");
              var current = lab.firewall.describeRuleGroup(r -> r.ruleGroupArn(arn));
              var list = current.ruleGroup().rulesSource().rulesSourceList();
              List<String> targets = new ArrayList<>(list.targets());
              Collections.reverse(targets);
              List<String> types = new ArrayList<>(list.targetTypesAsStrings());
              Collections.reverse(types);
              var changed =
                  current.ruleGroup().toBuilder()
                      .rulesSource(
                          current.ruleGroup().rulesSource().toBuilder()
                              .rulesSourceList(
                                  list.toBuilder()
                                      .targets(targets)
                                      .targetTypesWithStrings(types)
                                      .build())
                              .build())
                      .build();
              lab.firewall.updateRuleGroup(
                  r -> r.ruleGroupArn(arn).ruleGroup(changed).updateToken(current.updateToken()));
            }),
        same(
            "the firewall policy's default actions and rule group references reordered",
            lab ->
                lab.editPolicy(
                    policy -> {
                      List<String> defaults = new ArrayList<>(policy.statefulDefaultActions());
                      Collections.reverse(defaults);
                      var refs = new ArrayList<>(policy.statefulRuleGroupReferences());
                      Collections.reverse(refs);
                      return FirewallPolicy.builder()
                          .statelessDefaultActions(policy.statelessDefaultActions())
                          .statelessFragmentDefaultActions(policy.statelessFragmentDefaultActions())
                          .statefulDefaultActions(defaults)
                          .statefulEngineOptions(policy.statefulEngineOptions())
                          .statefulRuleGroupReferences(refs)
                          .build();
                    })),
        same(
            "the firewall's log destinations rewritten in the other order",
            lab -> {
              String arn = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
              var config =
                  lab.firewall
                      .describeLoggingConfiguration(r -> r.firewallArn(arn))
                      .loggingConfiguration();
              var reversed = new ArrayList<>(config.logDestinationConfigs());
              Collections.reverse(reversed);
              lab.firewall.updateLoggingConfiguration(
                  r ->
                      r.firewallArn(arn)
                          .loggingConfiguration(c -> c.logDestinationConfigs(reversed)));
            }),
        same("the web ACL saved unchanged (a new lock token)", lab -> lab.editWebAcl(r -> r)),
        same(
            "the web ACL's rules sent in the other order, priorities unchanged",
            lab -> {
              var rules = lab.webAclRules();
              Collections.reverse(rules);
              lab.editWebAcl(r -> r.rules(rules));
            }),
        same(
            "the IP set's addresses reordered",
            lab -> {
              String[] id = lab.physical("AWS::WAFv2::IPSet", "WebAcl").split("\\|");
              var current = lab.waf.getIPSet(r -> r.name(id[0]).id(id[1]).scope(Scope.REGIONAL));
              List<String> addresses = new ArrayList<>(current.ipSet().addresses());
              Collections.reverse(addresses);
              lab.waf.updateIPSet(
                  r ->
                      r.name(id[0])
                          .id(id[1])
                          .scope(Scope.REGIONAL)
                          .addresses(addresses)
                          .lockToken(current.lockToken()));
            }),
        same(
            "the web ACL disassociated and associated again",
            lab -> {
              String lb = lab.physical("AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge");
              String[] id = lab.webAclId();
              String arn = lab.webAcl(id).arn();
              lab.waf.disassociateWebACL(r -> r.resourceArn(lb));
              lab.waf.associateWebACL(r -> r.resourceArn(lb).webACLArn(arn));
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void anEquivalentSpellingIsNoFinding(String name, Change change) throws Exception {
    try (Lab lab = new Lab(assembly)) {
      change.apply(lab);

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings()).as(scan.report().path("findings").toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }
}
