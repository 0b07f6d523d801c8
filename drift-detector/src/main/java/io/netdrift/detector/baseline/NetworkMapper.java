package io.netdrift.detector.baseline;

import static io.netdrift.detector.model.NetworkDocuments.FLOW_LOG;
import static io.netdrift.detector.model.NetworkDocuments.INTERNET_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NAT_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NETWORK_ACL;
import static io.netdrift.detector.model.NetworkDocuments.ROUTE_TABLE;
import static io.netdrift.detector.model.NetworkDocuments.SUBNET;
import static io.netdrift.detector.model.NetworkDocuments.TGW_ROUTE_TABLE;
import static io.netdrift.detector.model.NetworkDocuments.VPC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps the EC2 network resources of a template onto canonical documents: VPCs, subnets, route
 * tables with their routes and associations, network ACLs with their entries and associations,
 * internet gateways with their attachments, NAT gateways and flow logs. Child resources fold into
 * their parent, matched through the parent id they name: their own physical ids are
 * CloudFormation's, not the service's.
 */
final class NetworkMapper {
  static final String NACL_ENTRY = "AWS::EC2::NetworkAclEntry";
  static final String NACL_ASSOCIATION = "AWS::EC2::SubnetNetworkAclAssociation";
  static final String ROUTE = "AWS::EC2::Route";
  static final String ROUTE_ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation";
  static final String EDGE_ASSOCIATION = "AWS::EC2::GatewayRouteTableAssociation";
  static final String GATEWAY_ATTACHMENT = "AWS::EC2::VPCGatewayAttachment";
  static final String RESTRICT_DEFAULT_GROUP = "Custom::VpcRestrictDefaultSG";
  static final String TGW_ASSOCIATION = "AWS::EC2::TransitGatewayRouteTableAssociation";
  static final String TGW_PROPAGATION = "AWS::EC2::TransitGatewayRouteTablePropagation";
  static final String TGW_ROUTE = "AWS::EC2::TransitGatewayRoute";
  static final String VPC_CIDR_BLOCK = NetworkDocuments.VPC_CIDR_BLOCK;

  /**
   * Resource types this mapper consumes. An EIP is checked through the NAT gateway that holds it:
   * its address itself is not network policy.
   */
  static final Set<String> TYPES =
      Set.of(
          VPC,
          SUBNET,
          NETWORK_ACL,
          NACL_ENTRY,
          NACL_ASSOCIATION,
          ROUTE_TABLE,
          ROUTE,
          ROUTE_ASSOCIATION,
          EDGE_ASSOCIATION,
          INTERNET_GATEWAY,
          GATEWAY_ATTACHMENT,
          NAT_GATEWAY,
          "AWS::EC2::EIP",
          FLOW_LOG,
          NetworkDocuments.PREFIX_LIST,
          TGW_ROUTE_TABLE,
          TGW_ASSOCIATION,
          TGW_PROPAGATION,
          TGW_ROUTE,
          VPC_CIDR_BLOCK,
          RESTRICT_DEFAULT_GROUP);

  private static final String[] ROUTE_FIELDS = {
    "DestinationCidrBlock",
    "DestinationIpv6CidrBlock",
    "DestinationPrefixListId",
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
    "VpcPeeringConnectionId"
  };

  private final MappingContext ctx;

  NetworkMapper(MappingContext ctx) {
    this.ctx = ctx;
  }

  /** The approved documents by physical id, and the VPCs whose default group must stay empty. */
  record Result(Map<String, ManagedDocument> documents, Set<String> lockedDefaultGroupVpcs) {}

