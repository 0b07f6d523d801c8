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

  /** What was read: documents by physical id, and what AWS made itself (not unmanaged). */
  public record LiveNetwork(Map<String, ResourceDocument> documents, Set<String> awsDefaults) {}

  /**
   * Everything in {@code vpcIds}, and the managed internet gateways wherever they are: a gateway
   * detached from its VPC no longer matches the VPC filter, but it is not gone.
   */
  public LiveNetwork read(Collection<String> vpcIds, Collection<String> internetGatewayIds) {
    Map<String, ResourceDocument> docs = new TreeMap<>();
    Set<String> defaults = new TreeSet<>();
    if (vpcIds.isEmpty()) {
      return new LiveNetwork(docs, defaults);
    }
    List<String> vpcs = List.copyOf(new TreeSet<>(vpcIds));
    Filter byVpc = Filter.builder().name("vpc-id").values(vpcs).build();
    ec2.describeVpcsPaginator(r -> r.filters(byVpc))
        .vpcs()
        .forEach(v -> put(docs, VPC, v.vpcId(), NetworkDocuments.vpc(SdkJson.of(v)), Set.of()));
    ec2.describeSubnetsPaginator(r -> r.filters(byVpc))
        .subnets()
        .forEach(
            s -> put(docs, SUBNET, s.subnetId(), NetworkDocuments.subnet(SdkJson.of(s)), Set.of()));
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
      put(
          docs,
          NETWORK_ACL,
          acl.networkAclId(),
          NetworkDocuments.networkAcl(acl.vpcId(), entries, subnets),
          NetworkDocuments.NACL_COLLECTIONS);
    }
    for (RouteTable table : ec2.describeRouteTablesPaginator(r -> r.filters(byVpc)).routeTables()) {
      if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
        defaults.add(table.routeTableId());
      }
      List<JsonNode> routes = new ArrayList<>();
      for (Route route : table.routes()) {
        if (!isMadeByAws(route)) {
          routes.add(SdkJson.of(route));
        }
      }
      List<String> subnets =
          table.associations().stream().map(a -> a.subnetId()).filter(id -> id != null).toList();
      List<String> gateways =
          table.associations().stream().map(a -> a.gatewayId()).filter(id -> id != null).toList();
      put(
          docs,
          ROUTE_TABLE,
          table.routeTableId(),
          NetworkDocuments.routeTable(table.vpcId(), routes, subnets, gateways),
          NetworkDocuments.ROUTE_TABLE_COLLECTIONS);
    }
    readInternetGateways(Filter.builder().name("attachment.vpc-id").values(vpcs).build(), docs);
    // Only a managed gateway the VPC filter did not return (detached) costs a second call.
    List<String> detached =
        internetGatewayIds.stream().filter(id -> !docs.containsKey(id)).sorted().toList();
    if (!detached.isEmpty()) {
      readInternetGateways(
          Filter.builder().name("internet-gateway-id").values(detached).build(), docs);
    }
    ec2.describeNatGatewaysPaginator(r -> r.filter(byVpc))
        .natGateways()
        .forEach(
            nat -> {
              // A deleted NAT gateway is listed for about an hour, a failed one too: both gone.
              if (nat.state() != NatGatewayState.DELETED
                  && nat.state() != NatGatewayState.DELETING
                  && nat.state() != NatGatewayState.FAILED) {
                put(
                    docs,
                    NAT_GATEWAY,
                    nat.natGatewayId(),
                    NetworkDocuments.natGateway(SdkJson.of(nat)),
                    Set.of());
              }
            });
    ec2.describeFlowLogsPaginator(
            r -> r.filter(Filter.builder().name("resource-id").values(vpcs).build()))
        .flowLogs()
        .forEach(
            fl ->
                put(
                    docs,
                    FLOW_LOG,
                    fl.flowLogId(),
                    NetworkDocuments.flowLog(SdkJson.of(fl)),
                    Set.of()));
    return new LiveNetwork(docs, defaults);
  }

  private void readInternetGateways(Filter filter, Map<String, ResourceDocument> docs) {
    ec2.describeInternetGatewaysPaginator(r -> r.filters(filter))
        .internetGateways()
        .forEach(
            igw ->
                put(
                    docs,
                    INTERNET_GATEWAY,
                    igw.internetGatewayId(),
                    NetworkDocuments.internetGateway(
                        igw.attachments().stream().map(a -> a.vpcId()).toList()),
                    Set.of("/Attachments")));
  }

  /**
   * Routes no template writes, told by their {@code Origin} where EC2 gives one: the {@code local}
   * route of every table ({@code CreateRouteTable}), routes a virtual private gateway propagates,
   * routes a VPC Route Server advertises ({@code Advertisement}); and the prefix-list routes a
   * gateway endpoint adds.
   */
  static boolean isMadeByAws(Route route) {
    return "local".equals(route.gatewayId())
        || route.origin() == RouteOrigin.CREATE_ROUTE_TABLE
        || route.origin() == RouteOrigin.ENABLE_VGW_ROUTE_PROPAGATION
        || "Advertisement".equals(route.originAsString())
        || (route.destinationPrefixListId() != null
            && route.gatewayId() != null
            && route.gatewayId().startsWith("vpce-"));
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
