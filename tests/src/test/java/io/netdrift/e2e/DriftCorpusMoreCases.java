package io.netdrift.e2e;

import static io.netdrift.e2e.DriftCorpusTest.acl;
import static io.netdrift.e2e.DriftCorpusTest.drift;
import static io.netdrift.e2e.DriftCorpusTest.sg;
import static io.netdrift.e2e.DriftCorpusTest.webAcl;

import io.netdrift.emulator.Ec2Model;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.wafv2.model.CountAction;
import software.amazon.awssdk.services.wafv2.model.OverrideAction;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * The corpus's second half: the classes of drift a first scan of a real network meets and the first
 * half did not cover — rules that name a prefix list, another account's group or a peered VPC's
 * group; routes beside the ones AWS writes itself (VGW propagation, gateway endpoints); subnet
 * settings; a Suricata revision; a managed rule group pinned to a version; stacks rolled back. Each
 * case is a change made through the AWS SDK and the exact findings it must produce.
 */
final class DriftCorpusMoreCases {
  private DriftCorpusMoreCases() {}

  static final String PARTNER_ACCOUNT = "111122223333";
  static final String PARTNER_GROUP = "sg-0f00dfeed0000beef";
  static final String CUSTOMER_PREFIX_LIST = "pl-0a1b2c3d4e5f60718";
  static final String PEERING = "pcx-0123456789abcdef0";
  static final String TRANSIT_GATEWAY = "tgw-0123456789abcdef0";
  static final String VPN_GATEWAY = "vgw-0123456789abcdef0";

  /** DynamoDB's prefix list in eu-west-1: the app's own S3 endpoint already routes S3's. */
  static final String DYNAMODB_PREFIX_LIST = "pl-02cd2c6b";

  static DriftCorpusTest.Change ingress(String group, Consumer<IpPermission.Builder> permission) {
    return lab ->
        lab.ec2.authorizeSecurityGroupIngress(
            r -> r.groupId(sg(group).apply(lab)).ipPermissions(permission));
  }

  static DriftCorpusTest.Change egress(String group, Consumer<IpPermission.Builder> permission) {
    return lab ->
        lab.ec2.authorizeSecurityGroupEgress(
            r -> r.groupId(sg(group).apply(lab)).ipPermissions(permission));
  }

  /** A NACL entry created (or replaced) as the console does. */
  static DriftCorpusTest.Change entry(
      String aclPrefix,
      boolean replace,
      boolean egress,
      int number,
      String action,
      String protocol,
      Integer from,
      Integer to,
      String cidr) {
    return lab -> {
      String id = acl(aclPrefix).apply(lab);
      software.amazon.awssdk.services.ec2.model.PortRange ports =
          from == null
              ? null
              : software.amazon.awssdk.services.ec2.model.PortRange.builder()
                  .from(from)
                  .to(to)
                  .build();
      String v4 = cidr.contains(":") ? null : cidr;
      String v6 = cidr.contains(":") ? cidr : null;
      if (replace) {
        lab.ec2.replaceNetworkAclEntry(
            r ->
                r.networkAclId(id)
                    .ruleNumber(number)
                    .egress(egress)
                    .protocol(protocol)
                    .ruleAction(action)
                    .portRange(ports)
                    .cidrBlock(v4)
                    .ipv6CidrBlock(v6));
      } else {
        lab.ec2.createNetworkAclEntry(
            r ->
                r.networkAclId(id)
                    .ruleNumber(number)
                    .egress(egress)
                    .protocol(protocol)
                    .ruleAction(action)
                    .portRange(ports)
                    .cidrBlock(v4)
                    .ipv6CidrBlock(v6));
      }
    };
  }

  static Function<Lab, String> table(String prefix) {
    return lab -> lab.routeTable(prefix);
  }

  static Function<Lab, String> subnet(String prefix) {
    return lab -> lab.physical("AWS::EC2::Subnet", prefix);
  }

  static Function<Lab, String> ruleGroup(String prefix) {
    return lab -> lab.physical("AWS::NetworkFirewall::RuleGroup", prefix);
  }

  static Function<Lab, String> policy() {
    return lab -> lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall");
  }

