package io.netdrift.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The EC2 network state beyond security groups: subnets, network ACLs, route tables, internet and
 * NAT gateways, flow logs. It behaves as EC2 does where it matters for drift: every VPC gets a
 * default ACL (allow all, then the implicit denies 32767/32768) and a main route table with its
 * {@code local} route; a new subnet joins the default ACL; entries are keyed by direction and
 * number.
 */
public final class Ec2Network {
  private final Ec2Model ec2;
  final Map<String, Subnet> subnets = new LinkedHashMap<>();
  final Map<String, Acl> acls = new LinkedHashMap<>();
  final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
  final Map<String, Igw> igws = new LinkedHashMap<>();
  final Map<String, Nat> nats = new LinkedHashMap<>();
  final Map<String, FlowLog> flowLogs = new LinkedHashMap<>();
  final Map<String, VpcEndpoint> endpoints = new LinkedHashMap<>();
  final Map<String, PrefixList> prefixLists = new LinkedHashMap<>();
  final Map<String, Peering> peerings = new LinkedHashMap<>();
  final Map<String, VpcBlock> vpcBlocks = new LinkedHashMap<>();
  private int amazonIpv6Blocks;

  Ec2Network(Ec2Model ec2) {
    this.ec2 = ec2;
  }

  /**
   * A block associated with a VPC: the primary one EC2 associates with the VPC, or one added
   * (AssociateVpcCidrBlock). An Amazon-provided IPv6 block names the pool {@code Amazon}.
   */
  static final class VpcBlock {
    String id;
    String vpcId;
    String cidr;
    String pool;
    String state = "associated";

    boolean ipv6() {
      return cidr.contains(":");
    }
  }

  /** A subnet. */
  static final class Subnet {
    String id;
    String vpcId;
    String cidr;
    String ipv6Cidr;
    boolean ipv6Native;

    /** A default VPC's subnet: the zones that have one are the ones Fn::GetAZs lists. */
    boolean defaultForAz;

    String az;
    boolean mapPublicIp;
  }

  /** A network ACL entry. */
  static final class Entry {
    int ruleNumber;
    boolean egress;
    String protocol;
    String action;
    String cidr;
    String ipv6Cidr;
    Integer from;
    Integer to;
    Integer icmpType;
    Integer icmpCode;
  }

  /** A network ACL with its entries and subnet associations (association id → subnet). */
  static final class Acl {
    String id;
    String vpcId;
    boolean isDefault;
    final List<Entry> entries = new ArrayList<>();
    final Map<String, String> associations = new LinkedHashMap<>();
  }

  /** A route: destination and target fields as EC2 answers them. */
  static final class Route {
    /** The target fields a CreateRoute request or a template's Route may name. */
    static final List<String> TARGETS =
        List.of(
            "GatewayId",
            "NatGatewayId",
            "VpcEndpointId",
            "TransitGatewayId",
            "VpcPeeringConnectionId",
            "NetworkInterfaceId",
            "InstanceId",
            "EgressOnlyInternetGatewayId",
            "LocalGatewayId",
            "CarrierGatewayId");

    String destination;
    final Map<String, String> targets = new LinkedHashMap<>();
    String origin = "CreateRoute";

    /** {@code blackhole} once the target is gone (a deleted NAT gateway, say). */
    String state = "active";

    /**
     * Sets a target named as a request names it. EC2 answers endpoint routes as {@code gatewayId},
     * whatever the request called them.
     */
    void target(String name, String value) {
      String key =
          name.equals("VpcEndpointId")
              ? "gatewayId"
              : Character.toLowerCase(name.charAt(0)) + name.substring(1);
      targets.put(key, value);
    }
  }

  /** A route table with its routes and subnet associations (association id → subnet, or "main"). */
  static final class RouteTable {
    String id;
    String vpcId;
    final List<Route> routes = new ArrayList<>();
    final Map<String, String> associations = new LinkedHashMap<>();
  }

  /** An internet gateway and the VPCs it is attached to. */
  static final class Igw {
    String id;
    final List<String> vpcs = new ArrayList<>();
  }

