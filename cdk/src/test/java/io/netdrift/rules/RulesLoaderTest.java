package io.netdrift.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesLoaderTest {
  static final Path RULES = Path.of("..", "rules");

  static final String NETWORK =
      """
      environment: { account: "123456789012", region: eu-west-1 }
      vpc:
        name: production
        cidr: 10.10.0.0/16
        availabilityZones: [eu-west-1a, eu-west-1b]
        tiers:
          - { name: public, type: public, cidrMask: 24 }
      """;

  @TempDir Path dir;

  @Test
  void theApprovedRulesLoad() {
    NetworkRules rules = RulesLoader.load(RULES);

    assertThat(rules.vpc().cidr()).isEqualTo("10.10.0.0/16");
    assertThat(rules.vpc().availabilityZones()).hasSize(2);
    assertThat(rules.vpc().tiers())
        .extracting(VpcRules.Tier::name)
        .containsExactly("public", "app", "data");
    assertThat(rules.securityGroups().groups())
        .extracting(SecurityGroupRules.Group::name)
        .containsExactly("alb", "app", "db");
  }

  @Test
  void ruleFieldsAreTyped() {
    SecurityGroupRules.Group app =
        RulesLoader.load(RULES).securityGroups().group("app").orElseThrow();

    SecurityGroupRules.Rule fromAlb = app.ingress().get(0);
    assertThat(fromAlb.protocol()).isEqualTo("tcp");
    assertThat(fromAlb.fromPort()).isEqualTo(8080);
    assertThat(fromAlb.toPort()).isEqualTo(8080);
    assertThat(fromAlb.peer()).isEqualTo(new GroupRef("alb"));
    assertThat(fromAlb.source()).contains("security-groups.yaml:");
    assertThat(app.egress())
        .extracting(SecurityGroupRules.Rule::peer)
        .contains(new Cidr("0.0.0.0/0"));
  }

  @Test
  void aPortRangeIsRead() throws IOException {
    write(
        """
        groups:
          web:
            description: web
            ingress:
              - { protocol: udp, ports: 1024-2048, cidr: 10.0.0.0/8, description: high ports }
        """);

    SecurityGroupRules.Rule rule =
        RulesLoader.load(dir).securityGroups().groups().get(0).ingress().get(0);

    assertThat(rule.fromPort()).isEqualTo(1024);
    assertThat(rule.toPort()).isEqualTo(2048);
  }

  static Stream<Arguments> badSecurityGroups() {
    return Stream.of(
        Arguments.of(
            "an unknown group reference names the group, line and column",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: tcp, ports: 8080, group: albb, description: typo }
            """,
            "security-groups.yaml:5:46",
            "unknown group 'albb'"),
        Arguments.of(
            "malformed YAML names the line and column",
            """
            groups:
              app:
                description: app
                ingress: [ { protocol: tcp, ports: 8080
            """,
            "security-groups.yaml:5:",
            "not valid YAML"),
        Arguments.of(
            "a misspelt key is rejected with the allowed keys",
            """
            groups:
              app:
                descripton: app
            """,
            "security-groups.yaml:3:17",
            "unknown key 'descripton'"),
        Arguments.of(
            "a rule without a description is rejected",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }
            """,
            "groups.app.ingress[0]",
            "missing required key 'description'"),
        Arguments.of(
            "an invalid CIDR is rejected",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: tcp, ports: 443, cidr: 10.0.0.300/8, description: x }
            """,
            "groups.app.ingress[0].cidr",
            "not an IPv4 CIDR block"),
        Arguments.of(
            "a reversed port range is rejected",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: tcp, ports: 9000-80, cidr: 10.0.0.0/8, description: x }
            """,
            "groups.app.ingress[0].ports",
            "not within 0-65535 in order"),
        Arguments.of(
            "a rule with two peers is rejected",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: tcp, ports: 80, cidr: 10.0.0.0/8, group: app, description: x }
            """,
            "groups.app.ingress[0]",
            "exactly one peer"),
        Arguments.of(
            "an unknown protocol is rejected",
            """
            groups:
              app:
                description: app
                ingress:
                  - { protocol: sctp, ports: 80, cidr: 10.0.0.0/8, description: x }
            """,
            "groups.app.ingress[0].protocol",
            "protocol must be one of"),
        Arguments.of("an empty file is rejected", "", "security-groups.yaml", "the file is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSecurityGroups")
  void badSecurityGroupsFailWithFileAndPlace(String name, String yaml, String where, String what)
      throws IOException {
    write(yaml);

    assertThatThrownBy(() -> RulesLoader.load(dir))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(what);
  }

  @Test
  void aMissingRulesFileIsNamed() {
    assertThatThrownBy(() -> RulesLoader.load(dir.resolve("nowhere")))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining("network.yaml")
        .hasMessageContaining("not found");
  }

  @Test
  void anAccountIdMustBeTwelveDigits() throws IOException {
    Files.writeString(dir.resolve("network.yaml"), NETWORK.replace("123456789012", "12345"));
    write("groups: {}\n");

    assertThatThrownBy(() -> RulesLoader.load(dir))
        .hasMessageContaining("network.yaml:1:")
        .hasMessageContaining("12 digits");
  }

  private void write(String securityGroups) throws IOException {
    if (!Files.exists(dir.resolve("network.yaml"))) {
      Files.writeString(dir.resolve("network.yaml"), NETWORK);
    }
    Files.writeString(dir.resolve("security-groups.yaml"), securityGroups);
  }
}
