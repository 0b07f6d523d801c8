package io.netdrift.cdk;

import io.netdrift.rules.NetworkRules;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The production VPC and its security groups. */
public final class ProductionNetworkStack extends Stack {
  private final List<String> availabilityZones;
  private final SegmentedVpc vpc;
  private final SecurityGroupSet securityGroups;

  /** Builds the stack from the approved rules. */
  public ProductionNetworkStack(Construct scope, String id, StackProps props, NetworkRules rules) {
    super(scope, id, props);
    // Set before any construct asks: the VPC reads the zones while it is built.
    this.availabilityZones = rules.vpc().availabilityZones();
    this.vpc = new SegmentedVpc(this, "Vpc", rules.vpc());
    this.securityGroups =
        new SecurityGroupSet(this, "SecurityGroups", vpc.vpc(), rules.securityGroups());
  }

  /**
   * The zones named in rules/network.yaml. Overridden so synth never looks zones up in an account:
   * offline, and the same rules always give the same template.
   */
  @Override
  public List<String> getAvailabilityZones() {
    return availabilityZones;
  }

  /** The VPC construct. */
  public SegmentedVpc vpc() {
    return vpc;
  }

  /** The security groups construct. */
  public SecurityGroupSet securityGroups() {
    return securityGroups;
  }
}
