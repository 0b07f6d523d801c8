package io.netdrift.detector.live;

import static io.netdrift.detector.model.NetworkDocuments.FLOW_LOG;
import static io.netdrift.detector.model.NetworkDocuments.INTERNET_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NAT_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NETWORK_ACL;
import static io.netdrift.detector.model.NetworkDocuments.ROUTE_TABLE;
import static io.netdrift.detector.model.NetworkDocuments.SUBNET;
import static io.netdrift.detector.model.NetworkDocuments.VPC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.Future;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ManagedPrefixList;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.PrefixListEntry;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SearchTransitGatewayRoutesResponse;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.TransitGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.TransitGatewayRouteTable;
import software.amazon.awssdk.services.ec2.model.TransitGatewayRouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.TransitGatewayRouteTablePropagation;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

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
   * ask, read once for all of them. Reads that depend on nothing before them are made at once (the
   * VPCs, subnets, ACLs, route tables, endpoints, peerings, gateways of each part of the VPCs, the
   * prefix lists and the Transit Gateways' tables and attachments), then those that need an answer
   * first (each list's entries, each table's associations, propagations and routes, the flow logs
   * of the subnets found); what was read is turned into documents in one order, whichever answered
   * first.
   */
  WideNetwork readWide(Collection<String> vpcIds, Collection<String> managedIds) {
    Found found = new Found();
    try (ParallelReads reads = new ParallelReads(READS_AT_ONCE, "netdrift-network-read")) {
      List<String> prefixLists =
          managedIds.stream().filter(id -> id.startsWith("pl-")).sorted().toList();
      List<String> gateways =
          managedIds.stream().filter(NetworkReader::isTransitGateway).sorted().toList();
      Set<String> all = new TreeSet<>(vpcIds);
      List<VpcPart> vpcParts = new ArrayList<>();
      for (List<String> part : parts(List.copyOf(all))) {
        vpcParts.add(new VpcPart(part, reads));
      }
      List<Future<List<ManagedPrefixList>>> lists = new ArrayList<>();
      for (List<String> part : parts(prefixLists)) {
        lists.add(
            reads.start(
                () ->
                    ec2
                        .describeManagedPrefixListsPaginator(
                            r ->
                                r.filters(f -> f.name("prefix-list-id").values(part))
                                    .maxResults(100))
                        .prefixLists()
                        .stream()
                        .toList()));
      }
      List<Future<List<TransitGatewayRouteTable>>> tables = new ArrayList<>();
      List<Future<List<TransitGatewayAttachment>>> attachments = new ArrayList<>();
      for (List<String> part : parts(gateways)) {
        tables.add(
            reads.start(
                () ->
                    ec2
                        .describeTransitGatewayRouteTablesPaginator(
                            r ->
                                r.filters(f -> f.name("transit-gateway-id").values(part))
                                    .maxResults(1000))
                        .transitGatewayRouteTables()
                        .stream()
                        .toList()));
        attachments.add(
            reads.start(
                () ->
                    ec2
                        .describeTransitGatewayAttachmentsPaginator(
                            r ->
                                r.filters(f -> f.name("transit-gateway-id").values(part))
                                    .maxResults(1000))
                        .transitGatewayAttachments()
                        .stream()
                        .toList()));
      }
      List<PrefixListRead> entries = new ArrayList<>();
      for (var part : lists) {
        for (ManagedPrefixList list : ParallelReads.join(part)) {
          String state = list.stateAsString();
          if (state == null || !state.startsWith("delete")) {
            entries.add(
                new PrefixListRead(
                    list,
                    reads.start(
                        () ->
                            ec2
                                .getManagedPrefixListEntriesPaginator(
                                    r -> r.prefixListId(list.prefixListId()).maxResults(100))
                                .entries()
                                .stream()
                                .toList())));
          }
        }
      }
      List<RouteTableRead> tableReads = new ArrayList<>();
      for (var part : tables) {
        for (TransitGatewayRouteTable table : ParallelReads.join(part)) {
          String state = table.stateAsString();
          if (state == null || !state.startsWith("delet")) {
            tableReads.add(new RouteTableRead(table, reads));
          }
        }
      }
      if (!all.isEmpty()) {
        readVpcs(all, managedIds, vpcParts, reads, found);
      }
      entries.forEach(read -> read.put(found));
      for (RouteTableRead read : tableReads) {
        read.put(found);
      }
      for (var part : attachments) {
        ParallelReads.join(part).forEach(a -> attachment(a, found.seen));
      }
    }
    return new WideNetwork(found.docs, found.scopes, found.defaults, found.seen);
  }

  /** Reads of a network made at once, at most this many at a time. */
  private static final int READS_AT_ONCE = 8;

  /** What a read found: documents, the scope each was found through, AWS's own, what was seen. */
  private static final class Found {
    final Map<String, ResourceDocument> docs = new TreeMap<>();
    final Map<String, Set<String>> scopes = new TreeMap<>();
    final Set<String> defaults = new TreeSet<>();
    final List<SeenResource> seen = new ArrayList<>();

    void scope(String id, String scope) {
      if (scope != null) {
        scopes.computeIfAbsent(id, k -> new TreeSet<>()).add(scope);
      }
    }

    void put(String type, String id, ObjectNode doc, Set<String> collections) {
      docs.put(id, new ResourceDocument(type, id, doc, collections));
    }
  }

  /** A Transit Gateway's id ({@code tgw-…}), not one of its route tables' or attachments'. */
  static boolean isTransitGateway(String id) {
    return id.startsWith("tgw-") && !id.startsWith("tgw-rtb-") && !id.startsWith("tgw-attach-");
  }

  /** A managed prefix list and the read of its entries (one call per list: EC2 has no batch). */
  private record PrefixListRead(ManagedPrefixList list, Future<List<PrefixListEntry>> entries) {
    void put(Found found) {
      List<JsonNode> read = new ArrayList<>();
      ParallelReads.join(entries).forEach(e -> read.add(SdkJson.of(e)));
      found.put(
          NetworkDocuments.PREFIX_LIST,
          list.prefixListId(),
          NetworkDocuments.prefixList(SdkJson.of(list), read),
          NetworkDocuments.PREFIX_LIST_COLLECTIONS);
    }
  }

  /**
   * A route table of a managed Transit Gateway, so one made by hand is seen, with the reads of its
   * associations, propagations and static routes (three reads per table: EC2 has no batch form).
   * The gateway's default route table is AWS's own. A table with more static routes than one search
   * answers is not read whole, and says so.
   */
  private final class RouteTableRead {
    private final TransitGatewayRouteTable table;
    private final Future<List<TransitGatewayRouteTableAssociation>> associations;
    private final Future<List<TransitGatewayRouteTablePropagation>> propagations;
    private final Future<SearchTransitGatewayRoutesResponse> routes;

    RouteTableRead(TransitGatewayRouteTable table, ParallelReads reads) {
      this.table = table;
      String id = table.transitGatewayRouteTableId();
      this.associations =
          reads.start(
              () ->
                  ec2
                      .getTransitGatewayRouteTableAssociationsPaginator(
                          r -> r.transitGatewayRouteTableId(id).maxResults(1000))
                      .associations()
                      .stream()
                      .toList());
      this.propagations =
          reads.start(
              () ->
                  ec2
                      .getTransitGatewayRouteTablePropagationsPaginator(
                          r -> r.transitGatewayRouteTableId(id).maxResults(1000))
                      .transitGatewayRouteTablePropagations()
                      .stream()
                      .toList());
      this.routes =
          reads.start(
              () ->
                  ec2.searchTransitGatewayRoutes(
                      r ->
                          r.transitGatewayRouteTableId(id)
                              .filters(f -> f.name("type").values("static"))
                              .maxResults(1000)));
    }

    void put(Found found) {
      String id = table.transitGatewayRouteTableId();
      found.scope(id, table.transitGatewayId());
      if (Boolean.TRUE.equals(table.defaultAssociationRouteTable())
          || Boolean.TRUE.equals(table.defaultPropagationRouteTable())) {
        found.defaults.add(id);
      }
      List<JsonNode> associated =
          ParallelReads.join(associations).stream().<JsonNode>map(SdkJson::of).toList();
      List<JsonNode> propagated =
          ParallelReads.join(propagations).stream().<JsonNode>map(SdkJson::of).toList();
      SearchTransitGatewayRoutesResponse searched = ParallelReads.join(routes);
      if (Boolean.TRUE.equals(searched.additionalRoutesAvailable())) {
        throw new IllegalStateException(
            id
                + " has more static routes than one SearchTransitGatewayRoutes answers (1,000):"
                + " its routes were not all read");
      }
      found.put(
          NetworkDocuments.TGW_ROUTE_TABLE,
          id,
          NetworkDocuments.transitGatewayRouteTable(
              table.transitGatewayId(),
              associated,
              propagated,
              searched.routes().stream().<JsonNode>map(SdkJson::of).toList()),
          NetworkDocuments.TGW_ROUTE_TABLE_COLLECTIONS);
    }
  }

  /**
   * An attachment of a managed Transit Gateway (all of them are read in one describe): one no stack
   * owns joins a network to the segments.
   */
  private static void attachment(TransitGatewayAttachment a, List<SeenResource> seen) {
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
   * The reads of one filter's part of the VPCs, all started at once: the VPCs, their subnets, ACLs,
   * route tables, endpoints, peerings from either side, attached internet gateways and NAT
   * gateways.
   */
  private final class VpcPart {
    final List<String> vpcs;
    final Future<List<Vpc>> described;
    final Future<List<Subnet>> subnets;
    final Future<List<NetworkAcl>> acls;
    final Future<List<RouteTable>> tables;
    final Future<List<VpcEndpoint>> endpoints;
    final List<Future<List<VpcPeeringConnection>>> peerings = new ArrayList<>();
    final Future<List<InternetGateway>> internetGateways;
    final Future<List<NatGateway>> natGateways;

    VpcPart(List<String> vpcs, ParallelReads reads) {
      this.vpcs = vpcs;
      Filter byVpc = Filter.builder().name("vpc-id").values(vpcs).build();
      described =
          reads.start(
              () -> ec2.describeVpcsPaginator(r -> r.filters(byVpc)).vpcs().stream().toList());
      subnets =
          reads.start(
              () ->
                  ec2.describeSubnetsPaginator(r -> r.filters(byVpc)).subnets().stream().toList());
      acls =
          reads.start(
              () ->
                  ec2.describeNetworkAclsPaginator(r -> r.filters(byVpc)).networkAcls().stream()
                      .toList());
      tables =
          reads.start(
              () ->
                  ec2.describeRouteTablesPaginator(r -> r.filters(byVpc)).routeTables().stream()
                      .toList());
      endpoints =
          reads.start(
              () ->
                  ec2.describeVpcEndpointsPaginator(r -> r.filters(byVpc)).vpcEndpoints().stream()
                      .toList());
      // A peering is seen from each managed side, the requester's first.
      for (String side : List.of("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id")) {
        peerings.add(
            reads.start(
                () ->
                    ec2
                        .describeVpcPeeringConnectionsPaginator(
                            r -> r.filters(f -> f.name(side).values(vpcs)).maxResults(1000))
                        .vpcPeeringConnections()
                        .stream()
                        .toList()));
      }
      internetGateways =
          internetGateways(reads, Filter.builder().name("attachment.vpc-id").values(vpcs).build());
      natGateways =
          reads.start(
              () ->
                  ec2.describeNatGatewaysPaginator(r -> r.filter(byVpc)).natGateways().stream()
                      .toList());
    }
  }

  /**
   * The VPC endpoints and peering connections of the managed VPCs (a peering from either side):
   * each no stack owns is a path out of the VPC no template approves. Answers the gateway
   * endpoints, and the route tables each routes in.
   */
  private static Map<String, Set<String>> paths(VpcPart part, Set<String> allVpcs, Found found) {
    Map<String, Set<String>> gatewayEndpoints = new TreeMap<>();
    for (VpcEndpoint e : ParallelReads.join(part.endpoints)) {
      String state = e.stateAsString();
      if (gone(state)) {
        continue;
      }
      if ("Gateway".equals(e.vpcEndpointTypeAsString())) {
        gatewayEndpoints.put(e.vpcEndpointId(), new TreeSet<>(e.routeTableIds()));
      }
      found.seen.add(
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
    }
    Set<String> peerings = new TreeSet<>();
    // Each side's stack owns its view of a peering (a stack with both sides keeps the requester's,
    // see WideNetwork.slice).
    for (var side : part.peerings) {
      for (VpcPeeringConnection c : ParallelReads.join(side)) {
        String status = c.status() == null ? null : c.status().codeAsString();
        if (gone(status) || !peerings.add(c.vpcPeeringConnectionId())) {
          continue;
        }
        for (boolean requester : List.of(true, false)) {
          var mine = requester ? c.requesterVpcInfo() : c.accepterVpcInfo();
          var peer = requester ? c.accepterVpcInfo() : c.requesterVpcInfo();
          if (!allVpcs.contains(mine.vpcId())) {
            continue;
          }
          found.seen.add(
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
      }
    }
    return gatewayEndpoints;
  }

  /**
   * Everything in the VPCs (in parts of as many as one filter takes), and their managed gateways
   * and flow logs wherever they are.
   */
  private void readVpcs(
      Set<String> all,
      Collection<String> managedIds,
      List<VpcPart> parts,
      ParallelReads reads,
      Found found) {
    // The flow logs of the VPCs and of their subnets, read once the subnets are known.
    Map<String, String> vpcOf = new TreeMap<>();
    all.forEach(vpc -> vpcOf.put(vpc, vpc));
    for (VpcPart part : parts) {
      ParallelReads.join(part.subnets).forEach(s -> vpcOf.put(s.subnetId(), s.vpcId()));
    }
    List<Future<List<FlowLog>>> flowLogs =
        flowLogs(reads, "resource-id", List.copyOf(vpcOf.keySet()));
    for (VpcPart part : parts) {
      readVpcPart(part, all, found);
    }
    // Only a managed gateway the VPC filter did not return (detached) costs a second call.
    List<String> detached =
        managedIds.stream()
            .filter(id -> id.startsWith("igw-") && !found.docs.containsKey(id))
            .sorted()
            .toList();
    for (List<String> part : parts(detached)) {
      putInternetGateways(
          internetGateways(
              reads, Filter.builder().name("internet-gateway-id").values(part).build()),
          found);
    }
    putFlowLogs(flowLogs, found, vpcOf);
    // A managed flow log on a network interface (or one whose resource the filter missed) is read
    // by its own id, so it is never MISSING for want of a read.
    List<String> byId =
        managedIds.stream()
            .filter(id -> id.startsWith("fl-") && !found.docs.containsKey(id))
            .sorted()
            .toList();
    if (!byId.isEmpty()) {
      putFlowLogs(flowLogs(reads, "flow-log-id", byId), found, vpcOf);
    }
  }

  /** The documents of one filter's part of the VPCs, each scoped by its VPC. */
  private void readVpcPart(VpcPart part, Set<String> allVpcs, Found found) {
    for (Vpc v : ParallelReads.join(part.described)) {
      found.scope(v.vpcId(), v.vpcId());
      found.put(VPC, v.vpcId(), NetworkDocuments.vpc(SdkJson.of(v)), Set.of());
    }
    for (Subnet s : ParallelReads.join(part.subnets)) {
      found.scope(s.subnetId(), s.vpcId());
      found.put(SUBNET, s.subnetId(), NetworkDocuments.subnet(SdkJson.of(s)), Set.of());
    }
    for (NetworkAcl acl : ParallelReads.join(part.acls)) {
      if (Boolean.TRUE.equals(acl.isDefault())) {
        found.defaults.add(acl.networkAclId());
      }
      List<JsonNode> entries = new ArrayList<>();
      for (NetworkAclEntry entry : acl.entries()) {
        if (entry.ruleNumber() != null && entry.ruleNumber() <= LAST_USER_RULE) {
          entries.add(SdkJson.of(entry));
        }
      }
      List<String> subnets = acl.associations().stream().map(a -> a.subnetId()).toList();
      found.scope(acl.networkAclId(), acl.vpcId());
      found.put(
          NETWORK_ACL,
          acl.networkAclId(),
          NetworkDocuments.networkAcl(acl.vpcId(), entries, subnets),
          NetworkDocuments.NACL_COLLECTIONS);
    }
    Map<String, Set<String>> gatewayEndpoints = paths(part, allVpcs, found);
    for (RouteTable table : ParallelReads.join(part.tables)) {
      if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
        found.defaults.add(table.routeTableId());
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
      found.scope(table.routeTableId(), table.vpcId());
      found.put(
          ROUTE_TABLE,
          table.routeTableId(),
          NetworkDocuments.routeTable(table.vpcId(), routes, subnets, gateways),
          NetworkDocuments.ROUTE_TABLE_COLLECTIONS);
    }
    putInternetGateways(part.internetGateways, found);
    for (NatGateway nat : ParallelReads.join(part.natGateways)) {
      // A deleted NAT gateway is listed for about an hour, a failed one too: both gone.
      if (nat.state() != NatGatewayState.DELETED
          && nat.state() != NatGatewayState.DELETING
          && nat.state() != NatGatewayState.FAILED) {
        found.scope(nat.natGatewayId(), nat.vpcId());
        found.put(
            NAT_GATEWAY,
            nat.natGatewayId(),
            NetworkDocuments.natGateway(SdkJson.of(nat)),
            Set.of());
      }
    }
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

  /** The reads of the flow logs whose {@code filter} is one of {@code values}, a part each. */
  private List<Future<List<FlowLog>>> flowLogs(
      ParallelReads reads, String filter, List<String> values) {
    List<Future<List<FlowLog>>> read = new ArrayList<>();
    for (List<String> part : parts(values)) {
      read.add(
          reads.start(
              () ->
                  ec2
                      .describeFlowLogsPaginator(
                          r -> r.filter(Filter.builder().name(filter).values(part).build()))
                      .flowLogs()
                      .stream()
                      .toList()));
    }
    return read;
  }

  /** Flow logs, each scoped by the VPC of what it watches ({@code vpcOf}, a VPC or subnet). */
  private static void putFlowLogs(
      List<Future<List<FlowLog>>> read, Found found, Map<String, String> vpcOf) {
    for (var part : read) {
      for (FlowLog fl : ParallelReads.join(part)) {
        found.scope(fl.flowLogId(), vpcOf.get(fl.resourceId()));
        found.put(FLOW_LOG, fl.flowLogId(), NetworkDocuments.flowLog(SdkJson.of(fl)), Set.of());
      }
    }
  }

  /** The read of the internet gateways {@code filter} matches. */
  private Future<List<InternetGateway>> internetGateways(ParallelReads reads, Filter filter) {
    return reads.start(
        () ->
            ec2
                .describeInternetGatewaysPaginator(r -> r.filters(filter))
                .internetGateways()
                .stream()
                .toList());
  }

  /** Internet gateways, each scoped by the VPCs it is attached to. */
  private static void putInternetGateways(Future<List<InternetGateway>> read, Found found) {
    for (InternetGateway igw : ParallelReads.join(read)) {
      List<String> attached = igw.attachments().stream().map(a -> a.vpcId()).toList();
      attached.forEach(vpc -> found.scope(igw.internetGatewayId(), vpc));
      found.put(
          INTERNET_GATEWAY,
          igw.internetGatewayId(),
          NetworkDocuments.internetGateway(attached),
          Set.of("/Attachments"));
    }
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
}
