package io.netdrift.detector.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * One CloudTrail management event: who called what, when and from where.
 *
 * @param principal the caller's ARN ({@code userIdentity.arn}), or the user name where there is
 *     none
 */
public record TrailEvent(
    String eventName,
    String eventSource,
    Instant time,
    String principal,
    String sourceIp,
    String userAgent,
    boolean readOnly) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Looks the events of one resource up, newest first, reading at most enough pages for {@code max}
   * events (LookupEvents answers at most 50 per page and 2 requests a second per account).
   */
  static List<TrailEvent> lookup(
      CloudTrailClient cloudTrail, String resourceName, Instant start, Instant end, int max) {
    List<TrailEvent> events = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      LookupEventsResponse page =
          cloudTrail.lookupEvents(
              r ->
                  r.lookupAttributes(
                          a ->
                              a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                                  .attributeValue(resourceName))
                      .startTime(start)
                      .endTime(end)
                      .maxResults(Math.min(50, max - events.size()))
                      .nextToken(next));
      for (Event event : page.events()) {
        events.add(of(event));
      }
      token = page.nextToken();
    } while (token != null && events.size() < max);
    return events;
  }

  /**
   * The event a CloudTrail record describes: the {@code detail} of an EventBridge "AWS API Call via
   * CloudTrail" event, which carries the caller already, minutes before LookupEvents has it.
   */
  public static TrailEvent ofRecord(JsonNode record) {
    String arn = record.path("userIdentity").path("arn").asText("");
    Instant time;
    try {
      time = Instant.parse(record.path("eventTime").asText());
    } catch (java.time.format.DateTimeParseException e) {
      time = Instant.EPOCH;
    }
    return new TrailEvent(
        record.path("eventName").asText(""),
        record.path("eventSource").asText(""),
        time,
        arn.isEmpty() ? record.path("userIdentity").path("userName").asText("") : arn,
        record.path("sourceIPAddress").asText(""),
        record.path("userAgent").asText(""),
        record.path("readOnly").asBoolean(false));
  }

  static TrailEvent of(Event event) {
    JsonNode detail = JSON.createObjectNode();
    if (event.cloudTrailEvent() != null) {
      try {
        detail = JSON.readTree(event.cloudTrailEvent());
      } catch (IOException e) {
        detail = JSON.createObjectNode();
      }
    }
    String arn = detail.path("userIdentity").path("arn").asText("");
    return new TrailEvent(
        nullToEmpty(event.eventName()),
        nullToEmpty(event.eventSource()),
        event.eventTime(),
        arn.isEmpty() ? nullToEmpty(event.username()) : arn,
        detail.path("sourceIPAddress").asText(""),
        detail.path("userAgent").asText(""),
        "true".equalsIgnoreCase(event.readOnly()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