  Result map() {
    Map<String, ManagedDocument> documents = new LinkedHashMap<>();
    Map<String, Draft> parents = new LinkedHashMap<>();
    Set<String> locked = new TreeSet<>();
    for (Map.Entry<String, JsonNode> r :
        ctx.resources(NetworkDocuments.TYPES.toArray(String[]::new))) {
      String logicalId = r.getKey();
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + logicalId + "/Properties";
      String physical = ctx.physicalId(logicalId).orElse(null);
      if (physical == null) {
        continue;
      }
      JsonNode p = r.getValue().path("Properties");
      try {
        switch (type) {
          case VPC -> {
            Draft vpc = new Draft(logicalId, type, physical);
            vpc.properties = ctx.subset(p, pointer, "CidrBlock", "InstanceTenancy");
            Cidr.parse(vpc.properties.path("CidrBlock").asText()); // a pool's block is refused
            parents.put(physical, vpc);
          }
          case SUBNET ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.subnet(
                      ctx.subset(
                          p,
                          pointer,
                          "VpcId",
                          "CidrBlock",
                          "Ipv6CidrBlock",
                          "Ipv6Native",
                          "AvailabilityZone",
                          "AvailabilityZoneId",
                          "MapPublicIpOnLaunch",
                          "AssignIpv6AddressOnCreation")),
                  Set.of());
          case NETWORK_ACL, ROUTE_TABLE ->
              parents.put(
                  physical,
                  new Draft(
                      logicalId, type, ctx.resolver.text(p.path("VpcId"), pointer + "/VpcId")));
          case TGW_ROUTE_TABLE ->
              parents.put(
                  physical,
                  new Draft(
                      logicalId,
                      type,
                      ctx.resolver.text(
                          p.path("TransitGatewayId"), pointer + "/TransitGatewayId")));
          case INTERNET_GATEWAY -> parents.put(physical, new Draft(logicalId, type, ""));
          case NAT_GATEWAY ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.natGateway(
                      ctx.subset(p, pointer, "SubnetId", "ConnectivityType")),
                  Set.of());
          case NetworkDocuments.PREFIX_LIST -> {
            ObjectNode list = ctx.subset(p, pointer, "PrefixListName", "AddressFamily", "Entries");
            List<JsonNode> entries = new ArrayList<>();
            list.path("Entries").forEach(entries::add);
            put(
                documents,
                logicalId,
                type,
                physical,
                NetworkDocuments.prefixList(list, entries),
                NetworkDocuments.PREFIX_LIST_COLLECTIONS);
          }
          default ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.flowLog(
                      ctx.subset(
                          p,
                          pointer,
                          "ResourceId",
                          "TrafficType",
                          "LogDestinationType",
                          "LogGroupName",
                          "LogDestination",
                          "MaxAggregationInterval")),
                  Set.of());
        }
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
      } catch (IllegalArgumentException e) {
        ctx.problem(pointer, e.getMessage());
      }
    }
    for (Map.Entry<String, JsonNode> r :
        ctx.resources(
            NACL_ENTRY,
            NACL_ASSOCIATION,
            ROUTE,
            ROUTE_ASSOCIATION,
            EDGE_ASSOCIATION,
            GATEWAY_ATTACHMENT,
            TGW_ASSOCIATION,
            TGW_PROPAGATION,
            TGW_ROUTE,
            VPC_CIDR_BLOCK,
            RESTRICT_DEFAULT_GROUP)) {
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + r.getKey() + "/Properties";
      JsonNode p = r.getValue().path("Properties");
      try {
        switch (type) {
          case NACL_ENTRY ->
              parent(parents, p, pointer, "NetworkAclId")
                  .children
                  .add(
                      ctx.subset(
                          p,
                          pointer,
                          "RuleNumber",
                          "Egress",
                          "Protocol",
                          "RuleAction",
                          "CidrBlock",
                          "Ipv6CidrBlock",
                          "PortRange",
                          "Icmp"));
          case ROUTE ->
              parent(parents, p, pointer, "RouteTableId")
                  .children
                  .add(ctx.subset(p, pointer, ROUTE_FIELDS));
          case NACL_ASSOCIATION ->
              parent(parents, p, pointer, "NetworkAclId")
                  .members
                  .add(ctx.resolver.text(p.path("SubnetId"), pointer + "/SubnetId"));
          case ROUTE_ASSOCIATION ->
              parent(parents, p, pointer, "RouteTableId")
                  .members
                  .add(ctx.resolver.text(p.path("SubnetId"), pointer + "/SubnetId"));
          case EDGE_ASSOCIATION ->
              parent(parents, p, pointer, "RouteTableId")
                  .gateways
                  .add(ctx.resolver.text(p.path("GatewayId"), pointer + "/GatewayId"));
          case TGW_ASSOCIATION ->
              parent(parents, p, pointer, "TransitGatewayRouteTableId")
                  .associations
                  .add(ctx.subset(p, pointer, "TransitGatewayAttachmentId"));
          case TGW_PROPAGATION ->
              parent(parents, p, pointer, "TransitGatewayRouteTableId")
                  .propagations
                  .add(ctx.subset(p, pointer, "TransitGatewayAttachmentId"));
          case TGW_ROUTE ->
              parent(parents, p, pointer, "TransitGatewayRouteTableId")
                  .children
                  .add(
                      ctx.subset(
                          p,
                          pointer,
                          "DestinationCidrBlock",
                          "TransitGatewayAttachmentId",
                          "Blackhole"));
          case VPC_CIDR_BLOCK -> {
            String association =
                ctx.physicalId(r.getKey())
                    .orElseThrow(
                        () -> new UnresolvedValueException(pointer, "the block is not associated"));
            ObjectNode block =
                ctx.subset(
                    p,
                    pointer,
                    "CidrBlock",
                    "Ipv6CidrBlock",
                    "AmazonProvidedIpv6CidrBlock",
                    "Ipv4IpamPoolId",
                    "Ipv6IpamPoolId");
            block.put("AssociationId", association);
            NetworkDocuments.vpcCidrBlock(block); // a pool's block is refused here
            parent(parents, p, pointer, "VpcId").children.add(block);
          }
          case GATEWAY_ATTACHMENT -> {
            if (p.has("InternetGatewayId")) {
              parent(parents, p, pointer, "InternetGatewayId")
                  .members
                  .add(ctx.resolver.text(p.path("VpcId"), pointer + "/VpcId"));
            }
          }
          default -> {
            // CDK's custom resource strips the rules of the VPC's default group: expect it empty.
            String vpcLogicalId =
                p.path("DefaultSecurityGroupId").path("Fn::GetAtt").path(0).asText();
            locked.add(
                ctx.deployed
                    .physicalId(vpcLogicalId)
                    .orElseThrow(
                        () ->
                            new UnresolvedValueException(
                                pointer + "/DefaultSecurityGroupId",
                                "not the default group of a VPC in this stack")));
          }
        }
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
        partialParent(parents, type, p, pointer);
      } catch (IllegalArgumentException e) {
        ctx.problem(pointer, e.getMessage());
        partialParent(parents, type, p, pointer);
      }
    }
    parents.forEach(
        (physical, d) -> {
          switch (d.type) {
            case VPC ->
                put(
                    documents,
                    d.logicalId,
                    d.type,
                    physical,
                    NetworkDocuments.vpc(d.properties, d.children),
                    NetworkDocuments.VPC_COLLECTIONS);
            case NETWORK_ACL ->
                put(
                    documents,
                    d.logicalId,
                    d.type,
                    physical,
                    NetworkDocuments.networkAcl(d.vpcId, d.children, d.members),
                    NetworkDocuments.NACL_COLLECTIONS);
            case ROUTE_TABLE ->
                put(
                    documents,
                    d.logicalId,
                    d.type,
                    physical,
                    NetworkDocuments.routeTable(d.vpcId, d.children, d.members, d.gateways),
                    NetworkDocuments.ROUTE_TABLE_COLLECTIONS);
            case TGW_ROUTE_TABLE ->
                put(
                    documents,
                    d.logicalId,
                    d.type,
                    physical,
                    NetworkDocuments.transitGatewayRouteTable(
                        d.vpcId, d.associations, d.propagations, d.children),
                    NetworkDocuments.TGW_ROUTE_TABLE_COLLECTIONS);
            default ->
                put(
                    documents,
                    d.logicalId,
                    d.type,
                    physical,
                    NetworkDocuments.internetGateway(d.members),
                    Set.of("/Attachments"));
          }
        });
    return new Result(documents, locked);
  }

  /**
   * A child that could not be mapped leaves its parent partly unknown: what the parent holds live
   * is not all unapproved. Where even the parent cannot be told, every parent of its type is.
   */
  private void partialParent(
      Map<String, Draft> parents, String childType, JsonNode p, String pointer) {
    String field =
        switch (childType) {
          case NACL_ENTRY, NACL_ASSOCIATION -> "NetworkAclId";
          case ROUTE, ROUTE_ASSOCIATION, EDGE_ASSOCIATION -> "RouteTableId";
          case GATEWAY_ATTACHMENT -> "InternetGatewayId";
          case TGW_ASSOCIATION, TGW_PROPAGATION, TGW_ROUTE -> "TransitGatewayRouteTableId";
          case VPC_CIDR_BLOCK -> "VpcId";
          default -> "";
        };
    if (field.isEmpty()) {
      return;
    }
    String parentType =
        switch (field) {
          case "NetworkAclId" -> NETWORK_ACL;
          case "RouteTableId" -> ROUTE_TABLE;
          case "TransitGatewayRouteTableId" -> TGW_ROUTE_TABLE;
          case "VpcId" -> VPC;
          default -> INTERNET_GATEWAY;
        };
    try {
      String id = ctx.resolver.text(p.path(field), pointer + "/" + field);
      if (parents.containsKey(id)) {
        ctx.partial.add(id);
      }
    } catch (UnresolvedValueException | IllegalArgumentException e) {
      parents.forEach(
          (id, draft) -> {
            if (draft.type.equals(parentType)) {
              ctx.partial.add(id);
            }
          });
    }
  }

  /** The managed parent a child names; a parent of another stack is not checked yet. */
  private Draft parent(Map<String, Draft> parents, JsonNode p, String pointer, String field) {
    String id = ctx.resolver.text(p.path(field), pointer + "/" + field);
    Draft draft = parents.get(id);
    if (draft == null) {
      throw new UnresolvedValueException(
          pointer + "/" + field,
          id + " is not managed by this stack; cross-stack children are not checked yet");
    }
    return draft;
  }

  private static void put(
      Map<String, ManagedDocument> documents,
      String logicalId,
      String type,
      String physical,
      ObjectNode doc,
      Set<String> collections) {
    documents.put(
        physical,
        new ManagedDocument(logicalId, new ResourceDocument(type, physical, doc, collections)));
  }

  /**
   * A parent document while its children are collected: entries or routes, and members. A Transit
   * Gateway route table keeps its gateway in {@code vpcId}; a VPC keeps its own properties, and its
   * blocks beyond the primary one as children.
   */
  private static final class Draft {
    final String logicalId;
    final String type;
    final String vpcId;
    final List<JsonNode> associations = new ArrayList<>();
    final List<JsonNode> propagations = new ArrayList<>();
    final List<JsonNode> children = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    final List<String> gateways = new ArrayList<>();
    JsonNode properties;

    Draft(String logicalId, String type, String vpcId) {
      this.logicalId = logicalId;
      this.type = type;
      this.vpcId = vpcId;
    }
  }
}
