package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A customer-managed prefix list names the blocks that group rules and routes share: its entries
 * are compared as a set keyed by block, read with DescribeManagedPrefixLists and
 * GetManagedPrefixListEntries. A block added by hand opens every rule and route that names the
 * list.
 */
class PrefixListTest {
  static final String STACK = "NetdriftSharedLists";

  static final String TEMPLATE =
      """
      {"Resources": {
        "Partners": {"Type": "AWS::EC2::PrefixList", "Properties": {
          "PrefixListName": "netdrift-partners", "AddressFamily": "IPv4", "MaxEntries": 10,
          "Entries": [
            {"Cidr": "198.51.100.0/24", "Description": "partner a"},
            {"Cidr": "203.0.113.0/24", "Description": "partner b"}]}},
        "Net": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.99.0.0/16"}},
        "PartnerApi": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
          "GroupDescription": "partner API", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "SourcePrefixListId": {"Ref": "Partners"}, "Description": "HTTPS from partners"}],
          "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "CidrIp": "10.99.0.0/16", "Description": "to the API"}]}}
      }}
      """;

  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  static Path withLists(Lab lab, String name) throws Exception {
    return lab.assemblyWith(STACK, (ObjectNode) Lab.JSON.readTree(TEMPLATE), work.resolve(name));
  }

  static String partners(Lab lab) {
    return lab.aws.cloudFormation().physicalId(STACK, "Partners");
  }

  static long version(Lab lab) {
    return lab.ec2
        .describeManagedPrefixLists(r -> r.prefixListIds(partners(lab)))
        .prefixLists()
        .get(0)
        .version();
  }

  /** An engineer's change to the partners' list, at its current version. */
  static void modify(
      Lab lab,
      java.util.function.UnaryOperator<
              software.amazon.awssdk.services.ec2.model.ModifyManagedPrefixListRequest.Builder>
          change) {
    lab.ec2.modifyManagedPrefixList(
        r -> change.apply(r.prefixListId(partners(lab)).currentVersion(version(lab))));
  }

  interface Change {
    void apply(Lab lab);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(
            "a block added by hand to the partners' list",
            (Change)
                lab ->
                    modify(
                        lab, r -> r.addEntries(e -> e.cidr("0.0.0.0/0").description("temporary"))),
            "UNMANAGED",
            "Entries[0.0.0.0/0]",
            "",
            "{\"Description\":\"temporary\"}",
            "widened",
            true,
            "aws ec2 modify-managed-prefix-list --region eu-west-1 --prefix-list-id %s"
                + " --remove-entries '[{\"Cidr\":\"0.0.0.0/0\"}]' --current-version"),
        Arguments.of(
            "a partner's block removed by hand",
            (Change) lab -> modify(lab, r -> r.removeEntries(e -> e.cidr("203.0.113.0/24"))),
            "MISSING",
            "Entries[203.0.113.0/24]",
            "{\"Description\":\"partner b\"}",
            "",
            "narrowed",
            // A partner's block is public address space.
            true,
            "aws ec2 modify-managed-prefix-list --region eu-west-1 --prefix-list-id %s"
                + " --add-entries '[{\"Cidr\":\"203.0.113.0/24\",\"Description\":\"partner b\"}]'"
                + " --current-version"),
        Arguments.of(
            "a block's description rewritten",
            (Change)
                lab ->
                    modify(
                        lab,
                        r -> r.addEntries(e -> e.cidr("198.51.100.0/24").description("partner c"))),
            "CHANGED",
            "Entries[198.51.100.0/24].Description",
            "partner a",
            "partner c",
            "unchanged",
            false,
            "aws ec2 get-managed-prefix-list-entries --region eu-west-1 --prefix-list-id %s"));
  }

  @Test
  void aCleanDeployIsInSyncAndTheListIsChecked() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Lab.Scan scan = lab.scan(withLists(lab, "clean"));

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).isZero();
      JsonNode stack = scan.stack(STACK);
      assertThat(stack.path("checked").path("AWS::EC2::PrefixList").asInt())
          .as(stack.toPrettyString())
          .isEqualTo(1);
    }
  }

  @Test
  void entriesAnsweredInAnotherOrderAreTheSameList() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withLists(lab, "order");
      lab.aws.spell(
          "GetManagedPrefixListEntries", body -> RealSpellingsTest.reverseItems(body, "entrySet"));
      assertThat(
              lab.ec2
                  .getManagedPrefixListEntries(r -> r.prefixListId(partners(lab)))
                  .entries()
                  .get(0)
                  .cidr())
          .as("the service's order differs from the template's")
          .isEqualTo("203.0.113.0/24");

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.findings()).as(scan.report().toPrettyString()).isEmpty();
      assertThat(scan.exitCode()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void eachChangeToTheListIsFoundExactly(
      String name,
      Change change,
      String kind,
      String property,
      String approved,
      String live,
      String access,
      boolean internet,
      String remediation)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = withLists(lab, "change-" + kind);
      change.apply(lab);

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      // A block added opens the group rule that names the list: reported on the group as well.
      assertThat(scan.findings()).hasSize(access.equals("widened") ? 2 : 1);
      JsonNode f = scan.findings().get(0);
      assertThat(f.path("kind").asText()).isEqualTo(kind);
      assertThat(f.path("resourceType").asText()).isEqualTo("AWS::EC2::PrefixList");
      assertThat(f.path("logicalId").asText()).isEqualTo("Partners");
      assertThat(f.path("physicalId").asText()).isEqualTo(partners(lab));
      assertThat(f.path("property").asText()).isEqualTo(property);
      assertThat(f.path("approved").asText()).isEqualTo(approved);
      assertThat(f.path("live").asText()).isEqualTo(live);
      assertThat(f.path("exposure").path("access").asText()).isEqualTo(access);
      assertThat(f.path("exposure").path("internet").asBoolean()).isEqualTo(internet);
      // What the block opens or closes: the rule that names the list.
      String rule =
          lab.aws.cloudFormation().physicalId(STACK, "PartnerApi")
              + " ingress tcp 443 from "
              + partners(lab);
      if (access.equals("unchanged")) {
        assertThat(f.path("exposure").path("reason").asText()).doesNotContain(rule);
      } else {
        assertThat(f.path("exposure").path("reason").asText()).endsWith(": " + rule);
      }
      assertThat(f.path("remediation").path("commands").get(0).asText())
          .startsWith(remediation.formatted(partners(lab)));
      if (access.equals("widened")) {
        JsonNode opened = scan.findings().get(1);
        assertThat(opened.path("kind").asText()).isEqualTo("CHANGED");
        assertThat(opened.path("resourceType").asText()).isEqualTo("AWS::EC2::SecurityGroup");
        assertThat(opened.path("logicalId").asText()).isEqualTo("PartnerApi");
        assertThat(opened.path("property").asText())
            .isEqualTo("ingress tcp 443 from " + partners(lab));
        String block = property.substring("Entries[".length(), property.length() - 1);
        assertThat(opened.path("live").asText()).contains(block);
        assertThat(opened.path("approved").asText()).doesNotContain(block);
        assertThat(opened.path("exposure").path("access").asText()).isEqualTo("widened");
        assertThat(opened.path("exposure").path("internet").asBoolean()).isEqualTo(internet);
        assertThat(opened.path("remediation").path("note").asText())
            .contains("remove " + block + " from prefix list " + partners(lab));
      }
    }
  }
}
