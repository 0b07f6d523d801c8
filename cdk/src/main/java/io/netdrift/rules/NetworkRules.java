package io.netdrift.rules;

import java.util.List;
import java.util.Optional;

/**
 * The whole approved network as read from {@code rules/}: segments and the peerings between them.
 */
public record NetworkRules(
    List<Segment> segments, List<Peering> peerings, Optional<TransitGatewayRules> transitGateway) {
  public NetworkRules {
    segments = List.copyOf(segments);
    peerings = List.copyOf(peerings);
    java.util.Objects.requireNonNull(transitGateway, "transitGateway");
  }

  /** The segment with this name, if declared. */
  public Optional<Segment> segment(String name) {
    return segments.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A VPC peering between two segments; {@code location} is where the rules declare it. */
  public record Peering(String from, String to, String location) {}
}
