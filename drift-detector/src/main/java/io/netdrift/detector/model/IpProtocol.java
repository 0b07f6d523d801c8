package io.netdrift.detector.model;

import java.util.Locale;
import java.util.Map;

/**
 * An IP protocol by number; {@code -1} is every protocol. Templates, the EC2 API and NACLs spell
 * the same protocol as {@code tcp}, {@code 6} or {@code "6"}; all of them parse to one value.
 */
public record IpProtocol(int number) implements Comparable<IpProtocol> {
  /** Every protocol, {@code -1} or {@code all}. */
  public static final IpProtocol ALL = new IpProtocol(-1);

  /** ICMP. */
  public static final IpProtocol ICMP = new IpProtocol(1);

  /** TCP. */
  public static final IpProtocol TCP = new IpProtocol(6);

  /** UDP. */
  public static final IpProtocol UDP = new IpProtocol(17);

  /** ICMP for IPv6. */
  public static final IpProtocol ICMPV6 = new IpProtocol(58);

  private static final Map<String, Integer> NAMES =
      Map.of("tcp", 6, "udp", 17, "icmp", 1, "icmpv6", 58, "all", -1, "-1", -1);

  public IpProtocol {
    if (number < -1 || number > 255) {
      throw new IllegalArgumentException("IP protocol number out of range: " + number);
    }
  }

  /**
   * Parses a name ({@code tcp}, {@code icmpv6}, {@code all}) or a number ({@code 6}, {@code -1}).
   */
  public static IpProtocol parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT);
    Integer known = NAMES.get(key);
    if (known != null) {
      return new IpProtocol(known);
    }
    try {
      return new IpProtocol(Integer.parseInt(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unknown IP protocol '" + text + "'", e);
    }
  }

  /** True where the protocol has ports (TCP and UDP). */
  public boolean hasPorts() {
    return number == 6 || number == 17;
  }

  /** True where from/to carry ICMP type and code. */
  public boolean isIcmp() {
    return number == 1 || number == 58;
  }

  @Override
  public int compareTo(IpProtocol other) {
    return Integer.compare(number, other.number);
  }

  /** The name EC2 uses: tcp, udp, icmp, icmpv6, all, or the number. */
  @Override
  public String toString() {
    return switch (number) {
      case -1 -> "all";
      case 1 -> "icmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      case 58 -> "icmpv6";
      default -> Integer.toString(number);
    };
  }
}
