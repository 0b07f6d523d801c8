package io.netdrift.emulator;

import io.netdrift.emulator.Ec2Network.Acl;
import io.netdrift.emulator.Ec2Network.Entry;
import io.netdrift.emulator.Ec2Network.FlowLog;
import io.netdrift.emulator.Ec2Network.Igw;
import io.netdrift.emulator.Ec2Network.Nat;
import io.netdrift.emulator.Ec2Network.Route;
import io.netdrift.emulator.Ec2Network.RouteTable;
import io.netdrift.emulator.Ec2Network.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The EC2 Query API for subnets, network ACLs, route tables, gateways and flow logs: the describes
 * the detector pages through, and the changes an engineer makes by hand.
 */
final class Ec2NetworkApi {
  private static final String NS = Ec2Api.NAMESPACE;

  private final Ec2Model ec2;
  private final Ec2Network net;
  private final IntSupplier pageCap;

  Ec2NetworkApi(Ec2Model ec2, IntSupplier pageCap) {
    this.ec2 = ec2;
    this.net = ec2.network();
    this.pageCap = pageCap;
  }

  /** The answer, or empty where the action is not one of these. */
  Optional<String> handle(QueryRequest r, String requestId) {
    String answer;
    synchronized (net) {
      answer =
          switch (r.action()) {
            case "DescribeVpcs" ->
                describe(
                    r,
                    requestId,
                    "DescribeVpcsResponse",
                    "vpcSet",
                    ec2.vpcs().stream()
                        .filter(v -> match(r, "vpc-id", v.vpcId()) && ids(r, "VpcId", v.vpcId()))
                        .toList(),
                    this::vpc);
            case "DescribeSubnets" ->
                describe(
                    r,
                    requestId,
                    "DescribeSubnetsResponse",
                    "subnetSet",
                    net.subnets.values().stream()
                        .filter(
                            s ->
                                match(r, "vpc-id", s.vpcId)
                                    && match(r, "subnet-id", s.id)
                                    && ids(r, "SubnetId", s.id)
                                    && match(r, "default-for-az", Boolean.toString(s.defaultForAz)))
                        .toList(),
                    this::subnet);
            case "DescribeNetworkAcls" ->
                describe(
                    r,
                    requestId,
                    "DescribeNetworkAclsResponse",
                    "networkAclSet",
                    net.acls.values().stream()
                        .filter(
                            a ->
                                match(r, "vpc-id", a.vpcId)
                                    && match(r, "network-acl-id", a.id)
                                    && ids(r, "NetworkAclId", a.id))
                        .toList(),
                    this::acl);
            case "DescribeRouteTables" ->
                describe(
                    r,
                    requestId,
                    "DescribeRouteTablesResponse",
                    "routeTableSet",
                    net.routeTables.values().stream()
                        .filter(
                            t ->
                                match(r, "vpc-id", t.vpcId)
                                    && match(r, "route-table-id", t.id)
                                    && ids(r, "RouteTableId", t.id))
                        .toList(),
                    this::routeTable);
            case "DescribeInternetGateways" ->
                describe(
                    r,
                    requestId,
                    "DescribeInternetGatewaysResponse",
                    "internetGatewaySet",
                    net.igws.values().stream()
                        .filter(
                            i ->
                                match(r, "internet-gateway-id", i.id)
                                    && (r.filters().get("attachment.vpc-id") == null
                                        || i.vpcs.stream()
                                            .anyMatch(v -> match(r, "attachment.vpc-id", v))))
                        .toList(),
                    this::igw);
            case "DescribeNatGateways" ->
                describe(
                    r,
                    requestId,
                    "DescribeNatGatewaysResponse",
                    "natGatewaySet",
                    net.nats.values().stream().filter(n -> match(r, "vpc-id", n.vpcId)).toList(),
                    this::nat);
            case "DescribeManagedPrefixLists" ->
                describe(
                    r,
                    requestId,
                    "DescribeManagedPrefixListsResponse",
                    "prefixListSet",
                    net.prefixLists.values().stream()
                        .filter(
                            l ->
                                match(r, "prefix-list-id", l.id)
                                    && match(r, "prefix-list-name", l.name)
                                    && ids(r, "PrefixListId", l.id))
                        .toList(),
                    this::prefixList);
            case "GetManagedPrefixListEntries" -> {
              String id = required(r, "PrefixListId");
              Ec2Network.PrefixList list = net.prefixLists.get(id);
              if (list == null) {
                throw new AwsError(
                    400,
                    "InvalidPrefixListID.NotFound",
                    "The prefix list ID '" + id + "' does not exist");
              }
              yield describe(
                  r,
                  requestId,
                  "GetManagedPrefixListEntriesResponse",
                  "entrySet",
                  List.copyOf(list.entries.entrySet()),
                  (xml, e) -> {
                    xml.element("cidr", e.getKey());
                    if (!e.getValue().isEmpty()) {
                      xml.element("description", e.getValue());
                    }
                  });
            }
            case "DescribeFlowLogs" ->
                describe(
                    r,
                    requestId,
                    "DescribeFlowLogsResponse",
                    "flowLogSet",
                    net.flowLogs.values().stream()
                        .filter(
                            f ->
                                match(r, "resource-id", f.resourceId)
                                    && match(r, "flow-log-id", f.id)
                                    && ids(r, "FlowLogId", f.id))
                        .toList(),
                    this::flowLog);
            case "CreateFlowLogs" -> {
              Xml xml =
                  new Xml()
                      .open("CreateFlowLogsResponse", NS)
                      .element("requestId", requestId)
                      .open("flowLogIdSet");
              for (String resource : r.list("ResourceId")) {
                FlowLog created =
                    net.createFlowLog(
                        resource,
                        required(r, "TrafficType"),
                        r.get("LogDestinationType").orElse(null),
                        r.get("LogGroupName").orElse(null),
                        r.get("LogDestination").orElse(null));
                xml.element("item", created.id);
              }
              yield xml.close("flowLogIdSet")
                  .open("unsuccessful")
                  .close("unsuccessful")
                  .close("CreateFlowLogsResponse")
                  .toString();
            }
            case "DescribeVpcEndpoints" ->
                describe(
                    r,
                    requestId,
                    "DescribeVpcEndpointsResponse",
                    "vpcEndpointSet",
                    net.endpoints.values().stream()
                        .filter(
                            e ->
                                match(r, "vpc-id", e.vpcId)
                                    && match(r, "vpc-endpoint-type", e.type)
                                    && ids(r, "VpcEndpointId", e.id))
                        .toList(),
                    this::endpoint);
            case "DescribeVpcPeeringConnections" ->
                describe(
                    r,
                    requestId,
                    "DescribeVpcPeeringConnectionsResponse",
                    "vpcPeeringConnectionSet",
                    net.peerings.values().stream()
                        .filter(
                            c ->
                                match(r, "requester-vpc-info.vpc-id", c.requesterVpc)
                                    && match(r, "accepter-vpc-info.vpc-id", c.accepterVpc)
                                    && match(r, "vpc-peering-connection-id", c.id)
                                    && ids(r, "VpcPeeringConnectionId", c.id))
                        .toList(),
                    this::peering);
            case "CreateVpcPeeringConnection" -> {
              String id =
                  net.createPeering(
                      required(r, "VpcId"),
                      required(r, "PeerVpcId"),
                      r.get("PeerOwnerId").orElse(null),
                      r.get("PeerRegion").orElse(null));
              Xml xml =
                  new Xml()
                      .open("CreateVpcPeeringConnectionResponse", NS)
                      .element("requestId", requestId)
                      .open("vpcPeeringConnection");
              peering(xml, net.peerings.get(id));
              yield xml.close("vpcPeeringConnection")
                  .close("CreateVpcPeeringConnectionResponse")
                  .toString();
            }
            case "AssociateVpcCidrBlock", "DisassociateVpcCidrBlock" -> {
              Ec2Network.VpcBlock block =
                  r.action().startsWith("Associate")
                      ? net.associateVpcBlock(
                          required(r, "VpcId"),
                          r.get("CidrBlock").orElse(null),
                          r.get("Ipv6CidrBlock").orElse(null))
                      : net.disassociateVpcBlock(required(r, "AssociationId"));
              String member = block.ipv6() ? "ipv6CidrBlockAssociation" : "cidrBlockAssociation";
              Xml xml = new Xml().open(r.action() + "Response", NS).element("requestId", requestId);
              // The answer tells the change under way, as EC2's does.
              String state = r.action().startsWith("Associate") ? "associating" : "disassociating";
              vpcBlock(xml.open(member), block, state).close(member);
              yield xml.element("vpcId", block.vpcId).close(r.action() + "Response").toString();
            }
            case "CreateVpcEndpoint" -> {
              String type = r.get("VpcEndpointType").orElse("Gateway");
              Ec2Network.VpcEndpoint created =
                  switch (type) {
                    case "Gateway" ->
                        net.createGatewayEndpoint(
                            required(r, "VpcId"),
                            required(r, "ServiceName"),
                            r.list("RouteTableId"));
                    case "Interface" ->
                        net.createInterfaceEndpoint(
                            required(r, "VpcId"),
                            required(r, "ServiceName"),
                            r.list("SubnetId"),
                            r.list("SecurityGroupId"),
                            r.get("PrivateDnsEnabled").map(Boolean::parseBoolean).orElse(true));
                    default ->
                        throw new AwsError(
                            400,
                            "InvalidParameterValue",
                            "the emulator makes gateway and interface endpoints, not " + type);
                  };
              Xml xml =
                  new Xml()
                      .open("CreateVpcEndpointResponse", NS)
                      .element("requestId", requestId)
                      .open("vpcEndpoint");
              endpoint(xml, created);
              yield xml.close("vpcEndpoint").close("CreateVpcEndpointResponse").toString();
            }
            case "CreateNetworkAclEntry", "ReplaceNetworkAclEntry" -> {
              net.putEntry(required(r, "NetworkAclId"), entry(r), r.action().startsWith("Replace"));
              yield ok(r.action(), requestId);
            }
            case "DeleteNetworkAclEntry" -> {
              net.deleteEntry(
                  required(r, "NetworkAclId"),
                  Integer.parseInt(required(r, "RuleNumber")),
                  Boolean.parseBoolean(r.get("Egress").orElse("false")));
              yield ok(r.action(), requestId);
            }
            case "ReplaceNetworkAclAssociation" ->
                new Xml()
                    .open("ReplaceNetworkAclAssociationResponse", NS)
                    .element("requestId", requestId)
                    .element(
                        "newAssociationId",
                        net.replaceAclAssociation(
                            required(r, "AssociationId"), required(r, "NetworkAclId")))
                    .close("ReplaceNetworkAclAssociationResponse")
                    .toString();
            case "CreateRoute", "ReplaceRoute" -> {
              Route route = new Route();
              route.destination = destination(r);
              for (String target : Route.TARGETS) {
                r.get(target).ifPresent(v -> route.target(target, v));
              }
              net.putRoute(required(r, "RouteTableId"), route, r.action().startsWith("Replace"));
              yield ok(r.action(), requestId);
            }
            case "ModifySubnetAttribute" -> {
              // The query form nests the value: MapPublicIpOnLaunch.Value=true.
              String on =
                  r.get("MapPublicIpOnLaunch.Value")
                      .orElseThrow(
                          () ->
                              new AwsError(
                                  400,
                                  "InvalidParameterCombination",
                                  "only MapPublicIpOnLaunch is modelled here"));
              net.mapPublicIpOnLaunch(required(r, "SubnetId"), Boolean.parseBoolean(on));
              yield ok(r.action(), requestId);
            }
            case "DeleteRoute" -> {
              net.deleteRoute(required(r, "RouteTableId"), destination(r));
              yield ok(r.action(), requestId);
            }
            case "ReplaceRouteTableAssociation" ->
                new Xml()
                    .open("ReplaceRouteTableAssociationResponse", NS)
                    .element("requestId", requestId)
                    .element(
                        "newAssociationId",
                        net.replaceRouteTableAssociation(
                            required(r, "AssociationId"), required(r, "RouteTableId")))
                    .open("associationState")
                    .element("state", "associated")
                    .close("associationState")
                    .close("ReplaceRouteTableAssociationResponse")
                    .toString();
            case "CreateSubnet" -> {
              Subnet s =
                  net.createSubnet(
                      required(r, "VpcId"),
                      required(r, "CidrBlock"),
                      r.get("AvailabilityZone").orElse(ec2.region() + "a"),
                      false);
              Xml xml = new Xml().open("CreateSubnetResponse", NS).element("requestId", requestId);
              xml.open("subnet");
              subnetFields(xml, s);
              yield xml.close("subnet").close("CreateSubnetResponse").toString();
            }
            case "DescribeAvailabilityZones" -> {
              Xml xml =
                  new Xml()
                      .open("DescribeAvailabilityZonesResponse", NS)
                      .element("requestId", requestId)
                      .open("availabilityZoneInfo");
              // Three zones and an opted-in Local Zone, whose name sorts before them.
              for (String[] zone : Ec2Network.zones(ec2.region())) {
                if (match(r, "zone-type", zone[1]) && match(r, "state", "available")) {
                  xml.open("item")
                      .element("zoneName", zone[0])
                      .element("zoneId", zone[2])
                      .element("zoneState", "available")
                      .element("regionName", ec2.region())
                      .element("zoneType", zone[1])
                      .close("item");
                }
              }
              yield xml.close("availabilityZoneInfo")
                  .close("DescribeAvailabilityZonesResponse")
                  .toString();
            }
            case "CreateRouteTable" -> {
              RouteTable table = net.createRouteTable(required(r, "VpcId"));
              Xml xml =
                  new Xml()
                      .open("CreateRouteTableResponse", NS)
                      .element("requestId", requestId)
                      .open("routeTable");
              routeTable(xml, table);
              yield xml.close("routeTable").close("CreateRouteTableResponse").toString();
            }
            case "CreateNetworkAcl" -> {
              Acl acl = net.createAcl(required(r, "VpcId"));
              Xml xml =
                  new Xml()
                      .open("CreateNetworkAclResponse", NS)
                      .element("requestId", requestId)
                      .open("networkAcl");
              acl(xml, acl);
              yield xml.close("networkAcl").close("CreateNetworkAclResponse").toString();
            }
            case "DeleteNatGateway" -> {
              String id = required(r, "NatGatewayId");
              net.deleteNat(id);
              yield new Xml()
                  .open("DeleteNatGatewayResponse", NS)
                  .element("requestId", requestId)
                  .element("natGatewayId", id)
                  .close("DeleteNatGatewayResponse")
                  .toString();
            }
            case "AssociateRouteTable" -> {
              String rtb = required(r, "RouteTableId");
              String id =
                  r.get("GatewayId").isPresent()
                      ? net.associateGateway(rtb, r.get("GatewayId").get())
                      : net.associateRouteTable(rtb, required(r, "SubnetId"));
              yield new Xml()
                  .open("AssociateRouteTableResponse", NS)
                  .element("requestId", requestId)
                  .element("associationId", id)
                  .open("associationState")
                  .element("state", "associated")
                  .close("associationState")
                  .close("AssociateRouteTableResponse")
                  .toString();
            }
            case "DetachInternetGateway" -> {
              net.detachIgw(required(r, "InternetGatewayId"), required(r, "VpcId"));
              yield ok(r.action(), requestId);
            }
            case "ModifyManagedPrefixList" -> {
              Map<String, String> add = new LinkedHashMap<>();
              for (String m : r.members("AddEntry")) {
                add.put(required(r, m + "Cidr"), r.get(m + "Description").orElse(""));
              }
              List<String> remove = new ArrayList<>();
              for (String m : r.members("RemoveEntry")) {
                remove.add(required(r, m + "Cidr"));
              }
              Ec2Network.PrefixList list =
                  net.modifyPrefixList(
                      required(r, "PrefixListId"),
                      r.get("CurrentVersion").map(Long::valueOf).orElse(null),
                      add,
                      remove);
              Xml xml =
                  new Xml()
                      .open("ModifyManagedPrefixListResponse", NS)
                      .element("requestId", requestId)
                      .open("prefixList");
              prefixList(xml, list);
              yield xml.close("prefixList").close("ModifyManagedPrefixListResponse").toString();
            }
            case "DeleteFlowLogs" -> {
              Xml xml =
                  new Xml()
                      .open("DeleteFlowLogsResponse", NS)
                      .element("requestId", requestId)
                      .open("unsuccessful");
              for (String id : r.list("FlowLogId")) {
                if (!net.deleteFlowLog(id)) {
                  xml.open("item")
                      .element("resourceId", id)
                      .open("error")
                      .element("code", "InvalidFlowLogId.NotFound")
                      .element("message", "flow log " + id + " does not exist")
                      .close("error")
                      .close("item");
                }
              }
              yield xml.close("unsuccessful").close("DeleteFlowLogsResponse").toString();
            }
            default -> null;
          };
    }
    return Optional.ofNullable(answer);
  }

