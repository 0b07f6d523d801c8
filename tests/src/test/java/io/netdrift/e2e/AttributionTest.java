package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who made a drift comes from CloudTrail; where CloudTrail cannot say, the finding says "unknown"
 * and why, and the scan is as complete as it was: attribution explains drift, it never hides or
 * invents it.
 */
class AttributionTest extends LabTest {
  String appGroup;

  @BeforeEach
  void deploy() {
    appGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
    lab.aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::123456789012:role/breakglass");
  }

  JsonNode scan(String... extra) throws Exception {
    StringWriter out = new StringWriter();
    List<String> args = lab.scanArgs(assembly);
    args.add("--slack-webhook-url=");
    args.addAll(List.of(extra));
    int code =
        Main.run(
            new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    JsonNode report = Lab.JSON.readTree(out.toString());
    assertThat(code).isEqualTo(report.path("exitCode").asInt());
    return report;
  }

  void openPorts(int... ports) {
    for (int port : ports) {
      lab.ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(appGroup)
                  .ipProtocol("tcp")
                  .fromPort(port)
                  .toPort(port)
                  .cidrIp("10.0.0.0/8"));
    }
  }

  @Test
  void aCleanScanAsksCloudTrailNothing() throws Exception {
    JsonNode report = scan();

    assertThat(report.path("status").asText()).isEqualTo("IN_SYNC");
    assertThat(lookups(report)).isZero();
    assertThat(report.at("/metadata/apiCalls").size()).isPositive();
  }

  @Test
  void eachDriftedResourceIsLookedUpOnceAndNamesTheCaller() throws Exception {
    openPorts(2222, 2223);

    JsonNode report = scan();

    assertThat(report.path("findings")).hasSize(2);
    for (JsonNode f : report.path("findings")) {
      assertThat(f.at("/attribution/known").asBoolean()).isTrue();
      assertThat(f.at("/attribution/principal").asText())
          .isEqualTo("arn:aws:iam::123456789012:role/breakglass");
      assertThat(f.at("/attribution/eventName").asText())
          .isEqualTo("AuthorizeSecurityGroupIngress");
    }
    // Two findings on one group: one lookup.
    assertThat(lookups(report)).isEqualTo(1);
  }

  /** LookupEvents requests the scan sent, as its report counts them. */
  static int lookups(JsonNode report) {
    return report.at("/metadata/apiCalls").path("CloudTrail.LookupEvents").asInt(0);
  }

  @Test
  void cloudTrailDeniedLeavesTheActorUnknownAndTheScanComplete() throws Exception {
    openPorts(2222);
    lab.aws.failNext("LookupEvents", 5, AwsEmulator.Fault.ACCESS_DENIED);

    JsonNode report = scan();

    assertThat(report.path("status").asText()).isEqualTo("DRIFT");
    assertThat(report.path("exitCode").asInt()).isEqualTo(2);
    JsonNode attribution = report.at("/findings/0/attribution");
    assertThat(attribution.path("known").asBoolean()).isFalse();
    assertThat(attribution.path("note").asText())
        .isEqualTo("CloudTrail LookupEvents failed: AccessDeniedException");
  }

  @Test
  void cloudTrailThrottledPastEveryRetryLeavesTheActorUnknownAndTheScanComplete() throws Exception {
    openPorts(2223);
    lab.aws.failNext("LookupEvents", 20, AwsEmulator.Fault.THROTTLE);

    JsonNode report = scan();

    assertThat(report.path("status").asText()).isEqualTo("DRIFT");
    assertThat(report.path("exitCode").asInt()).isEqualTo(2);
    JsonNode attribution = report.at("/findings/0/attribution");
    assertThat(attribution.path("known").asBoolean()).isFalse();
    assertThat(attribution.path("note").asText())
        .isEqualTo("CloudTrail LookupEvents failed: ThrottlingException");
  }

  @Test
  void theLookupLimitCapsTheCallsAndSaysSo() throws Exception {
    openPorts(2222);
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsDb"))
                .ipProtocol("tcp")
                .fromPort(2222)
                .toPort(2222)
                .cidrIp("10.0.0.0/8"));

    JsonNode report = scan("--attribution-limit", "1");

    assertThat(lookups(report)).isEqualTo(1);
    List<String> notes = new ArrayList<>();
    report.path("findings").forEach(f -> notes.add(f.at("/attribution/note").asText()));
    assertThat(notes).contains("not looked up: this scan's limit of 1 lookups was reached");
  }

  @Test
  void lookupsArePacedToCloudTrailsTwoASecondSoNoneIsThrottled() throws Exception {
    lab.aws.cloudTrail().limitLookups(true);
    // Three drifted resources: three lookups in one scan.
    openPorts(2222);
    String dataGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsDb");
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(dataGroup)
                .ipProtocol("tcp")
                .fromPort(2223)
                .toPort(2223)
                .cidrIp("10.0.0.0/8"));
    String edgeGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsAlb");
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(edgeGroup)
                .ipProtocol("tcp")
                .fromPort(2224)
                .toPort(2224)
                .cidrIp("10.0.0.0/8"));

    JsonNode report = scan();

    assertThat(report.path("findings")).hasSize(3);
    assertThat(lab.aws.cloudTrail().throttled())
        .as("LookupEvents answered ThrottlingException")
        .isZero();
    report
        .path("findings")
        .forEach(
            f ->
                assertThat(f.at("/attribution/principal").asText())
                    .isEqualTo("arn:aws:iam::123456789012:role/breakglass"));
  }
}
