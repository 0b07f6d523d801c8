package io.netdrift.e2e;

import static io.netdrift.e2e.RealSpellingsTest.json;
import static io.netdrift.e2e.RealSpellingsTest.managedStatements;
import static io.netdrift.e2e.RealSpellingsTest.properties;
import static io.netdrift.e2e.RealSpellingsTest.spelled;
import static io.netdrift.e2e.RealSpellingsTest.webAcl;
import static io.netdrift.e2e.RealSpellingsTest.webAclTemplate;
import static io.netdrift.e2e.RealSpellingsTest.written;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.cdk.NetworkApp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * More of the equivalence corpus, real: settings a template spells its own way (a protocol number,
 * an IPv6 block in its long form, a host address inside a block, a subnet given by mapping, a
 * default left out) that the service answers in its spelling, and answers that carry what the
 * service fills in (the local route, the default ACL entries, a log group's ARN, Cloud Control's
 * read of a load balancer or a function).
 */
final class RealSpellingsMoreCases {
  static final String INTERNAL = NetworkApp.stackName("internal");

  private RealSpellingsMoreCases() {}

  /** The template's resource of {@code type} whose logical id starts {@code prefix}, to rewrite. */
  static ObjectNode resource(JsonNode template, String type, String prefix) {
    return (ObjectNode) properties(template, type, prefix);
  }

  static ArrayNode ingress(JsonNode template, String group) {
    return (ArrayNode)
        properties(template, "AWS::EC2::SecurityGroup", group).path("SecurityGroupIngress");
  }

  /** Each of {@code rules} whose {@code member} is set, that member as text. */
  static String each(JsonNode rules, String member) {
    List<String> out = new ArrayList<>();
    rules.forEach(
        r -> {
          if (r.has(member)) {
            out.add(r.get(member).asText());
          }
        });
    return out.toString();
  }

  static String productionGroup(Lab lab, String prefix) {
    return lab.physical("AWS::EC2::SecurityGroup", prefix);
  }

  static String internalGroup(Lab lab, String prefix) {
    var cfn = lab.aws.cloudFormation();
    return cfn.logicalIds(INTERNAL, "AWS::EC2::SecurityGroup").stream()
        .filter(id -> id.startsWith(prefix))
        .map(id -> cfn.physicalId(INTERNAL, id))
        .findFirst()
        .orElseThrow();
  }

  /** The rules EC2 answers for {@code groupId} that {@code which} selects. */
  static List<SecurityGroupRule> rules(
      Lab lab, String groupId, Predicate<SecurityGroupRule> which) {
    return lab.groupRules(groupId).stream().filter(which).toList();
  }

  /** One member of each rule EC2 answers for {@code groupId} that {@code which} selects. */
  static String answered(
      Lab lab,
      String groupId,
      Predicate<SecurityGroupRule> which,
      java.util.function.Function<SecurityGroupRule, Object> member) {
    return rules(lab, groupId, which).stream().map(member).toList().toString();
  }

  static String loadBalancer(Lab lab) {
    return lab.physical("AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge");
  }