  private <T> String describe(
      QueryRequest r,
      String requestId,
      String response,
      String set,
      List<T> items,
      java.util.function.BiConsumer<Xml, T> render) {
    // DescribeRouteTables takes MaxResults 5-100, DescribeFlowLogs and DescribeVpcEndpoints any
    // number (answering at most 1000), the other network describes 5-1000.
    Page<T> page =
        switch (r.action()) {
          case "DescribeRouteTables" -> Page.of(items, r, 5, 100, pageCap.getAsInt());
          case "DescribeManagedPrefixLists", "GetManagedPrefixListEntries" ->
              Page.of(items, r, 1, 100, pageCap.getAsInt());
          case "DescribeFlowLogs", "DescribeVpcEndpoints" ->
              Page.slice(
                  items,
                  r.get("NextToken").orElse(null),
                  Math.min(
                      pageCap.getAsInt(),
                      Math.min(1000, r.get("MaxResults").map(Integer::parseInt).orElse(1000))));
          default -> Page.of(items, r, 5, 1000, pageCap.getAsInt());
        };
    return Xml.page(response, requestId, set, page, render);
  }

  private void vpc(Xml xml, Ec2Model.Vpc v) {
    xml.element("vpcId", v.vpcId())
        .element("ownerId", ec2.account())
        .element("state", "available")
        .element("cidrBlock", v.cidrBlock())
        .element("instanceTenancy", "default")
        .element("isDefault", false)
        .element("dhcpOptionsId", "dopt-00000000000000001");
    List<Ec2Network.VpcBlock> blocks = net.vpcBlocks(v.vpcId());
    xml.open("cidrBlockAssociationSet");
    blocks.stream()
        .filter(b -> !b.ipv6())
        .forEach(b -> vpcBlock(xml.open("item"), b, b.state).close("item"));
    xml.close("cidrBlockAssociationSet");
    if (blocks.stream().anyMatch(Ec2Network.VpcBlock::ipv6)) {
      xml.open("ipv6CidrBlockAssociationSet");
      blocks.stream()
          .filter(Ec2Network.VpcBlock::ipv6)
          .forEach(b -> vpcBlock(xml.open("item"), b, b.state).close("item"));
      xml.close("ipv6CidrBlockAssociationSet");
    }
  }

