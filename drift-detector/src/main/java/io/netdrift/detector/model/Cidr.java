package io.netdrift.detector.model;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An IPv4 or IPv6 CIDR block in canonical form: host bits cleared, IPv6 written as RFC 5952 says
 * (lower case, longest zero run compressed). {@code 10.0.0.1/16} and {@code 10.0.0.0/16} are the
 * same block to EC2, and {@code 2001:DB8:0::/32} and {@code 2001:db8::/32} are the same text.
 */
public record Cidr(String block) implements Comparable<Cidr> {
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  public Cidr {
    if (!canonical(block).equals(block)) {
      throw new IllegalArgumentException("not a canonical CIDR block: " + block);
    }
  }

  /** True for an IPv6 block. */
  public boolean ipv6() {
    return block.indexOf(':') >= 0;
  }

  /** Parses and canonicalizes; a bare address is a host route (/32 or /128). */
  public static Cidr parse(String text) {
    return new Cidr(canonical(text));
  }

  private static String canonical(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    int bits = v6 ? 128 : 32;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR block: '" + text + "'", e);
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
    }
    if (!v6) {
      // An IPv4 block in a long: most blocks a scan reads, each read and checked once more.
      byte[] octets = ipv4Bytes(address, text);
      long value = 0;
      for (byte octet : octets) {
        value = (value << 8) | (octet & 0xff);
      }
      long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
      return formatIpv4(value & mask) + "/" + prefix;
    }
    byte[] bytes = ipv6Bytes(address, text);
    BigInteger value = new BigInteger(1, bytes);
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    value = value.and(mask).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    return formatIpv6(value) + "/" + prefix;
  }

  /** Four octets of one to three ASCII digits each, split by dots. */
  private static byte[] ipv4Bytes(String address, String text) {
    byte[] bytes = new byte[4];
    int octet = 0;
    int digits = 0;
    int at = 0;
    for (int i = 0; i <= address.length(); i++) {
      char c = i < address.length() ? address.charAt(i) : '.';
      if (c >= '0' && c <= '9' && digits < 3) {
        octet = octet * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && at < 4) {
        if (octet > 255) {
          throw new IllegalArgumentException("octet out of range in '" + text + "'");
        }
        bytes[at++] = (byte) octet;
        octet = 0;
        digits = 0;
      } else {
        throw new IllegalArgumentException("not an IPv4 CIDR block: '" + text + "'");
      }
    }
    if (at != 4) {
      throw new IllegalArgumentException("not an IPv4 CIDR block: '" + text + "'");
    }
    return bytes;
  }

  private static byte[] ipv6Bytes(String address, String text) {
    if (!IPV6.matcher(address).matches() || address.contains(":::")) {
      throw new IllegalArgumentException("not an IPv6 CIDR block: '" + text + "'");
    }
    String body = address;
    int[] tail = new int[0];
    int lastColon = body.lastIndexOf(':');
    if (body.indexOf('.') > lastColon) {
      // Embedded IPv4 in the last 32 bits, e.g. ::ffff:10.0.0.1.
      byte[] v4 = ipv4Bytes(body.substring(lastColon + 1), text);
      tail =
          new int[] {
            ((v4[0] & 0xff) << 8) | (v4[1] & 0xff), ((v4[2] & 0xff) << 8) | (v4[3] & 0xff)
          };
      body = body.substring(0, lastColon + 1) + "0:0";
    }
    int doubleColon = body.indexOf("::");
    if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
      throw new IllegalArgumentException("more than one '::' in '" + text + "'");
    }
    String[] head;
    String[] rest;
    if (doubleColon >= 0) {
      head = splitGroups(body.substring(0, doubleColon));
      rest = splitGroups(body.substring(doubleColon + 2));
    } else {
      head = splitGroups(body);
      rest = new String[0];
    }
    int missing = 8 - head.length - rest.length;
    if ((doubleColon >= 0 && missing < 1) || (doubleColon < 0 && missing != 0)) {
      throw new IllegalArgumentException("wrong number of groups in '" + text + "'");
    }
    int[] groups = new int[8];
    for (int i = 0; i < head.length; i++) {
      groups[i] = group(head[i], text);
    }
    for (int i = 0; i < rest.length; i++) {
      groups[8 - rest.length + i] = group(rest[i], text);
    }
    if (tail.length == 2) {
      groups[6] = tail[0];
      groups[7] = tail[1];
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (groups[i] >> 8);
      bytes[2 * i + 1] = (byte) groups[i];
    }
    return bytes;
  }

  private static String[] splitGroups(String part) {
    return part.isEmpty() ? new String[0] : part.split(":", -1);
  }

  private static int group(String hex, String text) {
    if (hex.isEmpty() || hex.length() > 4) {
      throw new IllegalArgumentException("bad IPv6 group '" + hex + "' in '" + text + "'");
    }
    return Integer.parseInt(hex, 16);
  }

  private static String formatIpv4(long v) {
    return ((v >> 24) & 0xff)
        + "."
        + ((v >> 16) & 0xff)
        + "."
        + ((v >> 8) & 0xff)
        + "."
        + (v & 0xff);
  }

  /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
  private static String formatIpv6(BigInteger value) {
    int[] groups = new int[8];
    for (int i = 7; i >= 0; i--) {
      groups[i] = value.and(BigInteger.valueOf(0xffff)).intValue();
      value = value.shiftRight(16);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  @Override
  public int compareTo(Cidr other) {
    return block.compareTo(other.block);
  }

  @Override
  public String toString() {
    return block;
  }

  /** True for 0.0.0.0/0 and ::/0. */
  public boolean isAnywhere() {
    return block.equals("0.0.0.0/0") || block.equals("::/0");
  }

  /** The prefix length: 16 for {@code 10.0.0.0/16}. */
  public int prefixLength() {
    return Integer.parseInt(block.substring(block.indexOf('/') + 1));
  }

  /** True when every address of {@code other} is in this block (a block contains itself). */
  public boolean contains(Cidr other) {
    if (ipv6() != other.ipv6() || other.prefixLength() < prefixLength()) {
      return false;
    }
    int bits = ipv6() ? 128 : 32;
    return network(other.block, bits)
        .shiftRight(bits - prefixLength())
        .equals(network(block, bits).shiftRight(bits - prefixLength()));
  }

  private static final List<Cidr> NOT_ROUTABLE =
      Stream.of(
              "10.0.0.0/8",
              "172.16.0.0/12",
              "192.168.0.0/16",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "fc00::/7",
              "fe80::/10",
              "::1/128")
          .map(Cidr::parse)
          .toList();

  /**
   * True when some address of this block can be reached from the internet: anything but private
   * (RFC 1918, unique-local), shared, loopback and link-local space.
   */
  public boolean reachesInternet() {
    return NOT_ROUTABLE.stream().noneMatch(range -> range.contains(this));
  }

  private static BigInteger network(String block, int bits) {
    String address = block.substring(0, block.indexOf('/'));
    return new BigInteger(1, bits == 128 ? ipv6Bytes(address, block) : ipv4Bytes(address, block));
  }
}
