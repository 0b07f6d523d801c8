package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A security group in canonical form. {@code name} is empty where the approved side leaves it to
 * CloudFormation to generate. Rules without traffic (CDK's placeholder) are dropped here, once.
 */
public record SecurityGroup(
    String groupId,
    String vpcId,
    Optional<String> name,
    String description,
    List<SecurityGroupRule> rules) {
  public SecurityGroup {
    requireNonNull(groupId, "groupId");
    requireNonNull(vpcId, "vpcId");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    rules =
        rules.stream()
            .filter(r -> !r.matchesNoTraffic())
            .sorted(SecurityGroupRule.order())
            .distinct()
            .toList();
  }

  /** True for the group EC2 creates with every VPC. */
  public boolean isVpcDefault() {
    return name.filter("default"::equals).isPresent();
  }
}
