package io.netdrift.detector.policy;

import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a scan's findings are judged and for whom: the policy's assessment of each finding (by
 * fingerprint), the severity that fails the run, the suppressions in force, warnings about the
 * policy itself, and the context a reader needs (environment, baseline commit).
 */
public record Triage(
    String policyFile,
    Severity failOn,
    Map<String, Assessment> assessments,
    List<Suppression> suppressions,
    List<String> warnings,
    String environment,
    String baselineCommit,
    DriftPolicy.Alerting alerting) {
  public Triage {
    assessments = Map.copyOf(assessments);
    suppressions = List.copyOf(suppressions);
    warnings = List.copyOf(warnings);
    environment = environment == null ? "" : environment;
    baselineCommit = baselineCommit == null ? "" : baselineCommit;
  }

  /** No policy applied: every finding counts, at the default severity. */
  public static Triage none() {
    DriftPolicy none = DriftPolicy.none();
    return new Triage(
        none.file(), Severity.INFO, Map.of(), List.of(), List.of(), "", "", none.alerting());
  }

  /**
   * Judges every one of a scan's {@code findings} (on its {@code stacks}) with {@code policy} as of
   * {@code today}.
   */
  public static Triage of(
      List<Finding> findings,
      List<StackResult> stacks,
      DriftPolicy policy,
      Severity failOn,
      LocalDate today,
      String environment,
      String baselineCommit) {
    Map<String, String> regions = new HashMap<>();
    for (StackResult stack : stacks) {
      regions.put(stack.stackName(), stack.region());
    }
    Map<String, Assessment> assessments = new HashMap<>();
    for (Finding finding : findings) {
      assessments.put(
          finding.fingerprint(),
          policy.assess(finding, today, regions.getOrDefault(finding.stack(), "")));
    }
    List<String> warnings = new ArrayList<>();
    for (Suppression s : policy.suppressions()) {
      boolean used = findings.stream().anyMatch(s::matches);
      if (!s.activeOn(today)) {
        if (!used) {
          warnings.add(
              "suppression at "
                  + s.location()
                  + " ("
                  + s.ticket()
                  + ") expired on "
                  + s.expires()
                  + " and matches nothing: remove it");
        }
      } else if (!used) {
        warnings.add(
            "suppression at "
                + s.location()
                + " ("
                + s.ticket()
                + ") matches no finding:"
                + " the drift it accepted is gone; remove it");
      } else if (!today.plusDays(7).isBefore(s.expires())) {
        warnings.add(
            "suppression at "
                + s.location()
                + " ("
                + s.ticket()
                + ", "
                + s.owner()
                + ") expires on "
                + s.expires());
      }
    }
    return new Triage(
        policy.file(),
        failOn,
        assessments,
        policy.suppressions(),
        warnings,
        environment,
        baselineCommit,
        policy.alerting());
  }

  /** The assessment of {@code finding}; unjudged findings count at the empty policy's high. */
  public Assessment assessment(Finding finding) {
    Assessment a = assessments.get(finding.fingerprint());
    // Not judged (no policy applied): as the empty policy judges it; it has no dated rules.
    return a != null ? a : DriftPolicy.none().assess(finding, LocalDate.EPOCH, "");
  }
}
