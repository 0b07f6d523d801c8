package io.netdrift.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each guard rail, fed the rules/ of the repository with one change that breaks it. */
class GuardrailsTest {
  @TempDir Path dir;

  @Test
  void theApprovedRulesPassEveryGuardRail() {
    assertThatCode(() -> RulesLoader.load(RulesFixture.RULES)).doesNotThrowAnyException();
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(
            "a customer-data endpoint reaches only the account's own resources",
            "network.yaml",
            "gateway, tiers: [data], ownAccountOnly: true }",
            "gateway, tiers: [data], ownAccountOnly: false }",
            "network.yaml:31:9:",
            "the s3 endpoint of production (customer data) must set ownAccountOnly: true"),
        Arguments.of(
            "a customer-data interface endpoint reaches only the account's own resources",
            "network.yaml",
            "interface, tiers: [data], ownAccountOnly: true }",
            "interface, tiers: [data] }",
            "network.yaml:32:9:",
            "the secretsmanager endpoint of production (customer data) must set ownAccountOnly:"
                + " true"),
        Arguments.of(
            "an interface endpoint sits in one tier",
            "network.yaml",
            "type: interface, tiers: [data]",
            "type: interface, tiers: [data, app]",
            "network.yaml:32:9:",
            "an interface endpoint has one address per zone: name one tier, not 2"),
        Arguments.of(
            "an endpoint names an AWS service",
            "network.yaml",
            "service: secretsmanager,",
            "service: Secrets Manager,",
            "network.yaml:32:20:",
            "'Secrets Manager' is not an AWS service's endpoint name"),
        Arguments.of(
            "a DNS Firewall never allows every name",
            "network.yaml",
            "allow: [\"amazonaws.com\",",
            "allow: [\"*\", \"amazonaws.com\",",
            "network.yaml:36:7:",
            "the DNS Firewall of production allows '*', every name"),
        Arguments.of(
            "a gateway endpoint is to S3 or DynamoDB",
            "network.yaml",
            "{ service: s3, type: gateway",
            "{ service: sqs, type: gateway",
            "network.yaml:31:20:",
            "AWS offers gateway endpoints for s3 and dynamodb only, not 'sqs'"),
        Arguments.of(
            "an endpoint joins tiers the segment has",
            "network.yaml",
            "gateway, tiers: [data], ownAccountOnly",
            "gateway, tiers: [vault], ownAccountOnly",
            "network.yaml:31:47:",
            "unknown tier 'vault'"),
        Arguments.of(
            "a DNS Firewall lists domain names",
            "network.yaml",
            "\"api.stripe.com\"]",
            "\"https://api.stripe.com\"]",
            "network.yaml:36:51:",
            "is not a domain name"),
        Arguments.of(
            "segment CIDRs never overlap",
            "network.yaml",
            "cidr: 10.20.0.0/16",
            "cidr: 10.10.128.0/17",
            "network.yaml:",
            "overlaps segment production"),
        Arguments.of(
            "no internet ingress to a group that is not edge",
            "security-groups.yaml",
            "ingress:\n        - { protocol: tcp, ports: 8080, group: alb",
            "ingress:\n        - { protocol: tcp, ports: 8080, cidr: 0.0.0.0/0, description: x }\n        - { protocol: tcp, ports: 8080, group: alb",
            "security-groups.yaml:22:",
            "group app accepts traffic from 0.0.0.0/0 but is not an edge group"),
        Arguments.of(
            "an edge group opens only 80 and 443 to the internet",
            "security-groups.yaml",
            "ports: 443, cidr: 0.0.0.0/0, description: HTTPS from the internet }",
            "ports: 8443, cidr: 0.0.0.0/0, description: HTTPS from the internet }",
            "security-groups.yaml:14:",
            "edge groups may open only tcp 80 and 443"),
        Arguments.of(
            "no SSH from anywhere in a security group, even on the edge",
            "security-groups.yaml",
            "ports: 443, cidr: \"::/0\"",
            "ports: 22, cidr: \"::/0\"",
            "security-groups.yaml:15:",
            "opens SSH (tcp 22) to ::/0"),
        Arguments.of(
            "no RDP from anywhere in a security group, even on the edge",
            "security-groups.yaml",
            "ports: 443, cidr: \"::/0\"",
            "ports: 3389, cidr: \"::/0\"",
            "security-groups.yaml:15:",
            "opens RDP (tcp 3389) to ::/0"),
        Arguments.of(
            "no RDP from anywhere through all traffic",
            "security-groups.yaml",
            "- { protocol: tcp, ports: 443, cidr: \"::/0\",",
            "- { protocol: all, cidr: \"::/0\",",
            "security-groups.yaml:15:",
            "opens"),
        Arguments.of(
            "no RDP from anywhere through a NACL",
            "network-acls.yaml",
            "        - { rule: 91, action: deny, protocol: tcp, ports: 3389, cidr: 0.0.0.0/0 }\n        - { rule: 100, action: allow, protocol: tcp, ports: 443",
            "        - { rule: 100, action: allow, protocol: tcp, ports: 443",
            "network-acls.yaml:",
            "lets RDP (tcp 3389) in from 0.0.0.0/0"),
        Arguments.of(
            "no SSH from anywhere through a NACL",
            "network-acls.yaml",
            "      ingress:\n        - { rule: 90, action: deny, protocol: tcp, ports: 22, cidr: 0.0.0.0/0 }\n        - { rule: 91, action: deny, protocol: tcp, ports: 3389, cidr: 0.0.0.0/0 }\n        - { rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0 }",
            "      ingress:\n        - { rule: 90, action: allow, protocol: tcp, ports: 22, cidr: 0.0.0.0/0 }\n        - { rule: 91, action: deny, protocol: tcp, ports: 3389, cidr: 0.0.0.0/0 }\n        - { rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0 }",
            "network-acls.yaml:",
            "lets SSH (tcp 22) in from 0.0.0.0/0"),
        Arguments.of(
            "the data tier has no route to an internet or NAT gateway",
            "network.yaml",
            "{ name: data, type: isolated",
            "{ name: data, type: private",
            "network.yaml:",
            "the data tier must be isolated"),
        Arguments.of(
            "no route between production and internal",
            "network.yaml",
            "peerings: []",
            "peerings:\n  - { from: internal, to: production }",
            "network.yaml:",
            "would route between production"),
        Arguments.of(
            "a Transit Gateway table never lets production reach internal",
            "network.yaml",
            "{ name: production, associate: [production], propagate: [production] }",
            "{ name: production, associate: [production], propagate: [production, internal] }",
            "network.yaml:",
            "Transit Gateway route table production would let production reach internal"),
        Arguments.of(
            "a Transit Gateway table never routes internal to production",
            "network.yaml",
            "{ name: internal, associate: [internal], propagate: [internal] }",
            "{ name: internal, associate: [internal, production], propagate: [internal] }",
            "network.yaml:",
            "is associated with two route tables"),
        Arguments.of(
            "a Transit Gateway table joining both segments is refused even unpropagated",
            "network.yaml",
            "{ name: internal, associate: [internal], propagate: [internal] }",
            "{ name: internal, associate: [internal], propagate: [production] }",
            "network.yaml:",
            "would let internal reach production"),
        Arguments.of(
            "a Transit Gateway attaches a tier the segment has",
            "network.yaml",
            "{ segment: internal, tier: tools }",
            "{ segment: internal, tier: data }",
            "network.yaml:",
            "segment internal has no tier 'data'"),
        Arguments.of(
            "a Transit Gateway attaches segments of its own account",
            "network.yaml",
            "internal: { account: \"123456789012\", region: eu-west-1 }",
            "internal: { account: \"210987654321\", region: eu-west-1 }",
            "network.yaml:",
            "not where the Transit Gateway is (123456789012/eu-west-1)"),
        Arguments.of(
            "a Transit Gateway's side has a private ASN",
            "network.yaml",
            "amazonSideAsn: 64512",
            "amazonSideAsn: 7224",
            "network.yaml:",
            "amazonSideAsn must be a private ASN"),
        Arguments.of(
            "production groups do not name the internal network",
            "security-groups.yaml",
            "ports: 5432, group: db, description: to the database }",
            "ports: 5432, cidr: 10.20.0.0/16, description: to the database }",
            "security-groups.yaml:",
            "production and internal networks are kept apart"),
        Arguments.of(
            "a group never sends all traffic to the internet",
            "security-groups.yaml",
            "{ protocol: tcp, ports: 443, cidr: 0.0.0.0/0, description: HTTPS to allowed",
            "{ protocol: all, cidr: 0.0.0.0/0, description: HTTPS to allowed",
            "security-groups.yaml:25:11:",
            "group app sends all traffic to 0.0.0.0/0; name the protocol and ports"),
        Arguments.of(
            "production NACLs do not allow the internal network",
            "network-acls.yaml",
            "- { rule: 100, action: allow, protocol: tcp, ports: 5432, cidr: 10.10.0.0/16 }",
            "- { rule: 100, action: allow, protocol: tcp, ports: 5432, cidr: 10.20.0.0/16 }",
            "network-acls.yaml:",
            "production and internal networks are kept apart"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void aViolationFailsSynthWithWhereAndWhy(
      String rail, String file, String text, String replacement, String where, String why) {
    RulesFixture fixture = RulesFixture.copy(dir).replace(file, text, replacement);

    assertThatThrownBy(() -> RulesLoader.load(fixture.dir()))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(why);
  }
}
