package io.netdrift.rules;

import static io.netdrift.rules.RulesFixture.RULES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesLoaderTest {
  @TempDir Path dir;

  @Test
  void theApprovedRulesLoad() {
    NetworkRules rules = RulesLoader.load(RULES);

    assertThat(rules.segments())
        .extracting(Segment::name)
        .containsExactly("production", "internal");
    Segment production = rules.segment("production").orElseThrow();
    assertThat(production.cidr()).isEqualTo("10.10.0.0/16");
    assertThat(production.customerData()).isTrue();
    assertThat(production.tiers())
        .extracting(Segment.Tier::name)
        .containsExactly("public", "firewall", "app", "data");
    assertThat(production.securityGroups().groups())
        .extracting(SecurityGroupRules.Group::name)
        .containsExactly("alb", "app", "db");
    assertThat(production.networkAcls().tiers())
        .containsOnlyKeys("public", "firewall", "app", "data");
    assertThat(production.firewall()).isPresent();
    assertThat(production.waf()).isPresent();
    Segment internal = rules.segment("internal").orElseThrow();
    assertThat(internal.firewall()).isEmpty();
    assertThat(internal.natGateways()).isEqualTo(1);
  }

  @Test
  void ruleFieldsAreTyped() {
    SecurityGroupRules.Group app =
        RulesLoader.load(RULES)
            .segment("production")
            .orElseThrow()
            .securityGroups()
            .group("app")
            .orElseThrow();

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
  void suricataRulesAreReadWithTheirSidsAndActions() {
    FirewallRules firewall =
        RulesLoader.load(RULES).segment("production").orElseThrow().firewall().orElseThrow();

    FirewallRules.RuleGroup knownBad = firewall.ruleGroups().get(0);
    assertThat(knownBad.rules())
        .extracting(FirewallRules.SuricataRule::sid)
        .containsExactly(1000001L, 1000002L);
    assertThat(knownBad.rules())
        .extracting(FirewallRules.SuricataRule::action)
        .containsOnly("drop");
    assertThat(knownBad.rulesString()).doesNotContain("#").startsWith("drop ip [192.0.2.0/24");
    assertThat(firewall.ruleGroups().get(2).domains().orElseThrow())
        .contains(".amazonaws.com", "api.stripe.com");
  }

  @Test
  void theWafBlockListComesFromItsFile() {
    WafRules waf = RulesLoader.load(RULES).segment("production").orElseThrow().waf().orElseThrow();

    assertThat(waf.blockList().addresses()).containsExactly("203.0.113.0/24", "198.51.100.7/32");
    assertThat(waf.rateLimit().limit()).isEqualTo(2000);
    assertThat(waf.managedRuleGroups().get(1).overrides())
        .containsEntry("SizeRestrictions_BODY", "count");
  }

  static Stream<Arguments> badRules() {
    return Stream.of(
        Arguments.of(
            "an unknown group reference names the group, line and column",
            "security-groups.yaml",
            "group: app, description: to the application",
            "group: ap, description: to the application",
            "security-groups.yaml:17:48",
            "unknown group 'ap'"),
        Arguments.of(
            "malformed YAML names the line and column",
            "security-groups.yaml",
            "      ingress:\n        - { protocol: tcp, ports: 8080",
            "      ingress:\n        - { protocol: tcp, ports: [8080",
            "security-groups.yaml:",
            "not valid YAML"),
        Arguments.of(
            "a misspelt key is rejected with the allowed keys",
            "security-groups.yaml",
            "description: Application servers",
            "descripton: Application servers",
            "security-groups.yaml:",
            "unknown key 'descripton'"),
        Arguments.of(
            "a rule without a description is rejected",
            "security-groups.yaml",
            ", description: from the load balancer }",
            " }",
            "segments.production.app.ingress[0]",
            "missing required key 'description'"),
        Arguments.of(
            "a rule description with a character EC2 refuses names the file and line",
            "security-groups.yaml",
            "description: HTTPS from the internet }",
            "description: HTTPS from the internet ✓ }",
            "security-groups.yaml:14:",
            "EC2 refuses '✓' in a security rule description"),
        Arguments.of(
            "an ampersand, allowed in a group description, is refused in a rule's",
            "security-groups.yaml",
            "description: to the application servers }",
            "description: to app & batch servers }",
            "security-groups.yaml:17:",
            "EC2 refuses '&' in a security rule description"),
        Arguments.of(
            "a group description with an umlaut names the file and line",
            "security-groups.yaml",
            "description: Application servers",
            "description: Anwendungsserver für Bestellungen",
            "security-groups.yaml:20:",
            "EC2 refuses 'ü' in a security group description"),
        Arguments.of(
            "an invalid CIDR is rejected",
            "security-groups.yaml",
            "cidr: 10.20.0.0/16",
            "cidr: 10.20.0.300/16",
            "segments.internal.tools.ingress[0].cidr",
            "not an IPv4 CIDR block"),
        Arguments.of(
            "a reversed port range is rejected",
            "network-acls.yaml",
            "ports: 5432, cidr: 10.10.0.0/16",
            "ports: 5432-80, cidr: 10.10.0.0/16",
            "network-acls.yaml:",
            "not within 0-65535 in order"),
        Arguments.of(
            "a NACL for a tier the segment lacks is rejected",
            "network-acls.yaml",
            "    tools:\n",
            "    toolz:\n",
            "network-acls.yaml:",
            "has no tier 'toolz'"),
        Arguments.of(
            "a security group file naming an unknown segment is rejected",
            "security-groups.yaml",
            "  internal:\n",
            "  intranet:\n",
            "security-groups.yaml:",
            "unknown segment 'intranet'"),
        Arguments.of(
            "a Suricata line without a sid names its file and line",
            "firewall/known-bad.rules",
            "sid:1000002; ",
            "",
            "known-bad.rules:3",
            "not a Suricata rule"),
        Arguments.of(
            "a sid beyond Suricata's 32 bits names its file and line",
            "firewall/known-bad.rules",
            "sid:1000002;",
            "sid:4294967296;",
            "known-bad.rules:3",
            "sid 4294967296 is not within 1-4294967295"),
        Arguments.of(
            "a sid of 0 is refused",
            "firewall/known-bad.rules",
            "sid:1000002;",
            "sid:0;",
            "known-bad.rules:3",
            "sid 0 is not within"),
        Arguments.of(
            "a header with a wrong direction names its file and line",
            "firewall/outbound-ssh.rules",
            "any -> $EXTERNAL_NET 22 (msg:\"Outbound SSH from production\";",
            "any => $EXTERNAL_NET 22 (msg:\"Outbound SSH from production\";",
            "outbound-ssh.rules:2",
            "the direction is -> or <>, not '=>'"),
        Arguments.of(
            "an unclosed quote in an option names its file and line",
            "firewall/outbound-ssh.rules",
            "(msg:\"Outbound SSH from production dropped\";",
            "(msg:\"Outbound SSH from production dropped;",
            "outbound-ssh.rules:3",
            "a quoted option value is not closed"),
        Arguments.of(
            "an option without its ';' names its file and line",
            "firewall/known-bad.rules",
            "sid:1000001; rev:1;)",
            "sid:1000001; rev:1)",
            "known-bad.rules:2",
            "every option ends with ';'"),
        Arguments.of(
            "an unknown action names its file and line",
            "firewall/known-bad.rules",
            "drop ip $HOME_NET",
            "block ip $HOME_NET",
            "known-bad.rules:3",
            "starts with its action"),
        Arguments.of(
            "a managed rule group WAF does not offer is named with its place",
            "waf.yaml",
            "name: AWSManagedRulesKnownBadInputsRuleSet",
            "name: AWSManagedRulesKnownBadInputs",
            "waf.yaml:16:",
            "is not an AWS managed rule group"),
        Arguments.of(
            "a managed rule group listed twice is refused",
            "waf.yaml",
            "name: AWSManagedRulesSQLiRuleSet",
            "name: AWSManagedRulesKnownBadInputsRuleSet",
            "waf.yaml:17:",
            "is listed twice"),
        Arguments.of(
            "an override of a rule name WAF cannot have is refused",
            "waf.yaml",
            "overrides: { SizeRestrictions_BODY: count }",
            "overrides: { \"Size Restrictions\": count }",
            "waf.yaml:",
            "is not a WAF rule name"),
        Arguments.of(
            "a sid used twice names both places",
            "firewall/outbound-ssh.rules",
            "sid:1000102;",
            "sid:1000001;",
            "outbound-ssh.rules:3",
            "sid 1000001 is already used at"),
        Arguments.of(
            "a bad domain names its file and line",
            "firewall/egress-domains.txt",
            "api.stripe.com",
            "api stripe com",
            "egress-domains.txt:3",
            "is not a domain"),
        Arguments.of(
            "a bad block-list address names its file and line",
            "waf/blocked-ips.txt",
            "198.51.100.7/32",
            "198.51.100.700/32",
            "blocked-ips.txt:3",
            "not an IPv4 CIDR block"),
        Arguments.of(
            "an unsupported log retention is rejected",
            "network.yaml",
            "flowLogs: { trafficType: ALL, retentionDays: 365 }\n    tiers:\n      - { name: public, type: public, cidrMask: 24 } #",
            "flowLogs: { trafficType: ALL, retentionDays: 366 }\n    tiers:\n      - { name: public, type: public, cidrMask: 24 } #",
            "network.yaml:",
            "CloudWatch Logs keeps logs for one of"),
        Arguments.of(
            "a firewall tier without a firewall policy is rejected",
            "firewall/policy.yaml",
            "segment: production",
            "segment: internal",
            "network.yaml:15:5",
            "gives it no firewall policy"),
        Arguments.of(
            "an account id that is not twelve digits is rejected",
            "network.yaml",
            "production: { account: \"123456789012\"",
            "production: { account: \"12345\"",
            "network.yaml:9:",
            "12 digits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void badRulesFailWithFileAndPlace(
      String name, String file, String text, String replacement, String where, String what) {
    RulesFixture fixture = RulesFixture.copy(dir).replace(file, text, replacement);

    assertThatThrownBy(() -> RulesLoader.load(fixture.dir()))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(what);
  }

  @Test
  void anEmptyFileIsRejected() {
    RulesFixture fixture = RulesFixture.copy(dir).write("security-groups.yaml", "");

    assertThatThrownBy(() -> RulesLoader.load(fixture.dir()))
        .hasMessageContaining("the file is empty");
  }

  @Test
  void aMissingRulesFileIsNamed() {
    assertThatThrownBy(() -> RulesLoader.load(dir.resolve("nowhere")))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining("network.yaml")
        .hasMessageContaining("not found");
  }
}