  /** The group a partner's VPC (peered with production) holds, made by {@link #peeredGroup}. */
  static String partnerGroup(Lab lab) {
    return lab.aws.ec2().groups().stream()
        .filter(g -> g.name().equals("partner-app"))
        .findFirst()
        .orElseThrow()
        .groupId();
  }

  /** A VPC peered with production, with a group whose rules EC2 answers with the peering. */
  static String peeredGroup(Lab lab) {
    Ec2Model model = lab.aws.ec2();
    Ec2Model.Vpc partner = model.createVpc("10.30.0.0/16");
    String group =
        model.createSecurityGroup("partner-app", "partner application", partner.vpcId()).groupId();
    model.peered(group, PEERING, "active");
    return group;
  }

  static DriftCorpusTest.Change webAclRule(String name, UnaryOperator<Rule> edit) {
    return lab ->
        lab.editWebAcl(
            r ->
                r.rules(
                    lab.webAclRules().stream()
                        .map(rule -> rule.name().equals(name) ? edit.apply(rule) : rule)
                        .toList()));
  }

  static DriftCorpusTest.Change managedGroup(
      String name,
      UnaryOperator<software.amazon.awssdk.services.wafv2.model.ManagedRuleGroupStatement> edit) {
    return webAclRule(
        name,
        rule ->
            rule.toBuilder()
                .statement(
                    st ->
                        st.managedRuleGroupStatement(
                            edit.apply(rule.statement().managedRuleGroupStatement())))
                .build());
  }

  static DriftCorpusTest.Change domains(UnaryOperator<java.util.List<String>> edit) {
    return lab -> {
      String arn = ruleGroup("FirewallEgressDomains").apply(lab);
      var current = lab.firewall.describeRuleGroup(r -> r.ruleGroupArn(arn));
      var list = current.ruleGroup().rulesSource().rulesSourceList();
      var changed =
          current.ruleGroup().toBuilder()
              .rulesSource(
                  current.ruleGroup().rulesSource().toBuilder()
                      .rulesSourceList(
                          list.toBuilder()
                              .targets(edit.apply(new java.util.ArrayList<>(list.targets())))
                              .build())
                      .build())
              .build();
      lab.firewall.updateRuleGroup(
          r -> r.ruleGroupArn(arn).ruleGroup(changed).updateToken(current.updateToken()));
    };
  }

  static DriftCorpusTest.Change ipSet(UnaryOperator<java.util.List<String>> edit) {
    return lab -> {
      String[] id = lab.physical("AWS::WAFv2::IPSet", "WebAcl").split("\\|");
      var current = lab.waf.getIPSet(r -> r.name(id[0]).id(id[1]).scope(Scope.REGIONAL));
      lab.waf.updateIPSet(
          r ->
              r.name(id[0])
                  .id(id[1])
                  .scope(Scope.REGIONAL)
                  .addresses(edit.apply(new java.util.ArrayList<>(current.ipSet().addresses())))
                  .lockToken(current.lockToken()));
    };
  }

