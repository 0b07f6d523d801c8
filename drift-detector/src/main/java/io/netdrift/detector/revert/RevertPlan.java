package io.netdrift.detector.revert;

import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Remediation;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.report.ScanReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code revert} would do for each fingerprint asked for, read from a fresh scan: the
 * finding's own remediation, or why it is refused. A stack CloudFormation is changing, a resource
 * Firewall Manager owns, a remediation that says "check first" (unless forced by name), a
 * fingerprint that names no open drift, and a repair revert cannot run itself are refused.
 */
public final class RevertPlan {
  private RevertPlan() {}

  /**
   * One fingerprint's step: the finding and its remediation, or the refusal.
   *
   * @param finding empty where the scan found no open drift with the fingerprint
   */
  public record Step(
      String fingerprint,
      Optional<Finding> finding,
      Remediation remediation,
      Optional<String> refusal) {
    public Step {
      finding = finding == null ? Optional.empty() : finding;
      refusal = refusal == null ? Optional.empty() : refusal;
    }

    /** True when the step can run. */
    public boolean runs() {
      return refusal.isEmpty();
    }
  }

  /** The steps for {@code fingerprints}, in the order asked; {@code forced} lifts "check first". */
  public static List<Step> of(ScanReport report, List<String> fingerprints, Set<String> forced) {
    List<Step> steps = new ArrayList<>();
    for (String fingerprint : fingerprints) {
      Optional<Finding> found =
          report.activeFindings().stream()
              .filter(f -> f.fingerprint().equals(fingerprint))
              .findFirst();
      if (found.isEmpty()) {
        Optional<StackResult> changing =
            report.stacks().stream().filter(s -> s.status().endsWith("_IN_PROGRESS")).findFirst();
        steps.add(
            new Step(
                fingerprint,
                Optional.empty(),
                Remediation.NONE,
                Optional.of(
                    changing
                        .map(
                            s ->
                                "stack "
                                    + s.stackName()
                                    + " is "
                                    + s.status()
                                    + ": CloudFormation is changing it, so its drift is not"
                                    + " read; revert once it settles")
                        .orElse(
                            "no open drift has this fingerprint in this scan (already put back,"
                                + " or accepted?)"))));
        continue;
      }
      Finding f = found.get();
      Remediation remediation = report.assessment(f).remediation();
      steps.add(new Step(fingerprint, found, remediation, refusal(report, f, remediation, forced)));
    }
    return steps;
  }

  private static Optional<String> refusal(
      ScanReport report, Finding f, Remediation remediation, Set<String> forced) {
    Optional<StackResult> stack =
        report.stacks().stream().filter(s -> s.stackName().equals(f.stack())).findFirst();
    if (stack.isPresent() && stack.get().status().endsWith("_IN_PROGRESS")) {
      return Optional.of(
          "stack "
              + f.stack()
              + " is "
              + stack.get().status()
              + ": CloudFormation is changing it; revert once it settles");
    }
    if (firewallManagerOwns(f)) {
      return Optional.of(
          "Firewall Manager owns "
              + f.physicalId()
              + ": change its policy in the administrator account, not the resource");
    }
    if (remediation.isEmpty()) {
      return Optional.of("no command puts it back: " + remediation.note());
    }
    if (!remediation.exact() && !forced.contains(f.fingerprint())) {
      return Optional.of(
          "its remediation says check first ("
              + remediation.note()
              + "); name it with --force "
              + f.fingerprint()
              + " to run it anyway");
    }
    boolean rule = f.repair() instanceof Repair.Rule r && r.action() != Repair.RuleAction.DESCRIBE;
    if (!rule
        && !NetworkAclWriter.handles(f.repair())
        && !RouteWriter.handles(f.repair())
        && !ServiceWriters.handles(f.repair())) {
      return Optional.of(
          "revert runs group rules, ACL entries, routes, Transit Gateway route tables, WAF IP"
              + " sets and firewall protections itself; run the printed commands: "
              + String.join(" && ", remediation.commands()));
    }
    return Optional.empty();
  }

  /** Firewall Manager names what it makes FMManagedWebACL…, FMS-… or fms-…. */
  static boolean firewallManagerOwns(Finding f) {
    for (String name : List.of(f.physicalId(), f.logicalId(), f.property())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("fmmanaged") || lower.startsWith("fms-") || lower.contains("/fms-")) {
        return true;
      }
    }
    return false;
  }
}
