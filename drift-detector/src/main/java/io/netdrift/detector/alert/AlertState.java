package io.netdrift.detector.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Attribution;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What has been said in Slack, so the next run says only what is new: one entry per open drift (by
 * fingerprint) or incomplete stack, with when it was first alerted, when last, and the thread it
 * lives in. Versioned JSON, written atomically; an unreadable file is an error, never silently
 * replaced (that would re-page on-call for everything).
 */
public record AlertState(Optional<Instant> lastScanAt, Map<String, Entry> entries) {
  /** The version of the file's shape; a file of another version is refused. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One open alert.
   *
   * @param key a finding's fingerprint, or {@code incomplete:<stack>}
   * @param stack the stack it belongs to: it is resolved only by a complete scan of that stack
   * @param resource the physical id of the drifted resource: a targeted check resolves only alerts
   *     of the resources it checked
   * @param threadTs the Slack message it was alerted in; empty for webhooks, which have no threads
   * @param reverted who put it back with {@code revert}, and when; empty until then
   */
  public record Entry(
      String key,
      String stack,
      String resource,
      String title,
      String severity,
      Instant firstAlerted,
      Instant lastAlerted,
      String channel,
      String threadTs,
      Attribution attribution,
      String reverted) {
    public Entry {
      reverted = reverted == null ? "" : reverted;
      resource = resource == null ? "" : resource;
      channel = channel == null ? "" : channel;
      threadTs = threadTs == null ? "" : threadTs;
      attribution = attribution == null ? Attribution.unknown("not looked up") : attribution;
    }

    /** An entry not reverted (yet). */
    public Entry(
        String key,
        String stack,
        String resource,
        String title,
        String severity,
        Instant firstAlerted,
        Instant lastAlerted,
        String channel,
        String threadTs,
        Attribution attribution) {
      this(
          key,
          stack,
          resource,
          title,
          severity,
          firstAlerted,
          lastAlerted,
          channel,
          threadTs,
          attribution,
          "");
    }

    Entry remindedAt(Instant at) {
      return with(at, reverted);
    }

    /** The entry, said to be put back {@code how} ("by … at …"). */
    public Entry reverted(String how) {
      return with(lastAlerted, how);
    }

    private Entry with(Instant alertedAt, String revertedHow) {
      return new Entry(
          key,
          stack,
          resource,
          title,
          severity,
          firstAlerted,
          alertedAt,
          channel,
          threadTs,
          attribution,
          revertedHow);
    }
  }

  public AlertState {
    entries = Map.copyOf(entries);
  }

  /** Nothing said yet. */
  public static AlertState empty() {
    return new AlertState(Optional.empty(), Map.of());
  }

  /**
   * Reads a state's JSON; {@code where} names it in errors (a file, an S3 object). An unreadable
   * state is an error, never silently replaced.
   */
  public static AlertState parse(String json, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new AlertException(
          where
              + ": the alert state is not valid JSON. Fix or move it; it is not overwritten, so"
              + " nothing already alerted is alerted again by mistake",
          e);
    }
    if (root == null || !root.isObject() || root.path("version").asInt(-1) != VERSION) {
      throw new AlertException(
          where
              + ": not a Netdrift alert state of version "
              + VERSION
              + " (found version "
              + (root == null ? "none" : root.path("version").asText("none"))
              + "); move it aside to start afresh");
    }
    try {
      Map<String, Entry> entries = new TreeMap<>();
      root.path("alerts")
          .fields()
          .forEachRemaining(e -> entries.put(e.getKey(), entry(e.getKey(), e.getValue())));
      Optional<Instant> lastScan =
          root.hasNonNull("lastScanAt")
              ? Optional.of(Instant.parse(root.get("lastScanAt").asText()))
              : Optional.empty();
      return new AlertState(lastScan, entries);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new AlertException(
          where + ": a time in the alert state is not valid: " + e.getMessage(), e);
    }
  }

  private static Entry entry(String key, JsonNode node) {
    Attribution attribution = Attribution.readFrom(node.path("attribution"));
    return new Entry(
        key,
        node.path("stack").asText(),
        node.path("resource").asText(),
        node.path("title").asText(),
        node.path("severity").asText(),
        Instant.parse(node.path("firstAlerted").asText()),
        Instant.parse(node.path("lastAlerted").asText()),
        node.path("channel").asText(),
        node.path("threadTs").asText(),
        attribution,
        node.path("reverted").asText(""));
  }

  /** The state as versioned JSON, keys sorted. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    lastScanAt.ifPresent(t -> root.put("lastScanAt", t.toString()));
    ObjectNode alerts = root.putObject("alerts");
    new TreeMap<>(entries)
        .forEach(
            (key, e) -> {
              ObjectNode n = alerts.putObject(key);
              n.put("stack", e.stack());
              n.put("resource", e.resource());
              n.put("title", e.title());
              n.put("severity", e.severity());
              n.put("firstAlerted", e.firstAlerted().toString());
              n.put("lastAlerted", e.lastAlerted().toString());
              n.put("channel", e.channel());
              n.put("threadTs", e.threadTs());
              e.attribution().writeTo(n.putObject("attribution"));
              if (!e.reverted().isEmpty()) {
                n.put("reverted", e.reverted());
              }
            });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Attributions found earlier, by fingerprint, so CloudTrail is not asked again. */
  public Map<String, Attribution> knownAttributions() {
    Map<String, Attribution> out = new TreeMap<>();
    entries.forEach(
        (key, e) -> {
          if (e.attribution().known()) {
            out.put(key, e.attribution());
          }
        });
    return out;
  }
}
