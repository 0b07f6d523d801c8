package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.rules.FirewallRules;
import io.netdrift.rules.NetworkRules;
import io.netdrift.rules.RulesFixture;
import io.netdrift.rules.RulesLoader;
import io.netdrift.rules.SecurityGroupRules;
import io.netdrift.rules.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class SegmentStackTest {
  static NetworkRules rules;
  static SegmentStack productionStack;
  static SegmentStack internalStack;
  static Template production;
  static Template internal;

  @BeforeAll
  static void synthesizeOnce() {
    rules = RulesLoader.load(RulesFixture.RULES);
    App app = new App(AppProps.builder().analyticsReporting(false).build());
    NetworkApp.wire(app, rules);
    productionStack = (SegmentStack) app.getNode().findChild(NetworkApp.stackName("production"));
    internalStack = (SegmentStack) app.getNode().findChild(NetworkApp.stackName("internal"));
    production = Template.fromStack(productionStack);
    internal = Template.fromStack(internalStack);
  }

  @Test
  void eachSegmentHasItsOwnVpcWithItsCidr() {
    production.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.10.0.0/16"));
    internal.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/16"));
  }

  @Test
  void nothingRoutesBetweenProductionAndInternal() {
    for (Template t : List.of(production, internal)) {
      t.resourceCountIs("AWS::EC2::VPCPeeringConnection", 0);
      t.resourceCountIs("AWS::EC2::TransitGatewayAttachment", 0);
      assertThat(t.toJSON().toString())
          .doesNotContain("VpcPeeringConnectionId")
          .doesNotContain("TransitGatewayId");
    }
  }

  @Test
  void theDataTierReachesOnlyTheAccountsOwnBucketsThroughAGatewayEndpoint() {
    Map<String, Map<String, Object>> endpoints =
        production.findResources(
            "AWS::EC2::VPCEndpoint", Map.of("Properties", Map.of("VpcEndpointType", "Gateway")));
    assertThat(endpoints).hasSize(1);
    Map<String, Object> properties =
        (Map<String, Object>) endpoints.values().iterator().next().get("Properties");
    assertThat(properties.get("VpcEndpointType")).isEqualTo("Gateway");
    assertThat(properties.get("ServiceName").toString()).contains(".s3");
    // The data tier's two route tables, nothing else.
    assertThat((List<?>) properties.get("RouteTableIds")).hasSize(2);
    assertThat(properties.get("RouteTableIds").toString())
        .contains("dataSubnet")
        .doesNotContain("app");
    String policy = properties.get("PolicyDocument").toString();
    assertThat(policy).contains("aws:ResourceAccount").contains("AWS::AccountId");
    internal.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
  }

  @Test
  void theDataTierAloneReachesTheAccountsOwnSecretsThroughAnInterfaceEndpoint() {
    Map<String, Map<String, Object>> endpoints =
        production.findResources(
            "AWS::EC2::VPCEndpoint", Map.of("Properties", Map.of("VpcEndpointType", "Interface")));
    assertThat(endpoints).hasSize(1);
    Map<String, Object> properties =
        (Map<String, Object>) endpoints.values().iterator().next().get("Properties");
    assertThat(properties.get("ServiceName")).isEqualTo("com.amazonaws.eu-west-1.secretsmanager");
    assertThat(properties.get("PrivateDnsEnabled")).isEqualTo(true);
    assertThat(properties.get("SubnetIds").toString())
        .contains("dataSubnet1")
        .contains("dataSubnet2")
        .doesNotContain("app");
    assertThat(properties.get("PolicyDocument").toString()).contains("aws:ResourceAccount");
    // Its group lets in HTTPS from the data tier's two subnets, and nothing goes out.
    String groupLogicalId =
        ((Map<String, List<String>>) ((List<?>) properties.get("SecurityGroupIds")).get(0))
            .get("Fn::GetAtt")
            .get(0);
    Map<String, Object> group =
        (Map<String, Object>)
            production
                .findResources("AWS::EC2::SecurityGroup", Map.of())
                .get(groupLogicalId)
                .get("Properties");
    assertThat((List<Map<String, Object>>) group.get("SecurityGroupIngress"))
        .extracting(r -> r.get("IpProtocol") + " " + r.get("FromPort") + " " + r.get("CidrIp"))
        .containsExactlyInAnyOrderElementsOf(
            production.findResources("AWS::EC2::Subnet", Map.of()).entrySet().stream()
                .filter(e -> e.getKey().contains("dataSubnet"))
                .map(
                    e -> "tcp 443 " + ((Map<?, ?>) e.getValue().get("Properties")).get("CidrBlock"))
                .toList())
        .hasSize(2);
    assertThat(group.get("SecurityGroupEgress").toString()).contains("255.255.255.255/32");
    internal.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
  }

  @Test
  void productionResolvesOnlyTheAllowedNames() {
    production.resourceCountIs("AWS::Route53Resolver::FirewallDomainList", 2);
    production.hasResourceProperties(
        "AWS::Route53Resolver::FirewallDomainList",
        Map.of(
            "Name",
            "netdrift-production-allowed",
            "Domains",
            List.of("amazonaws.com", "*.amazonaws.com", "api.stripe.com")));
    production.hasResourceProperties(
        "AWS::Route53Resolver::FirewallDomainList",
        Map.of("Name", "netdrift-production-blocked", "Domains", List.of("*")));
    String rules =
        production.findResources("AWS::Route53Resolver::FirewallRuleGroup", Map.of()).toString();
    assertThat(rules).contains("Action=ALLOW").contains("Action=BLOCK").contains("NODATA");
    production.resourceCountIs("AWS::Route53Resolver::FirewallRuleGroupAssociation", 1);
    assertThat(
            production
                .findResources("AWS::Route53Resolver::FirewallRuleGroupAssociation", Map.of())
                .toString())
        .contains("VpcId={Ref=Vpc");
    internal.resourceCountIs("AWS::Route53Resolver::FirewallRuleGroupAssociation", 0);
  }

  @Test
  void everyTierHasOneSubnetPerZone() {
    production.resourceCountIs("AWS::EC2::Subnet", 8);
    internal.resourceCountIs("AWS::EC2::Subnet", 4);
  }

  @Test
  void subnetsUseTheNamedZonesNotALookup() {
    production.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1a"));
    production.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1b"));
  }

  @Test
  void theDataTierHasNoRouteAtAll() {
    assertThat(routesOf("dataSubnet")).isEmpty();
  }

  @Test
  void theAppTiersDefaultRoutePointsAtTheFirewallEndpoint() {
    List<Map<String, Object>> appRoutes = routesOf("appSubnet");
    assertThat(appRoutes)
        .hasSize(2)
        .allSatisfy(
            route -> {
              assertThat(route)
                  .containsEntry("DestinationCidrBlock", "0.0.0.0/0")
                  .containsKey("VpcEndpointId");
              assertThat(route).doesNotContainKeys("NatGatewayId", "GatewayId");
            });
  }

  @Test
  void eachZonesRoutesPickTheFirewallEndpointOfTheirZoneByNameNeverByPlace() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (int zone = 1; zone <= 2; zone++) {
      String az = "eu-west-1" + (zone == 1 ? "a" : "b");
      for (String tier : List.of("appSubnet" + zone, "publicSubnet" + zone)) {
        List<Map<String, Object>> routes =
            routesOf(tier).stream().filter(r -> r.containsKey("VpcEndpointId")).toList();
        assertThat(routes).as(tier).isNotEmpty();
        for (Map<String, Object> route : routes) {
          String endpoint = json.writeValueAsString(route.get("VpcEndpointId"));
          // EndpointIds joined, split at "<zone>:", cut at the next comma.
          assertThat(endpoint)
              .as(tier)
              .contains("{\"Fn::Split\":[\"" + az + ":\",{\"Fn::Join\":[\",\",{\"Fn::GetAtt\":")
              .contains("EndpointIds");
        }
      }
    }
  }

  @Test
  void returnTrafficToTheAppTierPassesTheFirewallToo() {
    assertThat(routesOf("publicSubnet")).filteredOn(r -> r.containsKey("VpcEndpointId")).hasSize(2);
  }

  @Test
  void theFirewallTierEgressesThroughNat() {
    assertThat(routesOf("firewallSubnet"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).containsKey("NatGatewayId"));
  }

  @Test
  void flowLogsAreOnEveryVpc() {
    production.hasResourceProperties(
        "AWS::EC2::FlowLog", Map.of("ResourceType", "VPC", "TrafficType", "ALL"));
    internal.hasResourceProperties(
        "AWS::EC2::FlowLog", Map.of("ResourceType", "VPC", "TrafficType", "ALL"));
  }

  @Test
  void theDefaultSecurityGroupKeepsNoRules() {
    production.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
    internal.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
  }

  @Test
  void theLoadBalancerAcceptsHttpsFromTheInternet() {
    production.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "GroupDescription",
                "Internet-facing load balancer",
                "SecurityGroupIngress",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443)))))));
  }

  @Test
  void theAppAcceptsOnlyTheLoadBalancerOn8080() {
    production.hasResourceProperties(
        "AWS::EC2::SecurityGroupIngress",
        Match.objectLike(
            Map.of(
                "FromPort",
                8080,
                "IpProtocol",
                "tcp",
                "SourceSecurityGroupId",
                Map.of(
                    "Fn::GetAtt",
                    List.of(groupLogicalId("Internet-facing load balancer"), "GroupId")))));
  }

  @Test
  void theDatabaseMaySendNothing() {
    production.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "GroupDescription",
                "PostgreSQL databases",
                "SecurityGroupEgress",
                List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32"))))));
  }

  @Test
  void everySecurityGroupRuleInTheRulesIsInTheTemplate() {
    for (Segment segment : rules.segments()) {
      String all =
          (segment.name().equals("production") ? production : internal).toJSON().toString();
      for (SecurityGroupRules.Group group : segment.securityGroups().groups()) {
        for (SecurityGroupRules.Rule rule : concat(group.ingress(), group.egress())) {
          assertThat(all).as(rule.source()).contains("Description=" + rule.description());
        }
      }
    }
  }

  @Test
  void everyNaclEntryInTheRulesIsInTheTemplate() {
    production.resourceCountIs("AWS::EC2::NetworkAcl", 4);
    production.resourceCountIs("AWS::EC2::NetworkAclEntry", 17);
    internal.resourceCountIs("AWS::EC2::NetworkAclEntry", 10);
    production.hasResourceProperties(
        "AWS::EC2::NetworkAclEntry",
        Map.of(
            "RuleNumber",
            90,
            "RuleAction",
            "deny",
            "Protocol",
            6,
            "Egress",
            false,
            "CidrBlock",
            "0.0.0.0/0",
            "PortRange",
            Map.of("From", 22, "To", 22)));
  }

  @Test
  void theFirewallRuleGroupsCarryTheSuricataRulesFromRulesFirewall() {
    FirewallRules firewall = rules.segment("production").orElseThrow().firewall().orElseThrow();
    for (FirewallRules.RuleGroup group : firewall.ruleGroups()) {
      if (group.domains().isPresent()) {
        production.hasResourceProperties(
            "AWS::NetworkFirewall::RuleGroup",
            Match.objectLike(
                Map.of(
                    "RuleGroupName",
                    "production-" + group.name(),
                    "RuleGroup",
                    Match.objectLike(
                        Map.of(
                            "RulesSource",
                            Map.of(
                                "RulesSourceList",
                                Map.of(
                                    "GeneratedRulesType",
                                    "ALLOWLIST",
                                    "TargetTypes",
                                    List.of("TLS_SNI", "HTTP_HOST"),
                                    "Targets",
                                    group.domains().get())))))));
      } else {
        production.hasResourceProperties(
            "AWS::NetworkFirewall::RuleGroup",
            Match.objectLike(
                Map.of(
                    "RuleGroupName",
                    "production-" + group.name(),
                    "Type",
                    "STATEFUL",
                    "RuleGroup",
                    Match.objectLike(
                        Map.of("RulesSource", Map.of("RulesString", group.rulesString()))))));
      }
    }
  }

  @Test
  void thePolicyForwardsEverythingToStrictOrderStatefulRules() {
    production.hasResourceProperties(
        "AWS::NetworkFirewall::FirewallPolicy",
        Match.objectLike(
            Map.of(
                "FirewallPolicy",
                Match.objectLike(
                    Map.of(
                        "StatelessDefaultActions", List.of("aws:forward_to_sfe"),
                        "StatefulEngineOptions", Map.of("RuleOrder", "STRICT_ORDER"),
                        "StatefulDefaultActions",
                            List.of("aws:drop_established", "aws:alert_established"))))));
  }

  @Test
  void theFirewallIsDeleteProtectedAndLogsAlertsAndFlows() {
    production.hasResourceProperties(
        "AWS::NetworkFirewall::Firewall", Match.objectLike(Map.of("DeleteProtection", true)));
    production.hasResourceProperties(
        "AWS::NetworkFirewall::LoggingConfiguration",
        Match.objectLike(
            Map.of(
                "LoggingConfiguration",
                Map.of(
                    "LogDestinationConfigs",
                    List.of(
                        Match.objectLike(
                            Map.of("LogType", "ALERT", "LogDestinationType", "CloudWatchLogs")),
                        Match.objectLike(
                            Map.of("LogType", "FLOW", "LogDestinationType", "CloudWatchLogs")))))));
  }

  @Test
  void theWebAclIsAssociatedWithTheLoadBalancer() {
    production.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
    production.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        Match.objectLike(Map.of("Scheme", "internet-facing")));
    String lb =
        production
            .findResources("AWS::ElasticLoadBalancingV2::LoadBalancer")
            .keySet()
            .iterator()
            .next();
    String acl = production.findResources("AWS::WAFv2::WebACL").keySet().iterator().next();
    production.hasResourceProperties(
        "AWS::WAFv2::WebACLAssociation",
        Map.of(
            "ResourceArn",
            Map.of("Ref", lb),
            "WebACLArn",
            Map.of("Fn::GetAtt", List.of(acl, "Arn"))));
  }

  @Test
  void theWebAclHasTheManagedGroupsTheOverrideAndTheRateLimit() {
    production.hasResourceProperties(
        "AWS::WAFv2::WebACL",
        Match.objectLike(
            Map.of(
                "Scope", "REGIONAL",
                "DefaultAction", Map.of("Allow", Map.of()),
                "Rules",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Name",
                                    "rate-limit",
                                    "Statement",
                                    Map.of(
                                        "RateBasedStatement",
                                        Map.of(
                                            "AggregateKeyType",
                                            "IP",
                                            "Limit",
                                            2000,
                                            "EvaluationWindowSec",
                                            300)))),
                            Match.objectLike(
                                Map.of("Name", "AWSManagedRulesAmazonIpReputationList")),
                            Match.objectLike(
                                Map.of(
                                    "Name",
                                    "AWSManagedRulesCommonRuleSet",
                                    "Statement",
                                    Map.of(
                                        "ManagedRuleGroupStatement",
                                        Match.objectLike(
                                            Map.of(
                                                "RuleActionOverrides",
                                                List.of(
                                                    Map.of(
                                                        "Name",
                                                        "SizeRestrictions_BODY",
                                                        "ActionToUse",
                                                        Map.of("Count", Map.of())))))))),
                            Match.objectLike(
                                Map.of("Name", "AWSManagedRulesKnownBadInputsRuleSet")),
                            Match.objectLike(Map.of("Name", "AWSManagedRulesSQLiRuleSet")))))));
  }

  @Test
  void theBlockListHoldsTheAddressesOfItsFile() {
    production.hasResourceProperties(
        "AWS::WAFv2::IPSet",
        Map.of(
            "Addresses",
            List.of("203.0.113.0/24", "198.51.100.7/32"),
            "IPAddressVersion",
            "IPV4",
            "Scope",
            "REGIONAL",
            "Name",
            "netdrift-production-edge-block-list"));
  }

  @Test
  void wafLogsGoToAnAwsWafLogsGroup() {
    production.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Match.objectLike(Map.of("LogGroupName", "aws-waf-logs-netdrift-production-edge")));
    production.resourceCountIs("AWS::WAFv2::LoggingConfiguration", 1);
  }

  @Test
  void theInternalSegmentHasNoFirewallAndNoWebAcl() {
    internal.resourceCountIs("AWS::NetworkFirewall::Firewall", 0);
    internal.resourceCountIs("AWS::WAFv2::WebACL", 0);
  }

  @Test
  void cdkNagFindsNoUnsuppressedErrorOrWarning() {
    for (SegmentStack stack : List.of(productionStack, internalStack)) {
      assertThat(
              Annotations.fromStack(stack)
                  .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
          .isEmpty();
      assertThat(
              Annotations.fromStack(stack)
                  .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
          .isEmpty();
    }
  }

  @Test
  void theSameRulesSynthesizeByteIdenticalTemplates(@TempDir Path dir) throws IOException {
    NetworkApp.synthesize(RulesFixture.RULES, dir.resolve("a"));
    NetworkApp.synthesize(RulesFixture.RULES, dir.resolve("b"));

    for (String stack :
        List.of(NetworkApp.stackName("production"), NetworkApp.stackName("internal"))) {
      String file = stack + ".template.json";
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> routesOf(String routeTablePrefix) {
    return production.findResources("AWS::EC2::Route").values().stream()
        .map(r -> (Map<String, Object>) r.get("Properties"))
        .filter(p -> p.get("RouteTableId").toString().contains("Vpc" + routeTablePrefix))
        .toList();
  }

  private static String groupLogicalId(String description) {
    return production
        .findResources(
            "AWS::EC2::SecurityGroup",
            Map.of("Properties", Map.of("GroupDescription", description)))
        .keySet()
        .iterator()
        .next();
  }

  private static List<SecurityGroupRules.Rule> concat(
      List<SecurityGroupRules.Rule> a, List<SecurityGroupRules.Rule> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