  static JsonNode loadBalancerRead(Lab lab) {
    try {
      return lab.cloudControlRead("AWS::ElasticLoadBalancingV2::LoadBalancer", loadBalancer(lab));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A Cloud Control read of a load balancer rewritten: its properties are a JSON string. */
  static UnaryOperator<String> loadBalancerAnswer(Consumer<ObjectNode> edit) {
    return json(
        answer -> {
          if (!answer
              .path("TypeName")
              .asText()
              .equals("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
            return;
          }
          ObjectNode description = (ObjectNode) answer.path("ResourceDescription");
          try {
            ObjectNode properties =
                (ObjectNode) Lab.JSON.readTree(description.path("Properties").asText());
            edit.accept(properties);
            description.put("Properties", properties.toString());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  static software.amazon.awssdk.services.ec2.model.RouteTable appTable(Lab lab) {
    return lab.ec2
        .describeRouteTables(r -> r.routeTableIds(lab.routeTable("VpcappSubnet1")))
        .routeTables()
        .get(0);
  }

  static software.amazon.awssdk.services.ec2.model.NetworkAcl acl(Lab lab, String prefix) {
    return lab.ec2
        .describeNetworkAcls(r -> r.networkAclIds(lab.physical("AWS::EC2::NetworkAcl", prefix)))
        .networkAcls()
        .get(0);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // Templates that spell a setting their own way.
        written(
            "a template that writes HTTPS from the internet with protocol number 6",
            "IpProtocol.parse: 6 and tcp are one protocol (EC2 answers the name)",
            Lab.PRODUCTION,
            t ->
                ingress(t, "SecurityGroupsAlb")
                    .forEach(r -> ((ObjectNode) r).put("IpProtocol", "6")),
            t -> each(ingress(t, "SecurityGroupsAlb"), "IpProtocol"),
            lab ->
                answered(
                    lab,
                    productionGroup(lab, "SecurityGroupsAlb"),
                    r -> !r.isEgress(),
                    SecurityGroupRule::ipProtocol)),
        written(
            "a template that writes the database group's no-traffic placeholder with protocol 1",
            "IpProtocol.parse and SecurityGroupRule.matchesNoTraffic: ICMP as 1 or icmp",
            Lab.PRODUCTION,
            t ->
                properties(t, "AWS::EC2::SecurityGroup", "SecurityGroupsDb")
                    .path("SecurityGroupEgress")
                    .forEach(r -> ((ObjectNode) r).put("IpProtocol", "1")),
            t ->
                each(
                    properties(t, "AWS::EC2::SecurityGroup", "SecurityGroupsDb")
                        .path("SecurityGroupEgress"),
                    "IpProtocol"),
            lab ->
                answered(
                    lab,
                    productionGroup(lab, "SecurityGroupsDb"),
                    r -> r.isEgress(),
                    SecurityGroupRule::ipProtocol)),
        written(
            "a rule of its own resource that writes the app's port from the load balancer with"
                + " protocol 6",
            "IpProtocol.parse, in an AWS::EC2::SecurityGroupIngress",
            Lab.PRODUCTION,
            t ->
                resource(t, "AWS::EC2::SecurityGroupIngress", "SecurityGroupsAppfrom")
                    .put("IpProtocol", "6"),
            t ->
                properties(t, "AWS::EC2::SecurityGroupIngress", "SecurityGroupsAppfrom")
                    .path("IpProtocol")
                    .asText(),
            lab ->
                rules(
                        lab,
                        productionGroup(lab, "SecurityGroupsApp"),
                        r -> !r.isEgress() && r.referencedGroupInfo() != null)
                    .get(0)
                    .ipProtocol()),
        written(
            "a template that writes the IPv6 internet in its long form",
            "Cidr.parse: IPv6 as RFC 5952 writes it (EC2 answers ::/0)",
            Lab.PRODUCTION,
            t ->
                ingress(t, "SecurityGroupsAlb")
                    .forEach(
                        r -> {
                          if (r.has("CidrIpv6")) {
                            ((ObjectNode) r).put("CidrIpv6", "0:0:0:0:0:0:0:0/0");
                          }
                        }),
            t -> each(ingress(t, "SecurityGroupsAlb"), "CidrIpv6"),
            lab ->
                answered(
                    lab,
                    productionGroup(lab, "SecurityGroupsAlb"),
                    r -> r.cidrIpv6() != null,
                    SecurityGroupRule::cidrIpv6)),
        written(
            "a template that writes the internal network as an address inside it",
            "Cidr.parse: host bits cleared (EC2 keeps 10.20.0.0/16)",
            INTERNAL,
            t ->
                ((ObjectNode) ingress(t, "SecurityGroupsTools").get(0))
                    .put("CidrIp", "10.20.7.1/16"),
            t -> each(ingress(t, "SecurityGroupsTools"), "CidrIp"),
            lab ->
                answered(
                    lab,
                    internalGroup(lab, "SecurityGroupsTools"),
                    r -> !r.isEgress(),
                    SecurityGroupRule::cidrIpv4)),
        written(
            "a template that sends all traffic out of the app subnets with a port range",
            "NetworkDocuments.naclEntry: ports count for TCP and UDP only (EC2 keeps none for -1)",
            Lab.PRODUCTION,
            t ->
                resource(t, "AWS::EC2::NetworkAclEntry", "NetworkAclsAppOut100")
                    .putObject("PortRange")
                    .put("From", 0)
                    .put("To", 65535),
            t ->
                properties(t, "AWS::EC2::NetworkAclEntry", "NetworkAclsAppOut100")
                    .path("PortRange")
                    .toString(),
            lab ->
                String.valueOf(
                    acl(lab, "NetworkAclsApp").entries().stream()
                        .filter(e -> e.egress() && e.ruleNumber() == 100)
                        .findFirst()
                        .orElseThrow()
                        .portRange())),
        written(
            "a template that places the load balancer by subnet mappings",
            "EmbeddedDocuments.of(LoadBalancer): subnets from Subnets or SubnetMappings",
            Lab.PRODUCTION,
            t -> {
              ObjectNode lb = resource(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge");
              ArrayNode mappings = lb.putArray("SubnetMappings");
              lb.remove("Subnets").forEach(s -> mappings.addObject().set("SubnetId", s));
            },
            t ->
                properties(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge")
                    .path("Subnets")
                    .toString(),
            lab -> loadBalancerRead(lab).path("Subnets").toString()),
        written(
            "a template that leaves the load balancer's scheme to its default",
            "EmbeddedDocuments.of(LoadBalancer): internet-facing is the default scheme",
            Lab.PRODUCTION,
            t -> resource(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge").remove("Scheme"),
            t ->
                properties(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge")
                    .path("Scheme")
                    .asText(),
            lab -> loadBalancerRead(lab).path("Scheme").asText()),
        // Cloud Control's reads of the application resources.
        spelled(
            "the load balancer read with its subnets in the other order",
            "EmbeddedDocuments.of(LoadBalancer): subnets as a set",
            "GetResource",
            loadBalancerAnswer(
                lb -> {
                  List<JsonNode> subnets = new ArrayList<>();
                  lb.path("Subnets").forEach(subnets::add);
                  java.util.Collections.reverse(subnets);
                  lb.putArray("Subnets").addAll(subnets);
                }),
            t -> "public subnet 1 first",
            lab ->
                loadBalancerRead(lab)
                        .path("Subnets")
                        .get(0)
                        .asText()
                        .equals(lab.physical("AWS::EC2::Subnet", "VpcpublicSubnet1"))
                    ? "public subnet 1 first"
                    : "public subnet 2 first"),
        spelled(
            "the load balancer read with subnet mappings, address type and names beside its"
                + " subnets",
            "EmbeddedDocuments.of(LoadBalancer): a subnet in both lists is one subnet",
            "GetResource",
            loadBalancerAnswer(
                lb -> {
                  ArrayNode mappings = lb.putArray("SubnetMappings");
                  lb.path("Subnets").forEach(s -> mappings.addObject().set("SubnetId", s));
                  String arn = lb.path("LoadBalancerArn").asText();
                  String fullName = arn.substring(arn.indexOf("loadbalancer/") + 13);
                  lb.put("IpAddressType", "ipv4")
                      .put("LoadBalancerFullName", fullName)
                      .put("LoadBalancerName", fullName.split("/")[1])
                      .put("DNSName", fullName.split("/")[1] + ".eu-west-1.elb.amazonaws.com")
                      .put("CanonicalHostedZoneID", "Z32O12XQLNTSW2");
                }),
            t ->
                properties(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge")
                    .path("SubnetMappings")
                    .toString(),
            lab -> loadBalancerRead(lab).path("SubnetMappings").toString()),
        spelled(
            "the custom resource's function read outside any VPC, with empty lists",
            "EmbeddedDocuments.of(Function) reads a missing list as empty, and Canonical.of drops an"
                + " empty one: empty VpcConfig lists are no VPC",
            "GetResource",
            body -> body,
            t ->
                properties(t, "AWS::Lambda::Function", "CustomVpcRestrictDefaultSG")
                    .path("VpcConfig")
                    .toString(),
            lab -> {
              try {
                return lab.cloudControlRead(
                        "AWS::Lambda::Function",
                        lab.physical("AWS::Lambda::Function", "CustomVpcRestrictDefaultSG"))
                    .path("VpcConfig")
                    .toString();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            }),
        // EC2's answers with what it fills in.
        written(
            "a template that declares no egress for the tools group, answered with the allow-all"
                + " egress EC2 gives a new group",
            "BaselineMapper and SecurityGroupRule.DEFAULT_EGRESS: no egress declared is all"
                + " allowed, answered -1 from -1 to -1",
            INTERNAL,
            t ->
                ((ObjectNode) properties(t, "AWS::EC2::SecurityGroup", "SecurityGroupsTools"))
                    .remove("SecurityGroupEgress"),
            t ->
                properties(t, "AWS::EC2::SecurityGroup", "SecurityGroupsTools")
                    .path("SecurityGroupEgress")
                    .toString(),
            lab ->
                answered(
                    lab,
                    internalGroup(lab, "SecurityGroupsTools"),
                    r -> r.isEgress(),
                    r ->
                        r.ipProtocol()
                            + " "
                            + r.fromPort()
                            + "-"
                            + r.toPort()
                            + " "
                            + r.cidrIpv4())),
        spelled(
            "a rule between two groups answered with the referenced group's account",
            "Peer.GroupPeer.answered: a group peer is its group id, with or without its owner",
            "DescribeSecurityGroupRules",
            body -> body,
            t ->
                properties(t, "AWS::EC2::SecurityGroupIngress", "SecurityGroupsAppfrom")
                    .path("SourceSecurityGroupOwnerId")
                    .asText(),
            lab ->
                rules(
                        lab,
                        productionGroup(lab, "SecurityGroupsApp"),
                        r -> !r.isEgress() && r.referencedGroupInfo() != null)
                    .get(0)
                    .referencedGroupInfo()
                    .userId()),
        spelled(
            "route tables answered with the local route the VPC adds",
            "NetworkReader.isMadeByAws: the local route is the VPC's, not the template's",
            "DescribeRouteTables",
            body -> body,
            t -> "no local route",
            lab ->
                appTable(lab).routes().stream().anyMatch(r -> "local".equals(r.gatewayId()))
                    ? "a local route"
                    : "no local route"),
        spelled(
            "the route to the firewall endpoint answered as a gateway",
            "NetworkDocuments.route: VpcEndpointId is answered as GatewayId",
            "DescribeRouteTables",
            body -> body,
            t ->
                properties(t, "AWS::EC2::Route", "FirewallApp1ToFirewall").has("VpcEndpointId")
                    ? "VpcEndpointId"
                    : "GatewayId",
            lab ->
                appTable(lab).routes().stream()
                        .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                        .findFirst()
                        .orElseThrow()
                        .gatewayId()
                        .startsWith("vpce-")
                    ? "GatewayId"
                    : "VpcEndpointId"),
        spelled(
            "routes answered with their state and origin",
            "NetworkDocuments.route: only the destination and target are compared",
            "DescribeRouteTables",
            body -> body,
            t -> properties(t, "AWS::EC2::Route", "FirewallApp1ToFirewall").path("Origin").asText(),
            lab ->
                appTable(lab).routes().stream()
                    .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                    .findFirst()
                    .orElseThrow()
                    .originAsString()),
        spelled(
            "network ACLs answered with their default deny entries",
            "NetworkReader: the entries numbered 32767 and 32768 are the ACL's own",
            "DescribeNetworkAcls",
            body -> body,
            t -> "no rule 32767",
            lab ->
                acl(lab, "NetworkAclsData").entries().stream()
                        .anyMatch(e -> e.ruleNumber() == 32767)
                    ? "rule 32767"
                    : "no rule 32767"),
        spelled(
            "the flow log answered with its log group's ARN beside its name",
            "NetworkDocuments.flowLog: a log group by name or by ARN",
            "DescribeFlowLogs",
            body -> {
              Matcher name = Pattern.compile("<logGroupName>(.*?)</logGroupName>").matcher(body);
              if (!name.find()) {
                return body;
              }
              return body.replace(
                  "<maxAggregationInterval>",
                  "<logDestination>arn:aws:logs:eu-west-1:123456789012:log-group:"
                      + name.group(1)
                      + "</logDestination><maxAggregationInterval>");
            },
            t -> properties(t, "AWS::EC2::FlowLog", "VpcFlowLogs").path("LogDestination").asText(),
            lab ->
                String.valueOf(
                    lab.ec2
                        .describeFlowLogs(r -> r.maxResults(5))
                        .flowLogs()
                        .get(0)
                        .logDestination())),
        spelled(
            "subnets answered with the IPv6 settings AWS fills in",
            "NetworkDocuments.subnet: AssignIpv6AddressOnCreation and Ipv6Native default to false",
            "DescribeSubnets",
            body -> body,
            t ->
                properties(t, "AWS::EC2::Subnet", "VpcappSubnet1")
                    .path("AssignIpv6AddressOnCreation")
                    .asText(),
            lab -> String.valueOf(lab.subnet("VpcappSubnet1").assignIpv6AddressOnCreation())),
        // WAF.
        spelled(
            "the web ACL answered with its capacity, label namespace and Firewall Manager flag",
            "SecurityDocuments.webAcl: members a template cannot declare",
            "GetWebACL",
            body -> body,
            t -> webAclTemplate(t).path("LabelNamespace").asText(),
            lab -> String.valueOf(webAcl(lab).labelNamespace())),
        spelled(
            "managed rule groups answered with empty ExcludedRules lists",
            "SecurityDocuments.webAcl: ExcludedRules folded into RuleActionOverrides (an empty"
                + " list is none)",
            "GetWebACL",
            managedStatements(
                managed -> {
                  if (!managed.has("ExcludedRules")) {
                    managed.putArray("ExcludedRules");
                  }
                }),
            t -> {
              for (JsonNode r : webAclTemplate(t).path("Rules")) {
                if (r.path("Name").asText().equals("AWSManagedRulesAmazonIpReputationList")) {
                  return r.path("Statement")
                      .path("ManagedRuleGroupStatement")
                      .path("ExcludedRules")
                      .toString();
                }
              }
              throw new AssertionError("no IP reputation rule");
            },
            lab ->
                webAcl(lab).rules().stream()
                    .filter(r -> r.name().equals("AWSManagedRulesAmazonIpReputationList"))
                    .map(r -> r.statement().managedRuleGroupStatement())
                    .map(m -> m.hasExcludedRules() ? m.excludedRules().toString() : "")
                    .findFirst()
                    .orElseThrow()),
        spelled(
            "the block list answered with its ARN and id",
            "SecurityDocuments.ipSet: only the addresses and their version are compared",
            "GetIPSet",
            body -> body,
            t -> properties(t, "AWS::WAFv2::IPSet", "WebAcl").path("ARN").asText(),
            lab -> lab.blockList().arn()));
  }
}
