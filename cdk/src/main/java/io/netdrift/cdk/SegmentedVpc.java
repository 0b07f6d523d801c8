package io.netdrift.cdk;

import io.netdrift.rules.VpcRules;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/** A VPC with one subnet per tier and availability zone, as rules/network.yaml describes it. */
public final class SegmentedVpc extends Construct {
  private final Vpc vpc;

  /** Builds the VPC. */
  public SegmentedVpc(Construct scope, String id, VpcRules rules) {
    super(scope, id);
    List<SubnetConfiguration> tiers =
        rules.tiers().stream()
            .map(
                tier ->
                    SubnetConfiguration.builder()
                        .name(tier.name())
                        .subnetType(subnetType(tier.type()))
                        .cidrMask(tier.cidrMask())
                        .build())
            .toList();
    this.vpc =
        Vpc.Builder.create(this, "Resource")
            .vpcName(rules.name())
            .ipAddresses(IpAddresses.cidr(rules.cidr()))
            .availabilityZones(rules.availabilityZones())
            .natGateways(rules.natGateways())
            .subnetConfiguration(tiers)
            // The default group is locked down by a custom resource in a later change; until then
            // Netdrift leaves the default group out of scope, as it does for every unmanaged
            // default.
            .restrictDefaultSecurityGroup(false)
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
  public IVpc vpc() {
    return vpc;
  }

  private static SubnetType subnetType(VpcRules.TierType type) {
    return switch (type) {
      case PUBLIC -> SubnetType.PUBLIC;
      case PRIVATE -> SubnetType.PRIVATE_WITH_EGRESS;
      case ISOLATED -> SubnetType.PRIVATE_ISOLATED;
    };
  }
}
