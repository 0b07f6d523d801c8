package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * One atomic security group rule: one direction, protocol, port range and peer. An EC2 IpPermission
 * with N ranges is N of these; the description is compared but is not identity.
 */
public record SecurityGroupRule(
    Direction direction, IpProtocol protocol, PortRange ports, Peer peer, String description) {
  /**
   * The egress rule EC2 gives every new group (and CloudFormation removes when a template sets
   * any).
   */
  public static final SecurityGroupRule DEFAULT_EGRESS =
      new SecurityGroupRule(
          Direction.EGRESS,
          IpProtocol.ALL,
          PortRange.ANY,
          new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")),
          "");

  private static final Comparator<SecurityGroupRule> ORDER =
      Comparator.comparing(SecurityGroupRule::direction)
          .thenComparing(SecurityGroupRule::protocol)
          .thenComparing(SecurityGroupRule::ports)
          .thenComparing(SecurityGroupRule::peer);

  public SecurityGroupRule {
    requireNonNull(direction, "direction");
    requireNonNull(protocol, "protocol");
    requireNonNull(ports, "ports");
    requireNonNull(peer, "peer");
    description = description == null ? "" : description;
  }

  /** Builds a rule from the raw fields both templates and the EC2 API carry. */
  public static SecurityGroupRule of(
      Direction direction,
      String protocol,
      Integer from,
      Integer to,
      Peer peer,
      String description) {
    IpProtocol ipProtocol = IpProtocol.parse(protocol);
    return new SecurityGroupRule(
        direction, ipProtocol, PortRange.of(ipProtocol, from, to), peer, description);
  }

  /** What makes two rules the same rule; everything but the description. */
  public Key key() {
    return new Key(direction, protocol, ports, peer);
  }

  /**
   * CDK writes this egress rule (ICMP type 252 code 86 to 255.255.255.255/32) so CloudFormation
   * drops the default allow-all rule; it matches no traffic, so a group with only it and a group
   * with no egress rule at all allow the same: nothing.
   */
  public boolean matchesNoTraffic() {
    return direction == Direction.EGRESS
        && protocol.equals(IpProtocol.ICMP)
        && ports.equals(new PortRange(252, 86))
        && peer.equals(new Peer.CidrPeer(Cidr.parse("255.255.255.255/32")));
  }

  /** For messages: {@code ingress tcp 22 from 0.0.0.0/0}. */
  public String describe() {
    String portText = ports.describe(protocol);
    return direction.label()
        + " "
        + protocol
        + (portText.isEmpty() ? "" : " " + portText)
        + (direction == Direction.INGRESS ? " from " : " to ")
        + peer.describe();
  }

  /**
   * True when this rule lets through every packet {@code other} lets through: same direction, a
   * protocol and ports that include the other's, and a peer that contains the other's.
   */
  public boolean covers(SecurityGroupRule other) {
    if (direction != other.direction) {
      return false;
    }
    boolean protocolCovers =
        protocol.equals(IpProtocol.ALL)
            || (protocol.equals(other.protocol)
                && (ports.equals(PortRange.ANY)
                    || (protocol.hasPorts()
                        && ports.from() <= other.ports.from()
                        && ports.to() >= other.ports.to())
                    || ports.equals(other.ports)));
    boolean peerCovers =
        peer.equals(other.peer)
            || (peer instanceof Peer.CidrPeer mine
                && other.peer instanceof Peer.CidrPeer theirs
                && mine.cidr().contains(theirs.cidr()));
    return protocolCovers && peerCovers;
  }

  /** True when the peer is an address block with addresses the internet can reach. */
  public boolean reachesInternet() {
    return peer instanceof Peer.CidrPeer c && c.cidr().reachesInternet();
  }

  /** A stable order for reports. */
  public static Comparator<SecurityGroupRule> order() {
    return ORDER;
  }

  /** The identity of a rule. */
  public record Key(Direction direction, IpProtocol protocol, PortRange ports, Peer peer) {}
}
