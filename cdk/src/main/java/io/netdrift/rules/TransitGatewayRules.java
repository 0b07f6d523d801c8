package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A Transit Gateway for the segments: each attached segment's VPC joins it from one tier, and each
 * route table says which segments route by it ({@code associate}) and whose routes it learns
 * ({@code propagate}). The gateway never associates or propagates by default and never accepts a
 * shared attachment on its own: every path through it is one these rules name.
 *
 * @param amazonSideAsn the gateway's BGP ASN on the AWS side
 * @param location where the rules declare it, for messages
 */
public record TransitGatewayRules(
    long amazonSideAsn,
    List<Attachment> attachments,
    List<RouteTable> routeTables,
    String location) {
  public TransitGatewayRules {
    attachments = List.copyOf(attachments);
    routeTables = List.copyOf(routeTables);
    requireNonNull(location, "location");
  }

  /** A segment's VPC attached from the subnets of one of its tiers. */
  public record Attachment(String segment, String tier, String location) {
    public Attachment {
      requireNonNull(segment, "segment");
      requireNonNull(tier, "tier");
      requireNonNull(location, "location");
    }
  }

  /**
   * A route table: the segments whose attachments route by it, and the segments whose routes it
   * learns. Every other attached segment's block is a blackhole in it, so a propagation added by
   * hand still reaches nothing there (a static route wins over a propagated one).
   */
  public record RouteTable(
      String name, List<String> associate, List<String> propagate, String location) {
    public RouteTable {
      requireNonNull(name, "name");
      associate = List.copyOf(associate);
      propagate = List.copyOf(propagate);
      requireNonNull(location, "location");
    }
  }
}
