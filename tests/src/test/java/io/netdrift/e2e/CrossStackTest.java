package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone rules one stack declares on another stack's group belong to that group: no false
 * UNMANAGED where the group lives, and a MISSING when they are gone.
 */
class CrossStackTest {
  static final String RULES_STACK = "NetdriftPartnerRules";

  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  /** The real assembly plus a stack of rules on the app group and on a group of no stack. */
  static Path withRulesStack(Lab lab, String appGroup, String otherGroup, Path into)
      throws IOException {
    ObjectNode template = Lab.JSON.createObjectNode();
    ObjectNode resources = template.putObject("Resources");
    resources.set("AppFromPartner", rule(appGroup, 8443, "partner API"));
    resources.set(
        "SharedFromProduction", rule(otherGroup, 9000, "production to the shared service"));
    return lab.assemblyWith(RULES_STACK, template, into);
  }

  static ObjectNode rule(String groupId, int port, String description) {
    ObjectNode r = Lab.JSON.createObjectNode().put("Type", "AWS::EC2::SecurityGroupIngress");
    r.putObject("Properties")
        .put("GroupId", groupId)
        .put("IpProtocol", "tcp")
        .put("FromPort", port)
        .put("ToPort", port)
        .put("CidrIp", "10.10.0.0/16")
        .put("Description", description);
    return r;
  }

  static JsonNode scan(Lab lab, Path baseline, List<Integer> code) throws Exception {
    Lab.Scan scan = lab.scan(baseline);
    code.add(scan.exitCode());
    return scan.report();
  }

  @Test
  void rulesFromAnotherStackAreApprovedOnTheGroupTheyBelongTo() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String app = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
      String shared =
          lab.ec2
              .createSecurityGroup(
                  r -> r.groupName("shared").description("shared").vpcId(lab.vpc()))
              .groupId();
      Path baseline = withRulesStack(lab, app, shared, work.resolve("with-rules-1"));
      // The shared group was made by hand in the managed VPC: that alone is an unmanaged group.
      List<Integer> code = new ArrayList<>();

      JsonNode report = scan(lab, baseline, code);

      assertThat(report.path("findings"))
          .as(report.toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
                assertThat(f.path("physicalId").asText()).isEqualTo(shared);
                assertThat(f.path("property").asText()).isEmpty();
              });
      // The rule the rules stack declares on the hand-made group is approved: no finding of its
      // own.
      assertThat(code).containsExactly(2);
    }
  }

  @Test
  void aCrossStackRuleRevokedIsMissingOnItsGroupAndAnOrphanRuleRevokedIsMissingToo()
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String app = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
      String shared =
          lab.ec2
              .createSecurityGroup(
                  r -> r.groupName("shared").description("shared").vpcId(lab.vpc()))
              .groupId();
      Path baseline = withRulesStack(lab, app, shared, work.resolve("with-rules-2"));
      lab.ec2.revokeSecurityGroupIngress(
          r ->
              r.groupId(app)
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(8443)
                              .toPort(8443)
                              .ipRanges(i -> i.cidrIp("10.10.0.0/16"))));
      lab.ec2.revokeSecurityGroupIngress(
          r ->
              r.groupId(shared)
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(9000)
                              .toPort(9000)
                              .ipRanges(i -> i.cidrIp("10.10.0.0/16"))));
      List<Integer> code = new ArrayList<>();

      JsonNode report = scan(lab, baseline, code);

      List<String> missing = new ArrayList<>();
      report
          .path("findings")
          .forEach(
              f -> {
                if (f.path("kind").asText().equals("MISSING")) {
                  missing.add(f.path("physicalId").asText() + " " + f.path("approved").asText());
                }
              });
      assertThat(missing)
          .as(report.toPrettyString())
          .containsExactlyInAnyOrder(
              app + " ingress tcp 8443 from 10.10.0.0/16",
              shared + " ingress tcp 9000 from 10.10.0.0/16");
      assertThat(code).containsExactly(2);
    }
  }
}