  /** One block of a VPC in {@code state}, in the member names of its family. */
  private Xml vpcBlock(Xml xml, Ec2Network.VpcBlock b, String state) {
    String family = b.ipv6() ? "ipv6CidrBlock" : "cidrBlock";
    xml.element("associationId", b.id)
        .element(family, b.cidr)
        .open(family + "State")
        .element("state", state)
        .close(family + "State");
    if (b.ipv6()) {
      xml.element("networkBorderGroup", ec2.region())
          .element("ipv6Pool", b.pool)
          .element("ipSource", "amazon");
    }
    return xml;
  }

  private void subnet(Xml xml, Subnet s) {
    subnetFields(xml, s);
  }

  private void subnetFields(Xml xml, Subnet s) {
    xml.element("subnetId", s.id).element("state", "available").element("vpcId", s.vpcId);
    if (s.cidr != null) {
      xml.element("cidrBlock", s.cidr);
    }
    xml.element("availableIpAddressCount", 251)
        .element("availabilityZone", s.az)
        .element("availabilityZoneId", Ec2Network.zone(ec2.region(), s.az, true))
        .element("defaultForAz", s.defaultForAz)
        .element("mapPublicIpOnLaunch", s.mapPublicIp)
        .element("assignIpv6AddressOnCreation", false)
        .open("ipv6CidrBlockAssociationSet");
    if (s.ipv6Cidr != null) {
      xml.open("item")
          .element("associationId", "subnet-cidr-assoc-" + s.id.substring("subnet-".length()))
          .element("ipv6CidrBlock", s.ipv6Cidr)
          .open("ipv6CidrBlockState")
          .element("state", "associated")
          .close("ipv6CidrBlockState")
          .close("item");
    }
    xml.close("ipv6CidrBlockAssociationSet")
        .element("ipv6Native", s.ipv6Native)
        .element("ownerId", ec2.account())
        .element(
            "subnetArn", "arn:aws:ec2:" + ec2.region() + ":" + ec2.account() + ":subnet/" + s.id);
  }

