package io.netdrift.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * The emulators' servers answer as AWS does, without Nagle's wait: the JDK's server reads whether
 * to once, when its first server opens, so it must be said before then. The wait itself (40 ms a
 * small answer) is measured by {@code ./drift bench}, not timed here.
 */
class LoopbackTest {
  @Test
  void aServerOpensOnTheLoopbackAddressWithNoDelaySaidFirst() {
    HttpServer server = Loopback.server();
    try {
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
      assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(server.getAddress().getPort()).isPositive();
    } finally {
      server.stop(0);
    }
  }
}
