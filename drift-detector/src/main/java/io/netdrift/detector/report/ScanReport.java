package io.netdrift.detector.report;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.diff.Finding;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The result of one scan: what was compared, what differs, what could not be checked. */
public record ScanReport(
    Instant startedAt,
    Instant finishedAt,
    String baseline,
    List<StackResult> stacks,
    List<Finding> findings,
    SortedMap<String, Long> apiCalls) {
  /** The version of the JSON report's shape; bumped on any incompatible change. */
  public static final int SCHEMA_VERSION = 1;

  public ScanReport {
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(baseline, "baseline");
    stacks = List.copyOf(stacks);
    findings = findings.stream().sorted(Finding.order()).toList();
    apiCalls = Collections.unmodifiableSortedMap(new TreeMap<>(apiCalls));
  }

  /** A report without API call counts. */
  public ScanReport(
      Instant startedAt,
      Instant finishedAt,
      String baseline,
      List<StackResult> stacks,
      List<Finding> findings) {
    this(startedAt, finishedAt, baseline, stacks, findings, new TreeMap<>());
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
    return findings.isEmpty() ? ScanStatus.IN_SYNC : ScanStatus.DRIFT;
  }

  /** Every problem of every stack, prefixed with its stack. */
  public List<String> problems() {
    return stacks.stream()
        .flatMap(s -> s.problems().stream().map(p -> s.stackName() + ": " + p))
        .toList();
  }
}
