package io.netdrift.detector.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * PagerDuty's Events API v2: one event per call ({@code trigger} or {@code resolve}), keyed by a
 * dedup key so that PagerDuty keeps one incident per drift. PagerDuty answers 202 when it took the
 * event, 400 when it refuses it (an invalid routing key, say), 429 when it throttles. Retried as
 * Slack is. The routing key is a secret: it is sent, never shown.
 */
public final class PagerDuty {
  /** PagerDuty's own events endpoint. */
  public static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI url;
  private final String routingKey;
  private final Retrying retrying;

  /** Sends to {@code url} (PagerDuty's, or a stub) with {@code routingKey}. */
  public PagerDuty(URI url, String routingKey, Retrying retrying) {
    this.url = url;
    this.routingKey = routingKey;
    this.retrying = retrying;
  }

  /**
   * Sends one event: {@code action} ({@code trigger}, {@code resolve}) for {@code dedupKey}, with
   * {@code payload} (summary, source, severity, …) on a trigger.
   */
  public void send(String action, String dedupKey, Optional<ObjectNode> payload) {
    ObjectNode event = JSON.createObjectNode();
    event.put("routing_key", routingKey).put("event_action", action).put("dedup_key", dedupKey);
    payload.ifPresent(p -> event.set("payload", p));
    event.put("client", "Netdrift");
    String body = event.toString();
    retrying.run(
        "PagerDuty " + action + " " + dedupKey,
        () -> {
          HttpResponse<String> response;
          try {
            response =
                http.send(
                    HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
          } catch (IOException e) {
            return new Retrying.Again<>(
                "PagerDuty could not be reached (" + e.getClass().getSimpleName() + ")",
                Optional.empty());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Retrying.Fail<>("interrupted");
          }
          int code = response.statusCode();
          if (code == 202 || code == 200) {
            return new Retrying.Done<>("");
          }
          if (code == 429) {
            return new Retrying.Again<>(
                "HTTP 429 (throttled)",
                Retrying.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
          }
          if (code >= 500) {
            return new Retrying.Again<>("HTTP " + code, Optional.empty());
          }
          return new Retrying.Fail<>(
              "PagerDuty refused the event (HTTP "
                  + code
                  + ", "
                  + safeStatus(response.body())
                  + "); check the routing key (its integration must use Events API v2)");
        });
  }

  /** PagerDuty's short status ({@code invalid event}); nothing else of the body is echoed. */
  private String safeStatus(String body) {
    try {
      JsonNode answer = JSON.readTree(body);
      String status = answer.path("status").asText("");
      if (status.matches("[A-Za-z ]{1,40}") && !status.contains(routingKey)) {
        return status;
      }
    } catch (IOException e) {
      // not JSON: said below
    }
    return "no status";
  }
}