  /** The region's zones, name and type: three availability zones and one Local Zone. */
  static List<String[]> zones(String region) {
    // Zone ids name the same physical zone in every account; names are shuffled per account, so
    // the letters and the numbers do not line up.
    String prefix = region.equals("eu-west-1") ? "euw1" : "use1";
    return List.of(
        new String[] {region + "a", "availability-zone", prefix + "-az3"},
        new String[] {region + "b", "availability-zone", prefix + "-az1"},
        new String[] {region + "c", "availability-zone", prefix + "-az2"},
        new String[] {region + "-lhr-1a", "local-zone", prefix + "-lhr1-az1"});
  }

  /** A zone's id by its name, or its name by its id. */
  static String zone(String region, String nameOrId, boolean wantId) {
    for (String[] zone : zones(region)) {
      if (zone[0].equals(nameOrId) || zone[2].equals(nameOrId)) {
        return wantId ? zone[2] : zone[0];
      }
    }
    throw new AwsError(
        400,
        "InvalidParameterValue",
        "Value (" + nameOrId + ") for parameter availabilityZone is invalid.");
  }

  /**
   * What CloudFormation's {@code Fn::GetAZs} answers: the availability zones (not Local Zones) that
   * have a default subnet, or all of them where none has one; in name order.
   */
  synchronized List<String> getAzs(String region) {
    List<String> all =
        zones(region).stream()
            .filter(z -> z[1].equals("availability-zone"))
            .map(z -> z[0])
            .toList();
    List<String> withDefault =
        all.stream()
            .filter(z -> subnets.values().stream().anyMatch(s -> s.defaultForAz && s.az.equals(z)))
            .toList();
    return withDefault.isEmpty() ? all : withDefault;
  }

  /** A default VPC's subnet in {@code az}, as every account has one per zone unless deleted. */
  public synchronized String createDefaultSubnet(String vpcId, String cidr, String az) {
    Subnet s = createSubnet(vpcId, cidr, az, true);
    s.defaultForAz = true;
    return s.id;
  }

  /** A NAT gateway. */
  static final class Nat {
    String id;
    String subnetId;
    String vpcId;
    String connectivityType = "public";
    String state = "available";
  }

  /** A flow log. */
  static final class FlowLog {
    String id;
    String resourceId;
    String trafficType;
    String destinationType = "cloud-watch-logs";
    String logGroupName;
    String destination;
    int maxAggregationInterval = 600;
  }

  /** A customer-managed prefix list: blocks by CIDR with their descriptions, and a version. */
  static final class PrefixList {
    String id;
    String name;
    String addressFamily;
    int maxEntries;
    long version = 1;
    final Map<String, String> entries = new LinkedHashMap<>();
  }

  /** A gateway endpoint (S3, DynamoDB): its service's prefix list routed to it in its tables. */
  /** A VPC peering connection: the requester's VPC here, the accepter's anywhere. */
  static final class Peering {
    String id;
    String requesterVpc;
    String accepterVpc;
    String accepterOwner;
    String accepterRegion;
    String status;
  }

  /**
   * A peering from {@code vpcId} to a VPC of {@code peerOwner} in {@code peerRegion}: active at
   * once within the account and region (as CloudFormation waits for), pending acceptance across.
   */
  public synchronized String createPeering(
      String vpcId, String peerVpcId, String peerOwner, String peerRegion) {
    vpc(vpcId);
    Peering peering = new Peering();
    peering.id = ec2.newId("pcx");
    peering.requesterVpc = vpcId;
    peering.accepterVpc = peerVpcId;
    peering.accepterOwner = peerOwner == null ? ec2.account() : peerOwner;
    peering.accepterRegion = peerRegion == null ? ec2.region() : peerRegion;
    peering.status =
        peering.accepterOwner.equals(ec2.account()) && peering.accepterRegion.equals(ec2.region())
            ? "active"
            : "pending-acceptance";
    peerings.put(peering.id, peering);
    return peering.id;
  }

  /** The other account accepts a peering request, as its own AcceptVpcPeeringConnection would. */
  public synchronized void acceptPeering(String id) {
    peerings.get(id).status = "active";
  }

