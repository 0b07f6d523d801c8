package io.netdrift.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The emulators' and stubs' HTTP servers: on 127.0.0.1, a port the system picks, and every response
 * sent as soon as it is written.
 *
 * <p>The JDK's server leaves Nagle's algorithm on unless {@code sun.net.httpserver.nodelay} is set
 * before its first server starts: a small answer's body then waits behind its headers until the
 * client acknowledges them, which a Linux client delays by up to 40 ms. An AWS endpoint adds no
 * such wait, so with it left on every short call of a scan measured against the emulator cost 40 ms
 * more than its latency.
 */
public final class Loopback {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private Loopback() {}

  /** A server on the loopback address, not yet started. */
  public static HttpServer server() {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a port on 127.0.0.1", e);
    }
  }

  /** {@code threads} daemon threads named {@code name}, to serve a server's requests. */
  static ExecutorService threads(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
