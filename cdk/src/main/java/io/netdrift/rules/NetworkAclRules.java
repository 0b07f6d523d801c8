package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** The network ACL entries of one segment, by tier name. */
public record NetworkAclRules(Map<String, List<Entry>> tiers) {
  public NetworkAclRules {
    tiers = Map.copyOf(tiers);
  }

  /** No ACLs: the VPC's default ACL applies. */
  public static NetworkAclRules none() {
    return new NetworkAclRules(Map.of());
  }

  /**
   * One NACL entry. {@code protocol} is tcp, udp, icmp or all; ports are -1 where it has none.
   *
   * @param location where the entry is written, for messages
   */
  public record Entry(
      int ruleNumber,
      boolean egress,
      boolean allow,
      String protocol,
      int fromPort,
      int toPort,
      String cidr,
      String location) {
    public Entry {
      requireNonNull(protocol, "protocol");
      requireNonNull(cidr, "cidr");
      requireNonNull(location, "location");
    }

    /** True where the entry matches TCP traffic to {@code port}. */
    public boolean matchesTcpPort(int port) {
      return protocol.equals("all")
          || (protocol.equals("tcp") && fromPort <= port && port <= toPort);
    }
  }
}