  private void acl(Xml xml, Acl a) {
    xml.element("networkAclId", a.id)
        .element("vpcId", a.vpcId)
        .element("default", a.isDefault)
        .open("entrySet");
    for (Entry e : a.entries) {
      xml.open("item")
          .element("ruleNumber", e.ruleNumber)
          .element("protocol", e.protocol)
          .element("ruleAction", e.action)
          .element("egress", e.egress)
          .element("cidrBlock", e.cidr)
          .element("ipv6CidrBlock", e.ipv6Cidr);
      if (e.icmpType != null) {
        xml.open("icmpTypeCode")
            .element("code", e.icmpCode)
            .element("type", e.icmpType)
            .close("icmpTypeCode");
      }
      if (e.from != null) {
        xml.open("portRange").element("from", e.from).element("to", e.to).close("portRange");
      }
      xml.close("item");
    }
    xml.close("entrySet").open("associationSet");
    a.associations.forEach(
        (id, subnet) ->
            xml.open("item")
                .element("networkAclAssociationId", id)
                .element("networkAclId", a.id)
                .element("subnetId", subnet)
                .close("item"));
    xml.close("associationSet").open("tagSet").close("tagSet").element("ownerId", ec2.account());
  }

  private void routeTable(Xml xml, RouteTable t) {
    xml.element("routeTableId", t.id)
        .element("vpcId", t.vpcId)
        .element("ownerId", ec2.account())
        .open("routeSet");
    for (Route route : t.routes) {
      xml.open("item")
          .element(
              route.destination.contains(":")
                  ? "destinationIpv6CidrBlock"
                  : route.destination.startsWith("pl-")
                      ? "destinationPrefixListId"
                      : "destinationCidrBlock",
              route.destination);
      route.targets.forEach(xml::element);
      xml.element("state", route.state).element("origin", route.origin).close("item");
    }
    xml.close("routeSet").open("associationSet");
    t.associations.forEach(
        (id, subnet) -> {
          xml.open("item")
              .element("main", subnet.equals("main"))
              .element("routeTableAssociationId", id)
              .element("routeTableId", t.id);
          if (subnet.startsWith("gw:")) {
            xml.element("gatewayId", subnet.substring(3));
          } else if (!subnet.equals("main")) {
            xml.element("subnetId", subnet);
          }
          xml.open("associationState")
              .element("state", "associated")
              .close("associationState")
              .close("item");
        });
    xml.close("associationSet")
        .open("propagatingVgwSet")
        .close("propagatingVgwSet")
        .open("tagSet")
        .close("tagSet");
  }

