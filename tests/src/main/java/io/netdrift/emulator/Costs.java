package io.netdrift.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a request costs against real AWS, for the emulator to charge: a latency (fixed plus a
 * uniform jitter) and a token from its API's bucket, or a throttling error where the bucket is
 * empty. Buckets are per account, region and API, as EC2 documents its request rate limiting ("each
 * API is evaluated individually"): non-mutating actions hold 100 tokens and refill 20 a second;
 * CloudTrail's {@code LookupEvents} allows 2 a second. The other figures are assumptions, said as
 * such in {@link #ASSUMED}: AWS publishes no bucket for them.
 */
public final class Costs {
  /**
   * One request as the emulator served it: its operation ({@code ec2:DescribeVpcs}, or the JSON
   * protocols' target) and when it arrived and was answered (the monotonic clock).
   */
  public record Served(String operation, long startNanos, long endNanos) {}

  /** A latency: fixed, plus a uniform jitter of up to {@code jitter}. */
  record Latency(Duration fixed, Duration jitter) {
    /** None. */
    static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    /**
     * When the answer to a request that arrives now may leave: after this latency, which includes
     * the answer's own making, as AWS's includes the service's work (the emulator's work on the
     * answer is done within it, not added to it).
     */
    long due() {
      long millis = fixed.toMillis();
      if (!jitter.isZero()) {
        millis += ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1);
      }
      return System.nanoTime() + millis * 1_000_000;
    }
  }

  /** A token bucket: its size and how many tokens it gains a second. */
  public record Limit(double capacity, double refillPerSecond) {}

  /** EC2's documented bucket for non-mutating actions (Describe*, Get*, List*, Search*). */
  public static final Limit EC2_NON_MUTATING = new Limit(100, 20);

  /** CloudTrail's documented rate for LookupEvents: 2 a second per account and region. */
  public static final Limit CLOUDTRAIL_LOOKUP = new Limit(2, 2);

  /** Buckets Netdrift assumes where AWS publishes none, per API. */
  public static final Map<String, Limit> ASSUMED =
      Map.of(
          "ec2-mutating", new Limit(50, 5),
          "cloudformation", new Limit(40, 20),
          "cloudcontrol", new Limit(30, 25),
          "wafv2", new Limit(50, 25),
          "network-firewall", new Limit(50, 25),
          "route53resolver", new Limit(50, 25),
          "other", new Limit(100, 50));

  private final Latency latency;
  private final Map<String, Latency> latencyByService = new HashMap<>();
  private final double scale;
  private final Map<String, double[]> buckets = new HashMap<>();
  private final List<String> throttled = new ArrayList<>();
  private final List<Served> timeline = new ArrayList<>();

  /**
   * Latency {@code latency} plus up to {@code jitter}; buckets at {@code scale} times their size
   * and refill (1 as AWS documents them, less to make a small test meet its limits).
   */
  public Costs(Duration latency, Duration jitter, double scale) {
    this.latency = new Latency(latency, jitter);
    this.scale = scale;
  }

  /**
   * Charges requests to {@code service} ({@code ec2}, {@code cloudformation}, {@code wafv2}, {@code
   * network-firewall}, {@code cloudcontrol}, {@code route53resolver}, {@code cloudtrail}, {@code
   * sts}, {@code organizations}, {@code s3}) latency {@code latency} plus up to {@code jitter}
   * instead of the one given to all; answers these costs.
   */
  public Costs latency(String service, Duration latency, Duration jitter) {
    synchronized (latencyByService) {
      latencyByService.put(service, new Latency(latency, jitter));
    }
    return this;
  }

  /** No latency, no limits: what the emulator charges unless told otherwise. */
  public static Costs free() {
    return new Costs(Duration.ZERO, Duration.ZERO, 0);
  }

  /**
   * The shortest time {@code requests} (by the SDK's {@code Service.Operation}) can take inside
   * these buckets at full size, however they are scheduled: for each API, the requests beyond its
   * burst over its refill rate; the largest of those.
   */
  public static double rateLimitFloorSeconds(Map<String, Long> requests) {
    double floor = 0;
    for (Map.Entry<String, Long> e : requests.entrySet()) {
      String[] at = e.getKey().split("\\.", 2);
      String service =
          at[0].equals("NetworkFirewall") ? "network-firewall" : at[0].toLowerCase(Locale.ROOT);
      Limit limit = limit(service, at[1]);
      floor = Math.max(floor, (e.getValue() - limit.capacity()) / limit.refillPerSecond());
    }
    return floor;
  }

  /** The bucket an API of {@code service} draws from. */
  static Limit limit(String service, String action) {
    if (service.equals("ec2")) {
      return action.matches("(Describe|Get|List|Search).*")
          ? EC2_NON_MUTATING
          : ASSUMED.get("ec2-mutating");
    }
    if (service.equals("cloudtrail") && action.equals("LookupEvents")) {
      return CLOUDTRAIL_LOOKUP;
    }
    return ASSUMED.getOrDefault(service, ASSUMED.get("other"));
  }

  /**
   * Charges one request of {@code action} to {@code service}: false where its bucket is empty (the
   * caller answers the service's throttling error). Time is the monotonic clock.
   */
  boolean admit(String service, String action) {
    if (scale <= 0) {
      return true;
    }
    Limit limit = limit(service, action);
    double capacity = Math.max(1, limit.capacity() * scale);
    double refill = limit.refillPerSecond() * scale;
    long now = System.nanoTime();
    synchronized (buckets) {
      double[] bucket =
          buckets.computeIfAbsent(service + ":" + action, k -> new double[] {capacity, now});
      bucket[0] = Math.min(capacity, bucket[0] + (now - (long) bucket[1]) / 1e9 * refill);
      bucket[1] = now;
      if (bucket[0] < 1) {
        throttled.add(service + ":" + action);
        return false;
      }
      bucket[0] -= 1;
      return true;
    }
  }

  /**
   * When the answer to a request to {@code service} that arrives now may leave ({@link
   * Latency#due}).
   */
  long due(String service) {
    synchronized (latencyByService) {
      return latencyByService.getOrDefault(service, latency).due();
    }
  }

  /** Waits until {@code due} ({@link #due}); at once where it has passed. */
  static void await(long due) {
    long rest = due - System.nanoTime();
    if (rest > 0) {
      try {
        Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * True where the bucket of {@code throttled} (an entry of {@link #throttled()}) is one AWS
   * documents, false where it is one of {@link #ASSUMED}.
   */
  public static boolean documented(String throttled) {
    String[] at = throttled.split(":", 2);
    Limit limit = limit(at[0], at[1]);
    return limit == EC2_NON_MUTATING || limit == CLOUDTRAIL_LOOKUP;
  }

  /**
   * Notes that {@code operation}, which arrived at {@code startNanos}, is answered now. Only a
   * request that costs something is kept: the free emulator keeps no timeline.
   */
  void served(String operation, long startNanos) {
    boolean byService;
    synchronized (latencyByService) {
      byService = !latencyByService.isEmpty();
    }
    if (scale <= 0 && latency.equals(Latency.NONE) && !byService) {
      return;
    }
    Served served = new Served(operation, startNanos, System.nanoTime());
    synchronized (timeline) {
      timeline.add(served);
    }
  }

  /** The requests served so far, in the order they were answered. */
  public List<Served> timeline() {
    synchronized (timeline) {
      return List.copyOf(timeline);
    }
  }

  /** The requests answered with a throttling error so far ({@code service:action}), in order. */
  public List<String> throttled() {
    synchronized (buckets) {
      return List.copyOf(throttled);
    }
  }
}
