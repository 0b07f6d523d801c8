package io.netdrift.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON Schemas editors use agree with the loader: they accept the approved rules and catch
 * typos.
 */
class RulesSchemaTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<Error> validate(String schemaFile, String yaml) throws IOException {
    try (InputStream in =
        Files.newInputStream(RulesFixture.RULES.resolve("schema").resolve(schemaFile))) {
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
      JsonNode document = YAML.readTree(yaml);
      return schema.validate(document);
    }
  }

  @ParameterizedTest(name = "{0} is valid against {1}")
  @CsvSource({
    "network.yaml, network.schema.json",
    "security-groups.yaml, security-groups.schema.json",
    "network-acls.yaml, network-acls.schema.json",
    "firewall/policy.yaml, firewall-policy.schema.json",
    "waf.yaml, waf.schema.json",
    "drift-policy.yaml, drift-policy.schema.json",
    "detector.yaml, detector.schema.json"
  })
  void theApprovedRulesMatchTheirSchema(String file, String schema) throws IOException {
    String yaml = Files.readString(RulesFixture.RULES.resolve(file));

    assertThat(validate(schema, yaml)).isEmpty();
    assertThat(yaml).startsWith("# yaml-language-server: $schema=");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> brokenFiles() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "security-groups.yaml", "security-groups.schema.json",
            "description: Application servers", "descripton: Application servers"),
        org.junit.jupiter.params.provider.Arguments.of(
            "security-groups.yaml", "security-groups.schema.json",
            "ports: 8080, group: alb,", "ports: 8080, group: alb, cidr: 10.0.0.0/8,"),
        org.junit.jupiter.params.provider.Arguments.of(
            "network.yaml", "network.schema.json", "type: isolated", "type: offline"),
        org.junit.jupiter.params.provider.Arguments.of(
            "network-acls.yaml", "network-acls.schema.json",
            "rule: 100, action: allow, protocol: tcp, ports: 5432",
                "rule: 100, action: block, protocol: tcp, ports: 5432"),
        org.junit.jupiter.params.provider.Arguments.of(
            "waf.yaml", "waf.schema.json", "windowSeconds: 300", "windowSeconds: 301"),
        org.junit.jupiter.params.provider.Arguments.of(
            "firewall/policy.yaml",
            "firewall-policy.schema.json",
            "capacity: 50, rules:",
            "capacity: 50, domains: x, rules:"),
        org.junit.jupiter.params.provider.Arguments.of(
            "drift-policy.yaml",
            "drift-policy.schema.json",
            "    severity: critical\n    description: A security group",
            "    severity: urgent\n    description: A security group"),
        org.junit.jupiter.params.provider.Arguments.of(
            "drift-policy.yaml",
            "drift-policy.schema.json",
            "suppressions: []",
            "suppressions:\n  - { resources: [sg-1], owner: a, reason: b, ticket: c }"));
  }

  @ParameterizedTest(name = "{0}: {3} is caught")
  @org.junit.jupiter.params.provider.MethodSource("brokenFiles")
  void aBrokenFileIsCaughtByItsSchema(String file, String schema, String text, String replacement)
      throws IOException {
    String yaml = Files.readString(RulesFixture.RULES.resolve(file));
    String broken = yaml.replace(text, replacement);
    assertThat(broken).isNotEqualTo(yaml);

    assertThat(validate(schema, broken)).isNotEmpty();
  }
}
