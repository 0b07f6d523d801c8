package io.netdrift.cdk;

import io.netdrift.rules.FirewallRules;
import io.netdrift.rules.Segment.TierType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.networkfirewall.CfnFirewall;
import software.amazon.awscdk.services.networkfirewall.CfnFirewallPolicy;
import software.amazon.awscdk.services.networkfirewall.CfnLoggingConfiguration;
import software.amazon.awscdk.services.networkfirewall.CfnRuleGroup;
import software.constructs.Construct;

/**
 * AWS Network Firewall between the private tiers and the NAT gateways: stateful Suricata and domain
 * allow-list rule groups in strict order, alert and flow logs to CloudWatch Logs, and the routes
 * that make every packet from a private tier to the internet, and back, pass an endpoint.
 */
public final class InspectionFirewall extends Construct {
  private final CfnFirewall firewall;
  private final List<CfnRuleGroup> ruleGroups = new ArrayList<>();

  /** Builds the firewall for {@code vpc}; {@code homeNet} is the segment's CIDR. */
  public InspectionFirewall(
      Construct scope,
      String id,
      SegmentedVpc vpc,
      String homeNet,
      String prefix,
      FirewallRules rules) {
    super(scope, id);
    List<CfnFirewallPolicy.StatefulRuleGroupReferenceProperty> references = new ArrayList<>();
    for (FirewallRules.RuleGroup group : rules.ruleGroups()) {
      CfnRuleGroup.RulesSourceProperty source =
          group.domains().isPresent()
              ? CfnRuleGroup.RulesSourceProperty.builder()
                  .rulesSourceList(
                      CfnRuleGroup.RulesSourceListProperty.builder()
                          .generatedRulesType("ALLOWLIST")
                          .targetTypes(List.of("TLS_SNI", "HTTP_HOST"))
                          .targets(group.domains().get())
                          .build())
                  .build()
              : CfnRuleGroup.RulesSourceProperty.builder().rulesString(group.rulesString()).build();
      CfnRuleGroup ruleGroup =
          CfnRuleGroup.Builder.create(this, SecurityGroupSet.constructId(group.name()))
              .ruleGroupName(prefix + "-" + group.name())
              .type("STATEFUL")
              .capacity(group.capacity())
              .ruleGroup(
                  CfnRuleGroup.RuleGroupProperty.builder()
                      .ruleVariables(
                          CfnRuleGroup.RuleVariablesProperty.builder()
                              .ipSets(
                                  Map.of(
                                      "HOME_NET",
                                      CfnRuleGroup.IPSetProperty.builder()
                                          .definition(List.of(homeNet))
                                          .build()))
                              .build())
                      .rulesSource(source)
                      .statefulRuleOptions(
                          CfnRuleGroup.StatefulRuleOptionsProperty.builder()
                              .ruleOrder("STRICT_ORDER")
                              .build())
                      .build())
              .build();
      ruleGroups.add(ruleGroup);
      Map<String, String> sids = new java.util.LinkedHashMap<>();
      group.rules().forEach(r -> sids.put("sid " + r.sid(), r.location()));
      // A domain list, or a rules file with no rule yet, is located by its file.
      SourceMetadata.record(
          ruleGroup, sids.isEmpty() ? group.file() : sids.values().iterator().next(), sids);
      references.add(
          CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
              .resourceArn(ruleGroup.getAttrRuleGroupArn())
              .priority(group.priority())
              .build());
    }
    CfnFirewallPolicy policy =
        CfnFirewallPolicy.Builder.create(this, "Policy")
            .firewallPolicyName(prefix + "-policy")
            .firewallPolicy(
                CfnFirewallPolicy.FirewallPolicyProperty.builder()
                    .statelessDefaultActions(rules.statelessDefaultActions())
                    .statelessFragmentDefaultActions(rules.statelessFragmentDefaultActions())
                    .statefulDefaultActions(rules.statefulDefaultActions())
                    .statefulEngineOptions(
                        CfnFirewallPolicy.StatefulEngineOptionsProperty.builder()
                            .ruleOrder("STRICT_ORDER")
                            .build())
                    .statefulRuleGroupReferences(references)
                    .build())
            .build();
    String firewallTier = vpc.segment().tierOfType(TierType.FIREWALL).orElseThrow().name();
    List<ISubnet> endpoints = vpc.subnets(firewallTier);
    this.firewall =
        CfnFirewall.Builder.create(this, "Resource")
            .firewallName(prefix + "-firewall")
            .firewallPolicyArn(policy.getAttrFirewallPolicyArn())
            .vpcId(vpc.vpc().getVpcId())
            .subnetMappings(
                endpoints.stream()
                    .map(
                        s ->
                            CfnFirewall.SubnetMappingProperty.builder()
                                .subnetId(s.getSubnetId())
                                .build())
                    .toList())
            .deleteProtection(rules.deleteProtection())
            .subnetChangeProtection(true)
            .build();
    logging(prefix, rules.logging());
    route(vpc, endpoints);
  }

