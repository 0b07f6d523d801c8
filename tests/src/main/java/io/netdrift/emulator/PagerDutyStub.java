package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A local PagerDuty Events API v2 on 127.0.0.1 (a free port), answering as PagerDuty does: 202
 * {@code success} with the dedup key for an event it takes, 400 {@code invalid event} for one with
 * another routing key or without its fields, or a queued answer (a 429, a 500). It keeps every
 * event it took and the incidents open by dedup key: a trigger for an open key is the same
 * incident, a resolve closes it.
 */
public final class PagerDutyStub implements AutoCloseable {
  /** The routing key the stub accepts; not a secret, and not shaped like a real one. */
  public static final String ROUTING_KEY = "test-routing-key-not-a-secret";

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> open = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
  private int triggers;

  private PagerDutyStub() {
    server = Loopback.server();
    server.createContext("/v2/enqueue", this::handle);
    server.start();
  }

  /** Starts the stub. */
  public static PagerDutyStub start() {
    return new PagerDutyStub();
  }

  /** The events endpoint. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
  }

  /** The next request gets this answer instead. */
  public void answerNext(int status, String body) {
    answers.add(new Answer(status, body));
  }

  /** The events taken, in order. */
  public List<JsonNode> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The dedup keys of the incidents open now. */
  public Set<String> open() {
    synchronized (open) {
      return Set.copyOf(open);
    }
  }

  /** How many triggers opened an incident (a trigger for an open key opens none). */
  public synchronized int incidentsOpened() {
    return triggers;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Answer queued;
    synchronized (answers) {
      queued = answers.isEmpty() ? null : answers.remove(0);
    }
    if (queued != null) {
      reply(exchange, queued.status(), queued.body());
      return;
    }
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (IOException e) {
      reply(exchange, 400, invalid("Event object is invalid"));
      return;
    }
    String action = event.path("event_action").asText();
    String key = event.path("dedup_key").asText();
    if (!ROUTING_KEY.equals(event.path("routing_key").asText())) {
      reply(exchange, 400, invalid("Invalid routing key"));
      return;
    }
    boolean trigger = action.equals("trigger");
    if (!trigger && !action.equals("resolve") && !action.equals("acknowledge")
        || key.isEmpty() && !trigger
        || trigger
            && (event.path("payload").path("summary").asText().isEmpty()
                || event.path("payload").path("source").asText().isEmpty()
                || !Set.of("critical", "error", "warning", "info")
                    .contains(event.path("payload").path("severity").asText()))) {
      reply(exchange, 400, invalid("Event object is invalid"));
      return;
    }
    events.add(event);
    synchronized (this) {
      if (trigger && open.add(key)) {
        triggers++;
      } else if (action.equals("resolve")) {
        open.remove(key);
      }
    }
    reply(
        exchange,
        202,
        JSON.createObjectNode()
            .put("status", "success")
            .put("message", "Event processed")
            .put("dedup_key", key)
            .toString());
  }

  private static String invalid(String error) {
    var answer = JSON.createObjectNode();
    answer.put("status", "invalid event").put("message", "Event object is invalid");
    answer.putArray("errors").add(error);
    return answer.toString();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
