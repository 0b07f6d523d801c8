package io.netdrift.detector.model;

/**
 * Ports of a TCP/UDP rule, or ICMP type ({@code from}) and code ({@code to}); {@link #ANY} where
 * the protocol has neither or the rule allows all of them.
 */
public record PortRange(int from, int to) implements Comparable<PortRange> {
  /** Every port, or every ICMP type and code. */
  public static final PortRange ANY = new PortRange(-1, -1);

  public PortRange {
    if (from < -1 || to < -1 || from > 65535 || to > 65535) {
      throw new IllegalArgumentException("port out of range: " + from + "-" + to);
    }
  }

  /**
   * The canonical range for a protocol. EC2 ignores ports of protocols without ports and answers
   * {@code 0-65535} and "absent" alike for all TCP ports, so both sides are folded here.
   */
  public static PortRange of(IpProtocol protocol, Integer from, Integer to) {
    if (protocol.hasPorts()) {
      int lo = from == null || from < 0 ? 0 : from;
      int hi = to == null || to < 0 ? 65535 : to;
      if (lo > hi) {
        throw new IllegalArgumentException("port range " + lo + "-" + hi + " is reversed");
      }
      return new PortRange(lo, hi);
    }
    if (protocol.isIcmp()) {
      int type = from == null ? -1 : from;
      // An ICMP rule for all types covers all codes too, whatever the code field says.
      int code = type == -1 || to == null ? -1 : to;
      return new PortRange(type, code);
    }
    return ANY;
  }

  @Override
  public int compareTo(PortRange other) {
    int c = Integer.compare(from, other.from);
    return c != 0 ? c : Integer.compare(to, other.to);
  }

  /** For messages: {@code 443}, {@code 1024-65535}, {@code all}. */
  public String describe(IpProtocol protocol) {
    if (protocol.hasPorts()) {
      if (from == 0 && to == 65535) {
        return "all ports";
      }
      return from == to ? Integer.toString(from) : from + "-" + to;
    }
    if (protocol.isIcmp()) {
      return from == -1 ? "all types" : "type " + from + (to == -1 ? "" : " code " + to);
    }
    return "";
  }
}
