package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netdrift.emulator.CloudFormationModel.Resource;
import io.netdrift.emulator.CloudFormationModel.Stack;
import io.netdrift.emulator.Ec2Model.Group;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deploys a synthesized template the way CloudFormation would: resources in dependency order,
 * security groups created through {@link Ec2Model} with CloudFormation's tags and generated names,
 * inline and standalone rules applied, and the logical→physical map recorded. Types the emulator
 * does not model get a physical id and nothing else.
 */
public final class TemplateDeployer {
  private static final Map<String, String> ID_PREFIX =
      Map.ofEntries(
          Map.entry("AWS::EC2::Subnet", "subnet"),
          Map.entry("AWS::EC2::RouteTable", "rtb"),
          Map.entry("AWS::EC2::InternetGateway", "igw"),
          Map.entry("AWS::EC2::NatGateway", "nat"),
          Map.entry("AWS::EC2::EIP", "eipalloc"),
          Map.entry("AWS::EC2::SubnetRouteTableAssociation", "rtbassoc"),
          Map.entry("AWS::EC2::TransitGateway", "tgw"),
          Map.entry("AWS::EC2::VPCPeeringConnection", "pcx"),
          Map.entry("AWS::EC2::EgressOnlyInternetGateway", "eigw"),
          Map.entry("AWS::EC2::NetworkInterface", "eni"),
          Map.entry("AWS::Route53Resolver::FirewallDomainList", "rslvr-fdl"),
          Map.entry("AWS::Route53Resolver::FirewallRuleGroup", "rslvr-frg"),
          Map.entry("AWS::Route53Resolver::FirewallRuleGroupAssociation", "rslvr-frgassoc"));

  private final Ec2Model ec2;
  private final CloudFormationModel cloudFormation;
  private final NetworkFirewallApi networkFirewall;
  private final WafApi waf;
  private final CloudControlApi cloudControl;

  TemplateDeployer(
      Ec2Model ec2,
      CloudFormationModel cloudFormation,
      NetworkFirewallApi networkFirewall,
      WafApi waf,
      CloudControlApi cloudControl) {
    this.ec2 = ec2;
    this.cloudFormation = cloudFormation;
    this.networkFirewall = networkFirewall;
    this.waf = waf;
    this.cloudControl = cloudControl;
  }

  /** Where nested stacks' templates are read from: the assembly being deployed, if any. */
  private volatile java.nio.file.Path assembly;

  /** Nested stacks name their templates relative to {@code dir} ({@code aws:asset:path}). */
  void assembly(java.nio.file.Path dir) {
    this.assembly = dir;
  }

  /** Creates stack {@code name} from {@code template} and returns it. */
  public Stack deploy(String name, JsonNode template) {
    return deploy(name, template, Map.of());
  }

  /**
   * Creates stack {@code name} from {@code template} with the parameter values a parent passes
   * (others take their defaults), and returns it.
   */
  Stack deploy(String name, JsonNode template, Map<String, String> parameters) {
    String stackId =
        "arn:aws:cloudformation:"
            + ec2.region()
            + ":"
            + ec2.account()
            + ":stack/"
            + name
            + "/"
            + ec2.newId("stack").substring(6);
    Stack stack = new Stack(name, stackId, template.toString());
    template
        .path("Parameters")
        .fields()
        .forEachRemaining(
            p -> stack.parameters.put(p.getKey(), p.getValue().path("Default").asText("")));
    stack.parameters.putAll(parameters);
    JsonNode resources = template.path("Resources");
    Deployment deployment = new Deployment(stack, template);
    for (String logicalId : order(resources)) {
      deployment.create(logicalId, resources.get(logicalId));
    }
    // Outputs with an Export name become exports other stacks can import.
    deployment.exportOutputs(template.path("Outputs"));
    template
        .path("Outputs")
        .fields()
        .forEachRemaining(
            o -> stack.outputs.put(o.getKey(), deployment.text(o.getValue().path("Value"))));
    cloudFormation.put(stack);
    return stack;
  }

  private String suffix() {
    return ec2.newId("x").substring(2, 14).toUpperCase(Locale.ROOT);
  }

