package io.netdrift.detector.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/** The JSON report: keys in a fixed order, findings sorted, a {@code schemaVersion} first. */
public final class JsonReport implements ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    JSON.writeValue(new NonClosingWriter(out), toJson(report));
    out.write(System.lineSeparator());
    out.flush();
  }

  /** The report as a JSON tree. */
  public static ObjectNode toJson(ScanReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", ScanReport.SCHEMA_VERSION);
    root.put("tool", "netdrift");
    root.put("status", report.status().name());
    root.put("exitCode", report.exitCode());
    root.put("startedAt", report.startedAt().toString());
    root.put("finishedAt", report.finishedAt().toString());
    root.put("baseline", report.baseline());
    root.put("baselineCommit", report.triage().baselineCommit());
    root.put("environment", report.triage().environment());
    root.put("policy", report.triage().policyFile());
    root.put("failOn", report.triage().failOn().label());
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("apiCallTotal", report.apiCallTotal());
    ObjectNode calls = metadata.putObject("apiCalls");
    report.apiCalls().forEach(calls::put);
    ObjectNode summary = root.putObject("summary");
    summary.put("findings", report.activeFindings().size());
    summary.put("suppressed", report.suppressedFindings().size());
    ObjectNode bySeverity = summary.putObject("bySeverity");
    report.severityCounts(report.activeFindings()).forEach((s, n) -> bySeverity.put(s.label(), n));
    ObjectNode byKind = summary.putObject("byKind");
    for (FindingKind kind : FindingKind.values()) {
      byKind.put(
          kind.name(), report.activeFindings().stream().filter(f -> f.kind() == kind).count());
    }
    ArrayNode stacks = root.putArray("stacks");
    for (StackResult stack : report.stacks()) {
      ObjectNode s = stacks.addObject();
      s.put("stackName", stack.stackName());
      s.put("account", stack.account());
      s.put("region", stack.region());
      s.put("status", stack.status());
      if (stack.deferred()) {
        s.put("deferred", true);
      }
      counts(s.putObject("checked"), stack.checked());
      counts(s.putObject("notChecked"), stack.notChecked());
      counts(s.putObject("outOfScope"), stack.outOfScope());
      ArrayNode unchecked = s.putArray("notCheckedResources");
      for (StackResult.Unchecked u : stack.notCheckedResources()) {
        unchecked
            .addObject()
            .put("type", u.type())
            .put("logicalId", u.logicalId())
            .put("reason", u.reason());
      }
      ArrayNode problems = s.putArray("problems");
      stack.problems().forEach(problems::add);
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode f = findings.addObject();
      f.put("fingerprint", finding.fingerprint());
      f.put("kind", finding.kind().name());
      f.put("stack", finding.stack());
      f.put("resourceType", finding.resourceType());
      f.put("logicalId", finding.logicalId());
      f.put("physicalId", finding.physicalId());
      f.put("property", finding.property());
      f.put("approved", finding.approved());
      f.put("live", finding.live());
      f.put("summary", finding.summary());
      if (!finding.diff().isEmpty()) {
        f.put("diff", finding.diff());
      }
      Assessment a = report.assessment(finding);
      f.put("severity", a.severity().label());
      f.put("severityRule", a.rule());
      ObjectNode exposure = f.putObject("exposure");
      exposure.put("access", finding.exposure().access().name().toLowerCase(Locale.ROOT));
      exposure.put("internet", finding.exposure().internet());
      exposure.put("reason", finding.exposure().reason());
      report.attribution(finding).writeTo(f.putObject("attribution"));
      ObjectNode remediation = f.putObject("remediation");
      remediation.put("exact", a.remediation().exact());
      ArrayNode commands = remediation.putArray("commands");
      a.remediation().commands().forEach(commands::add);
      remediation.put("note", a.remediation().note());
      f.put("suppressed", a.suppressed());
      a.suppression()
          .ifPresent(
              s -> {
                ObjectNode n = f.putObject("suppression");
                n.put("active", a.suppressed());
                n.put("owner", s.owner());
                n.put("reason", s.reason());
                n.put("ticket", s.ticket());
                n.put("expires", s.expires().toString());
                n.put("location", s.location());
              });
    }
    ArrayNode warnings = root.putArray("warnings");
    report.triage().warnings().forEach(warnings::add);
    return root;
  }

  private static void counts(ObjectNode node, Map<String, Integer> counts) {
    counts.forEach(node::put);
  }

  /** Jackson closes the writer it is given; the caller owns {@code out}. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