  /**
   * A VPC endpoint: a gateway one joins route tables through its service's prefix list; an
   * interface one puts an interface in each of its subnets, behind its groups.
   */
  static final class VpcEndpoint {
    String id;
    String type = "Gateway";
    String vpcId;
    String serviceName;
    String prefixListId;
    boolean privateDns;
    final List<String> routeTableIds = new ArrayList<>();
    final List<String> subnetIds = new ArrayList<>();
    final List<String> groupIds = new ArrayList<>();
    final List<String> interfaceIds = new ArrayList<>();
  }

  /** An interface endpoint: one network interface per subnet, private DNS as asked. */
  synchronized VpcEndpoint createInterfaceEndpoint(
      String vpcId,
      String serviceName,
      List<String> subnetIds,
      List<String> groupIds,
      boolean privateDns) {
    vpc(vpcId);
    VpcEndpoint endpoint = new VpcEndpoint();
    endpoint.id = ec2.newId("vpce");
    endpoint.type = "Interface";
    endpoint.vpcId = vpcId;
    endpoint.serviceName = serviceName;
    endpoint.privateDns = privateDns;
    endpoint.subnetIds.addAll(subnetIds);
    endpoint.groupIds.addAll(groupIds);
    subnetIds.forEach(s -> endpoint.interfaceIds.add(ec2.newId("eni")));
    endpoints.put(endpoint.id, endpoint);
    return endpoint;
  }

  /**
   * What a gateway endpoint does on create: a route from its service's AWS-managed prefix list to
   * the endpoint in each of its route tables, answered with {@code Origin: CreateRoute} like any
   * route a customer makes.
   */
  synchronized VpcEndpoint createGatewayEndpoint(
      String vpcId, String serviceName, List<String> routeTableIds) {
    vpc(vpcId);
    VpcEndpoint endpoint = new VpcEndpoint();
    endpoint.id = ec2.newId("vpce");
    endpoint.vpcId = vpcId;
    endpoint.serviceName = serviceName;
    endpoint.prefixListId = serviceName.endsWith(".dynamodb") ? "pl-02cd2c6b" : "pl-6da54004";
    for (String rtb : routeTableIds) {
      Route route = new Route();
      route.destination = endpoint.prefixListId;
      route.target("VpcEndpointId", endpoint.id);
      putRoute(rtb, route, false);
      endpoint.routeTableIds.add(rtb);
    }
    endpoints.put(endpoint.id, endpoint);
    return endpoint;
  }

  /**
   * What a VPC Route Server does when a peer advertises a prefix: a route to the peer's interface
   * with {@code Origin: Advertisement}, which no template writes.
   */
  public synchronized void advertise(String rtbId, String cidr, String networkInterfaceId) {
    Route route = new Route();
    route.destination = cidr;
    route.target("NetworkInterfaceId", networkInterfaceId);
    route.origin = "Advertisement";
    putRoute(rtbId, route, false);
  }

  /**
   * What route propagation from a virtual private gateway does when the VPN learns a prefix: a
   * route to the gateway with {@code Origin: EnableVgwRoutePropagation}. It sits beside a static
   * route to the same destination (the static one wins), as EC2 lists both.
   */
  public synchronized void propagate(String rtbId, String cidr, String vgwId) {
    Route route = new Route();
    route.destination = cidr;
    route.target("GatewayId", vgwId);
    route.origin = PROPAGATED;
    routeTable(rtbId).routes.add(route);
  }

  static final String PROPAGATED = "EnableVgwRoutePropagation";

