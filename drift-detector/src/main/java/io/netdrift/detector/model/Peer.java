package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

/** The other end of a security group rule: a CIDR block, a prefix list or another group. */
public sealed interface Peer extends Comparable<Peer> {
  /** For messages and stable sorting: {@code 0.0.0.0/0}, {@code pl-…}, {@code sg-…}. */
  String describe();

  @Override
  default int compareTo(Peer other) {
    return describe().compareTo(other.describe());
  }

  /** An IPv4 or IPv6 block. */
  record CidrPeer(Cidr cidr) implements Peer {
    public CidrPeer {
      requireNonNull(cidr, "cidr");
    }

    @Override
    public String describe() {
      return cidr.block();
    }
  }

  /** A managed prefix list. */
  record PrefixListPeer(String prefixListId) implements Peer {
    public PrefixListPeer {
      requireNonNull(prefixListId, "prefixListId");
    }

    @Override
    public String describe() {
      return prefixListId;
    }
  }

  /**
   * Another security group. The owner account is not part of identity: in one account EC2 fills it
   * in where templates leave it out. A group in a peered VPC is referenced over the peering; once
   * the peering is gone ({@code PeeringStatus} {@code deleted}, {@code expired}, …) the rule is
   * stale and lets nothing in, so it is not the rule a template approved: {@code peeringLost} names
   * that status, empty while the reference holds.
   */
  record GroupPeer(String groupId, String peeringLost) implements Peer {
    public GroupPeer {
      requireNonNull(groupId, "groupId");
      requireNonNull(peeringLost, "peeringLost");
    }

    /** A reference that holds. */
    public GroupPeer(String groupId) {
      this(groupId, "");
    }

    /** The reference as EC2 answers it: stale where a peering's status is anything but active. */
    public static GroupPeer answered(String groupId, String peeringStatus) {
      return new GroupPeer(
          groupId,
          peeringStatus == null || peeringStatus.isEmpty() || peeringStatus.equals("active")
              ? ""
              : peeringStatus);
    }

    @Override
    public String describe() {
      return peeringLost.isEmpty() ? groupId : groupId + " (stale: peering " + peeringLost + ")";
    }
  }
}
