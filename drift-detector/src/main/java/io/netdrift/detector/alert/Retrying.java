package io.netdrift.detector.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * Delivery with retries: a 429 waits as long as the service's {@code Retry-After} says (up to
 * {@link #MAX_WAIT}), a 5xx or a broken connection backs off exponentially (1 s, 2 s, 4 s, …);
 * after {@link #ATTEMPTS} tries, or on an error that waiting cannot fix, delivery fails.
 */
public final class Retrying {
  /** Tries per message. */
  public static final int ATTEMPTS = 5;

  /** The longest single wait; a longer Retry-After gives up rather than hold the run. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** Waits; tests pass one that records instead of sleeping. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** The real thing. */
    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /** What one attempt came to. */
  public sealed interface Outcome<T> {}

  /** Delivered. */
  public record Done<T>(T value) implements Outcome<T> {}

  /** Try again, after {@code retryAfter} where Slack said, else after the back-off. */
  public record Again<T>(String why, Optional<Duration> retryAfter) implements Outcome<T> {}

  /** Waiting will not help. */
  public record Fail<T>(String why) implements Outcome<T> {}

  /** One attempt. */
  public interface Attempt<T> {
    Outcome<T> run();
  }

  private final Sleeper sleeper;

  public Retrying(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /** Runs {@code attempt} until it is done, fails, or {@link #ATTEMPTS} are used up. */
  public <T> T run(String what, Attempt<T> attempt) {
    Duration backOff = Duration.ofSeconds(1);
    String last = "";
    for (int i = 1; i <= ATTEMPTS; i++) {
      Outcome<T> outcome = attempt.run();
      if (outcome instanceof Done<T> done) {
        return done.value();
      }
      if (outcome instanceof Fail<T> fail) {
        throw new AlertException(what + ": " + fail.why());
      }
      Again<T> again = (Again<T>) outcome;
      last = again.why();
      if (i == ATTEMPTS) {
        break;
      }
      Duration wait = again.retryAfter().orElse(backOff);
      if (wait.compareTo(MAX_WAIT) > 0) {
        throw new AlertException(
            what
                + ": "
                + last
                + "; the service asks to wait "
                + wait.toSeconds()
                + " s, longer than Netdrift waits in one run");
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AlertException(what + ": interrupted while waiting to retry", e);
      }
      backOff = backOff.multipliedBy(2);
    }
    throw new AlertException(what + ": gave up after " + ATTEMPTS + " attempts; last: " + last);
  }

  /** Reads a {@code Retry-After} header's seconds; empty when absent or not a number. */
  static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