  /** What EC2 creates with a VPC: the default ACL and the main route table. */
  synchronized void vpcCreated(String vpcId, String cidr) {
    Acl acl = new Acl();
    acl.id = ec2.newId("acl");
    acl.vpcId = vpcId;
    acl.isDefault = true;
    for (boolean egress : new boolean[] {false, true}) {
      acl.entries.add(entry(100, egress, "-1", "allow", "0.0.0.0/0"));
      acl.entries.add(entry(32767, egress, "-1", "deny", "0.0.0.0/0"));
    }
    acls.put(acl.id, acl);
    RouteTable main = new RouteTable();
    main.id = ec2.newId("rtb");
    main.vpcId = vpcId;
    Route local = new Route();
    local.destination = cidr;
    local.targets.put("gatewayId", "local");
    local.origin = "CreateRouteTable";
    main.routes.add(local);
    main.associations.put(ec2.newId("rtbassoc"), "main");
    routeTables.put(main.id, main);
    VpcBlock primary = new VpcBlock();
    primary.id = ec2.newId("vpc-cidr-assoc");
    primary.vpcId = vpcId;
    primary.cidr = cidr;
    vpcBlocks.put(primary.id, primary);
  }

  /**
   * Associates a block with a VPC, as AssociateVpcCidrBlock does: an IPv4 block, an IPv6 one, or
   * (neither given) an Amazon-provided IPv6 /56. Every route table of the VPC gains the block's
   * {@code local} route.
   */
  public synchronized VpcBlock associateVpcBlock(String vpcId, String cidr, String ipv6Cidr) {
    vpc(vpcId);
    VpcBlock block = new VpcBlock();
    block.id = ec2.newId("vpc-cidr-assoc");
    block.vpcId = vpcId;
    if (cidr != null) {
      block.cidr = cidr;
    } else if (ipv6Cidr != null) {
      block.cidr = ipv6Cidr;
      block.pool = "ipv6pool-ec2-00000000000000001";
    } else {
      block.cidr = String.format(Locale.ROOT, "2a05:d018:%x::/56", 0xa00 + amazonIpv6Blocks++);
      block.pool = "Amazon";
    }
    boolean taken =
        vpcBlocks.values().stream()
            .anyMatch(
                b ->
                    b.vpcId.equals(vpcId)
                        && b.cidr.equals(block.cidr)
                        && b.state.equals("associated"));
    if (taken) {
      throw new AwsError(
          400, "InvalidVpc.Range", "The CIDR '" + block.cidr + "' conflicts with another subnet");
    }
    vpcBlocks.put(block.id, block);
    for (RouteTable table : routeTables.values()) {
      if (table.vpcId.equals(vpcId)) {
        Route local = new Route();
        local.destination = block.cidr;
        local.targets.put("gatewayId", "local");
        local.origin = "CreateRouteTable";
        table.routes.add(0, local);
      }
    }
    return block;
  }

  /**
   * Takes a block that is not the VPC's primary one away, with its local routes. EC2 goes on
   * listing it, {@code disassociated}, for a while.
   */
  public synchronized VpcBlock disassociateVpcBlock(String associationId) {
    VpcBlock block = vpcBlocks.get(associationId);
    if (block == null || !block.state.equals("associated")) {
      throw new AwsError(
          400,
          "InvalidVpcCidrBlockAssociationID.NotFound",
          "The vpc CIDR block association ID '" + associationId + "' does not exist");
    }
    if (vpcBlocks.values().stream().filter(b -> b.vpcId.equals(block.vpcId)).findFirst().get()
        == block) {
      throw new AwsError(
          400, "OperationNotPermitted", "The vpc CIDR block association ID is the primary one");
    }
    for (RouteTable table : routeTables.values()) {
      if (table.vpcId.equals(block.vpcId)) {
        table.routes.removeIf(
            r -> block.cidr.equals(r.destination) && "local".equals(r.targets.get("gatewayId")));
      }
    }
    block.state = "disassociated";
    return block;
  }

  /** The blocks associated with a VPC, the primary one first. */
  synchronized List<VpcBlock> vpcBlocks(String vpcId) {
    return vpcBlocks.values().stream().filter(b -> b.vpcId.equals(vpcId)).toList();
  }

  private static Entry entry(
      int number, boolean egress, String protocol, String action, String cidr) {
    Entry e = new Entry();
    e.ruleNumber = number;
    e.egress = egress;
    e.protocol = protocol;
    e.action = action;
    e.cidr = cidr;
    return e;
  }

  synchronized Subnet createSubnet(String vpcId, String cidr, String az, boolean mapPublicIp) {
    return createSubnet(vpcId, cidr, null, az, mapPublicIp);
  }

