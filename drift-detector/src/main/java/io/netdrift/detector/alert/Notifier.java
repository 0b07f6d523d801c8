package io.netdrift.detector.alert;

import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.report.ScanReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Says in Slack what changed since the last run, against the alert state: a new drift (or a newly
 * incomplete stack) is alerted; one still open is reminded of once {@code remindAfter} has passed
 * since it was last said; one gone — and checked gone by a complete scan of its stack — gets a
 * "resolved" reply in its thread; a suppressed one is dropped silently. Only what was delivered
 * moves the state forward: a message that failed leaves its entries as they were, so the next run
 * sends it again and no alert is lost.
 */
public final class Notifier {
  /** Alerted whole-report parts are cut to this size; Slack's section text holds 3,000. */
  static final int REPORT_PART = 2800;

  /** At most this many parts of the report go into the thread. */
  static final int REPORT_PARTS = 4;

  /**
   * What one run did.
   *
   * @param failures what could not be delivered; not empty means the run must exit 1
   */
  public record Outcome(
      AlertState state,
      int alerted,
      int reminded,
      int resolved,
      int silenced,
      List<String> failures) {
    public Outcome {
      failures = List.copyOf(failures);
    }
  }

  private final SlackChannel channel;
  private final Clock clock;
  private final Duration remindAfter;
  private final SlackMessage.Options options;
  private final Optional<String> fullReport;
  private final boolean remembers;

  /**
   * @param fullReport the report's text, posted into the alert's thread where the channel has
   *     threads
   * @param remembers false where no state is kept between runs: every finding is then alerted as
   *     found, not as new
   */
  public Notifier(
      SlackChannel channel,
      Clock clock,
      Duration remindAfter,
      SlackMessage.Options options,
      Optional<String> fullReport,
      boolean remembers) {
    this.remembers = remembers;
    this.channel = channel;
    this.clock = clock;
    this.remindAfter = remindAfter;
    this.options = options;
    this.fullReport = fullReport;
  }