  private void logging(String prefix, FirewallRules.Logging logging) {
    List<CfnLoggingConfiguration.LogDestinationConfigProperty> destinations = new ArrayList<>();
    if (logging.alert()) {
      destinations.add(destination("ALERT", logGroup("AlertLogs", logging.retentionDays())));
    }
    if (logging.flow()) {
      destinations.add(destination("FLOW", logGroup("FlowLogs", logging.retentionDays())));
    }
    if (!destinations.isEmpty()) {
      CfnLoggingConfiguration.Builder.create(this, "Logging")
          .firewallArn(firewall.getAttrFirewallArn())
          .loggingConfiguration(
              CfnLoggingConfiguration.LoggingConfigurationProperty.builder()
                  .logDestinationConfigs(destinations)
                  .build())
          .build();
    }
  }

  private LogGroup logGroup(String id, int retentionDays) {
    return LogGroup.Builder.create(this, id)
        .retention(Retention.of(retentionDays))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private static CfnLoggingConfiguration.LogDestinationConfigProperty destination(
      String type, LogGroup group) {
    return CfnLoggingConfiguration.LogDestinationConfigProperty.builder()
        .logType(type)
        .logDestinationType("CloudWatchLogs")
        .logDestination(Map.of("logGroup", group.getLogGroupName()))
        .build();
  }

  /**
   * Private tiers send 0.0.0.0/0 to the endpoint of their zone; public subnets send the private
   * tiers' CIDRs back through the same endpoint, so return traffic is inspected too.
   */
  private void route(SegmentedVpc vpc, List<ISubnet> firewallSubnets) {
    List<ISubnet> publicSubnets =
        vpc.subnets(vpc.segment().tierOfType(TierType.PUBLIC).orElseThrow().name());
    for (int zone = 0; zone < firewallSubnets.size(); zone++) {
      String endpoint = endpointIn(firewallSubnets.get(zone).getAvailabilityZone());
      for (var tier : vpc.segment().tiers()) {
        if (tier.type() != TierType.PRIVATE) {
          continue;
        }
        ISubnet subnet = vpc.subnets(tier.name()).get(zone);
        String name = SecurityGroupSet.constructId(tier.name()) + (zone + 1);
        CfnRoute.Builder.create(this, name + "ToFirewall")
            .routeTableId(subnet.getRouteTable().getRouteTableId())
            .destinationCidrBlock("0.0.0.0/0")
            .vpcEndpointId(endpoint)
            .build();
        CfnRoute.Builder.create(this, name + "ReturnThroughFirewall")
            .routeTableId(publicSubnets.get(zone).getRouteTable().getRouteTableId())
            .destinationCidrBlock(subnet.getIpv4CidrBlock())
            .vpcEndpointId(endpoint)
            .build();
      }
    }
  }

  /**
   * The firewall's endpoint in {@code zone}, found by its zone, never by its place: EndpointIds
   * lists "zone:vpce-id" in the service's own map order, not in zone order. Joined, the list is
   * "eu-west-1b:vpce-2,eu-west-1a:vpce-1"; what follows "eu-west-1a:", up to the next comma, is the
   * zone's endpoint.
   */
  private String endpointIn(String zone) {
    String joined = Fn.join(",", firewall.getAttrEndpointIds());
    return Fn.select(0, Fn.split(",", Fn.select(1, Fn.split(zone + ":", joined))));
  }

  /** The firewall. */
  public CfnFirewall firewall() {
    return firewall;
  }

  /** The stateful rule groups, in policy order. */
  public List<CfnRuleGroup> ruleGroups() {
    return List.copyOf(ruleGroups);
  }
}
