package io.netdrift.detector.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroupRule;
import java.math.BigInteger;
import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The model's laws against oracles that are not its code. {@link SecurityGroupRule#covers}: in a
 * universe small enough to list (8 addresses, ports 0 to 8, tcp and udp), one rule covers another
 * exactly when every packet the other lets through, the first lets through too, by enumeration.
 * IPv6 canonical form: the JDK's {@link InetAddress} reads the same address, host bits cleared, and
 * the text keeps RFC 5952's rules.
 */
class OraclePropertiesTest {
  /** A packet of the universe: protocol, destination port, source address (last octet). */
  record Packet(String protocol, int port, int address) {}

  /** A rule of the universe, as plain values the oracle reads without the model. */
  record Plain(String protocol, int from, int to, int base, int prefix) {
    boolean letsThrough(Packet p) {
      boolean protocolMatches =
          protocol.equals("-1")
              || (protocol.equals(p.protocol()) && from <= p.port() && p.port() <= to);
      int size = 1 << (32 - prefix);
      return protocolMatches && p.address() >= base && p.address() < base + size;
    }

    SecurityGroupRule rule() {
      return SecurityGroupRule.of(
          Direction.INGRESS,
          protocol,
          from,
          to,
          new Peer.CidrPeer(Cidr.parse("10.0.0." + base + "/" + prefix)),
          "");
    }
  }

  @Property(tries = 3000)
  void aRuleCoversAnotherExactlyWhenItLetsThroughEveryPacketTheOtherDoes(
      @ForAll("rules") Plain outer, @ForAll("rules") Plain inner) {
    boolean oracle = true;
    for (String protocol : new String[] {"tcp", "udp"}) {
      for (int port = 0; port <= 8; port++) {
        for (int address = 0; address < 8; address++) {
          Packet p = new Packet(protocol, port, address);
          if (inner.letsThrough(p) && !outer.letsThrough(p)) {
            oracle = false;
          }
        }
      }
    }

    assertThat(outer.rule().covers(inner.rule()))
        .as("%s covers %s", outer.rule().describe(), inner.rule().describe())
        .isEqualTo(oracle);
  }

  @Provide
  Arbitrary<Plain> rules() {
    Arbitrary<Plain> ported =
        Combinators.combine(
                Arbitraries.of("tcp", "udp"),
                Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(29, 32),
                Arbitraries.integers().between(0, 7))
            .as(
                (protocol, a, b, prefix, at) ->
                    new Plain(
                        protocol, Math.min(a, b), Math.max(a, b), aligned(at, prefix), prefix));
    Arbitrary<Plain> all =
        Combinators.combine(
                Arbitraries.integers().between(29, 32), Arbitraries.integers().between(0, 7))
            .as((prefix, at) -> new Plain("-1", -1, -1, aligned(at, prefix), prefix));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, ported), net.jqwik.api.Tuple.of(1, all));
  }

  @Property(tries = 2000)
  void anIpv6BlockIsTheJdksAddressWithItsHostBitsClearedInRfc5952Form(
      @ForAll("ipv6Groups") java.util.List<Integer> groups,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 128) int prefix)
      throws Exception {
    String full = String.join(":", groups.stream().map(g -> String.format("%04X", g)).toList());

    String block = Cidr.parse(full + "/" + prefix).block();
    String address = block.substring(0, block.indexOf('/'));

    BigInteger mask =
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).shiftRight(prefix).not();
    BigInteger expected =
        new BigInteger(1, sixteenBytes(full))
            .and(mask)
            .and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    assertThat(new BigInteger(1, sixteenBytes(address))).isEqualTo(expected);
    assertThat(block).endsWith("/" + prefix).isEqualTo(block.toLowerCase(java.util.Locale.ROOT));
    int[] masked = new int[8];
    for (int i = 0; i < 8; i++) {
      masked[i] = expected.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int longestZeroRun = 0;
    for (int i = 0, run = 0; i < 8; i++) {
      run = masked[i] == 0 ? run + 1 : 0;
      longestZeroRun = Math.max(longestZeroRun, run);
    }
    String[] written = address.split(":", -1);
    for (String group : written) {
      assertThat(group).as("no leading zeros in %s", address).doesNotMatch("0[0-9a-f]+");
    }
    if (longestZeroRun >= 2) {
      assertThat(address).contains("::");
      int shown = (int) java.util.Arrays.stream(written).filter(g -> !g.isEmpty()).count();
      assertThat(8 - shown)
          .as("the longest zero run is the one left out")
          .isEqualTo(longestZeroRun);
    } else {
      assertThat(address).doesNotContain("::");
    }
  }

  @Provide
  Arbitrary<java.util.List<Integer>> ipv6Groups() {
    // Zero groups often, so runs of them (and ties between runs) come up.
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xffff)))
        .list()
        .ofSize(8);
  }

  /**
   * The 16 bytes of an IPv6 address as the JDK reads it; the JDK answers an IPv4-mapped address
   * ({@code ::ffff:a.b.c.d}) as IPv4, so its 4 bytes are mapped back.
   */
  private static byte[] sixteenBytes(String address) throws Exception {
    byte[] bytes = InetAddress.getByName(address).getAddress();
    if (bytes.length == 16) {
      return bytes;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(bytes, 0, mapped, 12, 4);
    return mapped;
  }

  /** The first address of the block of {@code prefix} that holds {@code address}. */
  private static int aligned(int address, int prefix) {
    int size = 1 << (32 - prefix);
    return address / size * size;
  }
}
