package io.netdrift.detector.attribution;

import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.TrailEvent;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Finds who made each drift: CloudTrail {@code LookupEvents} for the finding's resource, since the
 * last scan (90 days at most, CloudTrail's own limit), the newest mutating event. A scan makes at
 * most {@code maxLookups} lookups (CloudTrail answers two a second per account); findings beyond
 * that, or where nothing is found, are "unknown" — never an error, never a reason to call a scan
 * incomplete: attribution explains drift, it does not decide it.
 */
public final class Attributor {
  /** CloudTrail keeps management events this long. */
  public static final Duration HISTORY = Duration.ofDays(90);

  /** Events are delivered to CloudTrail minutes after the call; look that much further back. */
  static final Duration DELIVERY_MARGIN = Duration.ofMinutes(30);

  /** Events read per resource: enough to skip reads that name it. */
  static final int EVENTS_PER_RESOURCE = 50;

  /**
   * What to look up.
   *
   * @param since the previous scan, or empty: look back the full 90 days
   * @param maxLookups the most LookupEvents calls in one scan; 0 turns attribution off
   * @param known attributions found by earlier scans, by fingerprint: not looked up again
   * @param triggers the event that asked for this check, by the name CloudTrail indexes each
   *     resource it touched under: that resource's newest change, known without a lookup
   */
  public record Settings(
      Optional<Instant> since,
      int maxLookups,
      Map<String, Attribution> known,
      Map<String, TrailEvent> triggers) {
    public Settings {
      known = Map.copyOf(known);
      triggers = Map.copyOf(triggers);
    }

    /** Without a triggering event. */
    public Settings(Optional<Instant> since, int maxLookups, Map<String, Attribution> known) {
      this(since, maxLookups, known, Map.of());
    }

    /** These settings, with the event that triggered the check for these resources. */
    public Settings withTrigger(TrailEvent event, java.util.Collection<String> physicalIds) {
      Map<String, TrailEvent> byName = new HashMap<>(triggers);
      for (String id : physicalIds) {
        String[] parts = id.split("\\|");
        byName.put(parts.length == 3 ? parts[1] : id, event);
      }
      return new Settings(since, maxLookups, known, byName);
    }

    /** No lookups. */
    public static Settings off() {
      return new Settings(Optional.empty(), 0, Map.of());
    }
  }

  private final Settings settings;
  private final Instant now;
  private final Map<String, Optional<TrailEvent>> byResource = new HashMap<>();
  private int lookups;

  public Attributor(Settings settings, Instant now) {
    this.settings = settings;
    this.now = now;
    // The event that asked for this check names its caller: CloudTrail's index has it only later.
    settings.triggers().forEach((resource, event) -> byResource.put(resource, Optional.of(event)));
  }

  /** Attributes {@code findings} of one stack, read through {@code source}, by fingerprint. */
  public Map<String, Attribution> attribute(LiveSource source, List<Finding> findings) {
    Map<String, Attribution> out = new HashMap<>();
    for (Finding finding : findings) {
      String fingerprint = finding.fingerprint();
      Attribution known = settings.known().get(fingerprint);
      if (known != null && known.known()) {
        out.put(fingerprint, known);
        continue;
      }
      out.put(fingerprint, lookup(source, finding));
    }
    return out;
  }

  private Attribution lookup(LiveSource source, Finding finding) {
    if (settings.maxLookups() <= 0) {
      return Attribution.unknown("attribution is off");
    }
    String resource = resourceName(finding);
    if (resource.isEmpty()) {
      return Attribution.unknown("the finding names no resource to look up");
    }
    Optional<TrailEvent> event = byResource.get(resource);
    if (event == null) {
      if (lookups >= settings.maxLookups()) {
        return Attribution.unknown(
            "not looked up: this scan's limit of "
                + settings.maxLookups()
                + " lookups was reached");
      }
      lookups++;
      pace();
      Instant start = start();
      try {
        event =
            source.events(resource, start, now, EVENTS_PER_RESOURCE).stream()
                .filter(e -> !e.readOnly())
                .findFirst();
        // Spaced from when the answer came: CloudTrail counts the calls as they arrive.
        lastLookup = System.nanoTime();
      } catch (UnsupportedOperationException e) {
        return Attribution.unknown("a snapshot holds no CloudTrail events");
      } catch (SdkException e) {
        return Attribution.unknown(
            "CloudTrail LookupEvents failed: " + io.netdrift.detector.live.SdkErrors.code(e));
      }
      byResource.put(resource, event);
    }
    return event
        .map(
            e ->
                new Attribution(
                    true, e.principal(), e.eventName(), e.time(), e.sourceIp(), e.userAgent(), ""))
        .orElseGet(
            () -> Attribution.unknown("no CloudTrail event for " + resource + " since " + start()));
  }

  /**
   * CloudTrail answers LookupEvents two times a second per account and region: lookups are spaced
   * so a scan with many drifted resources is not throttled into "unknown".
   */
  static final long LOOKUP_SPACING_NANOS = 500_000_000L;

  private long lastLookup = Long.MIN_VALUE;

  private void pace() {
    long now = System.nanoTime();
    if (lastLookup != Long.MIN_VALUE) {
      long wait = lastLookup + LOOKUP_SPACING_NANOS - now;
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private Instant start() {
    Instant floor = now.minus(HISTORY);
    Instant since = settings.since().map(s -> s.minus(DELIVERY_MARGIN)).orElse(floor);
    return since.isBefore(floor) ? floor : since;
  }

  /**
   * The name CloudTrail indexes the resource under: the EC2 id, the firewall ARN, the WAF id (the
   * middle of {@code name|id|scope}), or the stack for a deployment-level finding.
   */
  static String resourceName(Finding finding) {
    String physical = finding.physicalId();
    if (physical.isEmpty()) {
      return finding.resourceType().equals("AWS::CloudFormation::Stack") ? finding.stack() : "";
    }
    String[] parts = physical.split("\\|");
    return parts.length == 3 ? parts[1] : physical;
  }
}
