package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generic comparison follows the type's registry schema: what is read-only or write-only is
 * never compared, sets are sets, a default is folded only where live equals it.
 */
class GenericDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Shaped as the registry schema of a DNS Firewall rule group, trimmed to what is used here. */
  static final String SCHEMA =
      """
      {"typeName": "AWS::Route53Resolver::FirewallRuleGroup",
       "definitions": {
         "FirewallRule": {"type": "object", "properties": {
           "FirewallDomainListId": {"type": "string"}, "Priority": {"type": "integer"},
           "Action": {"type": "string"}, "BlockResponse": {"type": "string"},
           "Qtypes": {"type": "array", "insertionOrder": false, "items": {"type": "string"}}}},
         "Tag": {"type": "object"}},
       "properties": {
         "Id": {"type": "string"}, "Arn": {"type": "string"}, "RuleCount": {"type": "integer"},
         "Status": {"type": "string"}, "ShareStatus": {"type": "string"},
         "Name": {"type": "string"},
         "FirewallRules": {"type": "array", "insertionOrder": false,
           "items": {"$ref": "#/definitions/FirewallRule"}},
         "Hops": {"type": "array", "items": {"type": "string"}},
         "Mode": {"type": "string", "default": "STRICT"},
         "ClientToken": {"type": "string"},
         "Tags": {"type": "array", "insertionOrder": false, "items": {"$ref": "#/definitions/Tag"}}},
       "readOnlyProperties": ["/properties/Id", "/properties/Arn", "/properties/RuleCount",
         "/properties/Status", "/properties/ShareStatus"],
       "writeOnlyProperties": ["/properties/ClientToken"],
       "primaryIdentifier": ["/properties/Id"]}
      """;

  static JsonNode schema() throws Exception {
    return JSON.readTree(SCHEMA);
  }

  static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  static ObjectNode approved(String declared) throws Exception {
    return GenericDocuments.approved(GenericDocuments.declared(json(declared)), schema());
  }

  static ObjectNode live(String read, String declared) throws Exception {
    return GenericDocuments.live(json(read), GenericDocuments.declared(json(declared)), schema());
  }

  static final String DECLARED =
      """
      {"Name": "egress", "ClientToken": "abc",
       "FirewallRules": [
         {"FirewallDomainListId": "rslvr-fdl-1", "Priority": 100, "Action": "BLOCK",
          "BlockResponse": "NODATA", "Qtypes": ["A", "AAAA"]},
         {"FirewallDomainListId": "rslvr-fdl-2", "Priority": 200, "Action": "ALLOW"}],
       "Hops": ["first", "second"],
       "Tags": [{"Key": "team", "Value": "net"}]}
      """;

  @Test
  void readOnlyWriteOnlyAndTagsAreNeverComparedAndSetsAreSets() throws Exception {
    String read =
        """
        {"Id": "rslvr-frg-1", "Arn": "arn:aws:route53resolver:eu-west-1:123456789012:firewall-rule-group/rslvr-frg-1",
         "RuleCount": 2, "Status": "COMPLETE", "ShareStatus": "NOT_SHARED", "Name": "egress",
         "FirewallRules": [
           {"FirewallDomainListId": "rslvr-fdl-2", "Priority": 200, "Action": "ALLOW"},
           {"FirewallDomainListId": "rslvr-fdl-1", "Priority": 100, "Action": "BLOCK",
            "BlockResponse": "NODATA", "Qtypes": ["AAAA", "A"]}],
         "Hops": ["first", "second"], "Mode": "STRICT",
         "Tags": [{"Key": "aws:cloudformation:stack-name", "Value": "Net"}]}
        """;

    assertThat(live(read, DECLARED)).isEqualTo(approved(DECLARED));
    assertThat(approved(DECLARED).toString())
        .doesNotContain("ClientToken")
        .doesNotContain("Tags")
        .doesNotContain("rslvr-frg-1");
  }

  @Test
  void aRuleSwitchedToAllowIsADifference() throws Exception {
    String read = DECLARED.replace("\"BLOCK\"", "\"ALLOW\"");

    assertThat(live(read, DECLARED)).isNotEqualTo(approved(DECLARED));
  }

  @Test
  void anArrayTheSchemaKeepsInOrderIsComparedInOrder() throws Exception {
    String read = DECLARED.replace("[\"first\", \"second\"]", "[\"second\", \"first\"]");

    assertThat(live(read, DECLARED)).isNotEqualTo(approved(DECLARED));
  }

  @Test
  void aDefaultIsFoldedOnlyWhereLiveEqualsIt() throws Exception {
    String strict =
        DECLARED.replace("\"Name\": \"egress\",", "\"Name\": \"egress\", \"Mode\": \"STRICT\",");
    String loose =
        DECLARED.replace("\"Name\": \"egress\",", "\"Name\": \"egress\", \"Mode\": \"LOOSE\",");

    assertThat(live(strict, DECLARED)).isEqualTo(approved(DECLARED));
    assertThat(live(loose, DECLARED)).isNotEqualTo(approved(DECLARED));
    assertThat(live(loose, DECLARED).path("Mode").asText()).isEqualTo("LOOSE");
    // Declared as its default, read without it: the same.
    assertThat(approved(strict)).isEqualTo(live(DECLARED, strict));
  }

  @Test
  void aPropertyTheTemplateLeavesOutWithNoDefaultIsTheServicesToFillIn() throws Exception {
    String read =
        DECLARED.replace("\"Name\": \"egress\",", "\"Name\": \"egress\", \"Owner\": \"x\",");

    assertThat(live(read, DECLARED)).isEqualTo(approved(DECLARED));
  }

  @Test
  void aReadOnlyMemberOfEachItemIsDropped() throws Exception {
    ObjectNode schema = (ObjectNode) schema();
    schema.withArray("readOnlyProperties").add("/properties/FirewallRules/*/BlockResponse");
    ObjectNode declared = GenericDocuments.declared(json(DECLARED));

    assertThat(GenericDocuments.approved(declared, schema).toString())
        .doesNotContain("BlockResponse")
        .contains("rslvr-fdl-1");
  }

  @Test
  void cloudControlNamesAResourceByItsPrimaryIdentifier() throws Exception {
    assertThat(GenericDocuments.primaryIdentifier(schema())).containsExactly("Id");
  }

  @Test
  void onlyTypesWithoutAModelOfTheirOwnAreComparedGenerically() {
    Stream.of(
            NetworkDocuments.TYPES,
            SecurityDocuments.NFW_TYPES,
            SecurityDocuments.WAF_TYPES,
            EmbeddedDocuments.TYPES,
            java.util.Set.of("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"))
        .flatMap(java.util.Set::stream)
        .forEach(type -> assertThat(GenericDocuments.isGeneric(type)).as(type).isFalse());
    assertThat(GenericDocuments.isGeneric("AWS::EC2::TransitGateway")).isTrue();
    assertThat(GenericDocuments.isGeneric("AWS::Route53Resolver::FirewallRuleGroup")).isTrue();
  }

  /**
   * A false positive found on the application team's Transit Gateway attachment: the template sets
   * two of the four options, the service answers all four. The two it leaves out are the service's,
   * as a property left out is; a nested option equal to its schema default is the option left out;
   * one the template sets is compared.
   */
  @Test
  void nestedOptionsTheTemplateLeavesOutAreTheServices() throws Exception {
    JsonNode schema =
        JSON.readTree(
            """
            {"definitions": {"Options": {"type": "object", "properties": {
               "DnsSupport": {"type": "string"}, "Ipv6Support": {"type": "string"},
               "ApplianceModeSupport": {"type": "string"},
               "SecurityGroupReferencingSupport": {"type": "string", "default": "disable"}}}},
             "properties": {"Id": {"type": "string"}, "VpcId": {"type": "string"},
               "Options": {"$ref": "#/definitions/Options"}},
             "readOnlyProperties": ["/properties/Id"], "primaryIdentifier": ["/properties/Id"]}
            """);
    ObjectNode declared =
        GenericDocuments.declared(
            json(
                "{\"VpcId\": \"vpc-1\", \"Options\": {\"DnsSupport\": \"enable\","
                    + " \"ApplianceModeSupport\": \"disable\"}}"));
    String read =
        "{\"Id\": \"tgw-attach-1\", \"VpcId\": \"vpc-1\", \"Options\": {\"DnsSupport\":"
            + " \"enable\", \"Ipv6Support\": \"disable\", \"ApplianceModeSupport\": \"%s\","
            + " \"SecurityGroupReferencingSupport\": \"%s\"}}";

    ObjectNode approved = GenericDocuments.approved(declared, schema);

    assertThat(GenericDocuments.live(json(read.formatted("disable", "disable")), declared, schema))
        .isEqualTo(approved);
    assertThat(GenericDocuments.live(json(read.formatted("enable", "disable")), declared, schema))
        .isNotEqualTo(approved);
    assertThat(GenericDocuments.live(json(read.formatted("disable", "enable")), declared, schema))
        .as("an option with a schema default is compared against it")
        .isNotEqualTo(approved);
  }
}
