package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A local Slack on 127.0.0.1 (a free port): incoming webhooks, and the Web API's {@code
 * chat.postMessage} with a bot token, answering as Slack does — {@code ok} with a message {@code
 * ts}, {@code invalid_auth} for a wrong token, {@code channel_not_found} for an unknown channel, or
 * a queued answer (a 429 with {@code Retry-After}, a 500). It keeps every request and every message
 * it accepted.
 */
public final class SlackStub implements AutoCloseable {
  /** The bot token the stub accepts; not a secret, and not shaped like a real one. */
  public static final String TOKEN = "test-bot-token-not-a-secret";

  /** The channel the stub knows. */
  public static final String CHANNEL = "C0NETDRIFT";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request the stub received. */
  public record Received(String path, String contentType, String body) {}

  /** A message the stub accepted through {@code chat.postMessage}. */
  public record Posted(String channel, String ts, String threadTs, String text, JsonNode blocks) {
    /** Every text of the blocks, joined: what a reader sees. */
    public String visibleText() {
      StringBuilder out = new StringBuilder();
      blocks
          .findValues("text")
          .forEach(
              t -> out.append(t.isTextual() ? t.asText() : t.path("text").asText()).append('\n'));
      return out.toString();
    }
  }

  private record Answer(int status, String body, String retryAfter) {}

  private final HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());
  private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
  private int messages;
  private volatile Costs.Latency latency = Costs.Latency.NONE;

  private SlackStub() {
    server = Loopback.server();
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts the stub. */
  public static SlackStub start() {
    return new SlackStub();
  }

  /** A webhook URL on the stub; the path looks like Slack's but holds no secret. */
  public String webhookUrl() {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/services/T0NETDRIFT/B0NETDRIFT/netdrift-test-hook";
  }

  /** The Web API base URL, for {@code --slack-api-url}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /**
   * From now on each answer leaves {@code latency} plus up to {@code jitter} after its request
   * came, the stub's own work included, as Slack's API takes its time.
   */
  public void latency(java.time.Duration latency, java.time.Duration jitter) {
    this.latency = new Costs.Latency(latency, jitter);
  }

  /** The next request is answered with {@code status} and {@code body} instead of ok. */
  public void answerNext(int status, String body) {
    answers.add(new Answer(status, body, null));
  }

  /** The next request is answered 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int seconds) {
    answers.add(
        new Answer(429, "{\"ok\":false,\"error\":\"ratelimited\"}", Integer.toString(seconds)));
  }

  /** Everything received so far. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Every message accepted through the Web API, in order. */
  public List<Posted> posted() {
    synchronized (posted) {
      return List.copyOf(posted);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long due = latency.due();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getPath();
    received.add(new Received(path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Answer answer;
    if (!answers.isEmpty()) {
      answer = answers.remove(0);
    } else if (path.equals("/api/chat.postMessage")) {
      answer = new Answer(200, postMessage(exchange, body), null);
    } else if (path.equals("/api/chat.update")) {
      answer = new Answer(200, update(exchange, body), null);
    } else if (path.startsWith("/api/")) {
      answer = new Answer(200, "{\"ok\":false,\"error\":\"unknown_method\"}", null);
    } else {
      answer = new Answer(200, "ok", null);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set(
            "Content-Type",
            path.startsWith("/api/") ? "application/json; charset=utf-8" : "text/html");
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
    }
    Costs.await(due);
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private synchronized String postMessage(HttpExchange exchange, String body) throws IOException {
    Map<String, String> form = form(body);
    if (!authorized(exchange, form)) {
      return "{\"ok\":false,\"error\":\"invalid_auth\"}";
    }
    String channel = form.getOrDefault("channel", "");
    if (!CHANNEL.equals(channel)) {
      return "{\"ok\":false,\"error\":\"channel_not_found\"}";
    }
    String ts = String.format("1764489600.%06d", ++messages);
    JsonNode blocks =
        form.containsKey("blocks") ? JSON.readTree(form.get("blocks")) : JSON.createArrayNode();
    posted.add(
        new Posted(
            channel,
            ts,
            form.getOrDefault("thread_ts", ""),
            form.getOrDefault("text", ""),
            blocks));
    ObjectNode ok = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts);
    ok.putObject("message")
        .put("type", "message")
        .put("ts", ts)
        .put("text", form.getOrDefault("text", ""));
    return ok.toString();
  }

  /**
   * {@code chat.update}: replaces the text and blocks of a message posted before, as Slack does
   * ({@code message_not_found} for a ts it never answered); {@link #posted()} then holds the
   * message as changed, in its place, and {@link #updates()} counts the change.
   */
  private synchronized String update(HttpExchange exchange, String body) throws IOException {
    Map<String, String> form = form(body);
    if (!authorized(exchange, form)) {
      return "{\"ok\":false,\"error\":\"invalid_auth\"}";
    }
    String channel = form.getOrDefault("channel", "");
    String ts = form.getOrDefault("ts", "");
    for (int i = 0; i < posted.size(); i++) {
      Posted before = posted.get(i);
      if (before.channel().equals(channel) && before.ts().equals(ts)) {
        JsonNode blocks =
            form.containsKey("blocks") ? JSON.readTree(form.get("blocks")) : JSON.createArrayNode();
        posted.set(
            i, new Posted(channel, ts, before.threadTs(), form.getOrDefault("text", ""), blocks));
        updates++;
        ObjectNode ok =
            JSON.createObjectNode()
                .put("ok", true)
                .put("channel", channel)
                .put("ts", ts)
                .put("text", form.getOrDefault("text", ""));
        ok.putObject("message").put("type", "message").put("text", form.getOrDefault("text", ""));
        return ok.toString();
      }
    }
    return "{\"ok\":false,\"error\":\"message_not_found\"}";
  }

  private int updates;

  /** How many messages {@code chat.update} changed. */
  public synchronized int updates() {
    return updates;
  }

  /** Whether the call carries the bot's token, as a bearer header or a {@code token} field. */
  private static boolean authorized(HttpExchange exchange, Map<String, String> form) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String token =
        auth != null && auth.startsWith("Bearer ")
            ? auth.substring(7)
            : form.getOrDefault("token", "");
    return TOKEN.equals(token);
  }

  private static Map<String, String> form(String body) {
    // The Web API takes the same URL-encoded form as AWS's Query protocol.
    return QueryRequest.parse(body).all();
  }
}
