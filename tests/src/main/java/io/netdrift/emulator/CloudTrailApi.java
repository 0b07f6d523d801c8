package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * CloudTrail's management-event history: the emulator records every mutating call it serves (who,
 * what, when, from where, on which resources) and answers {@code LookupEvents} (JSON 1.1) as
 * CloudTrail does: one lookup attribute, newest first, at most 50 a page, 90 days kept.
 */
public final class CloudTrailApi {
  static final String PREFIX = "CloudTrail_20131101.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HISTORY = Duration.ofDays(90);

  /** One recorded call. */
  public record Event(
      String id,
      String name,
      String source,
      Instant time,
      String accessKeyId,
      String principalArn,
      String sourceIp,
      String userAgent,
      List<String> resources) {}

  private final String account;
  private final String region;
  private final Supplier<Integer> pageCap;
  private final List<Event> events = new ArrayList<>();
  private final Map<String, String> principals = new HashMap<>();
  private Supplier<Instant> clock = Instant::now;

  CloudTrailApi(String account, String region, Supplier<Integer> pageCap) {
    this.account = account;
    this.region = region;
    this.pageCap = pageCap;
  }

  /** The principal calls signed with {@code accessKeyId} are recorded as made by. */
  synchronized String principal(String accessKeyId) {
    return principals.getOrDefault(accessKeyId, "arn:aws:iam::" + account + ":user/" + accessKeyId);
  }

  /** Calls signed with {@code accessKeyId} are recorded as made by {@code principalArn}. */
  public synchronized void identify(String accessKeyId, String principalArn) {
    principals.put(accessKeyId, principalArn);
  }

  /** Events get their time from {@code clock}. */
  public synchronized void clock(Supplier<Instant> value) {
    clock = value;
  }

  /** Every event recorded, oldest first. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Records a call, where it changes something (not Describe, Get, List, Lookup). */
  synchronized void record(
      String operation,
      String service,
      String accessKeyId,
      String sourceIp,
      String userAgent,
      List<String> resources) {
    if (operation.matches("(Describe|Get|List|Lookup|AssumeRole).*")) {
      return;
    }
    events.add(
        new Event(
            UUID.randomUUID().toString(),
            operation,
            service + ".amazonaws.com",
            clock.get(),
            accessKeyId,
            principal(accessKeyId),
            sourceIp,
            userAgent,
            List.copyOf(resources)));
  }

  private volatile boolean rateLimited;
  private final java.util.ArrayDeque<Long> recentLookups = new java.util.ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger throttled =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Answers LookupEvents at most two times a second, as CloudTrail does per account and region,
   * with {@code ThrottlingException} beyond; off unless a test turns it on.
   */
  public void limitLookups(boolean on) {
    rateLimited = on;
  }

  /** How many LookupEvents calls were answered with ThrottlingException. */
  public int throttled() {
    return throttled.get();
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    if (!operation.equals("LookupEvents")) {
      throw new AwsError(400, "UnknownOperationException", "unknown operation " + operation);
    }
    if (rateLimited) {
      long now = System.nanoTime();
      while (!recentLookups.isEmpty() && now - recentLookups.peekFirst() >= 1_000_000_000L) {
        recentLookups.removeFirst();
      }
      if (recentLookups.size() >= 2) {
        throttled.incrementAndGet();
        throw new AwsError(400, "ThrottlingException", "Rate exceeded");
      }
      recentLookups.addLast(now);
    }
    JsonNode attributes = in.path("LookupAttributes");
    if (attributes.size() > 1) {
      throw new AwsError(
          400,
          "InvalidLookupAttributesException",
          "You cannot specify more than one lookup attribute.");
    }
    int max = in.path("MaxResults").asInt(50);
    if (max < 1 || max > 50) {
      throw new AwsError(400, "InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
    }
    Instant now = clock.get();
    Instant start = time(in.get("StartTime"), now.minus(HISTORY));
    Instant end = time(in.get("EndTime"), now);
    if (start.isAfter(end)) {
      throw new AwsError(400, "InvalidTimeRangeException", "StartTime is after EndTime.");
    }
    String key = attributes.isEmpty() ? "" : attributes.get(0).path("AttributeKey").asText();
    String value = attributes.isEmpty() ? "" : attributes.get(0).path("AttributeValue").asText();
    if (!key.isEmpty()
        && !List.of("ResourceName", "EventName", "Username", "EventSource").contains(key)) {
      throw new AwsError(400, "InvalidLookupAttributesException", "unsupported attribute " + key);
    }
    Instant floor = now.minus(HISTORY);
    List<Event> matching =
        events.stream()
            .filter(e -> !e.time().isBefore(start) && !e.time().isAfter(end))
            .filter(e -> !e.time().isBefore(floor))
            .filter(
                e ->
                    switch (key) {
                      case "ResourceName" -> e.resources().contains(value);
                      case "EventName" -> e.name().equals(value);
                      case "Username" -> e.principalArn().endsWith("/" + value);
                      case "EventSource" -> e.source().equals(value);
                      default -> true;
                    })
            .sorted(Comparator.comparing(Event::time).reversed())
            .toList();
    Page<Event> page =
        Page.slice(
            matching,
            in.hasNonNull("NextToken") ? in.get("NextToken").asText() : null,
            Math.min(max, pageCap.get()));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Events");
    for (Event e : page.items()) {
      ObjectNode n = list.addObject();
      n.put("EventId", e.id());
      n.put("EventName", e.name());
      n.put("ReadOnly", "false");
      n.put("AccessKeyId", e.accessKeyId());
      n.put("EventTime", seconds(e.time()));
      n.put("EventSource", e.source());
      n.put("Username", e.principalArn().substring(e.principalArn().lastIndexOf('/') + 1));
      ArrayNode resources = n.putArray("Resources");
      e.resources().forEach(r -> resources.addObject().put("ResourceName", r));
      n.put("CloudTrailEvent", detail(e).toString());
    }
    if (page.nextToken() != null) {
      out.put("NextToken", page.nextToken());
    }
    return out;
  }

  private ObjectNode detail(Event e) {
    ObjectNode d = JSON.createObjectNode();
    d.put("eventVersion", "1.08");
    ObjectNode identity = d.putObject("userIdentity");
    identity.put("type", e.principalArn().contains(":assumed-role/") ? "AssumedRole" : "IAMUser");
    identity.put("arn", e.principalArn());
    identity.put("accountId", account);
    identity.put("accessKeyId", e.accessKeyId());
    d.put("eventTime", e.time().toString());
    d.put("eventSource", e.source());
    d.put("eventName", e.name());
    d.put("awsRegion", region);
    d.put("sourceIPAddress", e.sourceIp());
    d.put("userAgent", e.userAgent());
    d.put("readOnly", false);
    d.put("eventType", "AwsApiCall");
    d.put("managementEvent", true);
    d.put("recipientAccountId", account);
    return d;
  }

  private static Instant time(JsonNode node, Instant fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    BigDecimal seconds = node.decimalValue();
    return Instant.ofEpochSecond(
        seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
  }

  private static BigDecimal seconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond())
        .add(BigDecimal.valueOf(t.getNano(), 9))
        .stripTrailingZeros();
  }
}