  /** Dependency order: every resource after those it names in Ref, Fn::GetAtt or DependsOn. */
  static List<String> order(JsonNode resources) {
    Map<String, Set<String>> dependencies = new LinkedHashMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              Set<String> deps = new LinkedHashSet<>();
              collectReferences(e.getValue().path("Properties"), deps);
              JsonNode dependsOn = e.getValue().path("DependsOn");
              if (dependsOn.isTextual()) {
                deps.add(dependsOn.asText());
              } else {
                dependsOn.forEach(d -> deps.add(d.asText()));
              }
              deps.retainAll(iterable(resources.fieldNames()));
              dependencies.put(e.getKey(), deps);
            });
    List<String> ordered = new ArrayList<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String id : dependencies.keySet()) {
      visit(id, dependencies, ordered, visiting);
    }
    return ordered;
  }

  private static void visit(
      String id, Map<String, Set<String>> deps, List<String> ordered, Set<String> visiting) {
    if (ordered.contains(id)) {
      return;
    }
    if (!visiting.add(id)) {
      throw new IllegalArgumentException("circular dependency at " + id);
    }
    for (String dep : deps.get(id)) {
      visit(dep, deps, ordered, visiting);
    }
    visiting.remove(id);
    ordered.add(id);
  }

  private static Set<String> iterable(Iterator<String> names) {
    Set<String> set = new LinkedHashSet<>();
    names.forEachRemaining(set::add);
    return set;
  }

  private static void collectReferences(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      if (node.has("Ref")) {
        into.add(node.get("Ref").asText());
      }
      if (node.has("Fn::GetAtt")) {
        JsonNode target = node.get("Fn::GetAtt");
        into.add(target.isArray() ? target.get(0).asText() : target.asText().split("\\.")[0]);
      }
      node.elements().forEachRemaining(child -> collectReferences(child, into));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectReferences(child, into));
    }
  }

  /** One run of a template: the resources created so far and the attributes they expose. */
  private final class Deployment {
    private final Stack stack;
    private final JsonNode template;
    private final Map<String, Map<String, JsonNode>> attributes = new LinkedHashMap<>();

    Deployment(Stack stack, JsonNode template) {
      this.stack = stack;
      this.template = template;
    }

    void create(String logicalId, JsonNode resource) {
      String type = resource.path("Type").asText();
      JsonNode p = resource.path("Properties");
      Map<String, JsonNode> attrs = new LinkedHashMap<>();
      Ec2Network net = ec2.network();
      String physicalId =
          switch (type) {
            case "AWS::EC2::VPC" -> {
              Ec2Model.Vpc vpc = ec2.createVpc(text(p.path("CidrBlock")));
              attrs.put("CidrBlock", TextNode.valueOf(vpc.cidrBlock()));
              attrs.put("DefaultSecurityGroup", TextNode.valueOf(vpc.defaultGroupId()));
              yield vpc.vpcId();
            }
            case "AWS::EC2::SecurityGroup" -> securityGroup(logicalId, p, attrs);
            case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress" ->
                standaloneRule(type, p);
            case "AWS::EC2::Subnet" -> {
              Ec2Network.Subnet subnet =
                  net.createSubnet(
                      text(p.path("VpcId")),
                      p.has("CidrBlock") ? text(p.path("CidrBlock")) : null,
                      p.has("Ipv6CidrBlock") ? text(p.path("Ipv6CidrBlock")) : null,
                      p.has("AvailabilityZoneId")
                          ? Ec2Network.zone(ec2.region(), text(p.get("AvailabilityZoneId")), false)
                          : p.has("AvailabilityZone")
                              ? text(p.get("AvailabilityZone"))
                              : ec2.region() + "a",
                      p.path("MapPublicIpOnLaunch").asBoolean(false));
              if (subnet.cidr != null) {
                attrs.put("CidrBlock", TextNode.valueOf(subnet.cidr));
              }
              attrs.put("AvailabilityZone", TextNode.valueOf(subnet.az));
              yield subnet.id;
            }
            case "AWS::EC2::RouteTable" -> net.createRouteTable(text(p.path("VpcId"))).id;
            case "AWS::EC2::SubnetRouteTableAssociation" ->
                net.associateRouteTable(text(p.path("RouteTableId")), text(p.path("SubnetId")));
            case "AWS::EC2::GatewayRouteTableAssociation" ->
                net.associateGateway(text(p.path("RouteTableId")), text(p.path("GatewayId")));
            case "AWS::EC2::Route" -> {
              Ec2Network.Route route = new Ec2Network.Route();
              route.destination =
                  text(
                      p.has("DestinationCidrBlock")
                          ? p.get("DestinationCidrBlock")
                          : p.has("DestinationIpv6CidrBlock")
                              ? p.get("DestinationIpv6CidrBlock")
                              : p.path("DestinationPrefixListId"));
              for (String target : Ec2Network.Route.TARGETS) {
                if (p.has(target)) {
                  route.target(target, text(p.get(target)));
                }
              }
              String table = text(p.path("RouteTableId"));
              net.putRoute(table, route, false);
              yield table + "|" + route.destination;
            }
            case "AWS::EC2::InternetGateway" -> net.createIgw().id;
            case "AWS::EC2::VPCGatewayAttachment" -> {
              String vpc = text(p.path("VpcId"));
              if (p.has("InternetGatewayId")) {
                net.attachIgw(text(p.get("InternetGatewayId")), vpc);
              }
              yield "IGW|" + vpc;
            }
            case "AWS::EC2::NatGateway" ->
                net.createNat(
                        text(p.path("SubnetId")),
                        p.has("ConnectivityType") ? text(p.get("ConnectivityType")) : null)
                    .id;
            case "AWS::EC2::EIP" -> {
              String allocation = ec2.newId("eipalloc");
              attrs.put("AllocationId", TextNode.valueOf(allocation));
              yield "198.51.100." + (stack.resources.size() % 250 + 1);
            }
            case "AWS::EC2::NetworkAcl" -> net.createAcl(text(p.path("VpcId"))).id;
            case "AWS::EC2::NetworkAclEntry" -> {
              Ec2Network.Entry entry = new Ec2Network.Entry();
              entry.ruleNumber = p.path("RuleNumber").asInt();
              entry.egress = p.path("Egress").asBoolean(false);
              entry.protocol = Ec2NetworkApi.protocolNumber(text(p.path("Protocol")));
              entry.action = text(p.path("RuleAction"));
              entry.cidr = p.has("CidrBlock") ? text(p.get("CidrBlock")) : null;
              entry.ipv6Cidr = p.has("Ipv6CidrBlock") ? text(p.get("Ipv6CidrBlock")) : null;
              // As EC2 keeps an entry: ports for TCP and UDP only, the ICMP type for ICMP only.
              boolean ports = entry.protocol.equals("6") || entry.protocol.equals("17");
              boolean icmp = entry.protocol.equals("1") || entry.protocol.equals("58");
              if (ports && p.has("PortRange")) {
                entry.from = Integer.parseInt(text(p.path("PortRange").path("From")));
                entry.to = Integer.parseInt(text(p.path("PortRange").path("To")));
              }
              if (icmp && p.has("Icmp")) {
                entry.icmpType = p.path("Icmp").path("Type").asInt(-1);
                entry.icmpCode = p.path("Icmp").path("Code").asInt(-1);
              }
              String acl = text(p.path("NetworkAclId"));
              net.putEntry(acl, entry, false);
              yield acl + "|" + (entry.egress ? "egress" : "ingress") + "|" + entry.ruleNumber;
            }
            case "AWS::EC2::VPCCidrBlock" -> {
              Ec2Network.VpcBlock block =
                  net.associateVpcBlock(
                      text(p.path("VpcId")),
                      p.has("CidrBlock") ? text(p.get("CidrBlock")) : null,
                      p.has("Ipv6CidrBlock") ? text(p.get("Ipv6CidrBlock")) : null);
              attrs.put("Id", TextNode.valueOf(block.id));
              yield block.id;
            }
            case "AWS::EC2::SubnetNetworkAclAssociation" ->
                net.associateAcl(text(p.path("NetworkAclId")), text(p.path("SubnetId")));
            case "AWS::EC2::FlowLog" ->
                net.createFlowLog(
                        text(p.path("ResourceId")),
                        text(p.path("TrafficType")),
                        p.has("LogDestinationType") ? text(p.get("LogDestinationType")) : null,
                        p.has("LogGroupName") ? text(p.get("LogGroupName")) : null,
                        p.has("LogDestination") ? text(p.get("LogDestination")) : null)
                    .id;
            case "AWS::EC2::VPCEndpoint" -> {
              JsonNode resolved = resolve(p);
              String id;
              if (resolved.path("VpcEndpointType").asText("Gateway").equals("Gateway")) {
                List<String> tables = new ArrayList<>();
                resolved.path("RouteTableIds").forEach(t -> tables.add(t.asText()));
                id =
                    net.createGatewayEndpoint(
                            resolved.path("VpcId").asText(),
                            resolved.path("ServiceName").asText(),
                            tables)
                        .id;
              } else {
                List<String> subnets = new ArrayList<>();
                resolved.path("SubnetIds").forEach(t -> subnets.add(t.asText()));
                List<String> groups = new ArrayList<>();
                resolved.path("SecurityGroupIds").forEach(t -> groups.add(t.asText()));
                id =
                    net.createInterfaceEndpoint(
                            resolved.path("VpcId").asText(),
                            resolved.path("ServiceName").asText(),
                            subnets,
                            groups,
                            resolved.path("PrivateDnsEnabled").asBoolean(false))
                        .id;
              }
              Registry.schema(type).ifPresent(schema -> registered(type, id, p, schema, attrs));
              yield id;
            }
            case "AWS::EC2::VPCPeeringConnection" -> {
              JsonNode resolved = resolve(p);
              String id =
                  net.createPeering(
                      resolved.path("VpcId").asText(),
                      resolved.path("PeerVpcId").asText(),
                      resolved.path("PeerOwnerId").asText(null),
                      resolved.path("PeerRegion").asText(null));
              // CloudFormation's stack waits for a cross-account peering to be accepted.
              net.acceptPeering(id);
              Registry.schema(type).ifPresent(schema -> registered(type, id, p, schema, attrs));
              yield id;
            }
            case "AWS::EC2::TransitGatewayRouteTable" -> {
              String id = ec2.transitGateways().createTable(text(p.path("TransitGatewayId")));
              attrs.put("TransitGatewayRouteTableId", TextNode.valueOf(id));
              yield id;
            }
            case "AWS::EC2::TransitGatewayVpcAttachment", "AWS::EC2::TransitGatewayAttachment" -> {
              String id =
                  ec2.transitGateways()
                      .attach(text(p.path("TransitGatewayId")), text(p.path("VpcId")));
              Registry.schema(type).ifPresent(schema -> registered(type, id, p, schema, attrs));
              yield id;
            }
            case "AWS::EC2::TransitGatewayRouteTableAssociation",
                "AWS::EC2::TransitGatewayRouteTablePropagation" -> {
              String table = text(p.path("TransitGatewayRouteTableId"));
              String attachment = text(p.path("TransitGatewayAttachmentId"));
              if (type.endsWith("Association")) {
                ec2.transitGateways().associate(table, attachment);
              } else {
                ec2.transitGateways().propagate(table, attachment, true);
              }
              yield table + "|" + attachment;
            }
            case "AWS::EC2::TransitGatewayRoute" -> {
              JsonNode resolved = resolve(p);
              String table = resolved.path("TransitGatewayRouteTableId").asText();
              String destination = resolved.path("DestinationCidrBlock").asText();
              ec2.transitGateways()
                  .route(
                      table,
                      destination,
                      resolved.path("Blackhole").asBoolean(false)
                          ? null
                          : resolved.path("TransitGatewayAttachmentId").asText(),
                      false);
              yield table + "|" + destination;
            }
            case "AWS::EC2::PrefixList" -> {
              JsonNode resolved = resolve(p);
              Map<String, String> entries = new LinkedHashMap<>();
              resolved
                  .path("Entries")
                  .forEach(
                      e -> entries.put(e.path("Cidr").asText(), e.path("Description").asText("")));
              Ec2Network.PrefixList list =
                  net.createPrefixList(
                      resolved.path("PrefixListName").asText(),
                      resolved.path("AddressFamily").asText(),
                      resolved.path("MaxEntries").asInt(Math.max(1, entries.size())),
                      entries);
              attrs.put("PrefixListId", TextNode.valueOf(list.id));
              attrs.put(
                  "Arn",
                  TextNode.valueOf(
                      "arn:aws:ec2:"
                          + ec2.region()
                          + ":"
                          + ec2.account()
                          + ":prefix-list/"
                          + list.id));
              attrs.put("Version", new com.fasterxml.jackson.databind.node.LongNode(list.version));
              yield list.id;
            }
            case "AWS::Logs::LogGroup" -> {
              String name =
                  p.has("LogGroupName")
                      ? text(p.get("LogGroupName"))
                      : stack.name
                          + "-"
                          + logicalId
                          + "-"
                          + ec2.newId("x").substring(8).toUpperCase(Locale.ROOT);
              attrs.put(
                  "Arn",
                  TextNode.valueOf(
                      "arn:aws:logs:"
                          + ec2.region()
                          + ":"
                          + ec2.account()
                          + ":log-group:"
                          + name
                          + ":*"));
              yield name;
            }
            case "Custom::VpcRestrictDefaultSG" -> {
              // What CDK's custom resource does on create: strip every rule of the default group.
              ec2.removeAllRules(ec2.group(text(p.path("DefaultSecurityGroupId"))));
              yield ec2.newId("restrict");
            }
            case "AWS::NetworkFirewall::Firewall" -> {
              JsonNode resolved = resolve(p);
              Map<String, String[]> endpoints = new LinkedHashMap<>();
              ArrayNode endpointIds = JsonNodeFactory.instance.arrayNode();
              for (JsonNode mapping : resolved.path("SubnetMappings")) {
                String subnet = mapping.path("SubnetId").asText();
                String[] zoneAndEndpoint = {net.subnets.get(subnet).az, ec2.newId("vpce")};
                endpoints.put(subnet, zoneAndEndpoint);
                endpointIds.add(zoneAndEndpoint[0] + ":" + zoneAndEndpoint[1]);
              }
              String arn = networkFirewall.createFirewall(resolved, endpoints);
              // CloudFormation fills EndpointIds from the service's own map order, not the zones'
              // (resource-providers-networkfirewall issue 15): here, the last zone first.
              ArrayNode serviceOrder = JsonNodeFactory.instance.arrayNode();
              for (int i = endpointIds.size() - 1; i >= 0; i--) {
                serviceOrder.add(endpointIds.get(i));
              }
              attrs.put("EndpointIds", serviceOrder);
              attrs.put("FirewallArn", TextNode.valueOf(arn));
              yield arn;
            }
            case "AWS::NetworkFirewall::RuleGroup" -> {
              String arn = networkFirewall.createRuleGroup(resolve(p));
              attrs.put("RuleGroupArn", TextNode.valueOf(arn));
              yield arn;
            }
            case "AWS::NetworkFirewall::FirewallPolicy" -> {
              String arn = networkFirewall.createPolicy(resolve(p));
              attrs.put("FirewallPolicyArn", TextNode.valueOf(arn));
              yield arn;
            }
            case "AWS::NetworkFirewall::LoggingConfiguration" -> {
              JsonNode resolved = resolve(p);
              networkFirewall.putLogging(
                  resolved.path("FirewallArn").asText(), resolved.path("LoggingConfiguration"));
              yield resolved.path("FirewallArn").asText();
            }
            case "AWS::WAFv2::IPSet", "AWS::WAFv2::WebACL", "AWS::WAFv2::RuleGroup" -> {
              String[] nameIdArn =
                  switch (type) {
                    case "AWS::WAFv2::IPSet" -> waf.createIpSet(resolve(p));
                    case "AWS::WAFv2::RuleGroup" -> waf.createRuleGroup(resolve(p));
                    default -> waf.createWebAcl(resolve(p));
                  };
              attrs.put("Arn", TextNode.valueOf(nameIdArn[2]));
              attrs.put("Id", TextNode.valueOf(nameIdArn[1]));
              // CloudFormation's physical id of a WAFv2 resource: name|id|scope.
              yield nameIdArn[0] + "|" + nameIdArn[1] + "|" + p.path("Scope").asText("REGIONAL");
            }
            case "AWS::WAFv2::WebACLAssociation" -> {
              JsonNode resolved = resolve(p);
              waf.associate(
                  resolved.path("WebACLArn").asText(), resolved.path("ResourceArn").asText());
              yield resolved.path("ResourceArn").asText()
                  + "|"
                  + resolved.path("WebACLArn").asText();
            }
            case "AWS::WAFv2::LoggingConfiguration" -> {
              JsonNode resolved = resolve(p);
              waf.putLogging(resolved);
              yield resolved.path("ResourceArn").asText();
            }
            case "AWS::ElasticLoadBalancingV2::LoadBalancer" -> {
              String id = ec2.newId("x").substring(2);
              String arn =
                  "arn:aws:elasticloadbalancing:"
                      + ec2.region()
                      + ":"
                      + ec2.account()
                      + ":loadbalancer/app/"
                      + stack.name.substring(0, Math.min(16, stack.name.length()))
                      + "/"
                      + id;
              attrs.put("LoadBalancerArn", TextNode.valueOf(arn));
              ObjectNode lb = properties(p);
              lb.put("LoadBalancerArn", arn);
              // What ELB answers where the template is silent.
              lb.put("Scheme", lb.path("Scheme").asText("internet-facing"));
              lb.put("Type", lb.path("Type").asText("application"));
              List<JsonNode> mapped = new ArrayList<>();
              lb.path("SubnetMappings").forEach(m -> mapped.add(m.path("SubnetId")));
              if (!mapped.isEmpty() && !lb.has("Subnets")) {
                lb.putArray("Subnets").addAll(mapped);
              }
              cloudControl.put(type, arn, lb);
              yield arn;
            }
            case "AWS::ElasticLoadBalancingV2::Listener" -> {
              String arn =
                  "arn:aws:elasticloadbalancing:"
                      + ec2.region()
                      + ":"
                      + ec2.account()
                      + ":listener/app/"
                      + ec2.newId("l").substring(2);
              ObjectNode listener = properties(p);
              listener.put("ListenerArn", arn);
              cloudControl.put(type, arn, listener);
              yield arn;
            }
            case "AWS::CloudFormation::Stack" -> {
              String asset = resource.path("Metadata").path("aws:asset:path").asText("");
              if (asset.isEmpty() || assembly == null) {
                throw new IllegalArgumentException(
                    "nested stack " + logicalId + " names no template in the assembly");
              }
              JsonNode nestedTemplate;
              try {
                nestedTemplate =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(java.nio.file.Files.readString(assembly.resolve(asset)));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              Map<String, String> parameters = new LinkedHashMap<>();
              resolve(p.path("Parameters"))
                  .fields()
                  .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
              // CloudFormation names a nested stack after its parent and logical id.
              Stack nested =
                  deploy(stack.name + "-" + logicalId + "-" + suffix(), nestedTemplate, parameters);
              nested.outputs.forEach(
                  (key, value) -> attrs.put("Outputs." + key, TextNode.valueOf(value)));
              yield nested.stackId();
            }
            case "AWS::RDS::DBInstance",
                "AWS::RDS::DBCluster",
                "AWS::Lambda::Function",
                "AWS::ElastiCache::CacheCluster",
                "AWS::ElastiCache::ReplicationGroup" ->
                application(logicalId, type, properties(p));
            case "AWS::ECS::Cluster" ->
                // Ref of a cluster is its name.
                properties(p)
                    .path("ClusterName")
                    .asText(stack.name + "-" + logicalId + "-" + suffix());
            case "AWS::ECS::Service" -> {
              ObjectNode service = properties(p);
              String cluster = service.path("Cluster").asText("default");
              cluster = cluster.substring(cluster.lastIndexOf('/') + 1);
              String name =
                  service.path("ServiceName").asText(stack.name + "-" + logicalId + "-" + suffix());
              String arn =
                  "arn:aws:ecs:"
                      + ec2.region()
                      + ":"
                      + ec2.account()
                      + ":service/"
                      + cluster
                      + "/"
                      + name;
              service.put("ServiceArn", arn).put("ServiceName", name);
              service.put(
                  "Cluster",
                  "arn:aws:ecs:" + ec2.region() + ":" + ec2.account() + ":cluster/" + cluster);
              JsonNode vpc = service.path("NetworkConfiguration").path("AwsvpcConfiguration");
              if (vpc instanceof ObjectNode awsvpc && !awsvpc.has("AssignPublicIp")) {
                awsvpc.put("AssignPublicIp", "DISABLED");
              }
              cloudControl.put(type, arn + "|" + cluster, service);
              yield arn;
            }
            default -> {
              String id =
                  ec2.newId(ID_PREFIX.getOrDefault(type, logicalId.toLowerCase(Locale.ROOT)));
              Registry.schema(type).ifPresent(schema -> registered(type, id, p, schema, attrs));
              yield id;
            }
          };
      attributes.put(logicalId, attrs);
      stack.resources.put(logicalId, new Resource(logicalId, type, physicalId));
    }

    /** The tenth address of an IPv4 block: the first ones are AWS's own in every subnet. */
    private static String hostIn(String cidr) {
      String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
      return octets[0]
          + "."
          + octets[1]
          + "."
          + octets[2]
          + "."
          + (Integer.parseInt(octets[3]) + 10);
    }

    /**
     * A resource of a type the emulator has a registry schema of: kept for Cloud Control as its
     * service answers it, the template's properties with what the service fills in, never its
     * write-only ones.
     */
    private void registered(
        String type, String id, JsonNode p, ObjectNode schema, Map<String, JsonNode> attrs) {
      ObjectNode resource = properties(p);
      schema
          .path("writeOnlyProperties")
          .forEach(w -> resource.remove(w.asText().substring("/properties/".length())));
      resource.put(Registry.identifier(schema), id);
      String arn = Registry.arn(type, ec2.region(), ec2.account(), id);
      switch (type) {
        case "AWS::EC2::TransitGateway" -> {
          resource.put("TransitGatewayArn", arn);
          // What EC2 fills in where a template is silent.
          resource.put("AmazonSideAsn", resource.path("AmazonSideAsn").asLong(64512));
          for (String[] setting :
              new String[][] {
                {"AutoAcceptSharedAttachments", "disable"},
                {"DefaultRouteTableAssociation", "enable"},
                {"DefaultRouteTablePropagation", "enable"},
                {"DnsSupport", "enable"},
                {"VpnEcmpSupport", "enable"},
                {"MulticastSupport", "disable"},
                {"SecurityGroupReferencingSupport", "disable"}
              }) {
            resource.put(setting[0], resource.path(setting[0]).asText(setting[1]));
          }
          String routeTable = ec2.newId("tgw-rtb");
          if (resource.path("DefaultRouteTableAssociation").asText().equals("enable")) {
            resource.put("AssociationDefaultRouteTableId", routeTable);
          }
          if (resource.path("DefaultRouteTablePropagation").asText().equals("enable")) {
            resource.put("PropagationDefaultRouteTableId", routeTable);
          }
          ec2.transitGateways()
              .createGateway(
                  id,
                  routeTable,
                  resource.has("AssociationDefaultRouteTableId"),
                  resource.has("PropagationDefaultRouteTableId"));
        }
        case "AWS::EC2::VPCEndpoint" -> {
          resource.put("VpcEndpointType", resource.path("VpcEndpointType").asText("Gateway"));
          if (!resource.has("PolicyDocument")) {
            // The policy EC2 gives an endpoint created without one: full access.
            ObjectNode policy = resource.putObject("PolicyDocument").put("Version", "2008-10-17");
            policy
                .putArray("Statement")
                .addObject()
                .put("Effect", "Allow")
                .put("Principal", "*")
                .put("Action", "*")
                .put("Resource", "*");
          }
          resource.put("PrivateDnsEnabled", resource.path("PrivateDnsEnabled").asBoolean(false));
          resource.put("CreationTimestamp", "2026-11-30T00:00:00.000Z");
          resource.putArray("DnsEntries");
          resource.putArray("NetworkInterfaceIds");
        }
        case "AWS::Route53Resolver::FirewallDomainList" -> {
          resource.put("Arn", arn).put("DomainCount", resource.path("Domains").size());
          resource.put("Status", "COMPLETE").put("StatusMessage", "Created Firewall Domain List");
          resource.put("CreatorRequestId", ec2.newId("req"));
          resource.put("CreationTime", "2026-11-30T00:00:00.000000Z");
          resource.put("ModificationTime", "2026-11-30T00:00:00.000000Z");
        }
        case "AWS::Route53Resolver::FirewallRuleGroupAssociation" -> {
          resource.put("Arn", arn).put("Status", "COMPLETE").put("StatusMessage", "");
          resource.put(
              "MutationProtection", resource.path("MutationProtection").asText("DISABLED"));
          resource.put("CreatorRequestId", ec2.newId("req"));
          resource.put("CreationTime", "2026-11-30T00:00:00.000000Z");
          resource.put("ModificationTime", "2026-11-30T00:00:00.000000Z");
        }
        case "AWS::EC2::NetworkInterface" -> {
          // EC2 gives an interface an address in its subnet, checks source and destination, and
          // puts it in the VPC's default group where a template names none.
          Ec2Network.Subnet subnet = ec2.network().subnets.get(resource.path("SubnetId").asText());
          String vpcId = subnet == null ? "" : subnet.vpcId;
          String address =
              resource
                  .path("PrivateIpAddress")
                  .asText(subnet == null ? "10.0.0.10" : hostIn(subnet.cidr));
          resource.put("PrivateIpAddress", address).put("PrimaryPrivateIpAddress", address);
          resource.putArray("SecondaryPrivateIpAddresses");
          resource.put("SourceDestCheck", resource.path("SourceDestCheck").asBoolean(true));
          resource.put("InterfaceType", resource.path("InterfaceType").asText("interface"));
          resource.put("VpcId", vpcId);
          if (!resource.has("GroupSet")) {
            ec2.vpcs().stream()
                .filter(v -> v.vpcId().equals(vpcId))
                .findFirst()
                .ifPresent(v -> resource.putArray("GroupSet").add(v.defaultGroupId()));
          }
        }
        case "AWS::EC2::VPCPeeringConnection" -> {
          // EC2 answers the peer's account and region, the caller's where a template is silent.
          resource.put("PeerOwnerId", resource.path("PeerOwnerId").asText(ec2.account()));
          resource.put("PeerRegion", resource.path("PeerRegion").asText(ec2.region()));
        }
        case "AWS::EC2::TransitGatewayVpcAttachment" -> {
          ObjectNode options =
              resource.has("Options")
                  ? (ObjectNode) resource.get("Options")
                  : resource.putObject("Options");
          for (String[] setting :
              new String[][] {
                {"DnsSupport", "enable"},
                {"Ipv6Support", "disable"},
                {"ApplianceModeSupport", "disable"},
                {"SecurityGroupReferencingSupport", "disable"}
              }) {
            options.put(setting[0], options.path(setting[0]).asText(setting[1]));
          }
        }
        case "AWS::Route53Resolver::FirewallRuleGroup" -> {
          resource.put("Arn", arn).put("RuleCount", resource.path("FirewallRules").size());
          resource.put("Status", "COMPLETE").put("StatusMessage", "");
          resource.put("OwnerId", ec2.account()).put("ShareStatus", "NOT_SHARED");
          resource.put("CreatorRequestId", ec2.newId("req"));
          resource.put("CreationTime", "2026-11-30T00:00:00.000000Z");
          resource.put("ModificationTime", "2026-11-30T00:00:00.000000Z");
        }
        default -> {}
      }
      resource
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isValueNode()) {
                  attrs.put(f.getKey(), f.getValue());
                }
              });
      cloudControl.put(type, id, resource);
    }

    private String securityGroup(String logicalId, JsonNode p, Map<String, JsonNode> attrs) {
      // CloudFormation names unnamed groups <stack>-<logical id>-<random suffix>.
      String name =
          p.has("GroupName")
              ? text(p.get("GroupName"))
              : stack.name
                  + "-"
                  + logicalId
                  + "-"
                  + ec2.newId("x").substring(8).toUpperCase(Locale.ROOT);
      Group group =
          ec2.createSecurityGroup(name, text(p.path("GroupDescription")), text(p.path("VpcId")));
      group.tags.put("aws:cloudformation:stack-name", stack.name);
      group.tags.put("aws:cloudformation:logical-id", logicalId);
      group.tags.put("aws:cloudformation:stack-id", stack.stackId);
      for (JsonNode rule : p.path("SecurityGroupIngress")) {
        addRule(group, false, rule);
      }
      if (p.path("SecurityGroupEgress").size() > 0) {
        // Declared egress replaces EC2's allow-all default.
        ec2.removeDefaultEgress(group);
        for (JsonNode rule : p.path("SecurityGroupEgress")) {
          addRule(group, true, rule);
        }
      }
      attrs.put("GroupId", TextNode.valueOf(group.groupId));
      attrs.put("VpcId", TextNode.valueOf(group.vpcId));
      return group.groupId;
    }

    private String standaloneRule(String type, JsonNode p) {
      Group group = ec2.group(text(p.path("GroupId")));
      boolean egress = type.endsWith("Egress");
      if (egress) {
        // CloudFormation drops the default allow-all egress once an egress rule is added.
        ec2.removeDefaultEgress(group);
      }
      return addRule(group, egress, p).ruleId();
    }

    private Ec2Model.Rule addRule(Group group, boolean egress, JsonNode rule) {
      String peerPrefix = egress ? "Destination" : "Source";
      return ec2.addRule(
          group,
          egress,
          text(rule.path("IpProtocol")),
          rule.has("FromPort") ? Integer.valueOf(text(rule.get("FromPort"))) : null,
          rule.has("ToPort") ? Integer.valueOf(text(rule.get("ToPort"))) : null,
          rule.has("CidrIp") ? text(rule.get("CidrIp")) : null,
          rule.has("CidrIpv6") ? text(rule.get("CidrIpv6")) : null,
          rule.has(peerPrefix + "PrefixListId")
              ? text(rule.get(peerPrefix + "PrefixListId"))
              : null,
          rule.has(peerPrefix + "SecurityGroupId")
              ? text(rule.get(peerPrefix + "SecurityGroupId"))
              : null,
          rule.has("Description") ? text(rule.get("Description")) : null);
    }

    void exportOutputs(JsonNode outputs) {
      outputs
          .fields()
          .forEachRemaining(
              o -> {
                if (o.getValue().has("Export")) {
                  String name = text(o.getValue().path("Export").path("Name"));
                  synchronized (cloudFormation) {
                    cloudFormation.exports.put(
                        name, new String[] {stack.stackId, text(o.getValue().path("Value"))});
                  }
                }
              });
    }

    /** A resource's resolved properties, as a copy to keep. */
    ObjectNode properties(JsonNode p) {
      JsonNode resolved = resolve(p);
      return resolved instanceof ObjectNode o
          ? o.deepCopy()
          : JsonNodeFactory.instance.objectNode();
    }

    /**
     * An application resource Cloud Control reads by its physical id: a database, function or
     * cache, named as CloudFormation names it where the template does not, with the defaults the
     * service answers.
     */
    String application(String logicalId, String type, ObjectNode resource) {
      String generated = stack.name + "-" + logicalId + "-" + suffix();
      String id =
          switch (type) {
            case "AWS::RDS::DBInstance" -> {
              String name =
                  resource.path("DBInstanceIdentifier").asText(generated).toLowerCase(Locale.ROOT);
              resource.put("DBInstanceIdentifier", name);
              resource.put("PubliclyAccessible", resource.path("PubliclyAccessible").asBoolean());
              yield name;
            }
            case "AWS::RDS::DBCluster" -> {
              String name =
                  resource.path("DBClusterIdentifier").asText(generated).toLowerCase(Locale.ROOT);
              resource.put("DBClusterIdentifier", name);
              yield name;
            }
            case "AWS::Lambda::Function" -> {
              String name = resource.path("FunctionName").asText(generated);
              resource.put("FunctionName", name);
              if (!resource.has("VpcConfig")) {
                // Lambda answers a function outside any VPC with empty lists.
                ObjectNode vpc = resource.putObject("VpcConfig");
                vpc.putArray("SecurityGroupIds");
                vpc.putArray("SubnetIds");
                vpc.put("Ipv6AllowedForDualStack", false);
              }
              yield name;
            }
            case "AWS::ElastiCache::CacheCluster" -> {
              String name = resource.path("ClusterName").asText(generated).toLowerCase(Locale.ROOT);
              resource.put("ClusterName", name);
              yield name;
            }
            default -> {
              String name =
                  resource.path("ReplicationGroupId").asText(generated).toLowerCase(Locale.ROOT);
              resource.put("ReplicationGroupId", name);
              yield name;
            }
          };
      cloudControl.put(type, id, resource);
      return id;
    }

    /** Resolves a value to plain text. */
    String text(JsonNode value) {
      JsonNode resolved = resolve(value);
      if (resolved == null || resolved.isMissingNode() || resolved.isNull()) {
        throw new IllegalArgumentException("missing property in template of " + stack.name);
      }
      return resolved.asText();
    }

    /** Resolves the intrinsics a network template uses, as CloudFormation does at deploy time. */
    JsonNode resolve(JsonNode value) {
      if (value == null || value.isValueNode() || value.isMissingNode()) {
        return value;
      }
      if (value.isArray()) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        value.forEach(v -> out.add(resolve(v)));
        return out;
      }
      if (value.has("Ref")) {
        String name = value.get("Ref").asText();
        return TextNode.valueOf(
            switch (name) {
              case "AWS::Region" -> ec2.region();
              case "AWS::AccountId" -> ec2.account();
              case "AWS::StackName" -> stack.name;
              case "AWS::Partition" -> "aws";
              case "AWS::URLSuffix" -> "amazonaws.com";
              default -> {
                Resource resource = stack.resources.get(name);
                if (resource != null) {
                  yield resource.physicalId();
                }
                if (stack.parameters.containsKey(name)) {
                  yield stack.parameters.get(name);
                }
                throw new IllegalArgumentException("Ref to " + name + " before it exists");
              }
            });
      }
      if (value.has("Fn::GetAtt")) {
        JsonNode target = value.get("Fn::GetAtt");
        String logicalId =
            target.isArray() ? target.get(0).asText() : target.asText().split("\\.")[0];
        String attribute =
            target.isArray() ? target.get(1).asText() : target.asText().split("\\.", 2)[1];
        JsonNode known = attributes.getOrDefault(logicalId, Map.of()).get(attribute);
        if (known != null) {
          return known;
        }
        Resource resource = stack.resources.get(logicalId);
        if (resource != null
            && (attribute.endsWith("Id") || attribute.endsWith("Arn") || attribute.equals("Arn"))) {
          return TextNode.valueOf(resource.physicalId());
        }
        return TextNode.valueOf(logicalId + "." + attribute);
      }
      if (value.has("Fn::GetAZs")) {
        ArrayNode zones = JsonNodeFactory.instance.arrayNode();
        ec2.network().getAzs(ec2.region()).forEach(zones::add);
        return zones;
      }
      if (value.has("Fn::GetStackOutput")) {
        JsonNode args = value.get("Fn::GetStackOutput");
        String name = resolve(args.path("StackName")).asText();
        String output = resolve(args.path("OutputName")).asText();
        String found =
            cloudFormation
                .find(name)
                .map(other -> other.outputs.get(output))
                .orElseThrow(
                    () -> new IllegalArgumentException("Stack " + name + " does not exist"));
        if (found == null) {
          throw new IllegalArgumentException("Stack " + name + " has no output " + output);
        }
        return TextNode.valueOf(found);
      }
      if (value.has("Fn::ImportValue")) {
        String name = resolve(value.get("Fn::ImportValue")).asText();
        String[] export;
        synchronized (cloudFormation) {
          export = cloudFormation.exports.get(name);
        }
        if (export == null) {
          throw new IllegalArgumentException("No export named " + name + " found");
        }
        return TextNode.valueOf(export[1]);
      }
      if (value.has("Fn::FindInMap")) {
        JsonNode args = value.get("Fn::FindInMap");
        JsonNode found =
            template
                .path("Mappings")
                .path(resolve(args.get(0)).asText())
                .path(resolve(args.get(1)).asText())
                .path(resolve(args.get(2)).asText());
        if (found.isMissingNode() && args.size() == 4) {
          found = args.get(3).path("DefaultValue");
        }
        if (found.isMissingNode()) {
          throw new IllegalArgumentException("Fn::FindInMap: no such key " + args);
        }
        return resolve(found);
      }
      if (value.has("Fn::Join")) {
        JsonNode args = value.get("Fn::Join");
        List<String> parts = new ArrayList<>();
        resolve(args.get(1)).forEach(part -> parts.add(part.asText()));
        return TextNode.valueOf(String.join(args.get(0).asText(), parts));
      }
      if (value.has("Fn::Select")) {
        JsonNode args = value.get("Fn::Select");
        return resolve(args.get(1)).get(resolve(args.get(0)).asInt());
      }
      if (value.has("Fn::Split")) {
        JsonNode args = value.get("Fn::Split");
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (String part :
            resolve(args.get(1))
                .asText()
                .split(java.util.regex.Pattern.quote(args.get(0).asText()), -1)) {
          out.add(part);
        }
        return out;
      }
      com.fasterxml.jackson.databind.node.ObjectNode out = JsonNodeFactory.instance.objectNode();
      value.fields().forEachRemaining(f -> out.set(f.getKey(), resolve(f.getValue())));
      return out;
    }
  }
}
