package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

/** The whole approved network as read from {@code rules/}. */
public record NetworkRules(
    Environment environment, VpcRules vpc, SecurityGroupRules securityGroups) {
  public NetworkRules {
    requireNonNull(environment, "environment");
    requireNonNull(vpc, "vpc");
    requireNonNull(securityGroups, "securityGroups");
  }
}
