package io.netdrift.detector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.DriftPolicy;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.policy.Suppression;
import io.netdrift.detector.policy.Triage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every report format of one fixed scan, compared with its golden file: a change of wording, order
 * or fingerprint shows up as a diff in review. Run with {@code -Dnetdrift.golden.update=true} to
 * rewrite the golden files after an intended change.
 */
class GoldenReportTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  static final Path SARIF_SCHEMA =
      Path.of("src", "test", "resources", "sarif", "sarif-2.1.0-rtm.5.json");
  static final ObjectMapper JSON = new ObjectMapper();

  static final SecurityGroupRule SSH =
      SecurityGroupRule.of(
          Direction.INGRESS, "tcp", 22, 22, new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")), "");

  /** One scan of a small stack: SSH opened, an ACL widened, a WAF rule counting, a description. */
  static ScanReport report() {
    List<Finding> findings = new ArrayList<>();
    Finding ssh =
        Finding.unmanaged(
                new Finding.Resource(
                    "Net", "AWS::EC2::SecurityGroup", "AppGroup", "sg-0a1b2c3d4e5f60718"))
            .property(SSH.describe())
            .live(SSH.describe())
            .summary(
                "rule ingress tcp 22 from 0.0.0.0/0 on AppGroup (sg-0a1b2c3d4e5f60718) is in no template")
            .exposure(Exposure.widened(true, "ingress tcp 22 from 0.0.0.0/0 lets more through"))
            .build()
            .withRepair(Repair.rule(Repair.RuleAction.REVOKE, "sg-0a1b2c3d4e5f60718", null, SSH));
    findings.add(ssh);
    findings.add(
        Finding.changed(
                new Finding.Resource(
                    "Net", "AWS::EC2::NetworkAcl", "AppAcl", "acl-0f1e2d3c4b5a69788"))
            .property("Entries[ingress 100].CidrBlock")
            .approved("10.10.0.0/16")
            .live("0.0.0.0/0")
            .summary("AppAcl (acl-0f1e2d3c4b5a69788): Entries[ingress 100].CidrBlock differs")
            .exposure(Exposure.widened(true, "the allow entry matches more"))
            .build()
            .withRepair(
                new Repair.Document(
                    "AWS::EC2::NetworkAcl",
                    "acl-0f1e2d3c4b5a69788",
                    "Entries[ingress 100].CidrBlock",
                    "/Entries/ingress 100/CidrBlock",
                    json(
                        "{\"Entries\": {\"ingress 100\": {\"Protocol\": \"tcp\","
                            + " \"RuleAction\": \"allow\", \"CidrBlock\": \"10.10.0.0/16\","
                            + " \"PortRange\": {\"From\": 443, \"To\": 443}}}}"),
                    json(
                        "{\"Entries\": {\"ingress 100\": {\"Protocol\": \"tcp\","
                            + " \"RuleAction\": \"allow\", \"CidrBlock\": \"0.0.0.0/0\","
                            + " \"PortRange\": {\"From\": 443, \"To\": 443}}}}"))));
    findings.add(
        Finding.changed(
                new Finding.Resource(
                    "Net",
                    "AWS::WAFv2::WebACL",
                    "EdgeAcl",
                    "edge|0example-0000-4000-8000-000000000001|REGIONAL"))
            .property("Rules[rate-limit].Action")
            .approved("{\"Block\":{}}")
            .live("{\"Count\":{}}")
            .summary("EdgeAcl: Rules[rate-limit].Action differs")
            .exposure(Exposure.widened(true, "the action is weaker: Block -> Count"))
            .build());
    findings.add(
        Finding.changed(
                new Finding.Resource(
                    "Net", "AWS::EC2::SecurityGroup", "AppGroup", "sg-0a1b2c3d4e5f60718"))
            .property("GroupDescription")
            .approved("Application servers")
            .live("App servers")
            .summary("AppGroup (sg-0a1b2c3d4e5f60718): description differs")
            .exposure(Exposure.unchanged("names and descriptions do not change access"))
            .build());
    StackResult stack =
        new StackResult(
            "Net",
            "123456789012",
            "eu-west-1",
            "UPDATE_COMPLETE",
            Map.of(
                "AWS::EC2::SecurityGroup", 3, "AWS::EC2::NetworkAcl", 2, "AWS::WAFv2::WebACL", 1),
            Map.of(),
            Map.of("AWS::Logs::LogGroup", 1),
            List.of());
    Map<String, Attribution> attributions = new TreeMap<>();
    attributions.put(
        ssh.fingerprint(),
        new Attribution(
            true,
            "arn:aws:iam::123456789012:user/jane.doe",
            "AuthorizeSecurityGroupIngress",
            Instant.parse("2026-11-30T07:55:00Z"),
            "203.0.113.10",
            "aws-cli/2.15.0 Python/3.11",
            ""));
    TreeMap<String, Long> calls =
        new TreeMap<>(Map.of("DescribeSecurityGroups", 1L, "GetWebACL", 1L, "LookupEvents", 2L));
    ScanReport scanned =
        new ScanReport(
            Instant.parse("2026-11-30T08:00:00Z"),
            Instant.parse("2026-11-30T08:00:02.500Z"),
            GOLDEN.resolve("assembly").toString(),
            List.of(stack),
            findings,
            calls,
            attributions);
    DriftPolicy reviewed = DriftPolicy.load(Path.of("..", "rules", "drift-policy.yaml"));
    Suppression cosmetic =
        new Suppression(
            Optional.empty(),
            List.of(),
            List.of(),
            List.of(io.netdrift.detector.model.Glob.of("sg-0a1b2c3d4e5f60718")),
            List.of(io.netdrift.detector.model.Glob.of("GroupDescription")),
            "alice@example.com",
            "renamed in the console; the rules follow in the next release",
            "NET-42",
            LocalDate.parse("2026-12-04"),
            "rules/drift-policy.yaml:80:5");
    DriftPolicy policy =
        new DriftPolicy(
            "rules/drift-policy.yaml",
            reviewed.rules(),
            reviewed.defaultSeverity(),
            List.of(cosmetic),
            reviewed.alerting());
    return scanned.withTriage(
        Triage.of(
            scanned.findings(),
            scanned.stacks(),
            policy,
            Severity.HIGH,
            LocalDate.parse("2026-11-30"),
            "production",
            "0123456789abcdef0123456789abcdef01234567"));
  }

  static String render(ReportFormat format) throws IOException {
    StringWriter out = new StringWriter();
    ReportWriter.of(format).write(report(), out);
    return out.toString().replace("\r\n", "\n");
  }

  static String fileName(ReportFormat format) {
    return switch (format) {
      case TEXT -> "report.txt";
      case JSON -> "report.json";
      case MARKDOWN -> "report.md";
      case SARIF -> "report.sarif";
      case EVIDENCE -> "evidence.md";
      case EVIDENCE_HTML -> "evidence.html";
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ReportFormat.class)
  void everyFormatMatchesItsGoldenFile(ReportFormat format) throws IOException {
    Path golden = GOLDEN.resolve(fileName(format));
    String actual = render(format);
    if (Boolean.getBoolean("netdrift.golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(actual)
        .as(
            "%s differs from %s; rerun with -Dnetdrift.golden.update=true if intended",
            format, golden)
        .isEqualTo(Files.readString(golden));
  }

  @Test
  void theSuppressedDescriptionDoesNotFailTheRunAndHighDriftDoes() {
    ScanReport report = report();
    assertThat(report.activeFindings()).hasSize(3);
    assertThat(report.suppressedFindings()).hasSize(1);
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.triage().warnings())
        .containsExactly(
            "suppression at rules/drift-policy.yaml:80:5 (NET-42, alice@example.com) expires on 2026-12-04");
  }

  @Test
  void theJsonReportMatchesItsPublishedSchema() throws IOException {
    try (InputStream in =
        JsonReport.class.getResourceAsStream("/io/netdrift/detector/report/report.schema.json")) {
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
      List<Error> errors = schema.validate(JSON.readTree(render(ReportFormat.JSON)));
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void theSarifLogIsValidSarif210AndPointsAtTheRulesLine() throws IOException {
    JsonNode sarif = JSON.readTree(render(ReportFormat.SARIF));
    assertThat(sarifErrors(sarif)).isEmpty();
    JsonNode ssh = result(sarif, "UNMANAGED/AWS::EC2::SecurityGroup");
    assertThat(ssh.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("rules/security-groups.yaml");
    assertThat(ssh.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(20);
    assertThat(ssh.at("/level").asText()).isEqualTo("error");
    // The ACL entry is located at its own line, not the ACL's first.
    assertThat(
            result(sarif, "CHANGED/AWS::EC2::NetworkAcl")
                .at("/locations/0/physicalLocation/region/startLine")
                .asInt())
        .isEqualTo(28);
    // No rules line recorded for the web ACL: its template line instead.
    assertThat(
            result(sarif, "CHANGED/AWS::WAFv2::WebACL")
                .at("/locations/0/physicalLocation/artifactLocation/uri")
                .asText())
        .endsWith("golden/assembly/Net.template.json");
    assertThat(
            result(sarif, "CHANGED/AWS::EC2::SecurityGroup").at("/suppressions/0/status").asText())
        .isEqualTo("accepted");
  }

  static JsonNode result(JsonNode sarif, String ruleId) {
    for (JsonNode r : sarif.at("/runs/0/results")) {
      if (r.path("ruleId").asText().equals(ruleId)) {
        return r;
      }
    }
    throw new AssertionError("no result of rule " + ruleId);
  }

  @Test
  void aBrokenSarifLogIsCaughtByTheSchema() throws IOException {
    JsonNode sarif = JSON.readTree(render(ReportFormat.SARIF));
    ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0"))
        .put("level", "fatal");
    assertThat(sarifErrors(sarif)).isNotEmpty();
  }

  /** Errors of {@code sarif} against the SARIF 2.1.0 schema the build fetched. */
  public static List<Error> sarifErrors(JsonNode sarif) throws IOException {
    try (InputStream in = Files.newInputStream(SARIF_SCHEMA)) {
      Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
      return schema.validate(sarif);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
