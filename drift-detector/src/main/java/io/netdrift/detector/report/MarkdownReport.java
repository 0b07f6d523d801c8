package io.netdrift.detector.report;

import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report for a ticket or a pull request: a summary table, then each finding with its fix. */
public final class MarkdownReport implements ReportWriter {
  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    DocWriter doc = new MarkdownDoc();
    doc.heading(1, "Netdrift scan: " + ReportFacts.verdict(report));
    doc.table(
        List.of("", ""),
        List.of(
            List.of("Environment", orUnknown(report.triage().environment())),
            List.of("Baseline", report.baseline()),
            List.of("Baseline commit", orUnknown(report.triage().baselineCommit())),
            List.of("Started", report.startedAt().toString()),
            List.of("Took", String.format(Locale.ROOT, "%.1f s", ReportFacts.seconds(report))),
            List.of("Policy", report.triage().policyFile()),
            List.of(
                "Exit code", report.exitCode() + " (" + ReportFacts.explainExit(report) + ")")));
    doc.heading(2, "Summary");
    Map<Severity, Long> active = report.severityCounts(report.activeFindings());
    Map<Severity, Long> accepted = report.severityCounts(report.suppressedFindings());
    List<List<String>> rows = new ArrayList<>();
    for (Severity s : Severity.values()) {
      rows.add(List.of(s.label(), active.get(s).toString(), accepted.get(s).toString()));
    }
    doc.table(List.of("Severity", "Findings", "Suppressed"), rows);
    if (!report.findings().isEmpty()) {
      doc.heading(2, "Findings");
      for (Finding f : report.bySeverity(report.findings())) {
        finding(doc, report, f);
      }
    }
    if (!report.problems().isEmpty()) {
      doc.heading(2, "Not checked");
      doc.paragraph("The scan is incomplete: it does not prove the network is in sync.");
      doc.list(report.problems());
    }
    doc.heading(2, "Stacks");
    List<List<String>> stacks = new ArrayList<>();
    for (StackResult s : report.stacks()) {
      stacks.add(
          List.of(
              s.stackName(),
              s.accountLabel(),
              s.region(),
              s.status(),
              ReportFacts.counts(s.checked())));
    }
    doc.table(List.of("Stack", "Account", "Region", "Status", "Checked"), stacks);
    if (!report.triage().warnings().isEmpty()) {
      doc.heading(2, "Warnings");
      doc.list(report.triage().warnings());
    }
    out.write(doc.render());
    out.flush();
  }

  private static void finding(DocWriter doc, ScanReport report, Finding f) {
    Assessment a = report.assessment(f);
    doc.heading(
        3,
        (a.suppressed() ? "Suppressed " : "")
            + a.severity().name()
            + " "
            + f.kind()
            + ": "
            + f.resourceType()
            + " "
            + ReportFacts.resourceName(f)
            + (f.property().isEmpty() ? "" : " " + f.property()));
    doc.paragraph(f.summary());
    Attribution by = report.attribution(f);
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Stack", f.stack()));
    rows.add(List.of("Approved", ReportFacts.orNothing(f.approved())));
    rows.add(List.of("Live", ReportFacts.orNothing(f.live())));
    rows.add(List.of("Exposure", f.exposure().label() + ": " + f.exposure().reason()));
    rows.add(List.of("Who", by.describe()));
    rows.add(List.of("Severity rule", a.rule()));
    a.suppression()
        .ifPresent(
            s ->
                rows.add(
                    List.of(a.suppressed() ? "Accepted" : "Suppression expired", s.describe())));
    rows.add(List.of("Fingerprint", f.fingerprint()));
    doc.table(List.of("", ""), rows);
    if (!f.diff().isEmpty()) {
      doc.code(f.diff());
    }
    if (!a.remediation().commands().isEmpty()) {
      doc.paragraph(a.remediation().exact() ? "Fix:" : "Fix (check first):");
      doc.code(String.join("\n", a.remediation().commands()));
    }
    if (!a.remediation().note().isEmpty()) {
      doc.paragraph("Note: " + a.remediation().note());
    }
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }
}
