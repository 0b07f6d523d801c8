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
 * Changes an engineer makes by hand that leave the network as approved: a rule revoked and added
 * back another way, a subnet associated again, rules rewritten in another order. Each case first
 * shows that the service's answer did change (new rule ids, a new association id, a new token,
 * another order or text: what the change left behind, read before and after it), so a comparison of
 * answers would report it; then that Netdrift reports nothing. A false alarm wakes someone for
 * nothing; each of these was a way to raise one. How the services spell an answer is in {@link
 * RealSpellingsTest}.
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

  /** What a change leaves behind in the service's answer, read before and after it. */
  interface Witness {
    String read(Lab lab) throws Exception;
  }

  static Arguments same(String name, Witness witness, Change change) {
    return Arguments.of(name, witness, change);
  }

  /** The ids of a group's rules, as EC2 answers them: a rule added back is a new rule. */
  static Witness ruleIds(java.util.function.Function<Lab, String> group) {
    return lab ->
        lab.groupRules(group.apply(lab)).stream()
            .map(rule -> rule.securityGroupRuleId())
            .sorted()
            .toList()
            .toString();
  }

  static String tools(Lab lab) {
    return lab.aws
        .cloudFormation()
        .physicalId(
            NetworkApp.stackName("internal"),
            lab.aws
                .cloudFormation()
                .logicalIds(NetworkApp.stackName("internal"), "AWS::EC2::SecurityGroup")
                .get(0));
  }

  static Witness ruleGroup(
      String prefix,
      java.util.function.Function<
              software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse,
              Object>
          part) {
    return lab ->
        String.valueOf(
            part.apply(
                lab.firewall.describeRuleGroup(
                    r -> r.ruleGroupArn(lab.physical("AWS::NetworkFirewall::RuleGroup", prefix)))));
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
            ruleIds(EquivalenceCorpusTest::alb),
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
            ruleIds(EquivalenceCorpusTest::alb),
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
            ruleIds(EquivalenceCorpusTest::alb),
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
            ruleIds(EquivalenceCorpusTest::alb),
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
            ruleIds(EquivalenceCorpusTest::tools),
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
                lab.groupRules(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsDb")).stream()
                    .filter(rule -> rule.isEgress())
                    .map(rule -> rule.ipProtocol() + " " + rule.cidrIpv4())
                    .toList()
                    .toString(),
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
            "a subnet re-associated with its own NACL (a new association id)",
            lab ->
                lab
                    .ec2
                    .describeNetworkAcls(
                        r ->
                            r.networkAclIds(
                                lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsData")))
                    .networkAcls()
                    .get(0)
                    .associations()
                    .stream()
                    .map(a -> a.networkAclAssociationId())
                    .sorted()
                    .toList()
                    .toString(),
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
            lab ->
                lab
                    .ec2
                    .describeRouteTables(r -> r.routeTableIds(lab.routeTable("VpcdataSubnet1")))
                    .routeTables()
                    .get(0)
                    .associations()
                    .stream()
                    .map(a -> a.routeTableAssociationId())
                    .sorted()
                    .toList()
                    .toString(),
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
            "Suricata rules rewritten with comments, blank lines and extra spaces",
            ruleGroup("FirewallKnownBad", g -> g.ruleGroup().rulesSource().rulesString()),
            lab ->
                lab.editRules(
                    "FirewallKnownBad",
                    rules ->
                        "# reviewed again\n\n" + rules.replace(" any ", "   any   ") + "\n\n")),
        same(
            "Suricata rules rewritten in the other order",
            ruleGroup("FirewallOutboundSsh", g -> g.ruleGroup().rulesSource().rulesString()),
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
            ruleGroup("FirewallKnownBad", g -> g.updateToken()),
            lab -> lab.editRules("FirewallKnownBad", rules -> rules)),
        same(
            "the domain allow-list reordered",
            ruleGroup("FirewallEgressDomains", g -> g.ruleGroup().rulesSource().rulesSourceList()),
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
                lab.firewall
                    .describeFirewallPolicy(
                        r ->
                            r.firewallPolicyArn(
                                lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall")))
                    .firewallPolicy()
                    .toString(),
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
            lab ->
                lab.firewall
                    .describeLoggingConfiguration(
                        r ->
                            r.firewallArn(
                                lab.physical("AWS::NetworkFirewall::Firewall", "Firewall")))
                    .loggingConfiguration()
                    .toString(),
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
        same(
            "the web ACL saved unchanged (a new lock token)",
            lab -> {
              String[] id = lab.webAclId();
              return lab.waf
                  .getWebACL(r -> r.name(id[0]).id(id[1]).scope(Scope.REGIONAL))
                  .lockToken();
            },
            lab -> lab.editWebAcl(r -> r)),
        same(
            "the web ACL's rules sent in the other order, priorities unchanged",
            lab -> lab.webAclRules().stream().map(r -> r.name()).toList().toString(),
            lab -> {
              var rules = lab.webAclRules();
              Collections.reverse(rules);
              lab.editWebAcl(r -> r.rules(rules));
            }),
        same(
            "the IP set's addresses reordered",
            lab -> lab.blockList().addresses().toString(),
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
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void anEquivalentChangeIsNoFinding(String name, Witness witness, Change change) throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String before = witness.read(lab);
      change.apply(lab);

      assertThat(witness.read(lab))
          .as("the change left a trace in the service's answer: a naive comparison reports it")
          .isNotEqualTo(before);

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings()).as(scan.report().path("findings").toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }
}
