package io.netdrift.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A local Slack: accepts incoming-webhook posts on 127.0.0.1 (a free port), answers {@code ok} as
 * Slack does, or a queued error, and keeps every body it received.
 */
public final class SlackStub implements AutoCloseable {
  /** A request the stub received. */
  public record Received(String path, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

  private SlackStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts the stub. */
  public static SlackStub start() {
    try {
      return new SlackStub();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A webhook URL on the stub; the path looks like Slack's but holds no secret. */
  public String webhookUrl() {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/services/T0NETDRIFT/B0NETDRIFT/netdrift-test-hook";
  }

  /** The next request is answered with {@code status} and {@code body} instead of 200 ok. */
  public void answerNext(int status, String body) {
    answers.add(new Answer(status, body));
  }

  /** Everything received so far. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    received.add(
        new Received(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body));
    Answer answer = answers.isEmpty() ? new Answer(200, "ok") : answers.remove(0);
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
