package io.netdrift.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackStubTest {
  /** The stub answers no sooner than the latency it is given: a message's time is on its path. */
  @Test
  void anAnswerLeavesNoSoonerThanItsLatency() throws Exception {
    try (SlackStub slack = SlackStub.start()) {
      slack.latency(Duration.ofMillis(300), Duration.ZERO);
      HttpClient http = HttpClient.newHttpClient();
      long start = System.nanoTime();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(slack.webhookUrl()))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"drift\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.body()).isEqualTo("ok");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
      assertThat(slack.received())
          .singleElement()
          .extracting(SlackStub.Received::body)
          .isEqualTo("{\"text\":\"drift\"}");
    }
  }
}