  private void igw(Xml xml, Igw i) {
    xml.element("internetGatewayId", i.id).element("ownerId", ec2.account()).open("attachmentSet");
    i.vpcs.forEach(
        v -> xml.open("item").element("vpcId", v).element("state", "available").close("item"));
    xml.close("attachmentSet").open("tagSet").close("tagSet");
  }

  private void nat(Xml xml, Nat n) {
    xml.element("natGatewayId", n.id)
        .element("subnetId", n.subnetId)
        .element("vpcId", n.vpcId)
        .element("state", n.state)
        .element("connectivityType", n.connectivityType)
        .element("createTime", "2026-11-30T00:00:00.000Z");
  }

  /** A route's destination: exactly one of an IPv4 block, an IPv6 block or a prefix list. */
  private static String destination(QueryRequest r) {
    List<String> given =
        java.util.stream.Stream.of(
                "DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId")
            .flatMap(k -> r.get(k).stream())
            .toList();
    if (given.size() != 1) {
      throw new AwsError(
          400,
          "InvalidParameterCombination",
          "You must specify exactly one of destination CIDR block, IPv6 CIDR block or prefix list.");
    }
    return given.get(0);
  }

  /** As the AWS CLI's example of describe-vpc-peering-connections shows one. */
  private void peering(Xml xml, Ec2Network.Peering c) {
    String requesterCidr =
        ec2.vpcs().stream()
            .filter(v -> v.vpcId().equals(c.requesterVpc))
            .map(Ec2Model.Vpc::cidrBlock)
            .findFirst()
            .orElse(null);
    xml.open("accepterVpcInfo")
        .element("ownerId", c.accepterOwner)
        .element("vpcId", c.accepterVpc)
        .element("region", c.accepterRegion)
        .close("accepterVpcInfo")
        .open("requesterVpcInfo")
        .element("cidrBlock", requesterCidr)
        .element("ownerId", ec2.account())
        .element("vpcId", c.requesterVpc)
        .element("region", ec2.region())
        .close("requesterVpcInfo")
        .open("status")
        .element("code", c.status)
        .element(
            "message",
            c.status.equals("active") ? "Active" : "Pending Acceptance by " + c.accepterOwner)
        .close("status")
        .open("tagSet")
        .close("tagSet")
        .element("vpcPeeringConnectionId", c.id);
  }

