package io.netdrift.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 block arithmetic for the guard rails: parsing, overlap, containment. */
final class Cidrs {
  private static final Pattern IPV4_CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private Cidrs() {}

  /** {@code [first, last]} addresses of the block, or null where the text is not an IPv4 CIDR. */
  static long[] parseIpv4(String text) {
    Matcher m = IPV4_CIDR.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return null;
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      return null;
    }
    long size = 1L << (32 - prefix);
    long first = address & ~(size - 1) & 0xffffffffL;
    return new long[] {first, first + size - 1};
  }

  /** True where the two IPv4 blocks share at least one address. */
  static boolean overlap(String a, String b) {
    long[] x = parseIpv4(a);
    long[] y = parseIpv4(b);
    return x != null && y != null && x[0] <= y[1] && y[0] <= x[1];
  }

  /** True for the blocks that mean "anywhere": 0.0.0.0/0 and ::/0. */
  static boolean isAnywhere(String cidr) {
    String c = cidr.trim();
    return c.endsWith("/0");
  }
}
