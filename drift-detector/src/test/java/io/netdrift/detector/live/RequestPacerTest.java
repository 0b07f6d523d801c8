package io.netdrift.detector.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RequestPacerTest {
  /** One token, refilled at 1.8 a second: each call after the first waits about half a second. */
  private static final RequestPacer.Limit SLOW = new RequestPacer.Limit(1, 2);

  private final RequestPacer pacer = new RequestPacer();
  private final List<String> served = new CopyOnWriteArrayList<>();

  /** A call named {@code name}, ranked {@code rank}, started once the bucket's token is taken. */
  private Thread call(String name, int rank) throws InterruptedException {
    Thread t =
        new Thread(
            () -> {
              pacer.take("eu-west-1 Wafv2.ListResourcesForWebACL", SLOW, rank);
              served.add(name);
            });
    t.start();
    // In line for the token before the next call comes.
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      if (!t.isAlive()) {
        break;
      }
      Thread.onSpinWait();
    }
    return t;
  }

  @Test
  void aCallRankedBeforeTheOnesWaitingGetsTheNextTokenFirst() throws InterruptedException {
    pacer.take("eu-west-1 Wafv2.ListResourcesForWebACL", SLOW, 1);
    Thread late = call("stack 3", 3);
    Thread early = call("stack 1", 1);
    Thread account = call("account", RequestPacer.FIRST);
    late.join();
    early.join();
    account.join();

    assertThat(served).containsExactly("account", "stack 1", "stack 3");
  }

  @Test
  void callsOfOneRankAreServedInTheOrderTheyCame() throws InterruptedException {
    pacer.take("eu-west-1 Wafv2.ListResourcesForWebACL", SLOW, 2);
    Thread first = call("first", 2);
    Thread second = call("second", 2);
    Thread third = call("third", 2);
    first.join();
    second.join();
    third.join();

    assertThat(served).containsExactly("first", "second", "third");
  }

  @Test
  void aRankHoldsForTheCallsMadeWithinItAndNoLonger() {
    assertThat(RequestPacer.rank()).isEqualTo(RequestPacer.FIRST);
    int inner =
        RequestPacer.ranked(
            4, () -> RequestPacer.ranked(7, RequestPacer::rank) * 10 + RequestPacer.rank());
    assertThat(inner).isEqualTo(74);
    assertThat(RequestPacer.ranked(-3, RequestPacer::rank)).isEqualTo(RequestPacer.FIRST);
    assertThat(RequestPacer.rank()).isEqualTo(RequestPacer.FIRST);
  }
}
