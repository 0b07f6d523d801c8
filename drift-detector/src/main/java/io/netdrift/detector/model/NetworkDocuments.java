package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Canonical documents of the EC2 network resources, built from raw JSON in the API's member names
 * (a resolved template's properties, or an SDK object through {@code SdkJson}). Both sides go
 * through the same function, so an equal network gives equal documents.
 */
public final class NetworkDocuments {
  /** Types compared as documents, and the CloudFormation child types folded into them. */
  public static final String VPC = "AWS::EC2::VPC";

  public static final String SUBNET = "AWS::EC2::Subnet";
  public static final String NETWORK_ACL = "AWS::EC2::NetworkAcl";
  public static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
  public static final String INTERNET_GATEWAY = "AWS::EC2::InternetGateway";
  public static final String NAT_GATEWAY = "AWS::EC2::NatGateway";
  public static final String FLOW_LOG = "AWS::EC2::FlowLog";
  public static final String PREFIX_LIST = "AWS::EC2::PrefixList";
  public static final String TGW_ROUTE_TABLE = "AWS::EC2::TransitGatewayRouteTable";
  public static final String VPC_CIDR_BLOCK = "AWS::EC2::VPCCidrBlock";

  /** Every document type of the EC2 network. */
  public static final Set<String> TYPES =
      Set.of(
          VPC,
          SUBNET,
          NETWORK_ACL,
          ROUTE_TABLE,
          INTERNET_GATEWAY,
          NAT_GATEWAY,
          FLOW_LOG,
          PREFIX_LIST,
          TGW_ROUTE_TABLE);

  /** A VPC's blocks beyond the primary one are keyed by association id. */
  public static final Set<String> VPC_COLLECTIONS = Set.of("/CidrBlocks", "/Ipv6CidrBlocks");

  /** A prefix list's entries are keyed by their block. */
  public static final Set<String> PREFIX_LIST_COLLECTIONS = Set.of("/Entries");

  /** A Transit Gateway route table's attachments and routes are keyed by attachment and block. */
  public static final Set<String> TGW_ROUTE_TABLE_COLLECTIONS =
      Set.of("/Associations", "/Propagations", "/Routes");

  /** The identity-keyed collections of each document type. */
  public static final Set<String> NACL_COLLECTIONS = Set.of("/Entries", "/Subnets");

  public static final Set<String> ROUTE_TABLE_COLLECTIONS =
      Set.of("/Routes", "/Subnets", "/Gateways");

  private static final List<String> ROUTE_TARGETS =
      List.of(
          "CarrierGatewayId",
          "CoreNetworkArn",
          "EgressOnlyInternetGatewayId",
          "GatewayId",
          "InstanceId",
          "LocalGatewayId",
          "NatGatewayId",
          "NetworkInterfaceId",
          "TransitGatewayId",
          "VpcEndpointId",
          "VpcPeeringConnectionId");

  private NetworkDocuments() {}

  /**
   * A VPC as {@code DescribeVpcs} answers it: the blocks associated beyond the primary one are read
   * from {@code CidrBlockAssociationSet} and {@code Ipv6CidrBlockAssociationSet}, in the spelling
   * of {@code AWS::EC2::VPCCidrBlock}. A block on its way in counts as there, one on its way out
   * does not.
   */
  public static ObjectNode vpc(JsonNode raw) {
    String primary = Cidr.parse(raw.path("CidrBlock").asText()).block();
    List<JsonNode> blocks = new ArrayList<>();
    for (JsonNode a : raw.path("CidrBlockAssociationSet")) {
      if (!leaving(a.path("CidrBlockState"))
          && !Cidr.parse(a.path("CidrBlock").asText()).block().equals(primary)) {
        blocks.add(
            Canonical.object()
                .put("AssociationId", a.path("AssociationId").asText())
                .put("CidrBlock", a.path("CidrBlock").asText()));
      }
    }
    for (JsonNode a : raw.path("Ipv6CidrBlockAssociationSet")) {
      if (leaving(a.path("Ipv6CidrBlockState"))) {
        continue;
      }
      ObjectNode block = Canonical.object().put("AssociationId", a.path("AssociationId").asText());
      if (a.path("Ipv6Pool").asText().equals("Amazon")) {
        // The pool picks the block; its association id pins it, so the block itself never drifts.
        block.put("AmazonProvidedIpv6CidrBlock", true);
      } else if (a.path("Ipv6CidrBlock").asText().isEmpty()) {
        // Still being associated, EC2 answers the block empty: the pool is all there is to tell.
        block.put("Ipv6Pool", a.path("Ipv6Pool").asText());
      } else {
        block.put("Ipv6CidrBlock", a.path("Ipv6CidrBlock").asText());
      }
      blocks.add(block);
    }
    return vpc(raw, blocks);
  }

  /**
   * A VPC: its primary CIDR, tenancy ({@code default} where a template leaves it out) and the
   * blocks associated beyond the primary one, keyed by association id ({@code
   * AWS::EC2::VPCCidrBlock}'s physical id: a block taken away and put back is another association).
   * Each of {@code blocks} is a {@code VPCCidrBlock}'s properties with its {@code AssociationId}. A
   * block an IPAM pool allocates is not known before deploy: refused.
   */
  public static ObjectNode vpc(JsonNode raw, Collection<JsonNode> blocks) {
    ObjectNode doc = Canonical.object();
    doc.put("CidrBlock", Cidr.parse(raw.path("CidrBlock").asText()).block());
    doc.put("InstanceTenancy", raw.path("InstanceTenancy").asText("default"));
    ObjectNode ipv4 = doc.putObject("CidrBlocks");
    ObjectNode ipv6 = doc.putObject("Ipv6CidrBlocks");
    for (JsonNode b : blocks) {
      ObjectNode block = vpcCidrBlock(b);
      (block.has("CidrBlock") ? ipv4 : ipv6).set(b.path("AssociationId").asText(), block);
    }
    return doc;
  }

  /**
   * One block of {@code AWS::EC2::VPCCidrBlock}: an IPv4 or IPv6 block, or an Amazon-provided IPv6
   * one. A block an IPAM pool allocates is not known before deploy: refused.
   */
  public static ObjectNode vpcCidrBlock(JsonNode b) {
    ObjectNode block = Canonical.object();
    if (b.hasNonNull("CidrBlock")) {
      return block.put("CidrBlock", Cidr.parse(b.get("CidrBlock").asText()).block());
    }
    if (b.hasNonNull("Ipv6CidrBlock")) {
      return block.put("Ipv6CidrBlock", Cidr.parse(b.get("Ipv6CidrBlock").asText()).block());
    }
    if (bool(b.path("AmazonProvidedIpv6CidrBlock"))) {
      return block.put("AmazonProvidedIpv6CidrBlock", true);
    }
    if (b.hasNonNull("Ipv6Pool")) {
      return block.put("Ipv6Pool", b.get("Ipv6Pool").asText());
    }
    throw new IllegalArgumentException(
        "a VPC CIDR block allocated from an IPAM pool ("
            + (b.hasNonNull("Ipv4IpamPoolId") ? "Ipv4IpamPoolId" : "Ipv6IpamPoolId")
            + ") is not known before deploy; Netdrift does not check it");
  }

  private static boolean leaving(JsonNode state) {
    String s = state.path("State").asText("associated");
    return s.startsWith("disassociat") || s.startsWith("fail");
  }

  /**
   * A subnet: VPC, IPv4 CIDR (an IPv6-only subnet has none), IPv6 CIDRs, zone, and whether it hands
   * out public or IPv6 addresses (off unless said). A template names its IPv6 block as {@code
   * Ipv6CidrBlock}; EC2 answers the blocks associated with the subnet in {@code
   * Ipv6CidrBlockAssociationSet}. A template places a subnet by zone name or by zone id ({@code
   * AvailabilityZoneId}, the same physical zone in every account); EC2 answers both, and {@link
   * #sameZoneSpelling} keeps the one the template used.
   */
  public static ObjectNode subnet(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("VpcId", raw.path("VpcId").asText());
    if (raw.hasNonNull("CidrBlock")) {
      doc.put("CidrBlock", Cidr.parse(raw.get("CidrBlock").asText()).block());
    }
    List<JsonNode> ipv6 = new ArrayList<>();
    if (raw.hasNonNull("Ipv6CidrBlock")) {
      ipv6.add(TextNode.valueOf(Cidr.parse(raw.get("Ipv6CidrBlock").asText()).block()));
    }
    for (JsonNode association : raw.path("Ipv6CidrBlockAssociationSet")) {
      String state = association.path("Ipv6CidrBlockState").path("State").asText("associated");
      if (state.equals("associated") || state.equals("associating")) {
        ipv6.add(TextNode.valueOf(Cidr.parse(association.path("Ipv6CidrBlock").asText()).block()));
      }
    }
    doc.set("Ipv6CidrBlocks", Canonical.set(ipv6));
    doc.put("Ipv6Native", bool(raw.path("Ipv6Native")));
    if (raw.hasNonNull("AvailabilityZone") || !raw.hasNonNull("AvailabilityZoneId")) {
      doc.put("AvailabilityZone", raw.path("AvailabilityZone").asText());
    }
    if (raw.hasNonNull("AvailabilityZoneId")) {
      doc.put("AvailabilityZoneId", raw.get("AvailabilityZoneId").asText());
    }
    doc.put("MapPublicIpOnLaunch", bool(raw.path("MapPublicIpOnLaunch")));
    doc.put("AssignIpv6AddressOnCreation", bool(raw.path("AssignIpv6AddressOnCreation")));
    return doc;
  }

  /** A network ACL with its entries keyed {@code ingress 100} and its associated subnets. */
  public static ObjectNode networkAcl(
      String vpcId, Collection<JsonNode> entries, Collection<String> subnets) {
    ObjectNode doc = Canonical.object();
    doc.put("VpcId", vpcId);
    ObjectNode keyed = doc.putObject("Entries");
    for (JsonNode entry : entries) {
      keyed.set(naclEntryKey(entry), naclEntry(entry));
    }
    doc.set("Subnets", strings(subnets));
    return doc;
  }

  /** {@code ingress 100}: NACL entries are identified by direction and rule number. */
  public static String naclEntryKey(JsonNode raw) {
    return (bool(raw.path("Egress")) ? "egress " : "ingress ") + raw.path("RuleNumber").asInt();
  }

  /**
   * One NACL entry. The API answers the protocol as a string ({@code "6"}), templates write a
   * number or a name; ports only count for TCP and UDP and the ICMP type only for ICMP, as EC2
   * ignores them elsewhere. Templates call the ICMP field {@code Icmp}, the API {@code
   * IcmpTypeCode}.
   */
  public static ObjectNode naclEntry(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    IpProtocol protocol = IpProtocol.parse(raw.path("Protocol").asText());
    doc.put("Protocol", protocol.toString());
    doc.put("RuleAction", raw.path("RuleAction").asText().toLowerCase(java.util.Locale.ROOT));
    if (raw.hasNonNull("CidrBlock")) {
      doc.put("CidrBlock", Cidr.parse(raw.get("CidrBlock").asText()).block());
    }
    if (raw.hasNonNull("Ipv6CidrBlock")) {
      doc.put("Ipv6CidrBlock", Cidr.parse(raw.get("Ipv6CidrBlock").asText()).block());
    }
    if (protocol.hasPorts()) {
      PortRange ports =
          PortRange.of(
              protocol,
              intOrNull(raw.path("PortRange").path("From")),
              intOrNull(raw.path("PortRange").path("To")));
      doc.putObject("PortRange").put("From", ports.from()).put("To", ports.to());
    }
    if (protocol.isIcmp()) {
      JsonNode icmp = raw.has("IcmpTypeCode") ? raw.get("IcmpTypeCode") : raw.path("Icmp");
      doc.putObject("IcmpTypeCode")
          .put("Type", icmp.path("Type").asInt(-1))
          .put("Code", icmp.path("Code").asInt(-1));
    }
    return doc;
  }

  /** A route table with its routes keyed by destination and its associated subnets. */
  public static ObjectNode routeTable(
      String vpcId, Collection<JsonNode> routes, Collection<String> subnets) {
    return routeTable(vpcId, routes, subnets, List.of());
  }

  /**
   * A route table with its routes keyed by destination, its associated subnets, and the gateways it
   * is the edge route table of (ingress routing, as with an inspection firewall).
   */
  public static ObjectNode routeTable(
      String vpcId,
      Collection<JsonNode> routes,
      Collection<String> subnets,
      Collection<String> gateways) {
    ObjectNode doc = Canonical.object();
    doc.put("VpcId", vpcId);
    ObjectNode keyed = doc.putObject("Routes");
    for (JsonNode route : routes) {
      keyed.set(routeKey(route), route(route));
    }
    doc.set("Subnets", strings(subnets));
    doc.set("Gateways", strings(gateways));
    return doc;
  }

  /** A route's destination: a canonical CIDR or a prefix list id. */
  public static String routeKey(JsonNode raw) {
    if (raw.hasNonNull("DestinationCidrBlock")) {
      return Cidr.parse(raw.get("DestinationCidrBlock").asText()).block();
    }
    if (raw.hasNonNull("DestinationIpv6CidrBlock")) {
      return Cidr.parse(raw.get("DestinationIpv6CidrBlock").asText()).block();
    }
    return raw.path("DestinationPrefixListId").asText();
  }

  /**
   * A route's target: whichever target field it has. Templates name a firewall or load-balancer
   * endpoint {@code VpcEndpointId}; EC2 answers it as {@code GatewayId} ({@code vpce-…}), as its
   * Route shape has no endpoint field: both become {@code GatewayId}. A route to an instance is
   * answered with both {@code InstanceId} and {@code NetworkInterfaceId}: the instance is the
   * target.
   */
  public static ObjectNode route(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    for (String target : ROUTE_TARGETS) {
      if (raw.hasNonNull(target) && !raw.get(target).asText().isEmpty()) {
        doc.put(target.equals("VpcEndpointId") ? "GatewayId" : target, raw.get(target).asText());
      }
    }
    if (doc.has("InstanceId")) {
      // EC2 answers a route to an instance with the instance's interface as well: one target.
      doc.remove("NetworkInterfaceId");
    }
    if ("blackhole".equals(raw.path("State").asText())) {
      // EC2 answers blackhole once the target is gone: the route names a target that drops
      // traffic, which is not the target the template approved.
      doc.fieldNames()
          .forEachRemaining(field -> doc.put(field, doc.get(field).asText() + " (blackhole)"));
    }
    return doc;
  }

  /** An internet gateway: the VPCs it is attached to. */
  public static ObjectNode internetGateway(Collection<String> vpcIds) {
    ObjectNode doc = Canonical.object();
    doc.set("Attachments", strings(vpcIds));
    return doc;
  }

  /** A NAT gateway: its subnet and whether it is public (the default) or private. */
  public static ObjectNode natGateway(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("SubnetId", raw.path("SubnetId").asText());
    doc.put("ConnectivityType", raw.path("ConnectivityType").asText("public"));
    return doc;
  }

  /**
   * A flow log: what it watches, which traffic, and where it delivers (CloudWatch Logs by default).
   */
  public static ObjectNode flowLog(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("ResourceId", raw.path("ResourceId").asText());
    doc.put("TrafficType", raw.path("TrafficType").asText());
    String type = raw.path("LogDestinationType").asText("cloud-watch-logs");
    doc.put("LogDestinationType", type);
    String destination = raw.path("LogDestination").asText("");
    if (type.equals("cloud-watch-logs")) {
      // A log group is named by LogGroupName or by its ARN in LogDestination; EC2 answers both.
      String name = raw.path("LogGroupName").asText("");
      doc.put("LogGroupName", name.isEmpty() ? logGroupName(destination) : name);
    } else if (!destination.isEmpty()) {
      doc.put("LogDestination", destination);
    }
    doc.put("MaxAggregationInterval", raw.path("MaxAggregationInterval").asInt(600));
    return doc;
  }

  /**
   * The log group an ARN names: {@code arn:aws:logs:R:A:log-group:NAME}, with or without {@code
   * :*}.
   */
  static String logGroupName(String arn) {
    int at = arn.indexOf(":log-group:");
    if (at < 0) {
      return arn;
    }
    String name = arn.substring(at + ":log-group:".length());
    return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
  }

  /**
   * A customer-managed prefix list: its name, address family and entries keyed by canonical block,
   * each with its description. {@code MaxEntries} is capacity, not policy, and is not compared.
   * Templates and {@code GetManagedPrefixListEntries} spell an entry alike ({@code Cidr}, {@code
   * Description}).
   */
  public static ObjectNode prefixList(JsonNode raw, Collection<JsonNode> entries) {
    ObjectNode doc = Canonical.object();
    doc.put("PrefixListName", raw.path("PrefixListName").asText());
    doc.put("AddressFamily", raw.path("AddressFamily").asText());
    ObjectNode keyed = doc.putObject("Entries");
    for (JsonNode entry : entries) {
      ObjectNode e = keyed.putObject(Cidr.parse(entry.path("Cidr").asText()).block());
      String description = entry.path("Description").asText("");
      if (!description.isEmpty()) {
        e.put("Description", description);
      }
    }
    return doc;
  }

  /**
   * A Transit Gateway route table: its gateway, the attachments associated with it (they route by
   * this table), the attachments that propagate their routes into it (what is associated can reach
   * them), and its static routes keyed by destination, each to an attachment or a blackhole.
   * Templates spell these as child resources ({@code TransitGatewayRouteTableAssociation}, {@code
   * …Propagation}, {@code TransitGatewayRoute} with {@code Blackhole}); EC2 answers them per table
   * ({@code GetTransitGatewayRouteTableAssociations}, {@code …Propagations}, {@code
   * SearchTransitGatewayRoutes}), a blackhole route as {@code State: blackhole} with no attachment.
   * An association or propagation in a state on its way out ({@code disassociating}, {@code
   * disabling}, {@code disabled}) is not there; one on its way in is.
   */
  public static ObjectNode transitGatewayRouteTable(
      String transitGatewayId,
      Collection<JsonNode> associations,
      Collection<JsonNode> propagations,
      Collection<JsonNode> routes) {
    ObjectNode doc = Canonical.object();
    doc.put("TransitGatewayId", transitGatewayId);
    doc.set("Associations", attachments(associations, "associated"));
    doc.set("Propagations", attachments(propagations, "enabled"));
    ObjectNode keyed = doc.putObject("Routes");
    for (JsonNode route : routes) {
      String state = route.path("State").asText("active");
      if (state.equals("deleted") || state.equals("deleting")) {
        continue;
      }
      ObjectNode target = keyed.putObject(routeKey(route));
      String attachment =
          route.hasNonNull("TransitGatewayAttachmentId")
              ? route.get("TransitGatewayAttachmentId").asText()
              : route
                  .path("TransitGatewayAttachments")
                  .path(0)
                  .path("TransitGatewayAttachmentId")
                  .asText("");
      if (bool(route.path("Blackhole")) || state.equals("blackhole") || attachment.isEmpty()) {
        target.put("Blackhole", true);
      } else {
        target.put("TransitGatewayAttachmentId", attachment);
      }
    }
    return doc;
  }

  /** Attachments keyed by id, each in {@code state}; those leaving the table left out. */
  private static ObjectNode attachments(Collection<JsonNode> raw, String state) {
    ObjectNode keyed = Canonical.object();
    List<String> ids = new ArrayList<>();
    for (JsonNode a : raw) {
      String s = a.path("State").asText(state);
      if (s.startsWith("disassociat") || s.startsWith("disabl") || s.equals("failed")) {
        continue;
      }
      ids.add(a.path("TransitGatewayAttachmentId").asText());
    }
    java.util.Collections.sort(ids);
    ids.forEach(id -> keyed.putObject(id).put("State", state));
    return keyed;
  }

  /** Strings as a canonical set. */
  public static ArrayNode strings(Collection<String> values) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String value : values) {
      nodes.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
    }
    return Canonical.set(nodes);
  }

  private static boolean bool(JsonNode node) {
    return node.isBoolean() ? node.booleanValue() : Boolean.parseBoolean(node.asText("false"));
  }

  private static Integer intOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asInt();
  }
}
