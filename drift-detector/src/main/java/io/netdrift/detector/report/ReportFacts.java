package io.netdrift.detector.report;

import io.netdrift.detector.model.Finding;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** What every report format says the same way: names, verdicts, orders, totals. */
final class ReportFacts {
  private ReportFacts() {}

  /** {@code LogicalId (physical-id)}, or whichever one there is. */
  static String resourceName(Finding f) {
    if (f.logicalId().isEmpty()) {
      return f.physicalId();
    }
    return f.physicalId().isEmpty() ? f.logicalId() : f.logicalId() + " (" + f.physicalId() + ")";
  }

  /** Resources checked per type, summed over the stacks. */
  static Map<String, Integer> checkedTotals(ScanReport report) {
    Map<String, Integer> totals = new TreeMap<>();
    report
        .stacks()
        .forEach(s -> s.checked().forEach((type, n) -> totals.merge(type, n, Integer::sum)));
    return totals;
  }

  /** {@code DRIFT (3 findings, 1 suppressed)}. */
  static String verdict(ScanReport report) {
    int active = report.activeFindings().size();
    int suppressed = report.suppressedFindings().size();
    String accepted = suppressed == 0 ? "" : ", " + suppressed + " suppressed";
    return switch (report.status()) {
      case IN_SYNC -> "IN SYNC (everything checked is as approved" + accepted + ")";
      case DRIFT -> "DRIFT (" + active + " finding" + (active == 1 ? "" : "s") + accepted + ")";
      case INCOMPLETE ->
          "INCOMPLETE ("
              + report.problems().size()
              + " thing(s) could not be checked"
              + (active == 0 ? "" : ", " + active + " finding(s)")
              + accepted
              + ")";
    };
  }

  /** What the exit code means. */
  static String explainExit(ScanReport report) {
    return switch (report.exitCode()) {
      case 0 ->
          report.activeFindings().isEmpty()
              ? "in sync"
              : "drift below --fail-on " + report.triage().failOn().label();
      case 2 -> "drift at or above --fail-on " + report.triage().failOn().label();
      default -> "the scan is incomplete; it does not prove the network is in sync";
    };
  }

  static double seconds(ScanReport report) {
    return Duration.between(report.startedAt(), report.finishedAt()).toMillis() / 1000.0;
  }

  static String orNothing(String value) {
    return value.isEmpty() ? "(nothing)" : value;
  }

  /** Counts as {@code type x3, other x1}. */
  static String counts(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