  private void endpoint(Xml xml, Ec2Network.VpcEndpoint e) {
    xml.element("vpcEndpointId", e.id)
        .element("vpcEndpointType", e.type)
        .element("vpcId", e.vpcId)
        .element("serviceName", e.serviceName)
        .element("state", "available")
        .element(
            "policyDocument",
            "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}")
        .open("routeTableIdSet");
    e.routeTableIds.forEach(id -> xml.element("item", id));
    xml.close("routeTableIdSet").open("subnetIdSet");
    e.subnetIds.forEach(id -> xml.element("item", id));
    xml.close("subnetIdSet").open("groupSet");
    for (String group : e.groupIds) {
      xml.open("item")
          .element("groupId", group)
          .element("groupName", ec2.groupName(group))
          .close("item");
    }
    xml.close("groupSet")
        .element("privateDnsEnabled", e.privateDns)
        .element("requesterManaged", false)
        .open("networkInterfaceIdSet");
    e.interfaceIds.forEach(id -> xml.element("item", id));
    xml.close("networkInterfaceIdSet").open("dnsEntrySet");
    if (e.type.equals("Interface")) {
      String service = e.serviceName.substring(e.serviceName.lastIndexOf('.') + 1);
      xml.open("item")
          .element(
              "dnsName", e.id + "-0a1b2c3d." + service + "." + ec2.region() + ".vpce.amazonaws.com")
          .element("hostedZoneId", "Z7HUB22UULQXV")
          .close("item");
    }
    xml.close("dnsEntrySet")
        .element("creationTimestamp", "2026-11-30T00:00:00.000Z")
        .open("tagSet")
        .close("tagSet")
        .element("ownerId", ec2.account());
  }

