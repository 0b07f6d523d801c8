package io.netdrift.detector.baseline;

import java.util.List;
import java.util.Set;

/**
 * Which template resource types Netdrift compares, which it does not yet, and which are not
 * network.
 */
public enum ResourceCoverage {
  /** Compared with live. */
  CHECKED,
  /** A network resource Netdrift does not compare yet: listed in every report. */
  NOT_CHECKED,
  /** Not part of the network (IAM, logs, CDK metadata): counted, not compared. */
  OUT_OF_SCOPE;

  private static final Set<String> CHECKED_TYPES = checkedTypes();

  private static Set<String> checkedTypes() {
    Set<String> types = new java.util.HashSet<>(NetworkMapper.TYPES);
    types.addAll(SecurityMapper.TYPES);
    types.addAll(
        Set.of(
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroupEgress"));
    return Set.copyOf(types);
  }

  private static final List<String> OUT_OF_SCOPE_PREFIXES =
      List.of(
          "AWS::CDK::",
          "AWS::CloudFormation::",
          "AWS::CloudWatch::",
          // The load balancer is the web ACL's resource: the association is checked with the ACL.
          "AWS::ElasticLoadBalancingV2::",
          "AWS::Events::",
          "AWS::IAM::",
          "AWS::KMS::",
          "AWS::Lambda::",
          "AWS::Logs::",
          "AWS::S3::",
          "AWS::SecretsManager::",
          "AWS::SNS::",
          "AWS::SQS::",
          "AWS::SSM::",
          "Custom::");

  /** The coverage of a CloudFormation resource type. */
  public static ResourceCoverage of(String type) {
    // Checked before the out-of-scope prefixes: CDK's default-group custom resource is network.
    if (CHECKED_TYPES.contains(type)) {
      return CHECKED;
    }
    return OUT_OF_SCOPE_PREFIXES.stream().anyMatch(type::startsWith) ? OUT_OF_SCOPE : NOT_CHECKED;
  }
}
