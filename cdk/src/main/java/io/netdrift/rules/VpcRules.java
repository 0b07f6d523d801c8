package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One VPC: its CIDR, its availability zones (named, never looked up) and its subnet tiers. */
public record VpcRules(
    String name, String cidr, List<String> availabilityZones, int natGateways, List<Tier> tiers) {
  public VpcRules {
    requireNonNull(name, "name");
    requireNonNull(cidr, "cidr");
    availabilityZones = List.copyOf(availabilityZones);
    tiers = List.copyOf(tiers);
  }

  /** A subnet tier, one subnet per availability zone. */
  public record Tier(String name, TierType type, int cidrMask) {
    public Tier {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
    }
  }

  /** How a tier reaches the internet. */
  public enum TierType {
    /** Routes to the internet gateway. */
    PUBLIC,
    /** Egress only, through a NAT gateway. */
    PRIVATE,
    /** No route to the internet at all. */
    ISOLATED
  }
}