  private void prefixList(Xml xml, Ec2Network.PrefixList l) {
    xml.element("prefixListId", l.id)
        .element("addressFamily", l.addressFamily)
        .element("state", l.version == 1 ? "create-complete" : "modify-complete")
        .element(
            "prefixListArn",
            "arn:aws:ec2:" + ec2.region() + ":" + ec2.account() + ":prefix-list/" + l.id)
        .element("prefixListName", l.name)
        .element("maxEntries", l.maxEntries)
        .element("version", l.version)
        .open("tagSet")
        .close("tagSet")
        .element("ownerId", ec2.account());
  }

  private void flowLog(Xml xml, FlowLog f) {
    xml.element("flowLogId", f.id)
        .element("resourceId", f.resourceId)
        .element("trafficType", f.trafficType)
        .element("logDestinationType", f.destinationType)
        .element("logGroupName", f.logGroupName)
        .element("logDestination", f.destination)
        .element("maxAggregationInterval", f.maxAggregationInterval)
        .element("flowLogStatus", "ACTIVE")
        .element("deliverLogsStatus", "SUCCESS")
        .element("creationTime", "2026-11-30T00:00:00.000Z");
  }

  private static Entry entry(QueryRequest r) {
    Entry e = new Entry();
    e.ruleNumber = Integer.parseInt(required(r, "RuleNumber"));
    e.egress = Boolean.parseBoolean(r.get("Egress").orElse("false"));
    e.protocol = protocolNumber(required(r, "Protocol"));
    e.action = required(r, "RuleAction");
    e.cidr = r.get("CidrBlock").orElse(null);
    e.ipv6Cidr = r.get("Ipv6CidrBlock").orElse(null);
    Function<String, Integer> num = k -> r.get(k).map(Integer::valueOf).orElse(null);
    if (e.protocol.equals("6") || e.protocol.equals("17")) {
      e.from = num.apply("PortRange.From");
      e.to = num.apply("PortRange.To");
    }
    if (e.protocol.equals("1") || e.protocol.equals("58")) {
      e.icmpType = num.apply("Icmp.Type");
      e.icmpCode = num.apply("Icmp.Code");
    }
    return e;
  }

  /** NACLs answer the protocol as a number string; requests may name it. */
  static String protocolNumber(String protocol) {
    return switch (protocol.toLowerCase(java.util.Locale.ROOT)) {
      case "tcp" -> "6";
      case "udp" -> "17";
      case "icmp" -> "1";
      case "icmpv6" -> "58";
      case "all" -> "-1";
      default -> protocol;
    };
  }

  private static String ok(String action, String requestId) {
    return new Xml()
        .open(action + "Response", NS)
        .element("requestId", requestId)
        .element("return", true)
        .close(action + "Response")
        .toString();
  }

  private static boolean match(QueryRequest r, String filter, String value) {
    Map<String, List<String>> filters = r.filters();
    return filters.get(filter) == null || filters.get(filter).contains(value);
  }

  private static boolean ids(QueryRequest r, String key, String value) {
    List<String> ids = new ArrayList<>(r.list(key));
    return ids.isEmpty() || ids.contains(value);
  }

  private static String required(QueryRequest r, String key) {
    return r.get(key)
        .orElseThrow(
            () ->
                new AwsError(
                    400, "MissingParameter", "The request must contain the parameter " + key));
  }
}
