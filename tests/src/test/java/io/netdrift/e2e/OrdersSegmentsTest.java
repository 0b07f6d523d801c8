package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.AddPrefixListEntry;
import software.amazon.awssdk.services.ec2.model.RemovePrefixListEntry;

/**
 * The application team's segments: a Transit Gateway joining production, internal and shared
 * services with a route table each (production and internal drop each other's blocks), VPC
 * endpoints in the data tier, a prefix list a group rule names, a partner peering, an egress-only
 * gateway and a DNS Firewall. Deployed as is, every one of them is checked and equal; each change
 * made by hand is found exactly, where it is, with what it does to access and how loud it is under
 * the project's severity policy; each change that leaves the same network is not.
 */
class OrdersSegmentsTest {
  static final String SEGMENTS = "OrdersSegments";
  static final String NETWORK = OrdersAppTest.NETWORK;
  static final Path POLICY = DriftCorpusTest.POLICY;

  /** {@code S:Logical} (segments) or {@code N:Logical} (network): that resource's physical id. */
  static String id(Lab lab, String ref) {
    String[] parts = ref.split(":");
    return OrdersAppTest.physical(lab, parts[0].equals("N") ? NETWORK : SEGMENTS, parts[1]);
  }

  /**
   * {@code text} with each {@code ${S:Logical}} replaced by that resource's physical id, and each
   * {@code ${block:S:Vpc:cidr}} by the id of the association of that block with the VPC ({@code
   * ipv6} for its Amazon-provided IPv6 block), as DescribeVpcs answers it.
   */
  static String ids(Lab lab, String text) {
    if (text == null) {
      return null;
    }
    Matcher m = Pattern.compile("\\$\\{(?:block:([SN]:\\w+):([^}]+)|([SN]:\\w+))}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, m.group(3) != null ? id(lab, m.group(3)) : association(lab, m.group(1), m.group(2)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String association(Lab lab, String vpc, String block) {
    var v = lab.ec2.describeVpcs(r -> r.vpcIds(id(lab, vpc))).vpcs().get(0);
    return Stream.concat(
            v.cidrBlockAssociationSet().stream()
                .filter(a -> a.cidrBlock().equals(block))
                .map(a -> a.associationId()),
            v.ipv6CidrBlockAssociationSet().stream()
                .filter(a -> block.equals("ipv6") || block.equals(a.ipv6CidrBlock()))
                .map(a -> a.associationId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block " + block + " on " + v));
  }

  /** An engineer's change through Cloud Control: a JSON Patch, ids spelled {@code ${S:X}}. */
  static void patch(Lab lab, String type, String ref, String patch) {
    OrdersAppTest.patch(lab, type, id(lab, ref), ids(lab, patch));
  }

  interface Change {
    void apply(Lab lab) throws Exception;
  }

  /** One expected finding: where, what, and its verdict. Null approved/live are not asserted. */
  record Expected(
      String stack,
      String kind,
      String type,
      String logicalId,
      String property,
      String approved,
      String live,
      String access,
      boolean internet,
      String severity) {}

  static Expected in(
      String stack,
      String kind,
      String type,
      String logicalId,
      String property,
      String approved,
      String live,
      String access,
      boolean internet,
      String severity) {
    return new Expected(
        stack, kind, type, logicalId, property, approved, live, access, internet, severity);
  }

  static Expected tgw(
      String kind,
      String table,
      String property,
      String approved,
      String live,
      String access,
      boolean internet,
      String severity) {
    return in(
        SEGMENTS,
        kind,
        "AWS::EC2::TransitGatewayRouteTable",
        table,
        property,
        approved,
        live,
        access,
        internet,
        severity);
  }

  static Expected generic(
      String type, String logicalId, String property, String access, String severity) {
    return in(SEGMENTS, "CHANGED", type, logicalId, property, null, null, access, false, severity);
  }

  static Arguments drift(String name, Change change, Expected... expected) {
    return Arguments.of(name, change, List.of(expected));
  }

  static final String ENABLED = "{\"State\":\"enabled\"}";
  static final String ASSOCIATED = "{\"State\":\"associated\"}";
  static final String BLACKHOLE = "{\"Blackhole\":true}";
  static final String RT = "AWS::EC2::RouteTable";
  static final String TGW = "AWS::EC2::TransitGateway";
  static final String ATTACHMENT = "AWS::EC2::TransitGatewayVpcAttachment";
  static final String ENDPOINT = "AWS::EC2::VPCEndpoint";
  static final String LIST = "AWS::EC2::PrefixList";
  static final String DOMAINS = "AWS::Route53Resolver::FirewallDomainList";
  static final String DNS_RULES = "AWS::Route53Resolver::FirewallRuleGroup";
  static final String DNS_ASSOCIATION = "AWS::Route53Resolver::FirewallRuleGroupAssociation";
  static final String VPC = "AWS::EC2::VPC";
  static final String ENI = "AWS::EC2::NetworkInterface";

  static Stream<Arguments> drifts() {
    return Stream.of(
        drift(
            "source/destination check switched off on the proxy interface",
            lab ->
                patch(
                    lab,
                    ENI,
                    "S:ProxyInterface",
                    "[{\"op\":\"replace\",\"path\":\"/SourceDestCheck\",\"value\":false}]"),
            in(
                SEGMENTS,
                "CHANGED",
                ENI,
                "ProxyInterface",
                "SourceDestCheck",
                "true",
                "false",
                "widened",
                false,
                "high")),
        drift(
            "the application group attached to the proxy interface by hand",
            lab ->
                patch(
                    lab,
                    ENI,
                    "S:ProxyInterface",
                    "[{\"op\":\"add\",\"path\":\"/GroupSet/-\",\"value\":\"${N:AppSg}\"}]"),
            generic(ENI, "ProxyInterface", "GroupSet", "widened", "high")),
        drift(
            "the database group on the proxy interface swapped for the load balancer's",
            lab ->
                patch(
                    lab,
                    ENI,
                    "S:ProxyInterface",
                    "[{\"op\":\"replace\",\"path\":\"/GroupSet/1\",\"value\":\"${N:AlbSg}\"}]"),
            generic(ENI, "ProxyInterface", "GroupSet", "unknown", "medium")),
        drift(
            "a block associated by hand with the internal VPC",
            lab ->
                lab.ec2.associateVpcCidrBlock(
                    r -> r.vpcId(id(lab, "S:InternalVpc")).cidrBlock("100.65.0.0/16")),
            in(
                SEGMENTS,
                "UNMANAGED",
                VPC,
                "InternalVpc",
                "CidrBlocks[${block:S:InternalVpc:100.65.0.0/16}]",
                "",
                "{\"CidrBlock\":\"100.65.0.0/16\"}",
                "widened",
                false,
                "high")),
        drift(
            "an Amazon IPv6 block associated by hand with the shared services VPC",
            lab ->
                lab.ec2.associateVpcCidrBlock(
                    r -> r.vpcId(id(lab, "S:SharedVpc")).amazonProvidedIpv6CidrBlock(true)),
            in(
                SEGMENTS,
                "UNMANAGED",
                VPC,
                "SharedVpc",
                "Ipv6CidrBlocks[${block:S:SharedVpc:ipv6}]",
                "",
                "{\"AmazonProvidedIpv6CidrBlock\":true}",
                "widened",
                false,
                "high")),
        drift(
            "the approved pod range taken off the internal VPC",
            lab ->
                lab.ec2.disassociateVpcCidrBlock(
                    r -> r.associationId(id(lab, "S:InternalPodRange"))),
            in(
                SEGMENTS,
                "MISSING",
                VPC,
                "InternalVpc",
                "CidrBlocks[${S:InternalPodRange}]",
                "{\"CidrBlock\":\"100.64.0.0/16\"}",
                "",
                "narrowed",
                false,
                "medium")),
        drift(
            "a rogue propagation joins internal to production",
            lab ->
                lab.ec2.enableTransitGatewayRouteTablePropagation(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .transitGatewayAttachmentId(id(lab, "S:InternalAttachment"))),
            tgw(
                "UNMANAGED",
                "ProductionRoutes",
                "Propagations[${S:InternalAttachment}]",
                "",
                ENABLED,
                "widened",
                false,
                "critical")),
        drift(
            "production no longer learns the shared services' routes",
            lab ->
                lab.ec2.disableTransitGatewayRouteTablePropagation(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .transitGatewayAttachmentId(id(lab, "S:SharedAttachment"))),
            tgw(
                "MISSING",
                "ProductionRoutes",
                "Propagations[${S:SharedAttachment}]",
                ENABLED,
                "",
                "narrowed",
                false,
                "medium")),
        drift(
            "the production attachment disassociated from its route table",
            lab ->
                lab.ec2.disassociateTransitGatewayRouteTable(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .transitGatewayAttachmentId(id(lab, "S:OrdersAttachment"))),
            tgw(
                "MISSING",
                "ProductionRoutes",
                "Associations[${S:OrdersAttachment}]",
                ASSOCIATED,
                "",
                "narrowed",
                false,
                "medium")),
        drift(
            "the internal attachment moved into production's route table",
            lab -> {
              lab.ec2.disassociateTransitGatewayRouteTable(
                  r ->
                      r.transitGatewayRouteTableId(id(lab, "S:InternalSegmentRoutes"))
                          .transitGatewayAttachmentId(id(lab, "S:InternalAttachment")));
              lab.ec2.associateTransitGatewayRouteTable(
                  r ->
                      r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                          .transitGatewayAttachmentId(id(lab, "S:InternalAttachment")));
            },
            tgw(
                "MISSING",
                "InternalSegmentRoutes",
                "Associations[${S:InternalAttachment}]",
                ASSOCIATED,
                "",
                "narrowed",
                false,
                "medium"),
            tgw(
                "UNMANAGED",
                "ProductionRoutes",
                "Associations[${S:InternalAttachment}]",
                "",
                ASSOCIATED,
                "widened",
                false,
                "critical")),
        drift(
            "the blackhole that keeps internal out of production deleted",
            lab ->
                lab.ec2.deleteTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .destinationCidrBlock("10.50.0.0/16")),
            tgw(
                "MISSING",
                "ProductionRoutes",
                "Routes[10.50.0.0/16]",
                BLACKHOLE,
                "",
                "widened",
                false,
                "critical")),
        drift(
            "the blackhole replaced with a route to internal",
            lab ->
                lab.ec2.replaceTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .destinationCidrBlock("10.50.0.0/16")
                            .transitGatewayAttachmentId(id(lab, "S:InternalAttachment"))),
            tgw(
                "CHANGED",
                "ProductionRoutes",
                "Routes[10.50.0.0/16]",
                BLACKHOLE,
                "{\"TransitGatewayAttachmentId\":\"${S:InternalAttachment}\"}",
                "widened",
                false,
                "critical")),
        drift(
            "a static route to another network added to production",
            lab ->
                lab.ec2.createTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .destinationCidrBlock("10.70.0.0/16")
                            .transitGatewayAttachmentId(id(lab, "S:SharedAttachment"))),
            tgw(
                "UNMANAGED",
                "ProductionRoutes",
                "Routes[10.70.0.0/16]",
                "",
                "{\"TransitGatewayAttachmentId\":\"${S:SharedAttachment}\"}",
                "widened",
                false,
                "critical")),
        drift(
            "production's default route sent to a blackhole",
            lab ->
                lab.ec2.replaceTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes"))
                            .destinationCidrBlock("0.0.0.0/0")
                            .blackhole(true)),
            tgw(
                "CHANGED",
                "ProductionRoutes",
                "Routes[0.0.0.0/0]",
                "{\"TransitGatewayAttachmentId\":\"${S:SharedAttachment}\"}",
                BLACKHOLE,
                "narrowed",
                true,
                "medium")),
        drift(
            "internal's blackhole for production deleted",
            lab ->
                lab.ec2.deleteTransitGatewayRoute(
                    r ->
                        r.transitGatewayRouteTableId(id(lab, "S:InternalSegmentRoutes"))
                            .destinationCidrBlock("10.40.0.0/16")),
            tgw(
                "MISSING",
                "InternalSegmentRoutes",
                "Routes[10.40.0.0/16]",
                BLACKHOLE,
                "",
                "widened",
                false,
                "critical")),
        drift(
            "a route table made by hand on the segments' gateway",
            lab ->
                lab.ec2.createTransitGatewayRouteTable(
                    r -> r.transitGatewayId(id(lab, "S:Segments"))),
            in(
                SEGMENTS,
                "UNMANAGED",
                "AWS::EC2::TransitGatewayRouteTable",
                "",
                "",
                "",
                null,
                "unknown",
                false,
                "medium")),
        drift(
            "internal peered by hand with another account's VPC, and accepted",
            lab -> {
              String peering =
                  lab.ec2
                      .createVpcPeeringConnection(
                          r ->
                              r.vpcId(id(lab, "S:InternalVpc"))
                                  .peerVpcId("vpc-0fedcba9876543210")
                                  .peerOwnerId("210987654321"))
                      .vpcPeeringConnection()
                      .vpcPeeringConnectionId();
              lab.aws.ec2().network().acceptPeering(peering);
            },
            in(
                SEGMENTS,
                "UNMANAGED",
                "AWS::EC2::VPCPeeringConnection",
                "",
                "",
                "",
                "${S:InternalVpc} peered with vpc-0fedcba9876543210 (account 210987654321,"
                    + " eu-west-1), active",
                "widened",
                false,
                "high")),
        drift(
            "a peering request to another account waits on the production VPC",
            lab ->
                lab.ec2.createVpcPeeringConnection(
                    r ->
                        r.vpcId(id(lab, "N:Vpc"))
                            .peerVpcId("vpc-0fedcba9876543210")
                            .peerOwnerId("210987654321")),
            in(
                NETWORK,
                "UNMANAGED",
                "AWS::EC2::VPCPeeringConnection",
                "",
                "",
                "",
                "${N:Vpc} peered with vpc-0fedcba9876543210 (account 210987654321, eu-west-1),"
                    + " pending-acceptance",
                "unknown",
                false,
                "medium")),
        drift(
            "another VPC attached to the segments' gateway by hand",
            lab -> {
              String vpc = lab.aws.ec2().createVpc("10.80.0.0/16").vpcId();
              lab.ec2.createTransitGatewayVpcAttachment(
                  r -> r.transitGatewayId(id(lab, "S:Segments")).vpcId(vpc).subnetIds());
            },
            in(
                SEGMENTS,
                "UNMANAGED",
                "AWS::EC2::TransitGatewayVpcAttachment",
                "",
                "",
                "",
                null,
                "widened",
                false,
                "high")),
        drift(
            "a DynamoDB gateway endpoint made by hand in the data tier",
            lab ->
                lab.ec2.createVpcEndpoint(
                    r ->
                        r.vpcEndpointType("Gateway")
                            .vpcId(id(lab, "N:Vpc"))
                            .serviceName("com.amazonaws.eu-west-1.dynamodb")
                            .routeTableIds(id(lab, "N:DataRoutes"))),
            in(
                NETWORK,
                "UNMANAGED",
                "AWS::EC2::VPCEndpoint",
                "",
                "",
                "",
                "Gateway endpoint to com.amazonaws.eu-west-1.dynamodb in ${N:Vpc}, available",
                "widened",
                false,
                "high")),
        drift(
            "a second DNS Firewall rule group associated with production by hand",
            lab ->
                lab.resolver.associateFirewallRuleGroup(
                    r ->
                        r.creatorRequestId("by-hand-1")
                            .firewallRuleGroupId(id(lab, "S:DnsRules"))
                            .vpcId(id(lab, "N:Vpc"))
                            .priority(100)
                            .name("quick-fix")),
            in(
                NETWORK,
                "UNMANAGED",
                DNS_ASSOCIATION,
                "",
                "",
                "",
                "rule group ${S:DnsRules} at priority 100 on ${N:Vpc}, UPDATING",
                "unknown",
                false,
                "medium")),
        drift(
            "default route table propagation switched on",
            lab ->
                patch(
                    lab,
                    TGW,
                    "S:Segments",
                    "[{\"op\":\"replace\",\"path\":\"/DefaultRouteTablePropagation\",\"value\":\"enable\"}]"),
            generic(TGW, "Segments", "DefaultRouteTablePropagation", "widened", "critical")),
        drift(
            "shared attachments accepted without review",
            lab ->
                patch(
                    lab,
                    TGW,
                    "S:Segments",
                    "[{\"op\":\"replace\",\"path\":\"/AutoAcceptSharedAttachments\",\"value\":\"enable\"}]"),
            generic(TGW, "Segments", "AutoAcceptSharedAttachments", "widened", "critical")),
        drift(
            "appliance mode switched on for the production attachment",
            lab ->
                patch(
                    lab,
                    ATTACHMENT,
                    "S:OrdersAttachment",
                    "[{\"op\":\"replace\",\"path\":\"/Options/ApplianceModeSupport\",\"value\":\"enable\"}]"),
            generic(
                ATTACHMENT,
                "OrdersAttachment",
                "Options.ApplianceModeSupport",
                "unknown",
                "medium")),
        drift(
            "a subnet taken out of the production attachment",
            lab ->
                patch(
                    lab,
                    ATTACHMENT,
                    "S:OrdersAttachment",
                    "[{\"op\":\"remove\",\"path\":\"/SubnetIds/1\"}]"),
            generic(ATTACHMENT, "OrdersAttachment", "SubnetIds", "unknown", "medium")),
        drift(
            "a route to the partner peering added in the data tier",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(id(lab, "N:DataRoutes"))
                            .destinationCidrBlock("172.20.0.0/16")
                            .vpcPeeringConnectionId(id(lab, "S:PartnerPeering"))),
            in(
                NETWORK,
                "UNMANAGED",
                RT,
                "DataRoutes",
                "Routes[172.20.0.0/16]",
                "",
                "{\"VpcPeeringConnectionId\":\"${S:PartnerPeering}\"}",
                "widened",
                false,
                "critical")),
        drift(
            "an egress-only route to the internet added in the data tier",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(id(lab, "N:DataRoutes"))
                            .destinationIpv6CidrBlock("::/0")
                            .egressOnlyInternetGatewayId(id(lab, "S:InternalEgressOnly"))),
            in(
                NETWORK,
                "UNMANAGED",
                RT,
                "DataRoutes",
                "Routes[::/0]",
                "",
                "{\"EgressOnlyInternetGatewayId\":\"${S:InternalEgressOnly}\"}",
                "widened",
                true,
                "critical")),
        drift(
            "a route to the Transit Gateway added in the data tier",
            lab ->
                lab.ec2.createRoute(
                    r ->
                        r.routeTableId(id(lab, "N:DataRoutes"))
                            .destinationCidrBlock("10.50.0.0/16")
                            .transitGatewayId(id(lab, "S:Segments"))),
            in(
                NETWORK,
                "UNMANAGED",
                RT,
                "DataRoutes",
                "Routes[10.50.0.0/16]",
                "",
                "{\"TransitGatewayId\":\"${S:Segments}\"}",
                "widened",
                false,
                "critical")),
        drift(
            "the route to the partner taken out of internal",
            lab ->
                lab.ec2.deleteRoute(
                    r ->
                        r.routeTableId(id(lab, "S:InternalRoutes"))
                            .destinationCidrBlock("172.20.0.0/16")),
            in(
                SEGMENTS,
                "MISSING",
                RT,
                "InternalRoutes",
                "Routes[172.20.0.0/16]",
                "{\"VpcPeeringConnectionId\":\"${S:PartnerPeering}\"}",
                "",
                "narrowed",
                false,
                "medium")),
        drift(
            "internal's IPv6 egress route taken out",
            lab ->
                lab.ec2.deleteRoute(
                    r ->
                        r.routeTableId(id(lab, "S:InternalRoutes"))
                            .destinationIpv6CidrBlock("::/0")),
            in(
                SEGMENTS,
                "MISSING",
                RT,
                "InternalRoutes",
                "Routes[::/0]",
                "{\"EgressOnlyInternetGatewayId\":\"${S:InternalEgressOnly}\"}",
                "",
                "narrowed",
                true,
                "medium")),
        drift(
            "the data bucket endpoint's policy widened to everything",
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PolicyDocument\",\"value\":{\"Version\":"
                        + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"*\",\"Resource\":\"*\"}]}}]"),
            generic(ENDPOINT, "DataBucketEndpoint", "PolicyDocument.Statement", "widened", "high")),
        drift(
            "the data bucket endpoint no longer lets objects be written",
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PolicyDocument/Statement/0/Action\",\"value\":"
                        + "[\"s3:GetObject\"]}]"),
            generic(
                ENDPOINT, "DataBucketEndpoint", "PolicyDocument.Statement", "narrowed", "medium")),
        drift(
            "the secrets endpoint's group swapped for the service's",
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:SecretsEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/SecurityGroupIds\",\"value\":[\"${N:AppSg}\"]}]"),
            generic(ENDPOINT, "SecretsEndpoint", "SecurityGroupIds", "unknown", "medium")),
        drift(
            "private DNS switched off on the secrets endpoint",
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:SecretsEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PrivateDnsEnabled\",\"value\":false}]"),
            generic(ENDPOINT, "SecretsEndpoint", "PrivateDnsEnabled", "unknown", "medium")),
        drift(
            "the data routes taken off the bucket endpoint",
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/RouteTableIds\",\"value\":[]}]"),
            generic(ENDPOINT, "DataBucketEndpoint", "RouteTableIds", "unknown", "medium")),
        drift(
            "a public block added to the corporate ranges opens the endpoint group's rule",
            lab ->
                lab.ec2.modifyManagedPrefixList(
                    r ->
                        r.prefixListId(id(lab, "S:CorporateRanges"))
                            .currentVersion(1L)
                            .addEntries(
                                AddPrefixListEntry.builder()
                                    .cidr("203.0.113.0/24")
                                    .description("contractor")
                                    .build())),
            in(
                SEGMENTS,
                "UNMANAGED",
                LIST,
                "CorporateRanges",
                "Entries[203.0.113.0/24]",
                "",
                "{\"Description\":\"contractor\"}",
                "widened",
                true,
                "high"),
            in(
                SEGMENTS,
                "CHANGED",
                "AWS::EC2::SecurityGroup",
                "EndpointSg",
                "ingress tcp 443 from ${S:CorporateRanges}",
                "${S:CorporateRanges} = 10.100.0.0/16, 10.101.0.0/16",
                "${S:CorporateRanges} = 10.100.0.0/16, 10.101.0.0/16, 203.0.113.0/24",
                "widened",
                true,
                "critical")),
        drift(
            "a block taken out of the corporate ranges",
            lab ->
                lab.ec2.modifyManagedPrefixList(
                    r ->
                        r.prefixListId(id(lab, "S:CorporateRanges"))
                            .currentVersion(1L)
                            .removeEntries(
                                RemovePrefixListEntry.builder().cidr("10.101.0.0/16").build())),
            in(
                SEGMENTS,
                "MISSING",
                LIST,
                "CorporateRanges",
                "Entries[10.101.0.0/16]",
                "{\"Description\":\"vpn\"}",
                "",
                "narrowed",
                false,
                "medium")),
        drift(
            "a corporate range's description changed",
            lab ->
                lab.ec2.modifyManagedPrefixList(
                    r ->
                        r.prefixListId(id(lab, "S:CorporateRanges"))
                            .currentVersion(1L)
                            .addEntries(
                                AddPrefixListEntry.builder()
                                    .cidr("10.100.0.0/16")
                                    .description("head office")
                                    .build())),
            in(
                SEGMENTS,
                "CHANGED",
                LIST,
                "CorporateRanges",
                "Entries[10.100.0.0/16].Description",
                "offices",
                "head office",
                "unchanged",
                false,
                "low")),
        drift(
            "a DNS rule switched from BLOCK to ALLOW",
            lab ->
                patch(
                    lab,
                    DNS_RULES,
                    "S:DnsRules",
                    "[{\"op\":\"replace\",\"path\":\"/FirewallRules/1/Action\",\"value\":\"ALLOW\"}]"),
            generic(DNS_RULES, "DnsRules", "FirewallRules", "widened", "high")),
        drift(
            "the block rule taken out of the DNS rules",
            lab ->
                patch(
                    lab,
                    DNS_RULES,
                    "S:DnsRules",
                    "[{\"op\":\"remove\",\"path\":\"/FirewallRules/1\"}]"),
            generic(DNS_RULES, "DnsRules", "FirewallRules", "widened", "high")),
        drift(
            "a domain added to the allow list",
            lab ->
                patch(
                    lab,
                    DOMAINS,
                    "S:AllowedDomains",
                    "[{\"op\":\"add\",\"path\":\"/Domains/-\",\"value\":\"paste.example\"}]"),
            generic(DOMAINS, "AllowedDomains", "Domains", "widened", "high")),
        drift(
            "a name added to the block list",
            lab ->
                patch(
                    lab,
                    DOMAINS,
                    "S:BlockedDomains",
                    "[{\"op\":\"add\",\"path\":\"/Domains/-\",\"value\":\"paste.example\"}]"),
            generic(DOMAINS, "BlockedDomains", "Domains", "narrowed", "medium")),
        drift(
            "the DNS Firewall taken off the production VPC",
            lab -> lab.aws.cloudControl().delete(DNS_ASSOCIATION, id(lab, "S:DnsRulesOnOrders")),
            in(
                SEGMENTS,
                "MISSING",
                DNS_ASSOCIATION,
                "DnsRulesOnOrders",
                "",
                null,
                null,
                "widened",
                true,
                "high")),
        drift(
            "the DNS Firewall association's priority changed",
            lab ->
                patch(
                    lab,
                    DNS_ASSOCIATION,
                    "S:DnsRulesOnOrders",
                    "[{\"op\":\"replace\",\"path\":\"/Priority\",\"value\":9000}]"),
            generic(DNS_ASSOCIATION, "DnsRulesOnOrders", "Priority", "unknown", "medium")));
  }

  @Test
  void deployedAsApprovedEveryNewTypeIsCheckedAndInSync() throws Exception {
    try (Lab lab = new Lab(OrdersAppTest.assembly())) {
      Lab.Scan scan = lab.scan();

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      JsonNode segments = scan.stack(SEGMENTS);
      assertThat(segments.path("checked").toString())
          .isEqualTo(
              "{\"AWS::EC2::EgressOnlyInternetGateway\":1,\"AWS::EC2::NetworkInterface\":1,"
                  + "\"AWS::EC2::PrefixList\":1,"
                  + "\"AWS::EC2::Route\":3,\"AWS::EC2::RouteTable\":1,"
                  + "\"AWS::EC2::SecurityGroup\":1,\"AWS::EC2::Subnet\":2,"
                  + "\"AWS::EC2::SubnetRouteTableAssociation\":1,"
                  + "\"AWS::EC2::TransitGateway\":1,\"AWS::EC2::TransitGatewayRoute\":3,"
                  + "\"AWS::EC2::TransitGatewayRouteTable\":3,"
                  + "\"AWS::EC2::TransitGatewayRouteTableAssociation\":3,"
                  + "\"AWS::EC2::TransitGatewayRouteTablePropagation\":4,"
                  + "\"AWS::EC2::TransitGatewayVpcAttachment\":3,\"AWS::EC2::VPC\":2,\"AWS::EC2::VPCCidrBlock\":2,"
                  + "\"AWS::EC2::VPCEndpoint\":2,\"AWS::EC2::VPCPeeringConnection\":1,"
                  + "\"AWS::Route53Resolver::FirewallDomainList\":2,"
                  + "\"AWS::Route53Resolver::FirewallRuleGroup\":1,"
                  + "\"AWS::Route53Resolver::FirewallRuleGroupAssociation\":1}");
      assertThat(segments.path("notCheckedResources")).isEmpty();
      assertThat(segments.path("problems")).isEmpty();
      // Each Transit Gateway route table is read with its associations, propagations and routes.
      assertThat(lab.aws.calls())
          .contains(
              "DescribeTransitGatewayRouteTables",
              "GetTransitGatewayRouteTableAssociations",
              "GetTransitGatewayRouteTablePropagations",
              "SearchTransitGatewayRoutes");
    }
  }

  /**
   * Each change is found exactly: kind, type, resource, path, approved and live values, exposure
   * and severity under rules/drift-policy.yaml, and nothing else is reported.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("drifts")
  void eachChangeByHandIsFoundExactly(String name, Change change, List<Expected> expected)
      throws Exception {
    try (Lab lab = new Lab(OrdersAppTest.assembly())) {
      change.apply(lab);

      Lab.Scan scan = lab.scan(OrdersAppTest.assembly(), "--policy", POLICY.toString());

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      List<JsonNode> found = new ArrayList<>(scan.findings());
      assertThat(found).as(scan.report().toPrettyString()).hasSize(expected.size());
      for (Expected e : expected) {
        String property = ids(lab, e.property());
        JsonNode f =
            found.stream()
                .filter(
                    x ->
                        x.path("stack").asText().equals(e.stack())
                            && x.path("resourceType").asText().equals(e.type())
                            && x.path("logicalId").asText().equals(e.logicalId())
                            && x.path("property").asText().equals(property))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "no "
                                + e
                                + " ("
                                + property
                                + ") in "
                                + scan.report().toPrettyString()));
        assertThat(f.path("kind").asText()).as(f.toPrettyString()).isEqualTo(e.kind());
        if (e.approved() != null) {
          assertThat(f.path("approved").asText()).isEqualTo(ids(lab, e.approved()));
        }
        if (e.live() != null) {
          assertThat(f.path("live").asText()).isEqualTo(ids(lab, e.live()));
        }
        assertThat(f.path("exposure").path("access").asText())
            .as(f.toPrettyString())
            .isEqualTo(e.access());
        assertThat(f.path("exposure").path("internet").asBoolean()).isEqualTo(e.internet());
        assertThat(f.path("severity").asText()).as(f.toPrettyString()).isEqualTo(e.severity());
        assertThat(f.path("physicalId").asText()).isNotEmpty();
        if (!e.logicalId().isEmpty()) {
          assertThat(f.path("physicalId").asText())
              .isEqualTo(id(lab, (e.stack().equals(NETWORK) ? "N:" : "S:") + e.logicalId()));
        }
        found.remove(f);
      }
    }
  }

  static Arguments same(String name, Function<Lab, Object> witness, Change change) {
    return Arguments.of(name, witness, change);
  }

  static Object read(Lab lab, String type, String ref) {
    return lab.aws.cloudControl().properties(type, id(lab, ref)).toString();
  }

  /** The first two items of the array at {@code pointer} put the other way round, by hand. */
  static void swapFirstTwo(Lab lab, String type, String ref, String pointer) {
    JsonNode items = lab.aws.cloudControl().properties(type, id(lab, ref)).at(pointer);
    patch(
        lab,
        type,
        ref,
        "[{\"op\":\"replace\",\"path\":\""
            + pointer
            + "\",\"value\":["
            + items.get(1)
            + ","
            + items.get(0)
            + "]}]");
  }

  static Stream<Arguments> spellings() {
    return Stream.of(
        same(
            "the proxy interface's groups in the other order",
            lab -> read(lab, ENI, "S:ProxyInterface"),
            lab -> swapFirstTwo(lab, ENI, "S:ProxyInterface", "/GroupSet")),
        same(
            "a block associated by hand and taken away again: EC2 still lists it, disassociated",
            lab -> lab.ec2.describeVpcs(r -> r.vpcIds(id(lab, "S:InternalVpc"))).vpcs().toString(),
            lab -> {
              String association =
                  lab.ec2
                      .associateVpcCidrBlock(
                          r -> r.vpcId(id(lab, "S:InternalVpc")).cidrBlock("100.65.0.0/16"))
                      .cidrBlockAssociation()
                      .associationId();
              lab.ec2.disassociateVpcCidrBlock(r -> r.associationId(association));
            }),
        same(
            "the internal VPC's IPv6 block answered while it is still being associated",
            lab -> lab.ec2.describeVpcs(r -> r.vpcIds(id(lab, "S:InternalVpc"))).vpcs().toString(),
            lab ->
                lab.aws.spell(
                    "DescribeVpcs",
                    body ->
                        body.replace(
                            "<ipv6CidrBlockState><state>associated</state>",
                            "<ipv6CidrBlockState><state>associating</state>"))),
        same(
            "the endpoint policy's principal spelled {\"AWS\": \"*\"}",
            lab -> read(lab, ENDPOINT, "S:DataBucketEndpoint"),
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PolicyDocument/Statement/0/Principal\","
                        + "\"value\":{\"AWS\":\"*\"}}]")),
        same(
            "the endpoint policy's statements in the other order",
            lab -> read(lab, ENDPOINT, "S:DataBucketEndpoint"),
            lab ->
                swapFirstTwo(lab, ENDPOINT, "S:DataBucketEndpoint", "/PolicyDocument/Statement")),
        same(
            "the endpoint policy's actions in capitals, one action as a string",
            lab -> read(lab, ENDPOINT, "S:DataBucketEndpoint"),
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PolicyDocument/Statement/0/Action\",\"value\":"
                        + "[\"S3:GetObject\",\"S3:PutObject\"]},{\"op\":\"replace\",\"path\":"
                        + "\"/PolicyDocument/Statement/1/Action\",\"value\":[\"s3:ListBucket\"]}]")),
        same(
            "the endpoint policy's resource as a one-item list",
            lab -> read(lab, ENDPOINT, "S:DataBucketEndpoint"),
            lab ->
                patch(
                    lab,
                    ENDPOINT,
                    "S:DataBucketEndpoint",
                    "[{\"op\":\"replace\",\"path\":\"/PolicyDocument/Statement/0/Resource\","
                        + "\"value\":[\"arn:aws:s3:::orders-data/*\"]}]")),
        same(
            "the interface endpoint's subnets in the other order",
            lab -> read(lab, ENDPOINT, "S:SecretsEndpoint"),
            lab -> swapFirstTwo(lab, ENDPOINT, "S:SecretsEndpoint", "/SubnetIds")),
        same(
            "a corporate range taken out and put back: the entries in another order",
            lab ->
                lab.ec2
                    .getManagedPrefixListEntries(r -> r.prefixListId(id(lab, "S:CorporateRanges")))
                    .entries()
                    .toString(),
            lab -> {
              String list = id(lab, "S:CorporateRanges");
              lab.ec2.modifyManagedPrefixList(
                  r ->
                      r.prefixListId(list)
                          .currentVersion(1L)
                          .removeEntries(
                              RemovePrefixListEntry.builder().cidr("10.100.0.0/16").build()));
              lab.ec2.modifyManagedPrefixList(
                  r ->
                      r.prefixListId(list)
                          .currentVersion(2L)
                          .addEntries(
                              AddPrefixListEntry.builder()
                                  .cidr("10.100.0.0/16")
                                  .description("offices")
                                  .build()));
            }),
        same(
            "the allow list's domains in the other order",
            lab -> read(lab, DOMAINS, "S:AllowedDomains"),
            lab ->
                patch(
                    lab,
                    DOMAINS,
                    "S:AllowedDomains",
                    "[{\"op\":\"replace\",\"path\":\"/Domains\",\"value\":[\"*.amazonaws.com\","
                        + "\"api.stripe.com\"]}]")),
        same(
            "the DNS rules in the other order (priority orders them)",
            lab -> read(lab, DNS_RULES, "S:DnsRules"),
            lab -> swapFirstTwo(lab, DNS_RULES, "S:DnsRules", "/FirewallRules")),
        same(
            "the production attachment's subnets in the other order",
            lab -> read(lab, ATTACHMENT, "S:OrdersAttachment"),
            lab -> swapFirstTwo(lab, ATTACHMENT, "S:OrdersAttachment", "/SubnetIds")),
        same(
            "a propagation switched off and on again: the shared table answers in another order",
            lab ->
                lab.ec2
                    .getTransitGatewayRouteTablePropagations(
                        r -> r.transitGatewayRouteTableId(id(lab, "S:SharedRoutes")))
                    .transitGatewayRouteTablePropagations()
                    .toString(),
            lab -> {
              lab.ec2.disableTransitGatewayRouteTablePropagation(
                  r ->
                      r.transitGatewayRouteTableId(id(lab, "S:SharedRoutes"))
                          .transitGatewayAttachmentId(id(lab, "S:OrdersAttachment")));
              lab.ec2.enableTransitGatewayRouteTablePropagation(
                  r ->
                      r.transitGatewayRouteTableId(id(lab, "S:SharedRoutes"))
                          .transitGatewayAttachmentId(id(lab, "S:OrdersAttachment")));
            }),
        same(
            "associations and propagations answered while still being made",
            lab ->
                lab.ec2
                        .getTransitGatewayRouteTableAssociations(
                            r -> r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes")))
                        .associations()
                        .toString()
                    + lab.ec2
                        .getTransitGatewayRouteTablePropagations(
                            r -> r.transitGatewayRouteTableId(id(lab, "S:ProductionRoutes")))
                        .transitGatewayRouteTablePropagations()
                        .toString(),
            lab -> {
              lab.aws.spell(
                  "GetTransitGatewayRouteTableAssociations",
                  body -> body.replace("<state>associated</state>", "<state>associating</state>"));
              lab.aws.spell(
                  "GetTransitGatewayRouteTablePropagations",
                  body -> body.replace("<state>enabled</state>", "<state>enabling</state>"));
            }),
        same(
            "the corporate ranges rule re-created by hand with the same text",
            lab -> lab.groupRules(id(lab, "S:EndpointSg")).toString(),
            lab -> {
              String group = id(lab, "S:EndpointSg");
              String list = id(lab, "S:CorporateRanges");
              lab.ec2.revokeSecurityGroupIngress(
                  r ->
                      r.groupId(group)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(443)
                                      .toPort(443)
                                      .prefixListIds(x -> x.prefixListId(list))));
              lab.ec2.authorizeSecurityGroupIngress(
                  r ->
                      r.groupId(group)
                          .ipPermissions(
                              p ->
                                  p.ipProtocol("tcp")
                                      .fromPort(443)
                                      .toPort(443)
                                      .prefixListIds(
                                          x ->
                                              x.prefixListId(list)
                                                  .description("HTTPS from corporate ranges"))));
            }));
  }

  /**
   * Each change leaves a trace (the witness reads differently after it) and the same network:
   * Netdrift reports nothing.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void theSameSegmentsSpelledAnotherWayScanInSync(
      String name, Function<Lab, Object> witness, Change change) throws Exception {
    try (Lab lab = new Lab(OrdersAppTest.assembly())) {
      Object before = witness.apply(lab);
      change.apply(lab);
      assertThat(witness.apply(lab)).as("the change leaves a trace").isNotEqualTo(before);
      assertThat(Objects.toString(before)).isNotEmpty();

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }
}
