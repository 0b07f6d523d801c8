package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers the real services give that a template does not spell: the scan of a clean deploy stays
 * clean, and nothing crashes on them.
 */
class RealAwsAnswersTest {
  @TempDir Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  @Test
  void anIpv6OnlySubnetIsComparedAndAnAddedIpv4BlockWouldShow() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.60.0.0/16"}},
                    "V6Only": {"Type": "AWS::EC2::Subnet", "Properties": {
                      "VpcId": {"Ref": "Vpc"}, "Ipv6Native": true,
                      "Ipv6CidrBlock": "2001:db8:60:1a00::/64", "AvailabilityZone": "eu-west-1a"}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Ipv6Edge", template, work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      JsonNode stack = null;
      for (JsonNode s : scan.report().path("stacks")) {
        if (s.path("stackName").asText().equals("Ipv6Edge")) {
          stack = s;
        }
      }
      assertThat(stack).isNotNull();
      assertThat(stack.path("checked").path("AWS::EC2::Subnet").asInt()).isEqualTo(1);
      assertThat(stack.path("problems")).isEmpty();
    }
  }

  @Test
  void theRealAppScansCleanWhereWafAnswersEmptyDescriptions() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String[] id = lab.webAclId();
      assertThat(
              lab.waf
                  .getWebACL(
                      r ->
                          r.name(id[0])
                              .id(id[1])
                              .scope(software.amazon.awssdk.services.wafv2.model.Scope.REGIONAL))
                  .webACL()
                  .description())
          .as("the emulator answers as WAF does")
          .isEmpty();

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.findings()).isEmpty();
    }
  }
}