  /** A subnet; an IPv6-only one has an IPv6 block and no IPv4 block. */
  synchronized Subnet createSubnet(
      String vpcId, String cidr, String ipv6Cidr, String az, boolean mapPublicIp) {
    vpc(vpcId);
    Subnet s = new Subnet();
    s.ipv6Cidr = ipv6Cidr;
    s.ipv6Native = cidr == null;
    s.id = ec2.newId("subnet");
    s.vpcId = vpcId;
    s.cidr = cidr;
    s.az = az;
    s.mapPublicIp = mapPublicIp;
    subnets.put(s.id, s);
    acls.values().stream()
        .filter(a -> a.isDefault && a.vpcId.equals(vpcId))
        .findFirst()
        .ifPresent(a -> a.associations.put(ec2.newId("aclassoc"), s.id));
    return s;
  }

  synchronized Acl createAcl(String vpcId) {
    vpc(vpcId);
    Acl acl = new Acl();
    acl.id = ec2.newId("acl");
    acl.vpcId = vpcId;
    for (boolean egress : new boolean[] {false, true}) {
      acl.entries.add(entry(32767, egress, "-1", "deny", "0.0.0.0/0"));
    }
    acls.put(acl.id, acl);
    return acl;
  }

  /** Adds or replaces the entry with this direction and number. */
  synchronized void putEntry(String aclId, Entry entry, boolean replace) {
    Acl acl = acl(aclId);
    boolean exists =
        acl.entries.stream()
            .anyMatch(e -> e.egress == entry.egress && e.ruleNumber == entry.ruleNumber);
    if (exists && !replace) {
      throw new AwsError(
          400,
          "NetworkAclEntryAlreadyExists",
          "The network acl entry identified by " + entry.ruleNumber + " already exists.");
    }
    if (!exists && replace) {
      throw new AwsError(
          400,
          "InvalidNetworkAclEntry.NotFound",
          "The network acl entry identified by " + entry.ruleNumber + " does not exist.");
    }
    acl.entries.removeIf(e -> e.egress == entry.egress && e.ruleNumber == entry.ruleNumber);
    acl.entries.add(entry);
    acl.entries.sort(
        (a, b) ->
            a.egress != b.egress
                ? Boolean.compare(a.egress, b.egress)
                : Integer.compare(a.ruleNumber, b.ruleNumber));
  }

  synchronized void deleteEntry(String aclId, int number, boolean egress) {
    if (!acl(aclId).entries.removeIf(e -> e.egress == egress && e.ruleNumber == number)) {
      throw new AwsError(
          400,
          "InvalidNetworkAclEntry.NotFound",
          "The network acl entry identified by " + number + " does not exist.");
    }
  }

  /** Moves a subnet to another ACL; returns the new association id. */
  synchronized String associateAcl(String aclId, String subnetId) {
    Acl target = acl(aclId);
    for (Acl a : acls.values()) {
      a.associations.values().removeIf(subnetId::equals);
    }
    String id = ec2.newId("aclassoc");
    target.associations.put(id, subnetId);
    return id;
  }

  synchronized String replaceAclAssociation(String associationId, String aclId) {
    String subnet =
        acls.values().stream()
            .map(a -> a.associations.get(associationId))
            .filter(Objects::nonNull)
            .findFirst()
            .orElseThrow(
                () ->
                    new AwsError(
                        400,
                        "InvalidAssociationID.NotFound",
                        "The association ID '" + associationId + "' does not exist"));
    return associateAcl(aclId, subnet);
  }

  synchronized RouteTable createRouteTable(String vpcId) {
    vpc(vpcId);
    RouteTable rt = new RouteTable();
    rt.id = ec2.newId("rtb");
    rt.vpcId = vpcId;
    Route local = new Route();
    local.destination =
        ec2.vpcs().stream()
            .filter(v -> v.vpcId().equals(vpcId))
            .findFirst()
            .orElseThrow()
            .cidrBlock();
    local.targets.put("gatewayId", "local");
    local.origin = "CreateRouteTable";
    rt.routes.add(local);
    routeTables.put(rt.id, rt);
    return rt;
  }

