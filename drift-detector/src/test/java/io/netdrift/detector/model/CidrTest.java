package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @ParameterizedTest(name = "{0} is the block {1}")
  @CsvSource({
    "10.0.0.0/16, 10.0.0.0/16",
    "10.0.0.1/16, 10.0.0.0/16",
    "10.10.255.255/16, 10.10.0.0/16",
    "010.001.000.009/32, 10.1.0.9/32",
    "255.255.255.255/31, 255.255.255.254/31",
    "203.0.113.77/1, 128.0.0.0/1",
    "203.0.113.77/0, 0.0.0.0/0",
    "0.0.0.0/0, 0.0.0.0/0",
    "192.168.1.7, 192.168.1.7/32",
    "' 172.16.0.0/12 ', 172.16.0.0/12",
    "::/0, ::/0",
    "2001:DB8::/32, 2001:db8::/32",
    "2001:0db8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",
    "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
    "2001:db8::1/64, 2001:db8::/64",
    "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
    "fe80::/10, fe80::/10",
    "::ffff:10.0.0.1/128, ::ffff:a00:1/128",
    "1:0:0:2:0:0:0:3/128, 1:0:0:2::3/128"
  })
  void equivalentSpellingsAreOneCanonicalBlock(String text, String canonical) {
    assertThat(Cidr.parse(text).block()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} is rejected")
  @ValueSource(
      strings = {
        "10.0.0.256/8",
        "10.0.0.0/33",
        "10.0.0/8",
        "10.0.0.0./8",
        "10..0.0/8",
        ".10.0.0.0/8",
        "10.0.0.0.0/8",
        "1000.0.0.0/8",
        "10.0.0.1a/32",
        "10.0.0.-1/32",
        "10.0.0.0/-1",
        "/8",
        "::ffff:10.0.0.256/128",
        "::/129",
        "1::2::3/64",
        "2001:db8:::/32",
        "abc",
        "10.0.0.0/x"
      })
  void malformedBlocksAreRejected(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} is anywhere")
  @ValueSource(strings = {"0.0.0.0/0", "::/0", "10.0.0.0/0", "2001:db8::/0"})
  void prefixZeroIsAnywhere(String text) {
    assertThat(Cidr.parse(text).isAnywhere()).isTrue();
  }
}
