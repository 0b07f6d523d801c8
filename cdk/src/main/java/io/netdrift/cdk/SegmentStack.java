package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One network segment: its VPC, security groups, network ACLs and, where the rules give them, the
 * inspection firewall and the internet edge (load balancer and web ACL).
 */
public final class SegmentStack extends Stack {
  private final List<String> availabilityZones;
  private final SegmentedVpc vpc;
  private final SecurityGroupSet securityGroups;
  private final Optional<InspectionFirewall> firewall;
  private final Optional<EdgeWebAcl> webAcl;

  /** Builds the stack from the segment's approved rules. */
  public SegmentStack(Construct scope, String id, StackProps props, Segment segment) {
    super(scope, id, props);
    // Set before any construct asks: the VPC reads the zones while it is built.
    this.availabilityZones = segment.availabilityZones();
    this.vpc = new SegmentedVpc(this, "Vpc", segment);
    this.securityGroups =
        new SecurityGroupSet(this, "SecurityGroups", vpc.vpc(), segment.securityGroups());
    new NetworkAclSet(this, "NetworkAcls", vpc.vpc(), segment.networkAcls());
    this.firewall =
        segment
            .firewall()
            .map(
                rules ->
                    new InspectionFirewall(
                        this, "Firewall", vpc, segment.cidr(), segment.name(), rules));
    if (!segment.endpoints().isEmpty()) {
      new PrivateEndpoints(this, "Endpoints", vpc, segment.endpoints());
    }
    segment
        .dnsFirewall()
        .ifPresent(rules -> new DnsFirewall(this, "DnsFirewall", vpc.vpc(), segment.name(), rules));
    this.webAcl =
        segment
            .waf()
            .map(
                rules -> {
                  EdgeLoadBalancer alb =
                      new EdgeLoadBalancer(
                          this, "Edge", vpc.vpc(), securityGroups.edgeGroup().orElseThrow());
                  return new EdgeWebAcl(this, "WebAcl", alb.loadBalancer(), rules);
                });
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

  /** The inspection firewall, where the segment has one. */
  public Optional<InspectionFirewall> firewall() {
    return firewall;
  }

  /** The web ACL, where the segment faces the internet. */
  public Optional<EdgeWebAcl> webAcl() {
    return webAcl;
  }
}