  /** Adds or replaces a route. */
  synchronized void putRoute(String rtbId, Route route, boolean replace) {
    RouteTable rt = routeTable(rtbId);
    java.util.function.Predicate<Route> same =
        r -> r.destination.equals(route.destination) && !r.origin.equals(PROPAGATED);
    boolean exists = rt.routes.stream().anyMatch(same);
    if (exists && !replace) {
      throw new AwsError(
          400,
          "RouteAlreadyExists",
          "The route identified by " + route.destination + " already exists.");
    }
    if (!exists && replace) {
      throw new AwsError(
          400,
          "InvalidRoute.NotFound",
          "no route with destination-cidr-block " + route.destination + " in route table " + rtbId);
    }
    rt.routes.removeIf(same);
    rt.routes.add(route);
  }

  synchronized void deleteRoute(String rtbId, String destination) {
    if (!routeTable(rtbId)
        .routes
        .removeIf(r -> r.destination.equals(destination) && !r.origin.equals(PROPAGATED))) {
      throw new AwsError(
          400,
          "InvalidRoute.NotFound",
          "no route with destination-cidr-block " + destination + " in route table " + rtbId);
    }
  }

  /**
   * Makes {@code rtbId} the edge route table of a gateway (ingress routing): the association is
   * kept as {@code gw:<gateway id>}.
   */
  synchronized String associateGateway(String rtbId, String gatewayId) {
    RouteTable target = routeTable(rtbId);
    String id = ec2.newId("rtbassoc");
    target.associations.put(id, "gw:" + gatewayId);
    return id;
  }

  /**
   * Deletes a NAT gateway: it is answered as {@code deleted}, and every route to it turns {@code
   * blackhole}, as EC2 does.
   */
  synchronized void deleteNat(String natId) {
    Nat nat = nats.get(natId);
    if (nat == null) {
      throw new AwsError(400, "NatGatewayNotFound", "The Nat Gateway " + natId + " was not found");
    }
    nat.state = "deleted";
    routeTables.values().stream()
        .flatMap(t -> t.routes.stream())
        .filter(r -> natId.equals(r.targets.get("natGatewayId")))
        .forEach(r -> r.state = "blackhole");
  }

  synchronized String associateRouteTable(String rtbId, String subnetId) {
    RouteTable target = routeTable(rtbId);
    for (RouteTable rt : routeTables.values()) {
      if (rt.associations.containsValue(subnetId)) {
        throw new AwsError(
            400,
            "Resource.AlreadyAssociated",
            "the specified association for route table "
                + rt.id
                + " conflicts with an existing association");
      }
    }
    String id = ec2.newId("rtbassoc");
    target.associations.put(id, subnetId);
    return id;
  }

  synchronized String replaceRouteTableAssociation(String associationId, String rtbId) {
    RouteTable target = routeTable(rtbId);
    for (RouteTable rt : routeTables.values()) {
      String subnet = rt.associations.remove(associationId);
      if (subnet != null) {
        String id = ec2.newId("rtbassoc");
        target.associations.put(id, subnet);
        return id;
      }
    }
    throw new AwsError(
        400,
        "InvalidAssociationID.NotFound",
        "The association ID '" + associationId + "' does not exist");
  }

  synchronized Igw createIgw() {
    Igw igw = new Igw();
    igw.id = ec2.newId("igw");
    igws.put(igw.id, igw);
    return igw;
  }

  synchronized void attachIgw(String igwId, String vpcId) {
    vpc(vpcId);
    Igw igw = igws.get(igwId);
    if (igw == null) {
      throw new AwsError(
          400,
          "InvalidInternetGatewayID.NotFound",
          "The internetGateway ID '" + igwId + "' does not exist");
    }
    igw.vpcs.add(vpcId);
  }

  synchronized void detachIgw(String igwId, String vpcId) {
    Igw igw = igws.get(igwId);
    if (igw == null || !igw.vpcs.remove(vpcId)) {
      throw new AwsError(
          400, "Gateway.NotAttached", "resource " + igwId + " is not attached to network " + vpcId);
    }
  }

