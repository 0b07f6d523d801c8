package io.netdrift.detector.report;

import io.netdrift.detector.diff.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report for people: a verdict line, findings grouped by stack and resource, what was not
 * checked.
 */
public final class TextReport implements ReportWriter {
  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    PrintWriter w = new PrintWriter(out);
    long millis = Duration.between(report.startedAt(), report.finishedAt()).toMillis();
    w.printf("Netdrift scan: %s%n", verdict(report));
    w.printf(
        "Baseline %s, %d stack(s), started %s, took %.1f s%n",
        report.baseline(), report.stacks().size(), report.startedAt(), millis / 1000.0);
    for (StackResult stack : report.stacks()) {
      w.println();
      w.printf(
          "%s  (account %s, %s, %s)%n",
          stack.stackName(),
          stack.account().isEmpty() ? "?" : stack.account(),
          stack.region(),
          stack.status());
      List<Finding> findings =
          report.findings().stream().filter(f -> f.stack().equals(stack.stackName())).toList();
      String resource = null;
      for (Finding f : findings) {
        String current = f.resourceType() + " " + name(f);
        if (!current.equals(resource)) {
          resource = current;
          w.printf("  %s%n", current);
        }
        w.printf("    %-22s %s%n", f.kind(), f.summary());
        if (!f.approved().isEmpty() || !f.live().isEmpty()) {
          w.printf(
              "    %-22s approved: %s%n", "", f.approved().isEmpty() ? "(nothing)" : f.approved());
          w.printf("    %-22s live:     %s%n", "", f.live().isEmpty() ? "(nothing)" : f.live());
        }
        w.printf("    %-22s fingerprint %s%n", "", f.fingerprint());
        if (!f.diff().isEmpty()) {
          for (String line : f.diff().split("\n")) {
            w.printf("    %-22s   %s%n", "", line);
          }
        }
      }
      if (findings.isEmpty() && stack.problems().isEmpty() && !stack.checked().isEmpty()) {
        w.println("  in sync");
      }
      for (String problem : stack.problems()) {
        w.printf("  NOT CHECKED: %s%n", problem);
      }
      if (!stack.checked().isEmpty()) {
        w.printf("  checked:          %s%n", counts(stack.checked()));
      }
      if (!stack.notChecked().isEmpty()) {
        w.printf("  not covered yet:  %s%n", counts(stack.notChecked()));
      }
    }
    w.println();
    w.printf("Exit %d: %s%n", report.status().exitCode(), explain(report.status()));
    w.flush();
  }

  private static String verdict(ScanReport report) {
    return switch (report.status()) {
      case IN_SYNC -> "IN SYNC (everything checked is as approved)";
      case DRIFT ->
          "DRIFT ("
              + report.findings().size()
              + " finding"
              + (report.findings().size() == 1 ? "" : "s")
              + ")";
      case INCOMPLETE ->
          "INCOMPLETE ("
              + report.problems().size()
              + " thing(s) could not be checked"
              + (report.findings().isEmpty() ? "" : ", " + report.findings().size() + " finding(s)")
              + ")";
    };
  }

  private static String explain(ScanStatus status) {
    return switch (status) {
      case IN_SYNC -> "in sync";
      case DRIFT -> "drift found";
      case INCOMPLETE -> "the scan is incomplete; it does not prove the network is in sync";
    };
  }

  private static String name(Finding f) {
    if (f.logicalId().isEmpty()) {
      return f.physicalId();
    }
    return f.physicalId().isEmpty() ? f.logicalId() : f.logicalId() + " (" + f.physicalId() + ")";
  }

  private static String counts(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
