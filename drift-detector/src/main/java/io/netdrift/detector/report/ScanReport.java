package io.netdrift.detector.report;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.policy.Triage;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The result of one scan: what was compared, what differs, what could not be checked. */
public record ScanReport(
    Instant startedAt,
    Instant finishedAt,
    String baseline,
    List<StackResult> stacks,
    List<Finding> findings,
    SortedMap<String, Long> apiCalls,
    Map<String, Attribution> attributions,
    Triage triage,
    Set<String> focus) {
  /** The version of the JSON report's shape; bumped on any incompatible change. */
  public static final int SCHEMA_VERSION = 2;

  public ScanReport {
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(baseline, "baseline");
    stacks = List.copyOf(stacks);
    findings = findings.stream().sorted(Finding.order()).toList();
    apiCalls = Collections.unmodifiableSortedMap(new TreeMap<>(apiCalls));
    attributions = Map.copyOf(attributions);
    requireNonNull(triage, "triage");
    focus = Set.copyOf(focus);
  }

  /** True for a targeted check of the resources in {@link #focus()}, not a whole scan. */
  public boolean targeted() {
    return !focus.isEmpty();
  }

  /** A whole scan's report with CloudTrail attributions, not judged by a policy yet. */
  public ScanReport(
      Instant startedAt,
      Instant finishedAt,
      String baseline,
      List<StackResult> stacks,
      List<Finding> findings,
      SortedMap<String, Long> apiCalls,
      Map<String, Attribution> attributions) {
    this(
        startedAt,
        finishedAt,
        baseline,
        stacks,
        findings,
        apiCalls,
        attributions,
        Triage.none(),
        Set.of());
  }

  /** This report, judged. */
  public ScanReport withTriage(Triage value) {
    return new ScanReport(
        startedAt, finishedAt, baseline, stacks, findings, apiCalls, attributions, value, focus);
  }

  /** How the policy judged {@code finding}. */
  public Assessment assessment(Finding finding) {
    return triage.assessment(finding);
  }

  /** Who made {@code finding}, as far as CloudTrail says. */
  public Attribution attribution(Finding finding) {
    Attribution a = attributions.get(finding.fingerprint());
    return a == null ? Attribution.unknown("not looked up") : a;
  }

  /** Findings no active suppression accepts: what on-call must act on. */
  public List<Finding> activeFindings() {
    return findings.stream().filter(f -> !assessment(f).suppressed()).toList();
  }

  /** Findings an active suppression accepts. */
  public List<Finding> suppressedFindings() {
    return findings.stream().filter(f -> assessment(f).suppressed()).toList();
  }

  /**
   * The process exit code: 1 when incomplete, 2 when an active finding is at or above the {@code
   * --fail-on} severity, else 0.
   */
  public int exitCode() {
    ScanStatus status = status();
    if (status == ScanStatus.INCOMPLETE) {
      return ScanStatus.INCOMPLETE.exitCode();
    }
    boolean failing =
        activeFindings().stream().anyMatch(f -> assessment(f).severity().atLeast(triage.failOn()));
    return failing ? ScanStatus.DRIFT.exitCode() : ScanStatus.IN_SYNC.exitCode();
  }

  /** A whole scan's report without API call counts or attributions. */
  public ScanReport(
      Instant startedAt,
      Instant finishedAt,
      String baseline,
      List<StackResult> stacks,
      List<Finding> findings) {
    this(startedAt, finishedAt, baseline, stacks, findings, new TreeMap<>(), Map.of());
  }

  /** Every request sent, retries included. */
  public long apiCallTotal() {
    return apiCalls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Incomplete wins over drift: a scan that could not see everything never claims to be whole. */
  public ScanStatus status() {
    if (stacks.stream().anyMatch(s -> !s.problems().isEmpty())) {
      return ScanStatus.INCOMPLETE;
    }
    return activeFindings().isEmpty() ? ScanStatus.IN_SYNC : ScanStatus.DRIFT;
  }

  /** Every problem of every stack, prefixed with its stack. */
  public List<String> problems() {
    return stacks.stream()
        .flatMap(s -> s.problems().stream().map(p -> s.stackName() + ": " + p))
        .toList();
  }

  /** {@code findings}, the worst first, then in report order: how every format lists them. */
  public List<Finding> bySeverity(List<Finding> findings) {
    return findings.stream()
        .sorted(
            java.util.Comparator.comparing((Finding f) -> assessment(f).severity())
                .thenComparing(Finding.order()))
        .toList();
  }

  /** How many of {@code findings} have each severity; every severity is listed, worst first. */
  public SortedMap<Severity, Long> severityCounts(List<Finding> findings) {
    SortedMap<Severity, Long> counts = new TreeMap<>();
    for (Severity s : Severity.values()) {
      counts.put(s, findings.stream().filter(f -> assessment(f).severity() == s).count());
    }
    return counts;
  }
}