  synchronized Nat createNat(String subnetId, String connectivityType) {
    Subnet s = subnets.get(subnetId);
    if (s == null) {
      throw new AwsError(
          400, "InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
    }
    Nat nat = new Nat();
    nat.id = ec2.newId("nat");
    nat.subnetId = subnetId;
    nat.vpcId = s.vpcId;
    if (connectivityType != null) {
      nat.connectivityType = connectivityType;
    }
    nats.put(nat.id, nat);
    return nat;
  }

  synchronized FlowLog createFlowLog(
      String resourceId,
      String trafficType,
      String destinationType,
      String logGroupName,
      String destination) {
    FlowLog fl = new FlowLog();
    fl.id = ec2.newId("fl");
    fl.resourceId = resourceId;
    fl.trafficType = trafficType;
    if (destinationType != null) {
      fl.destinationType = destinationType;
    }
    fl.logGroupName = logGroupName;
    fl.destination = destination;
    flowLogs.put(fl.id, fl);
    return fl;
  }

  /** A prefix list as CreateManagedPrefixList makes it: version 1, entries in the given order. */
  synchronized PrefixList createPrefixList(
      String name, String addressFamily, int maxEntries, Map<String, String> entries) {
    PrefixList list = new PrefixList();
    list.id = ec2.newId("pl");
    list.name = name;
    list.addressFamily = addressFamily;
    list.maxEntries = maxEntries;
    entries.forEach((cidr, description) -> list.entries.put(Ec2Model.masked(cidr), description));
    prefixLists.put(list.id, list);
    return list;
  }

  /**
   * ModifyManagedPrefixList: removes, then adds (an added block already there takes the new
   * description), at {@code currentVersion} if one is given; the version goes up by one.
   */
  synchronized PrefixList modifyPrefixList(
      String id, Long currentVersion, Map<String, String> add, List<String> remove) {
    PrefixList list = prefixLists.get(id);
    if (list == null) {
      throw new AwsError(
          400, "InvalidPrefixListID.NotFound", "The prefix list ID '" + id + "' does not exist");
    }
    if (currentVersion != null && currentVersion != list.version) {
      throw new AwsError(
          400,
          "PrefixListVersionMismatch",
          "The prefix list has the incorrect version number (" + currentVersion + ").");
    }
    remove.forEach(cidr -> list.entries.remove(Ec2Model.masked(cidr)));
    add.forEach((cidr, description) -> list.entries.put(Ec2Model.masked(cidr), description));
    if (list.entries.size() > list.maxEntries) {
      throw new AwsError(
          400,
          "PrefixListMaxEntriesExceeded",
          "The prefix list has reached its maximum number of entries (" + list.maxEntries + ").");
    }
    list.version++;
    return list;
  }

  synchronized boolean deleteFlowLog(String id) {
    return flowLogs.remove(id) != null;
  }

  Acl acl(String id) {
    Acl acl = acls.get(id);
    if (acl == null) {
      throw new AwsError(
          400, "InvalidNetworkAclID.NotFound", "The network ACL '" + id + "' does not exist");
    }
    return acl;
  }

  RouteTable routeTable(String id) {
    RouteTable rt = routeTables.get(id);
    if (rt == null) {
      throw new AwsError(
          400, "InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist");
    }
    return rt;
  }

  private void vpc(String vpcId) {
    if (ec2.vpcs().stream().noneMatch(v -> v.vpcId().equals(vpcId))) {
      throw new AwsError(400, "InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
    }
  }

  /** The subnet a CIDR block belongs to, for tests. */
  /** ModifySubnetAttribute's {@code MapPublicIpOnLaunch}. */
  synchronized void mapPublicIpOnLaunch(String subnetId, boolean on) {
    Subnet subnet = subnets.get(subnetId);
    if (subnet == null) {
      throw new AwsError(
          400, "InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
    }
    subnet.mapPublicIp = on;
  }

  public synchronized String subnetByCidr(String cidr) {
    return subnets.values().stream()
        .filter(s -> s.cidr.equals(cidr))
        .map(s -> s.id)
        .findFirst()
        .orElseThrow();
  }
}
