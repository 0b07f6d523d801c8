package io.netdrift.detector.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which groups count as the scanned stacks' when the account's rules are read unfiltered: a group
 * CloudFormation tagged with a scanned stack's name, or with the name of a stack nested in one.
 */
class SecurityGroupReaderTest {
  private static final Set<String> SCANNED = Set.of("Network", "Prod-Edge");

  @Test
  void aGroupOfAScannedStackOrOfAStackNestedInOneIsTheStacks() {
    assertThat(SecurityGroupReader.madeBy("Network", SCANNED)).isTrue();
    assertThat(SecurityGroupReader.madeBy("Network-FirewallNested-1A2B3C4D5E6F", SCANNED)).isTrue();
    assertThat(SecurityGroupReader.madeBy("Prod-Edge-WafNested-0F1E2D3C", SCANNED)).isTrue();
  }

  @Test
  void aGroupOfAnotherStackOrOfNoneIsNot() {
    assertThat(SecurityGroupReader.madeBy(null, SCANNED)).isFalse();
    assertThat(SecurityGroupReader.madeBy("Prod", SCANNED)).isFalse();
    assertThat(SecurityGroupReader.madeBy("NetworkApp", SCANNED)).isFalse();
    assertThat(SecurityGroupReader.madeBy("Other-Network", SCANNED)).isFalse();
  }
}
