package io.netdrift.detector.live;

import static io.netdrift.detector.model.NetworkDocuments.FLOW_LOG;
import static io.netdrift.detector.model.NetworkDocuments.INTERNET_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NAT_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NETWORK_ACL;
import static io.netdrift.detector.model.NetworkDocuments.ROUTE_TABLE;
import static io.netdrift.detector.model.NetworkDocuments.SUBNET;
import static io.netdrift.detector.model.NetworkDocuments.VPC;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SeenResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SearchTransitGatewayRoutesResponse;
import software.amazon.awssdk.services.ec2.model.TransitGatewayRouteTable;

/**
 * Reads the EC2 network of the managed VPCs as canonical documents: the VPCs, every subnet, network
 * ACL, internet gateway, NAT gateway and flow log in them, so that what was added by hand is seen.
 */
public final class NetworkReader {
  /** The entries EC2 puts at the end of every ACL: 32767 (IPv4) and 32768 (IPv6), deny all. */
  private static final int LAST_USER_RULE = 32766;

  private final Ec2Client ec2;

  /** Reads through {@code ec2}. */
  public NetworkReader(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /**
   * What was read: documents by physical id, what AWS made itself (not unmanaged), and what was
   * seen in the managed VPCs and gateways without being compared (endpoints, peerings,
   * attachments), for what no stack owns.
   */
  public record LiveNetwork(
      Map<String, ResourceDocument> documents, Set<String> awsDefaults, List<SeenResource> seen) {
    public LiveNetwork(Map<String, ResourceDocument> documents, Set<String> awsDefaults) {
      this(documents, awsDefaults, List.of());
    }
  }

  /**
   * A read as EC2 answered it, with the scopes each document was found through: the VPC it is in,
   * or the Transit Gateway whose table it is. A read of many stacks' VPCs and ids at once is cut
   * into each stack's part by {@link #slice}.
   */
  record WideNetwork(
      Map<String, ResourceDocument> documents,
      Map<String, Set<String>> scopes,
      Set<String> awsDefaults,
      List<SeenResource> seen) {
    /**
     * Exactly what a read of {@code vpcIds} and {@code managedIds} alone answers: each document
     * found in one of the VPCs or through one of the gateways, or one of the ids itself; each seen
     * resource on one of them (a peering of two of them once, from the requester's side).
     */
    LiveNetwork slice(Collection<String> vpcIds, Collection<String> managedIds) {
      Set<String> wanted = new TreeSet<>(vpcIds);
      wanted.addAll(managedIds);
      Map<String, ResourceDocument> docs = new TreeMap<>();
      documents.forEach(
          (id, doc) -> {
            if (wanted.contains(id)
                || scopes.getOrDefault(id, Set.of()).stream().anyMatch(wanted::contains)) {
              docs.put(id, doc);
            }
          });
      Set<String> defaults = new TreeSet<>(awsDefaults);
      defaults.retainAll(docs.keySet());
      Set<String> once = new TreeSet<>();
      List<SeenResource> mine =
          seen.stream()
              .filter(r -> wanted.contains(r.scope()) && once.add(r.physicalId()))
              .toList();
      return new LiveNetwork(docs, defaults, mine);
    }
  }

  /**
   * Everything in {@code vpcIds}, and the managed internet gateways and flow logs ({@code
   * managedIds}) wherever they are: a gateway detached from its VPC no longer matches the VPC
   * filter, and a flow log on a network interface never does, but neither is gone.
   */
  public LiveNetwork read(Collection<String> vpcIds, Collection<String> managedIds) {
    return readWide(vpcIds, managedIds).slice(vpcIds, managedIds);
  }

  /**
   * The read of {@link #read}, before it is cut to one stack: what stacks of one account and region
   * ask, read once for all of them.
   */
  WideNetwork readWide(Collection<String> vpcIds, Collection<String> managedIds) {
    Map<String, ResourceDocument> docs = new TreeMap<>();
    Map<String, Set<String>> scopes = new TreeMap<>();
    Set<String> defaults = new TreeSet<>();
    List<SeenResource> seen = new ArrayList<>();
    if (!vpcIds.isEmpty()) {
      readVpcs(vpcIds, managedIds, docs, scopes, defaults, seen);
    }
    readPrefixLists(managedIds.stream().filter(id -> id.startsWith("pl-")).sorted().toList(), docs);
    List<String> gateways =
        managedIds.stream().filter(NetworkReader::isTransitGateway).sorted().toList();
    readTransitGatewayRouteTables(gateways, docs, scopes, defaults);
    readTransitGatewayAttachments(gateways, seen);
    return new WideNetwork(docs, scopes, defaults, seen);
  }

  private static void scope(Map<String, Set<String>> scopes, String id, String scope) {
    if (scope != null) {
      scopes.computeIfAbsent(id, k -> new TreeSet<>()).add(scope);
    }
  }

  /** A Transit Gateway's id ({@code tgw-…}), not one of its route tables' or attachments'. */
  static boolean isTransitGateway(String id) {
    return id.startsWith("tgw-") && !id.startsWith("tgw-rtb-") && !id.startsWith("tgw-attach-");
  }

  /**
   * Every route table of the managed Transit Gateways, so one made by hand is seen, each with its
   * associations, propagations and static routes (three reads per table: EC2 has no batch form).
   * The gateway's default route table is AWS's own. A table with more static routes than one search
   * answers is not read whole, and says so.
   */
  private void readTransitGatewayRouteTables(
      List<String> gatewayIds,
      Map<String, ResourceDocument> docs,
      Map<String, Set<String>> scopes,
      Set<String> defaults) {
    for (List<String> part : parts(gatewayIds)) {
      for (TransitGatewayRouteTable table :
          ec2.describeTransitGatewayRouteTablesPaginator(
                  r -> r.filters(f -> f.name("transit-gateway-id").values(part)).maxResults(1000))
              .transitGatewayRouteTables()) {
        String state = table.stateAsString();
        if (state != null && state.startsWith("delet")) {
          continue;
        }
        String id = table.transitGatewayRouteTableId();
        scope(scopes, id, table.transitGatewayId());
        if (Boolean.TRUE.equals(table.defaultAssociationRouteTable())
            || Boolean.TRUE.equals(table.defaultPropagationRouteTable())) {
          defaults.add(id);
        }
        List<JsonNode> associations = new ArrayList<>();
        ec2.getTransitGatewayRouteTableAssociationsPaginator(
                r -> r.transitGatewayRouteTableId(id).maxResults(1000))
            .associations()
            .forEach(a -> associations.add(SdkJson.of(a)));
        List<JsonNode> propagations = new ArrayList<>();
        ec2.getTransitGatewayRouteTablePropagationsPaginator(
                r -> r.transitGatewayRouteTableId(id).maxResults(1000))
            .transitGatewayRouteTablePropagations()
            .forEach(p -> propagations.add(SdkJson.of(p)));
        SearchTransitGatewayRoutesResponse routes =
            ec2.searchTransitGatewayRoutes(
                r ->
                    r.transitGatewayRouteTableId(id)
                        .filters(f -> f.name("type").values("static"))
                        .maxResults(1000));
        if (Boolean.TRUE.equals(routes.additionalRoutesAvailable())) {
          throw new IllegalStateException(
              id
                  + " has more static routes than one SearchTransitGatewayRoutes answers (1,000):"
                  + " its routes were not all read");
        }
        put(
            docs,
            NetworkDocuments.TGW_ROUTE_TABLE,
            id,
            NetworkDocuments.transitGatewayRouteTable(
                table.transitGatewayId(),
                associations,
                propagations,
                routes.routes().stream().<JsonNode>map(SdkJson::of).toList()),
            NetworkDocuments.TGW_ROUTE_TABLE_COLLECTIONS);
      }
    }
  }

  /**
   * The managed prefix lists by id, each with its entries (one call per list: EC2 has no batch read
   * of entries). Read through a filter, so a list that is gone is left out, not an error.
   */
  private void readPrefixLists(List<String> ids, Map<String, ResourceDocument> docs) {
    for (List<String> part : parts(ids)) {
      ec2.describeManagedPrefixListsPaginator(
              r -> r.filters(f -> f.name("prefix-list-id").values(part)).maxResults(100))
          .prefixLists()
          .forEach(
              list -> {
                String state = list.stateAsString();
                if (state != null && state.startsWith("delete")) {
                  return;
                }
                List<JsonNode> entries = new ArrayList<>();
                ec2.getManagedPrefixListEntriesPaginator(
                        r -> r.prefixListId(list.prefixListId()).maxResults(100))
                    .entries()
                    .forEach(e -> entries.add(SdkJson.of(e)));
                put(
                    docs,
                    NetworkDocuments.PREFIX_LIST,
                    list.prefixListId(),
                    NetworkDocuments.prefixList(SdkJson.of(list), entries),
                    NetworkDocuments.PREFIX_LIST_COLLECTIONS);
              });
    }
  }

  /**
   * Every attachment of the managed Transit Gateways, in one describe: one no stack owns joins a
   * network to the segments.
   */
  private void readTransitGatewayAttachments(List<String> gatewayIds, List<SeenResource> seen) {
    for (List<String> part : parts(gatewayIds)) {
      ec2.describeTransitGatewayAttachmentsPaginator(
              r -> r.filters(f -> f.name("transit-gateway-id").values(part)).maxResults(1000))
          .transitGatewayAttachments()
          .forEach(
              a -> {
                String state = a.stateAsString();
                if (gone(state)) {
                  return;
                }
                String kind = a.resourceTypeAsString();
                seen.add(
                    new SeenResource(
                        switch (kind == null ? "" : kind) {
                          case "vpc" -> "AWS::EC2::TransitGatewayVpcAttachment";
                          case "peering" -> "AWS::EC2::TransitGatewayPeeringAttachment";
                          case "connect" -> "AWS::EC2::TransitGatewayConnect";
                          default -> "AWS::EC2::TransitGatewayAttachment";
                        },
                        a.transitGatewayAttachmentId(),
                        a.transitGatewayId(),
                        kind
                            + " "
                            + a.resourceId()
                            + " (account "
                            + a.resourceOwnerId()
                            + ") attached to "
                            + a.transitGatewayId()
                            + ", "
                            + state,
                        state.equals("available")));
              });
    }
  }

  /**
   * Whether an endpoint, peering or attachment in {@code state} is gone or never was: EC2 answers
   * these states in lower case, its service model spells some capitalized.
   */
  private static boolean gone(String state) {
    return state == null
        || Set.of("deleted", "deleting", "failed", "rejected", "expired")
            .contains(state.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * The VPC endpoints and peering connections of the managed VPCs (a peering from either side):
   * each no stack owns is a path out of the VPC no template approves.
   */
  private Map<String, Set<String>> readPaths(
      List<String> vpcs, Set<String> allVpcs, Filter byVpc, List<SeenResource> seen) {
    Map<String, Set<String>> gatewayEndpoints = new TreeMap<>();
    ec2.describeVpcEndpointsPaginator(r -> r.filters(byVpc))
        .vpcEndpoints()
        .forEach(
            e -> {
              String state = e.stateAsString();
              if (gone(state)) {
                return;
              }
              if ("Gateway".equals(e.vpcEndpointTypeAsString())) {
                gatewayEndpoints.put(e.vpcEndpointId(), new TreeSet<>(e.routeTableIds()));
              }
              seen.add(
                  new SeenResource(
                      "AWS::EC2::VPCEndpoint",
                      e.vpcEndpointId(),
                      e.vpcId(),
                      e.vpcEndpointTypeAsString()
                          + " endpoint to "
                          + e.serviceName()
                          + " in "
                          + e.vpcId()
                          + ", "
                          + state,
                      state.equalsIgnoreCase("available")));
            });
    Set<String> peerings = new TreeSet<>();
    // A peering is seen from each managed side, the requester's first: each side's stack owns its
    // view of it (a stack with both sides keeps the requester's, see WideNetwork.slice).
    for (String side : List.of("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id")) {
      ec2.describeVpcPeeringConnectionsPaginator(
              r -> r.filters(f -> f.name(side).values(vpcs)).maxResults(1000))
          .vpcPeeringConnections()
          .forEach(
              c -> {
                String status = c.status() == null ? null : c.status().codeAsString();
                if (gone(status) || !peerings.add(c.vpcPeeringConnectionId())) {
                  return;
                }
                for (boolean requester : List.of(true, false)) {
                  var mine = requester ? c.requesterVpcInfo() : c.accepterVpcInfo();
                  var peer = requester ? c.accepterVpcInfo() : c.requesterVpcInfo();
                  if (!allVpcs.contains(mine.vpcId())) {
                    continue;
                  }
                  seen.add(
                      new SeenResource(
                          "AWS::EC2::VPCPeeringConnection",
                          c.vpcPeeringConnectionId(),
                          mine.vpcId(),
                          mine.vpcId()
                              + " peered with "
                              + peer.vpcId()
                              + " (account "
                              + peer.ownerId()
                              + (peer.region() == null ? "" : ", " + peer.region())
                              + "), "
                              + status,
                          status.equals("active")));
                }
              });
    }
    return gatewayEndpoints;
  }

  /**
   * Everything in the VPCs (in parts of as many as one filter takes), and their managed gateways
   * and flow logs wherever they are.
   */
  private void readVpcs(
      Collection<String> vpcIds,
      Collection<String> managedIds,
      Map<String, ResourceDocument> docs,
      Map<String, Set<String>> scopes,
      Set<String> defaults,
      List<SeenResource> seen) {
    Set<String> all = new TreeSet<>(vpcIds);
    for (List<String> part : parts(List.copyOf(all))) {
      readVpcPart(part, all, docs, scopes, defaults, seen);
    }
    // Only a managed gateway the VPC filter did not return (detached) costs a second call.
    List<String> detached =
        managedIds.stream()
            .filter(id -> id.startsWith("igw-") && !docs.containsKey(id))
            .sorted()
            .toList();
    for (List<String> part : parts(detached)) {
      readInternetGateways(
          Filter.builder().name("internet-gateway-id").values(part).build(), docs, scopes);
    }
    // Flow logs of the VPCs and of their subnets; a managed one on a network interface (or one
    // whose resource the filter missed) is read by its own id, so it is never MISSING for want of
    // a read.
    Map<String, String> vpcOf = new TreeMap<>();
    all.forEach(vpc -> vpcOf.put(vpc, vpc));
    docs.values().stream()
        .filter(d -> d.type().equals(SUBNET))
        .forEach(d -> vpcOf.put(d.physicalId(), d.document().path("VpcId").asText()));
    readFlowLogs("resource-id", List.copyOf(vpcOf.keySet()), docs, scopes, vpcOf);
    List<String> flowLogs =
        managedIds.stream()
            .filter(id -> id.startsWith("fl-") && !docs.containsKey(id))
            .sorted()
            .toList();
    if (!flowLogs.isEmpty()) {
      readFlowLogs("flow-log-id", flowLogs, docs, scopes, vpcOf);
    }
  }

  /** The VPCs of one filter's part, each document scoped by its VPC. */
  private void readVpcPart(
      List<String> vpcs,
      Set<String> allVpcs,
      Map<String, ResourceDocument> docs,
      Map<String, Set<String>> scopes,
      Set<String> defaults,
      List<SeenResource> seen) {
    Filter byVpc = Filter.builder().name("vpc-id").values(vpcs).build();
    ec2.describeVpcsPaginator(r -> r.filters(byVpc))
        .vpcs()
        .forEach(
            v -> {
              scope(scopes, v.vpcId(), v.vpcId());
              put(docs, VPC, v.vpcId(), NetworkDocuments.vpc(SdkJson.of(v)), Set.of());
            });
    ec2.describeSubnetsPaginator(r -> r.filters(byVpc))
        .subnets()
        .forEach(
            s -> {
              scope(scopes, s.subnetId(), s.vpcId());
              put(docs, SUBNET, s.subnetId(), NetworkDocuments.subnet(SdkJson.of(s)), Set.of());
            });
    for (NetworkAcl acl : ec2.describeNetworkAclsPaginator(r -> r.filters(byVpc)).networkAcls()) {
      if (Boolean.TRUE.equals(acl.isDefault())) {
        defaults.add(acl.networkAclId());
      }
      List<JsonNode> entries = new ArrayList<>();
      for (NetworkAclEntry entry : acl.entries()) {
        if (entry.ruleNumber() != null && entry.ruleNumber() <= LAST_USER_RULE) {
          entries.add(SdkJson.of(entry));
        }
      }
      List<String> subnets = acl.associations().stream().map(a -> a.subnetId()).toList();
      scope(scopes, acl.networkAclId(), acl.vpcId());
      put(
          docs,
          NETWORK_ACL,
          acl.networkAclId(),
          NetworkDocuments.networkAcl(acl.vpcId(), entries, subnets),
          NetworkDocuments.NACL_COLLECTIONS);
    }
    List<RouteTable> tables =
        ec2.describeRouteTablesPaginator(r -> r.filters(byVpc)).routeTables().stream().toList();
    Map<String, Set<String>> gatewayEndpoints = readPaths(vpcs, allVpcs, byVpc, seen);
    for (RouteTable table : tables) {
      if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
        defaults.add(table.routeTableId());
      }
      List<JsonNode> routes = new ArrayList<>();
      for (Route route : table.routes()) {
        if (!isMadeByAws(route, table.routeTableId(), gatewayEndpoints)) {
          routes.add(SdkJson.of(route));
        }
      }
      List<String> subnets =
          table.associations().stream().map(a -> a.subnetId()).filter(id -> id != null).toList();
      List<String> gateways =
          table.associations().stream().map(a -> a.gatewayId()).filter(id -> id != null).toList();
      scope(scopes, table.routeTableId(), table.vpcId());
      put(
          docs,
          ROUTE_TABLE,
          table.routeTableId(),
          NetworkDocuments.routeTable(table.vpcId(), routes, subnets, gateways),
          NetworkDocuments.ROUTE_TABLE_COLLECTIONS);
    }
    readInternetGateways(
        Filter.builder().name("attachment.vpc-id").values(vpcs).build(), docs, scopes);
    ec2.describeNatGatewaysPaginator(r -> r.filter(byVpc))
        .natGateways()
        .forEach(
            nat -> {
              // A deleted NAT gateway is listed for about an hour, a failed one too: both gone.
              if (nat.state() != NatGatewayState.DELETED
                  && nat.state() != NatGatewayState.DELETING
                  && nat.state() != NatGatewayState.FAILED) {
                scope(scopes, nat.natGatewayId(), nat.vpcId());
                put(
                    docs,
                    NAT_GATEWAY,
                    nat.natGatewayId(),
                    NetworkDocuments.natGateway(SdkJson.of(nat)),
                    Set.of());
              }
            });
  }

  /** EC2 takes at most 200 values per filter: larger sets are read in parts. */
  private static final int FILTER_VALUES = 200;

  /** {@code values} in parts EC2 takes in one filter. */
  private static List<List<String>> parts(List<String> values) {
    List<List<String>> parts = new ArrayList<>();
    for (int from = 0; from < values.size(); from += FILTER_VALUES) {
      parts.add(values.subList(from, Math.min(values.size(), from + FILTER_VALUES)));
    }
    return parts;
  }

  /** Flow logs, each scoped by the VPC of what it watches ({@code vpcOf}, a VPC or subnet). */
  private void readFlowLogs(
      String filter,
      List<String> values,
      Map<String, ResourceDocument> docs,
      Map<String, Set<String>> scopes,
      Map<String, String> vpcOf) {
    for (List<String> part : parts(values)) {
      ec2.describeFlowLogsPaginator(
              r -> r.filter(Filter.builder().name(filter).values(part).build()))
          .flowLogs()
          .forEach(
              fl -> {
                scope(scopes, fl.flowLogId(), vpcOf.get(fl.resourceId()));
                put(
                    docs,
                    FLOW_LOG,
                    fl.flowLogId(),
                    NetworkDocuments.flowLog(SdkJson.of(fl)),
                    Set.of());
              });
    }
  }

  /** Internet gateways, each scoped by the VPCs it is attached to. */
  private void readInternetGateways(
      Filter filter, Map<String, ResourceDocument> docs, Map<String, Set<String>> scopes) {
    ec2.describeInternetGatewaysPaginator(r -> r.filters(filter))
        .internetGateways()
        .forEach(
            igw -> {
              List<String> attached = igw.attachments().stream().map(a -> a.vpcId()).toList();
              attached.forEach(vpc -> scope(scopes, igw.internetGatewayId(), vpc));
              put(
                  docs,
                  INTERNET_GATEWAY,
                  igw.internetGatewayId(),
                  NetworkDocuments.internetGateway(attached),
                  Set.of("/Attachments"));
            });
  }

  /**
   * The gateway endpoints of the VPCs and the route tables each one routes in, read only where a
   * table has a prefix-list route to an endpoint: EC2 answers a gateway endpoint's route with
   * {@code Origin: CreateRoute}, as it answers a route to a firewall endpoint (both {@code vpce-}),
   * so only the endpoint itself tells them apart.
   */
  private static boolean isEndpointRoute(Route route) {
    return route.destinationPrefixListId() != null
        && route.gatewayId() != null
        && route.gatewayId().startsWith("vpce-");
  }

  /**
   * Routes no template writes, told by their {@code Origin} where EC2 gives one: the {@code local}
   * route of every table ({@code CreateRouteTable}), routes a virtual private gateway propagates,
   * routes a VPC Route Server advertises ({@code Advertisement}); and the prefix-list route a
   * gateway endpoint adds to each table it is associated with. A prefix-list route to any other
   * endpoint (a firewall's, say) is the customer's and is compared.
   */
  static boolean isMadeByAws(
      Route route, String routeTableId, Map<String, Set<String>> gatewayEndpoints) {
    return "local".equals(route.gatewayId())
        || route.origin() == RouteOrigin.CREATE_ROUTE_TABLE
        || route.origin() == RouteOrigin.ENABLE_VGW_ROUTE_PROPAGATION
        || "Advertisement".equals(route.originAsString())
        || (isEndpointRoute(route)
            && gatewayEndpoints.getOrDefault(route.gatewayId(), Set.of()).contains(routeTableId));
  }

  private static void put(
      Map<String, ResourceDocument> docs,
      String type,
      String id,
      com.fasterxml.jackson.databind.node.ObjectNode doc,
      Set<String> collections) {
    docs.put(id, new ResourceDocument(type, id, doc, collections));
  }
}
