package io.netdrift.detector.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.report.ScanReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pages on critical drift: a critical finding not paged before triggers a PagerDuty event keyed by
 * its fingerprint (so PagerDuty keeps one incident per drift, however often it is sent); a paged
 * finding that is gone, checked gone as Slack's "resolved" is, or accepted (suppressed), resolves
 * it. What was paged is kept in the alert state under the channel {@code pagerduty}; only what
 * PagerDuty took moves it forward, so an event that failed is sent again by the next run.
 */
public final class Pager {
  /** The alert state's channel for what was paged. */
  public static final String CHANNEL = "pagerduty";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What one run did.
   *
   * @param entries the paged entries after this run (the state's other channels not included)
   * @param failures what PagerDuty did not take; not empty means the run must exit 1
   */
  public record Outcome(
      Map<String, AlertState.Entry> entries, int triggered, int resolved, List<String> failures) {
    public Outcome {
      entries = Map.copyOf(entries);
      failures = List.copyOf(failures);
    }
  }

  private final PagerDuty pagerDuty;
  private final Clock clock;

  public Pager(PagerDuty pagerDuty, Clock clock) {
    this.pagerDuty = pagerDuty;
    this.clock = clock;
  }

  /**
   * The state's key of a page: the channel before the fingerprint, so a finding alerted in Slack
   * and paged keeps both entries.
   */
  static String stateKey(String fingerprint) {
    return CHANNEL + ":" + fingerprint;
  }

  /** The dedup key of a finding: its fingerprint, so every run names the same incident. */
  static String dedupKey(String fingerprint) {
    return "netdrift-" + fingerprint;
  }

  /** Triggers what is newly critical and resolves what was paged and is gone. */
  public Outcome page(ScanReport report, AlertState state) {
    Instant now = clock.instant();
    Map<String, AlertState.Entry> paged = new TreeMap<>();
    state
        .entries()
        .forEach(
            (k, e) -> {
              if (e.channel().equals(CHANNEL)) {
                paged.put(k, e);
              }
            });
    Map<String, AlertState.Entry> next = new TreeMap<>(paged);
    List<String> failures = new ArrayList<>();
    Map<String, Finding> active = new LinkedHashMap<>();
    report.activeFindings().forEach(f -> active.put(f.fingerprint(), f));

    int triggered = 0;
    for (Finding f : active.values()) {
      Assessment assessment = report.assessment(f);
      String key = stateKey(f.fingerprint());
      if (assessment.severity() != Severity.CRITICAL || paged.containsKey(key)) {
        continue;
      }
      try {
        pagerDuty.send("trigger", dedupKey(f.fingerprint()), Optional.of(payload(report, f)));
        next.put(
            key,
            new AlertState.Entry(
                key,
                f.stack(),
                f.physicalId(),
                SlackMessage.title(f),
                assessment.severity().label(),
                now,
                now,
                CHANNEL,
                "",
                report.attribution(f)));
        triggered++;
      } catch (AlertException e) {
        failures.add(e.getMessage());
      }
    }

    int resolved = 0;
    for (AlertState.Entry e : paged.values()) {
      String fingerprint = e.key().substring(CHANNEL.length() + 1);
      if (active.containsKey(fingerprint) || !Notifier.checkedGone(report, e)) {
        continue;
      }
      try {
        pagerDuty.send("resolve", dedupKey(fingerprint), Optional.empty());
        next.remove(e.key());
        resolved++;
      } catch (AlertException ex) {
        failures.add(ex.getMessage());
      }
    }
    return new Outcome(next, triggered, resolved, failures);
  }

  /** What the on-call sees: the drift, where, how dangerous, and how to put it back. */
  private static ObjectNode payload(ScanReport report, Finding f) {
    String summary = "Netdrift: critical drift: " + SlackMessage.title(f);
    ObjectNode payload = JSON.createObjectNode();
    payload
        .put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary)
        .put("source", f.physicalId().isEmpty() ? f.stack() : f.physicalId())
        .put("severity", "critical")
        .put("component", f.resourceType())
        .put("group", f.stack())
        .put("class", f.kind().name());
    ObjectNode details = payload.putObject("custom_details");
    details
        .put("fingerprint", f.fingerprint())
        .put("property", f.property())
        .put("approved", f.approved())
        .put("live", f.live())
        .put("exposure", f.exposure().access().name().toLowerCase(java.util.Locale.ROOT))
        .put("internet", f.exposure().internet())
        .put("rule", report.assessment(f).rule());
    report.assessment(f).remediation().commands().forEach(details.withArray("fix")::add);
    return payload;
  }
}
