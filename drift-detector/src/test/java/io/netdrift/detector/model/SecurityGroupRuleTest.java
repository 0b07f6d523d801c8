package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.detector.model.Peer.CidrPeer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityGroupRuleTest {
  static final Peer ANYWHERE = new CidrPeer(Cidr.parse("0.0.0.0/0"));

  @ParameterizedTest(name = "protocol {0} ports {1}-{2} equals protocol {3} ports {4}-{5}")
  @CsvSource(
      nullValues = "null",
      value = {
        "tcp, 443, 443, 6, 443, 443",
        "TCP, 443, 443, tcp, 443, 443",
        "-1, null, null, all, null, null",
        "-1, -1, -1, -1, null, null",
        "-1, 0, 65535, -1, null, null",
        "udp, null, null, 17, 0, 65535",
        "icmp, -1, 5, 1, -1, -1",
        "icmpv6, -1, -1, 58, null, null",
        "50, 0, 0, 50, null, null"
      })
  void equivalentSpellingsAreTheSameRule(
      String protocolA, Integer fromA, Integer toA, String protocolB, Integer fromB, Integer toB) {
    SecurityGroupRule a =
        SecurityGroupRule.of(Direction.INGRESS, protocolA, fromA, toA, ANYWHERE, "");
    SecurityGroupRule b =
        SecurityGroupRule.of(Direction.INGRESS, protocolB, fromB, toB, ANYWHERE, "");

    assertThat(a.key()).isEqualTo(b.key());
  }

  @Test
  void differentPortsAreDifferentRules() {
    SecurityGroupRule https =
        SecurityGroupRule.of(Direction.INGRESS, "tcp", 443, 443, ANYWHERE, "");
    SecurityGroupRule ssh = SecurityGroupRule.of(Direction.INGRESS, "tcp", 22, 22, ANYWHERE, "");

    assertThat(https.key()).isNotEqualTo(ssh.key());
  }

  @Test
  void cdksDisallowAllPlaceholderMatchesNoTraffic() {
    SecurityGroupRule placeholder =
        SecurityGroupRule.of(
            Direction.EGRESS,
            "icmp",
            252,
            86,
            new CidrPeer(Cidr.parse("255.255.255.255/32")),
            "Disallow all traffic");

    assertThat(placeholder.matchesNoTraffic()).isTrue();
  }

  @Test
  void aGroupWithOnlyThePlaceholderEqualsAGroupWithNoEgress() {
    SecurityGroupRule placeholder =
        SecurityGroupRule.of(
            Direction.EGRESS,
            "icmp",
            252,
            86,
            new CidrPeer(Cidr.parse("255.255.255.255/32")),
            "Disallow all traffic");

    SecurityGroup withPlaceholder =
        new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "db", List.of(placeholder));
    SecurityGroup withNothing =
        new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "db", List.of());

    assertThat(withPlaceholder).isEqualTo(withNothing);
  }

  @Test
  void rulesAreDescribedForPeople() {
    assertThat(SecurityGroupRule.of(Direction.INGRESS, "6", 22, 22, ANYWHERE, "").describe())
        .isEqualTo("ingress tcp 22 from 0.0.0.0/0");
    assertThat(SecurityGroupRule.of(Direction.EGRESS, "-1", null, null, ANYWHERE, "").describe())
        .isEqualTo("egress all to 0.0.0.0/0");
    assertThat(
            SecurityGroupRule.of(
                    Direction.INGRESS, "tcp", 1024, 65535, new Peer.GroupPeer("sg-9"), "")
                .describe())
        .isEqualTo("ingress tcp 1024-65535 from sg-9");
  }
}