  /** SSH opened to the world on the app group: the drift a rolled-back stack must still show. */
  static final DriftCorpusTest.Change SSH_OPENED =
      ingress(
          "SecurityGroupsApp",
          p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp("0.0.0.0/0")));

  static Stream<Arguments> cases() {
    return Stream.of(
        // Security groups: peers that are not CIDR blocks.
        drift(
            "a rule from a customer prefix list added to the app group",
            ingress(
                "SecurityGroupsApp",
                p ->
                    p.ipProtocol("tcp")
                        .fromPort(443)
                        .toPort(443)
                        .prefixListIds(l -> l.prefixListId(CUSTOMER_PREFIX_LIST))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress tcp 443 from " + CUSTOMER_PREFIX_LIST),
        drift(
            "the database opened to a group in another account",
            ingress(
                "SecurityGroupsDb",
                p ->
                    p.ipProtocol("tcp")
                        .fromPort(5432)
                        .toPort(5432)
                        .userIdGroupPairs(g -> g.userId(PARTNER_ACCOUNT).groupId(PARTNER_GROUP))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsDb"),
            "ingress tcp 5432 from " + PARTNER_GROUP),
        DriftCorpusTest.driftAll(
            "the database opened to a group in a peered VPC",
            lab -> {
              String group = peeredGroup(lab);
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(sg("SecurityGroupsDb").apply(lab))
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(5432)
                                      .toPort(5432)
                                      .userIdGroupPairs(
                                          g -> g.groupId(group).vpcPeeringConnectionId(PEERING))));
            },
            DriftCorpusTest.expect(
                "UNMANAGED",
                "AWS::EC2::SecurityGroup",
                sg("SecurityGroupsDb"),
                lab -> "ingress tcp 5432 from " + partnerGroup(lab))),
        drift(
            "DNS over UDP opened to the world on the app group",
            ingress(
                "SecurityGroupsApp",
                p ->
                    p.ipProtocol("udp")
                        .fromPort(53)
                        .toPort(53)
                        .ipRanges(i -> i.cidrIp("0.0.0.0/0"))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress udp 53 from 0.0.0.0/0"),
        drift(
            "ICMP from anywhere allowed on the app group",
            ingress(
                "SecurityGroupsApp",
                p ->
                    p.ipProtocol("icmp")
                        .fromPort(-1)
                        .toPort(-1)
                        .ipRanges(i -> i.cidrIp("0.0.0.0/0"))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress icmp all types from 0.0.0.0/0"),
        drift(
            "all traffic from the internal network allowed into the database",
            ingress(
                "SecurityGroupsDb", p -> p.ipProtocol("-1").ipRanges(i -> i.cidrIp("10.0.0.0/8"))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsDb"),
            "ingress all from 10.0.0.0/8"),
        DriftCorpusTest.driftAll(
            "the database's approved ingress revoked",
            lab ->
                lab.ec2.revokeSecurityGroupIngress(
                    r ->
                        r.groupId(sg("SecurityGroupsDb").apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(5432)
                                        .toPort(5432)
                                        .userIdGroupPairs(
                                            g -> g.groupId(sg("SecurityGroupsApp").apply(lab))))),
            DriftCorpusTest.expect(
                "MISSING",
                "AWS::EC2::SecurityGroup",
                sg("SecurityGroupsDb"),
                lab -> "ingress tcp 5432 from " + sg("SecurityGroupsApp").apply(lab))),
        drift(
            "all traffic to the internet over IPv6 allowed out of the app group",
            egress(
                "SecurityGroupsApp", p -> p.ipProtocol("-1").ipv6Ranges(i -> i.cidrIpv6("::/0"))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "egress all to ::/0"),
        drift(
            "the load balancer's IPv6 HTTPS ingress revoked",
            lab ->
                lab.ec2.revokeSecurityGroupIngress(
                    r ->
                        r.groupId(sg("SecurityGroupsAlb").apply(lab))
                            .ipPermissions(
                                p ->
                                    p.ipProtocol("tcp")
                                        .fromPort(443)
                                        .toPort(443)
                                        .ipv6Ranges(i -> i.cidrIpv6("::/0")))),
            "MISSING",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsAlb"),
            "ingress tcp 443 from ::/0"),
        drift(
            "a port range opened to the internet on the load balancer",
            ingress(
                "SecurityGroupsAlb",
                p ->
                    p.ipProtocol("tcp")
                        .fromPort(8000)
                        .toPort(8999)
                        .ipRanges(i -> i.cidrIp("0.0.0.0/0"))),
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsAlb"),
            "ingress tcp 8000-8999 from 0.0.0.0/0"),
        // Network ACLs.
        drift(
            "an all-traffic egress to the internet added to the data tier's ACL",
            entry("NetworkAclsData", false, true, 200, "allow", "-1", null, null, "0.0.0.0/0"),
            "UNMANAGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Entries[egress 200]"),
        drift(
            "an IPv6 allow-all ingress added to the public ACL",
            entry("NetworkAclsPublic", false, false, 150, "allow", "-1", null, null, "::/0"),
            "UNMANAGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsPublic"),
            "Entries[ingress 150]"),
        drift(
            "the data tier's approved ingress entry deleted",
            lab ->
                lab.ec2.deleteNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsData").apply(lab))
                            .ruleNumber(100)
                            .egress(false)),
            "MISSING",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsData"),
            "Entries[ingress 100]"),
        drift(
            "a deny entry added in front of the app tier",
            entry("NetworkAclsApp", false, false, 80, "deny", "-1", null, null, "10.10.0.0/16"),
            "UNMANAGED",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsApp"),
            "Entries[ingress 80]"),
        drift(
            "the firewall subnets' RDP deny deleted",
            lab ->
                lab.ec2.deleteNetworkAclEntry(
                    r ->
                        r.networkAclId(acl("NetworkAclsFirewall").apply(lab))
                            .ruleNumber(91)
                            .egress(false)),
            "MISSING",
            "AWS::EC2::NetworkAcl",
            acl("NetworkAclsFirewall"),
            "Entries[ingress 91]"),
        DriftCorpusTest.driftAll(
            "the public ACL's HTTPS entry widened to every protocol",
            entry("NetworkAclsPublic", true, false, 100, "allow", "-1", null, null, "0.0.0.0/0"),
            DriftCorpusTest.expect(
                "CHANGED",
                "AWS::EC2::NetworkAcl",
                acl("NetworkAclsPublic"),
                lab -> "Entries[ingress 100].Protocol"),
            DriftCorpusTest.expect(
                "CHANGED",
                "AWS::EC2::NetworkAcl",
                acl("NetworkAclsPublic"),
                lab -> "Entries[ingress 100].PortRange")),
        // Routes beside the ones AWS writes itself.
        drift(
            "a static route beside a VGW-propagated one to the same destination",
            lab -> {
              String table = lab.routeTable("VpcdataSubnet1");
              lab.aws.ec2().network().propagate(table, "172.16.0.0/12", VPN_GATEWAY);
              lab.ec2.createRoute(
                  r ->
                      r.routeTableId(table)
                          .destinationCidrBlock("172.16.0.0/12")
                          .natGatewayId(lab.physical("AWS::EC2::NatGateway", "VpcpublicSubnet1")));
            },
            "UNMANAGED",
            "AWS::EC2::RouteTable",
            table("VpcdataSubnet1"),
            "Routes[172.16.0.0/12]"),
        gatewayEndpointByHand(),
        // The segments' Transit Gateway: the one place production and internal could meet.
        DriftCorpusTest.driftAll(
            "a rogue propagation lets internal's routes into production's Transit Gateway table",
            lab ->
                lab.ec2.enableTransitGatewayRouteTablePropagation(
                    r ->
                        r.transitGatewayRouteTableId(gateway(lab, "ProductionRoutes"))
                            .transitGatewayAttachmentId(gateway(lab, "InternalAttachment"))),
            DriftCorpusTest.expect(
                "UNMANAGED",
                "AWS::EC2::TransitGatewayRouteTable",
                lab -> gateway(lab, "ProductionRoutes"),
                lab -> "Propagations[" + gateway(lab, "InternalAttachment") + "]")),
        drift(
            "the blackhole for production's block deleted from internal's Transit Gateway table",
            lab ->
                lab.ec2.deleteTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(gateway(lab, "InternalRoutes"))
                            .destinationCidrBlock("10.10.0.0/16")),
            "MISSING",
            "AWS::EC2::TransitGatewayRouteTable",
            lab -> gateway(lab, "InternalRoutes"),
            "Routes[10.10.0.0/16]"),
        drift(
            "a route to a peering connection added in the data tier",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(lab.routeTable("VpcdataSubnet1"))
                            .destinationCidrBlock("10.30.0.0/16")
                            .vpcPeeringConnectionId(PEERING)),
            "UNMANAGED",
            "AWS::EC2::RouteTable",
            table("VpcdataSubnet1"),
            "Routes[10.30.0.0/16]"),
        drift(
            "a route to a transit gateway added in the app tier",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(lab.routeTable("VpcappSubnet1"))
                            .destinationCidrBlock("10.20.0.0/16")
                            .transitGatewayId(TRANSIT_GATEWAY)),
            "UNMANAGED",
            "AWS::EC2::RouteTable",
            table("VpcappSubnet1"),
            "Routes[10.20.0.0/16]"),
        drift(
            "the app tier's default route through the firewall deleted",
            lab ->
                lab.ec2.deleteRoute(
                    r ->
                        r.routeTableId(lab.routeTable("VpcappSubnet1"))
                            .destinationCidrBlock("0.0.0.0/0")),
            "MISSING",
            "AWS::EC2::RouteTable",
            table("VpcappSubnet1"),
            "Routes[0.0.0.0/0]"),
        // Subnets.
        drift(
            "a data subnet set to give instances public addresses",
            lab ->
                lab.ec2.modifySubnetAttribute(
                    r ->
                        r.subnetId(subnet("VpcdataSubnet1").apply(lab))
                            .mapPublicIpOnLaunch(v -> v.value(true))),
            "CHANGED",
            "AWS::EC2::Subnet",
            subnet("VpcdataSubnet1"),
            "MapPublicIpOnLaunch"),
        drift(
            "a public subnet set to stop giving public addresses",
            lab ->
                lab.ec2.modifySubnetAttribute(
                    r ->
                        r.subnetId(subnet("VpcpublicSubnet1").apply(lab))
                            .mapPublicIpOnLaunch(v -> v.value(false))),
            "CHANGED",
            "AWS::EC2::Subnet",
            subnet("VpcpublicSubnet1"),
            "MapPublicIpOnLaunch"),
        // Network Firewall.
        drift(
            "a Suricata rule whose revision alone changed",
            lab ->
                lab.editRules(
                    "FirewallKnownBad",
                    rules -> rules.replaceFirst("sid:1000001; rev:1;", "sid:1000001; rev:2;")),
            "CHANGED",
            "AWS::NetworkFirewall::RuleGroup",
            ruleGroup("FirewallKnownBad"),
            "RuleGroup.RulesSource.RulesString[sid 1000001]"),
        drift(
            "a Suricata alert rule's port changed",
            lab ->
                lab.editRules(
                    "FirewallOutboundSsh",
                    rules -> rules.replaceFirst("\\$EXTERNAL_NET 22 ", "\\$EXTERNAL_NET 2222 ")),
            "CHANGED",
            "AWS::NetworkFirewall::RuleGroup",
            ruleGroup("FirewallOutboundSsh"),
            "RuleGroup.RulesSource.RulesString[sid 1000101]"),
        drift(
            "a domain removed from the egress allow-list",
            domains(
                targets -> {
                  targets.remove(".github.com");
                  return targets;
                }),
            "CHANGED",
            "AWS::NetworkFirewall::RuleGroup",
            ruleGroup("FirewallEgressDomains"),
            "RuleGroup.RulesSource.RulesSourceList.Targets"),
        drift(
            "the stateless default action changed to drop",
            lab ->
                lab.editPolicy(
                    policy -> policy.toBuilder().statelessDefaultActions("aws:drop").build()),
            "CHANGED",
            "AWS::NetworkFirewall::FirewallPolicy",
            policy(),
            "FirewallPolicy.StatelessDefaultActions"),
        drift(
            "the stateless default for fragments changed to pass",
            lab ->
                lab.editPolicy(
                    policy ->
                        policy.toBuilder().statelessFragmentDefaultActions("aws:pass").build()),
            "CHANGED",
            "AWS::NetworkFirewall::FirewallPolicy",
            policy(),
            "FirewallPolicy.StatelessFragmentDefaultActions"),
        // WAF.
        drift(
            "a managed rule group's version pinned by hand",
            managedGroup(
                "AWSManagedRulesCommonRuleSet", m -> m.toBuilder().version("Version_1.4").build()),
            "CHANGED",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[AWSManagedRulesCommonRuleSet].Statement.ManagedRuleGroupStatement.Version"),
        drift(
            "a SQL injection rule overridden to count",
            managedGroup(
                "AWSManagedRulesSQLiRuleSet",
                m ->
                    m.toBuilder()
                        .ruleActionOverrides(
                            o ->
                                o.name("SQLi_BODY")
                                    .actionToUse(
                                        RuleAction.builder()
                                            .count(CountAction.builder().build())
                                            .build()))
                        .build()),
            "CHANGED",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[AWSManagedRulesSQLiRuleSet].Statement.ManagedRuleGroupStatement.RuleActionOverrides"),
        drift(
            "the IP reputation group switched to count",
            webAclRule(
                "AWSManagedRulesAmazonIpReputationList",
                rule ->
                    rule.toBuilder()
                        .overrideAction(
                            OverrideAction.builder().count(CountAction.builder().build()).build())
                        .build()),
            "CHANGED",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[AWSManagedRulesAmazonIpReputationList].OverrideAction"),
        drift(
            "an address removed from the block-list IP set",
            ipSet(
                addresses -> {
                  addresses.remove("203.0.113.0/24");
                  return addresses;
                }),
            "CHANGED",
            "AWS::WAFv2::IPSet",
            lab -> lab.physical("AWS::WAFv2::IPSet", "WebAcl"),
            "Addresses"),
        drift(
            "the block-list rule removed from the web ACL",
            lab ->
                lab.editWebAcl(
                    r ->
                        r.rules(
                            lab.webAclRules().stream()
                                .filter(rule -> !rule.name().equals("block-list"))
                                .toList())),
            "MISSING",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[block-list]"),
        drift(
            "the rate limit lowered",
            webAclRule(
                "rate-limit",
                rule ->
                    rule.toBuilder()
                        .statement(
                            st ->
                                st.rateBasedStatement(
                                    rule.statement().rateBasedStatement().toBuilder()
                                        .limit(500L)
                                        .build()))
                        .build()),
            "CHANGED",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[rate-limit].Statement.RateBasedStatement.Limit"),
        drift(
            "CloudWatch metrics switched off for the rate-limit rule",
            webAclRule(
                "rate-limit",
                rule ->
                    rule.toBuilder()
                        .visibilityConfig(
                            rule.visibilityConfig().toBuilder()
                                .cloudWatchMetricsEnabled(false)
                                .build())
                        .build()),
            "CHANGED",
            "AWS::WAFv2::WebACL",
            webAcl(),
            "Rules[rate-limit].VisibilityConfig.CloudWatchMetricsEnabled"),
        // Stacks that rolled back and settled: compared as usual.
        drift(
            "a stack in UPDATE_ROLLBACK_COMPLETE is compared, and SSH opened beside it found",
            lab -> {
              lab.aws.cloudFormation().setStatus(Lab.PRODUCTION, "UPDATE_ROLLBACK_COMPLETE");
              SSH_OPENED.apply(lab);
            },
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress tcp 22 from 0.0.0.0/0"),
        drift(
            "a stack in IMPORT_ROLLBACK_COMPLETE is compared, and SSH opened beside it found",
            lab -> {
              lab.aws.cloudFormation().setStatus(Lab.PRODUCTION, "IMPORT_ROLLBACK_COMPLETE");
              SSH_OPENED.apply(lab);
            },
            "UNMANAGED",
            "AWS::EC2::SecurityGroup",
            sg("SecurityGroupsApp"),
            "ingress tcp 22 from 0.0.0.0/0"));
  }

  /**
   * A gateway endpoint made by hand is unmanaged, and its own route quiet; the same route added by
   * hand to another table is not.
   */
  /** The physical id of a resource of the segments' Transit Gateway stack. */
  static String gateway(Lab lab, String logicalId) {
    return lab.aws
        .cloudFormation()
        .physicalId(io.netdrift.cdk.TransitGatewayStack.STACK_NAME, logicalId);
  }

  static Arguments gatewayEndpointByHand() {
    java.util.concurrent.atomic.AtomicReference<String> endpoint =
        new java.util.concurrent.atomic.AtomicReference<>();
    return DriftCorpusTest.driftAll(
        "a gateway endpoint's own route is quiet, the same route added by hand to another table"
            + " is not",
        lab -> {
          endpoint.set(
              lab.ec2
                  .createVpcEndpoint(
                      r ->
                          r.vpcId(lab.vpc())
                              .serviceName("com.amazonaws.eu-west-1.dynamodb")
                              .vpcEndpointType("Gateway")
                              .routeTableIds(lab.routeTable("VpcdataSubnet1")))
                  .vpcEndpoint()
                  .vpcEndpointId());
          lab.ec2.createRoute(
              r ->
                  r.routeTableId(lab.routeTable("VpcappSubnet1"))
                      .destinationPrefixListId(DYNAMODB_PREFIX_LIST)
                      .vpcEndpointId(endpoint.get()));
        },
        DriftCorpusTest.expect(
            "UNMANAGED",
            "AWS::EC2::RouteTable",
            table("VpcappSubnet1"),
            lab -> "Routes[" + DYNAMODB_PREFIX_LIST + "]"),
        DriftCorpusTest.expect(
            "UNMANAGED", "AWS::EC2::VPCEndpoint", lab -> endpoint.get(), lab -> ""));
  }
}
