package io.netdrift.detector.report;

import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The report for people: a verdict line, findings grouped by stack and resource with severity, who
 * and how to fix, what was not checked. Colour only where asked (a terminal without {@code
 * NO_COLOR}).
 */
public final class TextReport implements ReportWriter {
  private static final String RESET = "\u001b[0m";

  private final boolean colour;

  /** Without colour. */
  public TextReport() {
    this(false);
  }

  public TextReport(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    PrintWriter w = new PrintWriter(out);
    w.printf("Netdrift scan: %s%n", paint(verdictColour(report), ReportFacts.verdict(report)));
    w.printf(
        Locale.ROOT,
        "Baseline %s, %d stack(s), started %s, took %.1f s%n",
        report.baseline(),
        report.stacks().size(),
        report.startedAt(),
        ReportFacts.seconds(report));
    if (!report.triage().baselineCommit().isEmpty() || !report.triage().environment().isEmpty()) {
      w.printf(
          "Environment %s, baseline commit %s%n",
          orUnknown(report.triage().environment()), orUnknown(report.triage().baselineCommit()));
    }
    w.printf(
        "Policy %s, fail on %s%n", report.triage().policyFile(), report.triage().failOn().label());
    for (StackResult stack : report.stacks()) {
      w.println();
      w.printf(
          "%s  (account %s, %s, %s)%n",
          paint("\u001b[1m", stack.stackName()),
          stack.accountLabel(),
          stack.region(),
          stack.status());
      List<Finding> findings =
          report.findings().stream().filter(f -> f.stack().equals(stack.stackName())).toList();
      String resource = null;
      for (Finding f : findings) {
        String current = f.resourceType() + " " + ReportFacts.resourceName(f);
        if (!current.equals(resource)) {
          resource = current;
          w.printf("  %s%n", current);
        }
        finding(w, report, f);
      }
      if (findings.isEmpty() && stack.problems().isEmpty() && !stack.checked().isEmpty()) {
        w.println("  in sync");
      }
      for (String problem : stack.problems()) {
        w.printf("  %s %s%n", paint("\u001b[33m", "NOT CHECKED:"), problem);
      }
      if (!stack.checked().isEmpty()) {
        w.printf("  checked:          %s%n", ReportFacts.counts(stack.checked()));
      }
      if (!stack.notChecked().isEmpty()) {
        w.printf("  not checked:      %s%n", ReportFacts.counts(stack.notChecked()));
      }
      if (!stack.outOfScope().isEmpty()) {
        w.printf("  out of scope:     %s%n", ReportFacts.counts(stack.outOfScope()));
      }
    }
    if (!report.triage().warnings().isEmpty()) {
      w.println();
      for (String warning : report.triage().warnings()) {
        w.printf("%s %s%n", paint("\u001b[33m", "warning:"), warning);
      }
    }
    w.println();
    w.printf("Exit %d: %s%n", report.exitCode(), ReportFacts.explainExit(report));
    w.flush();
  }

  private void finding(PrintWriter w, ScanReport report, Finding f) {
    Assessment a = report.assessment(f);
    String label = a.suppressed() ? "SUPPRESSED" : a.severity().name();
    String pad = " ".repeat(15);
    w.printf(
        "    %s %-22s %s%n",
        paint(
            a.suppressed() ? "\u001b[2m" : severityColour(a.severity()),
            String.format("%-10s", label)),
        f.kind(),
        f.summary());
    if (!f.approved().isEmpty() || !f.live().isEmpty()) {
      w.printf("    %s approved: %s%n", pad, ReportFacts.orNothing(f.approved()));
      w.printf("    %s live:     %s%n", pad, ReportFacts.orNothing(f.live()));
    }
    w.printf("    %s exposure: %s (%s)%n", pad, f.exposure().label(), f.exposure().reason());
    Attribution by = report.attribution(f);
    w.printf("    %s who:      %s%n", pad, by.describe());
    if (a.suppression().isPresent()) {
      w.printf(
          "    %s %s %s%n",
          pad, a.suppressed() ? "accepted:" : "EXPIRED: ", a.suppression().get().describe());
    }
    for (int i = 0; i < a.remediation().commands().size(); i++) {
      w.printf(
          "    %s %s %s%n",
          pad,
          i == 0 ? (a.remediation().exact() ? "fix:     " : "fix (check first):") : "         ",
          a.remediation().commands().get(i));
    }
    if (!a.remediation().note().isEmpty()) {
      w.printf("    %s note:     %s%n", pad, a.remediation().note());
    }
    w.printf("    %s fingerprint %s (%s)%n", pad, f.fingerprint(), a.rule());
    if (!f.diff().isEmpty()) {
      for (String line : f.diff().split("\n")) {
        w.printf("    %s   %s%n", pad, line);
      }
    }
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }

  private static String severityColour(Severity s) {
    return switch (s) {
      case CRITICAL -> "\u001b[1;31m";
      case HIGH -> "\u001b[31m";
      case MEDIUM -> "\u001b[33m";
      case LOW, INFO -> "\u001b[36m";
    };
  }

  private static String verdictColour(ScanReport report) {
    return switch (report.status()) {
      case IN_SYNC -> "\u001b[32m";
      case DRIFT -> "\u001b[1;31m";
      case INCOMPLETE -> "\u001b[1;33m";
    };
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }
}
