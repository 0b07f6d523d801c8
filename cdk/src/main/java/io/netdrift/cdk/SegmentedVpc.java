package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import io.netdrift.rules.Segment.TierType;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A segment's VPC: one subnet per tier and zone, flow logs to CloudWatch Logs, and a default
 * security group left without rules. Where the segment has a firewall tier, the NAT gateways sit
 * behind it and private tiers get no route of their own until {@link InspectionFirewall} adds one.
 */
public final class SegmentedVpc extends Construct {
  private final Vpc vpc;
  private final Segment segment;

  /** Builds the VPC. */
  public SegmentedVpc(Construct scope, String id, Segment segment) {
    super(scope, id);
    this.segment = segment;
    boolean inspected = segment.tierOfType(TierType.FIREWALL).isPresent();
    List<SubnetConfiguration> tiers =
        segment.tiers().stream()
            .map(
                tier ->
                    SubnetConfiguration.builder()
                        .name(tier.name())
                        .subnetType(subnetType(tier.type(), inspected))
                        .cidrMask(tier.cidrMask())
                        .build())
            .toList();
    boolean needsNat =
        segment.tiers().stream()
            .anyMatch(t -> t.type() == TierType.PRIVATE || t.type() == TierType.FIREWALL);
    LogGroup flowLogs =
        LogGroup.Builder.create(this, "FlowLogs")
            .retention(Retention.of(segment.flowLogs().retentionDays()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    this.vpc =
        Vpc.Builder.create(this, "Resource")
            .vpcName(segment.name())
            .ipAddresses(IpAddresses.cidr(segment.cidr()))
            .availabilityZones(segment.availabilityZones())
            .natGateways(needsNat ? segment.natGateways() : 0)
            .subnetConfiguration(tiers)
            .restrictDefaultSecurityGroup(true)
            .flowLogs(
                Map.of(
                    "FlowLogs",
                    FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.valueOf(segment.flowLogs().trafficType()))
                        .build()))
            .build();
    Validations.of(this)
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W3010")
                .reason(
                    "zones are named in rules/network.yaml on purpose: synth stays offline and"
                        + " the same rules always give the same template")
                .build());
  }

  /** The VPC. */
  public Vpc vpc() {
    return vpc;
  }

  /** The subnets of one tier, in zone order. */
  public List<ISubnet> subnets(String tier) {
    return vpc.selectSubnets(SubnetSelection.builder().subnetGroupName(tier).build()).getSubnets();
  }

  /** The segment this VPC was built from. */
  public Segment segment() {
    return segment;
  }

  /**
   * Firewall subnets egress through NAT; private tiers behind a firewall get their route from the
   * firewall construct, so here they are isolated.
   */
  private static SubnetType subnetType(TierType type, boolean inspected) {
    return switch (type) {
      case PUBLIC -> SubnetType.PUBLIC;
      case FIREWALL -> SubnetType.PRIVATE_WITH_EGRESS;
      case PRIVATE -> inspected ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
      case ISOLATED -> SubnetType.PRIVATE_ISOLATED;
    };
  }
}
