package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import io.netdrift.rules.TransitGatewayRules;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnTransitGateway;
import software.amazon.awscdk.services.ec2.CfnTransitGatewayRoute;
import software.amazon.awscdk.services.ec2.CfnTransitGatewayRouteTable;
import software.amazon.awscdk.services.ec2.CfnTransitGatewayRouteTableAssociation;
import software.amazon.awscdk.services.ec2.CfnTransitGatewayRouteTablePropagation;
import software.amazon.awscdk.services.ec2.CfnTransitGatewayVpcAttachment;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.constructs.Construct;

/**
 * The segments' Transit Gateway, in a stack of its own beside theirs. It associates and propagates
 * nothing by default and accepts no shared attachment on its own, so every path through it is one
 * {@code rules/network.yaml} names: each segment attaches from one tier, each route table routes
 * the segments associated with it to the segments propagated into it, and drops every other
 * attached segment's block (a blackhole: a propagation added by hand still reaches nothing there,
 * since a static route wins over a propagated one for the same block).
 */
public final class TransitGatewayStack extends Stack {
  /** The stack's name, as CloudFormation and Netdrift know it. */
  public static final String STACK_NAME = "NetdriftTransitGateway";

  private final CfnTransitGateway gateway;

  /** Builds the gateway for {@code rules}, attaching the segments' VPCs by name. */
  public TransitGatewayStack(
      Construct scope,
      String id,
      StackProps props,
      TransitGatewayRules rules,
      Map<String, SegmentedVpc> vpcs) {
    super(scope, id, props);
    gateway =
        CfnTransitGateway.Builder.create(this, "Gateway")
            .description("Netdrift: the segments' Transit Gateway, built from rules/")
            .amazonSideAsn(rules.amazonSideAsn())
            .autoAcceptSharedAttachments("disable")
            .defaultRouteTableAssociation("disable")
            .defaultRouteTablePropagation("disable")
            .dnsSupport("enable")
            .vpnEcmpSupport("enable")
            .tags(java.util.List.of(name("netdrift-segments")))
            .build();
    Map<String, CfnTransitGatewayVpcAttachment> attachments = new java.util.LinkedHashMap<>();
    for (TransitGatewayRules.Attachment a : rules.attachments()) {
      SegmentedVpc vpc = vpcs.get(a.segment());
      attachments.put(
          a.segment(),
          CfnTransitGatewayVpcAttachment.Builder.create(
                  this, SecurityGroupSet.constructId(a.segment()) + "Attachment")
              .transitGatewayId(gateway.getRef())
              .vpcId(vpc.vpc().getVpcId())
              .subnetIds(vpc.subnets(a.tier()).stream().map(ISubnet::getSubnetId).toList())
              .tags(java.util.List.of(name(a.segment())))
              .build());
    }
    for (TransitGatewayRules.RouteTable t : rules.routeTables()) {
      String tableId = SecurityGroupSet.constructId(t.name()) + "Routes";
      CfnTransitGatewayRouteTable table =
          CfnTransitGatewayRouteTable.Builder.create(this, tableId)
              .transitGatewayId(gateway.getRef())
              .tags(java.util.List.of(name(t.name())))
              .build();
      for (String segment : t.associate()) {
        CfnTransitGatewayRouteTableAssociation.Builder.create(
                this, tableId + SecurityGroupSet.constructId(segment) + "Association")
            .transitGatewayRouteTableId(table.getRef())
            .transitGatewayAttachmentId(attachments.get(segment).getRef())
            .build();
      }
      for (String segment : t.propagate()) {
        CfnTransitGatewayRouteTablePropagation.Builder.create(
                this, tableId + SecurityGroupSet.constructId(segment) + "Propagation")
            .transitGatewayRouteTableId(table.getRef())
            .transitGatewayAttachmentId(attachments.get(segment).getRef())
            .build();
      }
      Set<String> reached = new TreeSet<>(t.associate());
      reached.addAll(t.propagate());
      for (String segment : attachments.keySet()) {
        if (reached.contains(segment)) {
          continue;
        }
        Segment other = vpcs.get(segment).segment();
        CfnTransitGatewayRoute.Builder.create(
                this, tableId + "Drops" + SecurityGroupSet.constructId(segment))
            .transitGatewayRouteTableId(table.getRef())
            .destinationCidrBlock(other.cidr())
            .blackhole(true)
            .build();
      }
    }
  }

  /** The gateway itself. */
  public CfnTransitGateway gateway() {
    return gateway;
  }

  private static CfnTag name(String value) {
    return CfnTag.builder().key("Name").value(value).build();
  }
}
