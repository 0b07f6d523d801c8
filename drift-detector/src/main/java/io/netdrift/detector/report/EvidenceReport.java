package io.netdrift.detector.report;

import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Suppression;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The audit evidence of one run, what an ISO 27001 (A.8.9, configuration management) or SOC 2
 * (CC7.1) auditor asks for: which baseline (and commit) was checked, when, what was in scope, how
 * many resources of each type were compared, what differed, which drift was accepted, by whom and
 * until when, and what could not be checked.
 */
public final class EvidenceReport implements ReportWriter {
  private final Supplier<DocWriter> documents;

  /** Evidence written by documents {@code documents} makes (Markdown or HTML). */
  public EvidenceReport(Supplier<DocWriter> documents) {
    this.documents = documents;
  }

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    DocWriter doc = documents.get();
    String environment = report.triage().environment();
    doc.heading(
        1, "Netdrift drift-detection evidence" + (environment.isEmpty() ? "" : ": " + environment));
    doc.paragraph(
        "One run of the Netdrift drift detector: the deployed network was read with read-only"
            + " AWS calls and compared with the approved baseline, resource by resource.");
    doc.table(
        List.of("Item", "Value"),
        List.of(
            List.of("Result", ReportFacts.verdict(report)),
            List.of("Exit code", report.exitCode() + " (" + ReportFacts.explainExit(report) + ")"),
            List.of("Scan started", report.startedAt().toString()),
            List.of("Scan finished", report.finishedAt().toString()),
            List.of("Approved baseline", report.baseline()),
            List.of("Baseline git commit", orUnknown(report.triage().baselineCommit())),
            List.of("Severity policy", report.triage().policyFile()),
            List.of("Fails at severity", report.triage().failOn().label()),
            List.of("AWS API requests", Long.toString(report.apiCallTotal()))));

    doc.heading(2, "Scope");
    List<List<String>> scope = new ArrayList<>();
    for (StackResult s : report.stacks()) {
      scope.add(
          List.of(
              s.stackName(),
              s.accountLabel(),
              s.region(),
              s.status(),
              Integer.toString(s.checked().values().stream().mapToInt(Integer::intValue).sum()),
              s.problems().isEmpty() ? "complete" : "incomplete"));
    }
    doc.table(List.of("Stack", "Account", "Region", "Status", "Resources checked", "Scan"), scope);

    doc.heading(2, "Resources checked by type");
    List<List<String>> types = new ArrayList<>();
    for (Map.Entry<String, Integer> e : ReportFacts.checkedTotals(report).entrySet()) {
      types.add(List.of(e.getKey(), e.getValue().toString()));
    }
    doc.table(List.of("Resource type", "Checked"), types);

    doc.heading(2, "Findings");
    if (report.activeFindings().isEmpty()) {
      doc.paragraph(
          report.problems().isEmpty()
              ? "No drift: every resource in scope was checked and equals the approved baseline."
              : "No drift among what could be checked; see Not checked below.");
    } else {
      doc.table(
          List.of("Fingerprint", "Severity", "Kind", "Stack", "Resource", "Property", "Who"),
          rows(report, report.activeFindings()));
    }

    doc.heading(2, "Accepted drift (suppressions)");
    List<List<String>> suppressions = new ArrayList<>();
    for (Suppression s : report.triage().suppressions()) {
      long matched = report.findings().stream().filter(s::matches).count();
      boolean active =
          report.findings().stream()
              .filter(s::matches)
              .anyMatch(f -> report.assessment(f).suppressed());
      suppressions.add(
          List.of(
              s.ticket(),
              s.owner(),
              s.reason(),
              s.expires().toString(),
              matched + (active ? " (active)" : matched > 0 ? " (expired)" : ""),
              s.location()));
    }
    if (suppressions.isEmpty()) {
      doc.paragraph("None: no drift is accepted.");
    } else {
      doc.table(
          List.of("Ticket", "Owner", "Reason", "Expires", "Findings matched", "Defined at"),
          suppressions);
    }
    if (!report.suppressedFindings().isEmpty()) {
      doc.table(
          List.of("Fingerprint", "Severity", "Kind", "Stack", "Resource", "Property", "Who"),
          rows(report, report.suppressedFindings()));
    }

    doc.heading(2, "Not checked");
    if (report.problems().isEmpty()) {
      doc.paragraph("Nothing: every resource in scope was read and compared.");
    } else {
      doc.list(report.problems());
    }
    if (!report.triage().warnings().isEmpty()) {
      doc.heading(2, "Policy warnings");
      doc.list(report.triage().warnings());
    }
    doc.heading(2, "AWS API requests");
    List<List<String>> calls = new ArrayList<>();
    report.apiCalls().forEach((op, n) -> calls.add(List.of(op, n.toString())));
    doc.table(List.of("Operation", "Requests"), calls);
    out.write(doc.render());
    out.flush();
  }

  private static List<List<String>> rows(ScanReport report, List<Finding> findings) {
    List<List<String>> rows = new ArrayList<>();
    for (Finding f : report.bySeverity(findings)) {
      Assessment a = report.assessment(f);
      rows.add(
          List.of(
              f.fingerprint(),
              a.severity().label(),
              f.kind().name(),
              f.stack(),
              f.resourceType() + " " + ReportFacts.resourceName(f),
              f.property(),
              report.attribution(f).describe()));
    }
    return rows;
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }
}
