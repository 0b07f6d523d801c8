package io.netdrift.detector.baseline;

import java.util.List;
import java.util.Set;

/**
 * Which template resource types Netdrift compares with a model of their own, which network types it
 * compares generically, and which are not network at all. Types are classified by what they are
 * (their namespace), not by a hand-kept list of the application types a CDK app may hold: a new
 * application type is out of scope the day AWS ships it, and a new network type is named as not
 * checked.
 */
public enum ResourceCoverage {
  /** Compared with live. */
  CHECKED,
  /**
   * A network type Netdrift has no model of: compared generically, its template properties against
   * Cloud Control's read in the type's registry schema. Where that read fails the resource is not
   * checked, and the scan is incomplete and says so.
   */
  GENERIC,
  /**
   * Not part of the network (IAM, logs, databases, queues, CDK metadata): counted, not compared.
   */
  OUT_OF_SCOPE;

  private static final Set<String> CHECKED_TYPES = checkedTypes();

  private static Set<String> checkedTypes() {
    Set<String> types = new java.util.HashSet<>(NetworkMapper.TYPES);
    types.addAll(SecurityMapper.TYPES);
    // Application resources: only their network settings are compared.
    types.addAll(EmbeddedMapper.TYPES);
    types.addAll(
        Set.of(
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroupEgress"));
    return Set.copyOf(types);
  }

  /** Namespaces whose every type is network policy: filtering, routing or inspecting traffic. */
  private static final List<String> NETWORK_NAMESPACES =
      List.of(
          "AWS::NetworkFirewall::",
          "AWS::WAFv2::",
          "AWS::WAF::",
          "AWS::WAFRegional::",
          "AWS::Route53Resolver::",
          "AWS::NetworkManager::",
          "AWS::VpcLattice::");

  /**
   * The EC2 namespace holds compute and storage beside networking: these types carry no network
   * policy of their own (an instance's groups are named where it is compared, not here).
   */
  private static final Set<String> EC2_NOT_NETWORK =
      Set.of(
          "AWS::EC2::CapacityReservation",
          "AWS::EC2::CapacityReservationFleet",
          "AWS::EC2::EC2Fleet",
          "AWS::EC2::EnclaveCertificateIamRoleAssociation",
          "AWS::EC2::Host",
          "AWS::EC2::Instance",
          "AWS::EC2::KeyPair",
          "AWS::EC2::LaunchTemplate",
          "AWS::EC2::NetworkInsightsAccessScope",
          "AWS::EC2::NetworkInsightsAccessScopeAnalysis",
          "AWS::EC2::NetworkInsightsAnalysis",
          "AWS::EC2::NetworkInsightsPath",
          "AWS::EC2::PlacementGroup",
          "AWS::EC2::SnapshotBlockPublicAccess",
          "AWS::EC2::SpotFleet",
          "AWS::EC2::Volume",
          "AWS::EC2::VolumeAttachment");

  /** The coverage of a CloudFormation resource type. */
  public static ResourceCoverage of(String type) {
    // Checked first: CDK's default-group custom resource is network, though a Custom:: type.
    if (CHECKED_TYPES.contains(type)) {
      return CHECKED;
    }
    return isNetwork(type) ? GENERIC : OUT_OF_SCOPE;
  }

  /** Whether a type is network policy, compared or not. */
  public static boolean isNetwork(String type) {
    if (CHECKED_TYPES.contains(type) && !EmbeddedMapper.TYPES.contains(type)) {
      return true;
    }
    if (type.startsWith("AWS::EC2::")) {
      return !EC2_NOT_NETWORK.contains(type);
    }
    return NETWORK_NAMESPACES.stream().anyMatch(type::startsWith);
  }
}