  /** Compares {@code report} with {@code previous}, posts what is due, answers the next state. */
  public Outcome notify(ScanReport report, AlertState state) {
    Instant now = clock.instant();
    // What was said elsewhere (a preview, another channel) was not said here.
    AlertState previous =
        new AlertState(
            state.lastScanAt(),
            state.entries().entrySet().stream()
                .filter(e -> e.getValue().channel().equals(channel.name()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    Map<String, AlertState.Entry> next = new TreeMap<>(previous.entries());
    List<String> failures = new ArrayList<>();

    Map<String, Finding> active = new LinkedHashMap<>();
    report.activeFindings().forEach(f -> active.put(f.fingerprint(), f));
    Map<String, StackResult> incomplete = new LinkedHashMap<>();
    SlackMessage.incompleteStacks(report)
        .forEach(s -> incomplete.put(incompleteKey(s.stackName()), s));
    Set<String> suppressed =
        report.suppressedFindings().stream().map(Finding::fingerprint).collect(Collectors.toSet());

    // New: never said, or said and resolved since.
    List<Finding> fresh =
        active.values().stream()
            .filter(f -> !previous.entries().containsKey(f.fingerprint()))
            .toList();
    List<StackResult> freshIncomplete =
        incomplete.entrySet().stream()
            .filter(e -> !previous.entries().containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    int alerted = 0;
    if (!fresh.isEmpty() || !freshIncomplete.isEmpty()) {
      try {
        String ts =
            channel.post(
                SlackMessage.alert(
                    report, fresh, freshIncomplete, remembers ? "new " : "", options),
                "");
        for (Finding f : fresh) {
          next.put(f.fingerprint(), entry(report, f, now, ts));
        }
        for (StackResult s : freshIncomplete) {
          next.put(incompleteKey(s.stackName()), incompleteEntry(s, now, ts));
        }
        alerted = fresh.size() + freshIncomplete.size();
        if (channel.threads() && !ts.isEmpty() && fullReport.isPresent()) {
          postReport(ts, failures);
        }
      } catch (AlertException e) {
        failures.add(e.getMessage());
      }
    }

    // Still open and due for a reminder.
    List<Finding> due =
        active.values().stream()
            .filter(f -> previous.entries().containsKey(f.fingerprint()))
            .filter(f -> isDue(previous.entries().get(f.fingerprint()), now))
            .toList();
    List<StackResult> dueIncomplete =
        incomplete.entrySet().stream()
            .filter(e -> previous.entries().containsKey(e.getKey()))
            .filter(e -> isDue(previous.entries().get(e.getKey()), now))
            .map(Map.Entry::getValue)
            .toList();
    int reminded = 0;
    // Reminders are the schedule's: a targeted check says only what it found new or resolved.
    if (!report.targeted() && (!due.isEmpty() || !dueIncomplete.isEmpty())) {
      List<String> keys = new ArrayList<>();
      due.forEach(f -> keys.add(f.fingerprint()));
      dueIncomplete.forEach(s -> keys.add(incompleteKey(s.stackName())));
      Instant since =
          keys.stream()
              .map(k -> previous.entries().get(k).firstAlerted())
              .min(Comparator.naturalOrder())
              .orElse(now);
      try {
        channel.post(SlackMessage.reminder(report, due, dueIncomplete, since, options), "");
        keys.forEach(k -> next.put(k, next.get(k).remindedAt(now)));
        reminded = keys.size();
      } catch (AlertException e) {
        failures.add(e.getMessage());
      }
    }

    // Gone: resolved where a complete scan of its stack no longer sees it; suppressed: silent.
    Map<String, List<AlertState.Entry>> resolvedByThread = new TreeMap<>();
    int silenced = 0;
    for (AlertState.Entry e : previous.entries().values()) {
      if (active.containsKey(e.key()) || incomplete.containsKey(e.key())) {
        continue;
      }
      if (report.targeted() && !report.focus().contains(e.resource())) {
        // Not checked by this targeted check: neither resolved nor silenced.
        continue;
      }
      if (suppressed.contains(e.key())) {
        next.remove(e.key());
        silenced++;
      } else if (checkedGone(report, e)) {
        resolvedByThread.computeIfAbsent(e.threadTs(), t -> new ArrayList<>()).add(e);
      }
    }
    int resolved = 0;
    for (Map.Entry<String, List<AlertState.Entry>> thread : resolvedByThread.entrySet()) {
      try {
        channel.post(
            SlackMessage.resolved(thread.getValue(), now),
            channel.threads() ? thread.getKey() : "");
        thread.getValue().forEach(e -> next.remove(e.key()));
        resolved += thread.getValue().size();
      } catch (AlertException e) {
        failures.add(e.getMessage());
      }
    }
    Optional<Instant> lastScan =
        failures.isEmpty() && !report.targeted()
            ? Optional.of(report.startedAt())
            : previous.lastScanAt();
    return new Outcome(
        new AlertState(lastScan, next), alerted, reminded, resolved, silenced, failures);
  }

  /**
   * Whether an alerted drift no longer active was checked gone: its resource was in this check
   * (every resource, unless the check was targeted), and its stack was scanned completely or is no
   * longer in the assembly (its alerts are moot). Drift on a stack that could not be read is not.
   */
  static boolean checkedGone(ScanReport report, AlertState.Entry e) {
    if (report.targeted() && !report.focus().contains(e.resource())) {
      return false;
    }
    boolean complete =
        report.stacks().stream()
            .anyMatch(s -> s.stackName().equals(e.stack()) && s.problems().isEmpty());
    return complete || !stackScanned(report, e.stack());
  }

  /** An approved stack that is no longer in the assembly: its alerts are moot. */
  private static boolean stackScanned(ScanReport report, String stack) {
    return report.stacks().stream().anyMatch(s -> s.stackName().equals(stack));
  }

  private boolean isDue(AlertState.Entry entry, Instant now) {
    return !entry.lastAlerted().plus(remindAfter).isAfter(now);
  }

  private void postReport(String ts, List<String> failures) {
    String text = fullReport.get();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < text.length() && parts.size() < REPORT_PARTS; i += REPORT_PART) {
      parts.add(text.substring(i, Math.min(text.length(), i + REPORT_PART)));
    }
    try {
      for (int i = 0; i < parts.size(); i++) {
        channel.post(SlackMessage.reportPart(parts.get(i), i + 1, parts.size()), ts);
      }
    } catch (AlertException e) {
      failures.add("the full report in the alert's thread: " + e.getMessage());
    }
  }

  private AlertState.Entry entry(ScanReport report, Finding f, Instant now, String ts) {
    Attribution by = report.attribution(f);
    return new AlertState.Entry(
        f.fingerprint(),
        f.stack(),
        f.physicalId(),
        SlackMessage.title(f),
        report.assessment(f).severity().label(),
        now,
        now,
        channel.name(),
        ts,
        by);
  }

  private AlertState.Entry incompleteEntry(StackResult s, Instant now, String ts) {
    return new AlertState.Entry(
        incompleteKey(s.stackName()),
        s.stackName(),
        "",
        "scan of " + s.stackName() + " incomplete",
        "incomplete",
        now,
        now,
        channel.name(),
        ts,
        null);
  }

  static String incompleteKey(String stack) {
    return "incomplete:" + stack;
  }
}
