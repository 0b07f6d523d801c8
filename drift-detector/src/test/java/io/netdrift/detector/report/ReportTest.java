package io.netdrift.detector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  static final Finding SSH =
      Finding.unmanaged(new Finding.Resource("Net", "AWS::EC2::SecurityGroup", "App", "sg-1"))
          .property("ingress tcp 22 from 0.0.0.0/0")
          .live("ingress tcp 22 from 0.0.0.0/0")
          .summary("rule is in no template")
          .build();
  static final Finding GONE =
      Finding.missing(new Finding.Resource("Net", "AWS::EC2::SecurityGroup", "Db", "sg-0"))
          .property("ingress tcp 5432 from sg-1")
          .approved("ingress tcp 5432 from sg-1")
          .summary("rule is gone")
          .build();

  static ScanReport report(List<Finding> findings, List<String> problems) {
    return new ScanReport(
        Instant.parse("2026-11-30T08:00:00Z"),
        Instant.parse("2026-11-30T08:00:01Z"),
        "cdk.out",
        List.of(
            new StackResult(
                "Net",
                "123456789012",
                "eu-west-1",
                "CREATE_COMPLETE",
                Map.of("AWS::EC2::SecurityGroup", 2),
                Map.of("AWS::EC2::VPC", 1),
                Map.of(),
                problems)),
        findings);
  }

  @Test
  void statusFollowsFindingsAndProblems() {
    assertThat(report(List.of(), List.of()).status()).isEqualTo(ScanStatus.IN_SYNC);
    assertThat(report(List.of(SSH), List.of()).status()).isEqualTo(ScanStatus.DRIFT);
    assertThat(report(List.of(), List.of("could not read")).status())
        .isEqualTo(ScanStatus.INCOMPLETE);
    assertThat(report(List.of(SSH), List.of("could not read")).status())
        .isEqualTo(ScanStatus.INCOMPLETE);
  }

  @Test
  void exitCodesAreZeroOneTwo() {
    assertThat(ScanStatus.IN_SYNC.exitCode()).isZero();
    assertThat(ScanStatus.INCOMPLETE.exitCode()).isEqualTo(1);
    assertThat(ScanStatus.DRIFT.exitCode()).isEqualTo(2);
  }

  @Test
  void jsonHasASchemaVersionAndSortedFindingsWithFingerprints() throws Exception {
    StringWriter out = new StringWriter();
    new JsonReport().write(report(List.of(SSH, GONE), List.of()), out);
    JsonNode json = new ObjectMapper().readTree(out.toString());

    assertThat(json.path("schemaVersion").asInt()).isEqualTo(ScanReport.SCHEMA_VERSION);
    assertThat(json.path("status").asText()).isEqualTo("DRIFT");
    assertThat(json.path("exitCode").asInt()).isEqualTo(2);
    assertThat(json.path("summary").path("byKind").path("UNMANAGED").asInt()).isEqualTo(1);
    assertThat(json.path("findings").findValuesAsText("physicalId"))
        .containsExactly("sg-0", "sg-1");
    assertThat(json.path("findings").get(1).path("fingerprint").asText())
        .isEqualTo(SSH.fingerprint())
        .hasSize(16);
    assertThat(json.path("stacks").get(0).path("notChecked").path("AWS::EC2::VPC").asInt())
        .isEqualTo(1);
  }

  @Test
  void theFingerprintDependsOnWhatDriftedNotWhen() {
    Finding same =
        Finding.unmanaged(new Finding.Resource("Net", "AWS::EC2::SecurityGroup", "App", "sg-1"))
            .property("ingress tcp 22 from 0.0.0.0/0")
            .live("ingress tcp 22 from 0.0.0.0/0")
            .summary("other words")
            .build();
    Finding other =
        Finding.unmanaged(new Finding.Resource("Net", "AWS::EC2::SecurityGroup", "App", "sg-1"))
            .property("ingress tcp 23 from 0.0.0.0/0")
            .live("ingress tcp 23 from 0.0.0.0/0")
            .summary("rule is in no template")
            .build();

    assertThat(same.fingerprint()).isEqualTo(SSH.fingerprint());
    assertThat(other.fingerprint()).isNotEqualTo(SSH.fingerprint());
  }

  @Test
  void theTextReportSaysTheVerdictTheFindingAndWhatWasNotChecked() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(report(List.of(SSH), List.of()), out);

    assertThat(out.toString())
        .contains("Netdrift scan: DRIFT (1 finding)")
        .contains("UNMANAGED")
        .contains("live:     ingress tcp 22 from 0.0.0.0/0")
        .contains("not checked:      AWS::EC2::VPC x1")
        .contains("Exit 2: drift at or above --fail-on info");
  }

  @Test
  void theTextReportOfAnIncompleteScanNeverSaysInSync() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(report(List.of(), List.of("could not read from AWS: denied")), out);

    assertThat(out.toString())
        .contains("INCOMPLETE")
        .contains("NOT CHECKED: could not read from AWS: denied")
        .doesNotContain("  in sync\n");
  }
}
