package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The approved security groups, in file order. */
public record SecurityGroupRules(List<Group> groups) {
  public SecurityGroupRules {
    groups = List.copyOf(groups);
  }

  /** The group with this name, if declared. */
  public Optional<Group> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }

  /** No groups. */
  public static SecurityGroupRules none() {
    return new SecurityGroupRules(List.of());
  }

  /**
   * A security group and its rules. {@code edge} groups may accept traffic from the internet on 80
   * and 443; no other group may.
   */
  public record Group(
      String name,
      String description,
      boolean edge,
      List<Rule> ingress,
      List<Rule> egress,
      String location) {
    public Group {
      requireNonNull(name, "name");
      requireNonNull(description, "description");
      ingress = List.copyOf(ingress);
      egress = List.copyOf(egress);
    }
  }

  /**
   * One allowed flow. {@code protocol} is tcp, udp, icmp, icmpv6 or all; ports are -1 where the
   * protocol has none. {@code source} is where the rule is written, for messages.
   */
  public record Rule(
      String protocol, int fromPort, int toPort, Peer peer, String description, String source) {
    public Rule {
      requireNonNull(protocol, "protocol");
      requireNonNull(peer, "peer");
      requireNonNull(description, "description");
      requireNonNull(source, "source");
    }
  }

  /** The other end of a rule. */
  public sealed interface Peer {}

  /** An IPv4 or IPv6 CIDR block. */
  public record Cidr(String cidr) implements Peer {
    public Cidr {
      requireNonNull(cidr, "cidr");
    }

    /** True for an IPv6 block. */
    public boolean ipv6() {
      return cidr.contains(":");
    }
  }

  /** Another group declared in the same file. */
  public record GroupRef(String name) implements Peer {
    public GroupRef {
      requireNonNull(name, "name");
    }
  }

  /** A managed prefix list, by id. */
  public record PrefixList(String id) implements Peer {
    public PrefixList {
      requireNonNull(id, "id");
    }
  }
}
