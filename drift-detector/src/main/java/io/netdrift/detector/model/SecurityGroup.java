package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A security group in canonical form. {@code name} is empty where the approved side leaves it to
 * CloudFormation to generate. Rules without traffic (CDK's placeholder) are dropped here, once.
 *
 * @param madeBy the AWS service that created the group in the customer's VPC (EKS, GuardDuty,
 *     CloudFront VPC origins), where one did: its group is the service's, not customer drift
 */
public record SecurityGroup(
    String groupId,
    String vpcId,
    Optional<String> name,
    String description,
    List<SecurityGroupRule> rules,
    Optional<String> madeBy) {
  public SecurityGroup {
    requireNonNull(groupId, "groupId");
    requireNonNull(vpcId, "vpcId");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(madeBy, "madeBy");
    rules =
        rules.stream()
            .filter(r -> !r.matchesNoTraffic())
            .sorted(SecurityGroupRule.order())
            .distinct()
            .toList();
  }

  /** A group a customer (or their templates) made. */
  public SecurityGroup(
      String groupId,
      String vpcId,
      Optional<String> name,
      String description,
      List<SecurityGroupRule> rules) {
    this(groupId, vpcId, name, description, rules, Optional.empty());
  }

  /**
   * The AWS service that made a group, told by its tags and name: a tag key with the reserved
   * {@code aws:} prefix (only AWS sets those; CloudFormation's own {@code aws:cloudformation:} tags
   * mark a stack's resources, not a service's), GuardDuty's {@code GuardDutyManaged} tag, or the
   * name CloudFront gives its VPC-origin group.
   */
  public static Optional<String> madeBy(java.util.Map<String, String> tags, String name) {
    for (java.util.Map.Entry<String, String> tag : new java.util.TreeMap<>(tags).entrySet()) {
      String key = tag.getKey();
      if (key.startsWith("aws:eks:")) {
        return Optional.of("Amazon EKS (tag " + key + ")");
      }
      if (key.startsWith("aws:")
          && !key.startsWith("aws:cloudformation:")
          && !key.startsWith("aws:servicecatalog:")) {
        return Optional.of("an AWS service (tag " + key + ")");
      }
      if (key.equals("GuardDutyManaged") && tag.getValue().equals("true")) {
        return Optional.of("Amazon GuardDuty (tag GuardDutyManaged)");
      }
    }
    if (name != null && name.startsWith("CloudFront-VPCOrigins-Service-SG")) {
      return Optional.of("Amazon CloudFront VPC origins");
    }
    return Optional.empty();
  }

  /** True for the group EC2 creates with every VPC. */
  public boolean isVpcDefault() {
    return name.filter("default"::equals).isPresent();
  }
}
