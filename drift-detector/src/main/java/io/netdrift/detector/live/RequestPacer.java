package io.netdrift.detector.live;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Keeps a scan's requests inside the request rate limits of the account and region it reads, so
 * that Netdrift running many reads at once never throttles itself (nor the account's other callers
 * more than it must): a token bucket per region and API, as EC2 documents its own ("each API is
 * evaluated individually"), each call waiting for a token before it starts.
 *
 * <p>The buckets: EC2's non-mutating actions 100 tokens refilled at 20 a second, as EC2 documents
 * them; CloudTrail {@code LookupEvents} 2 a second, as CloudTrail documents it. AWS publishes no
 * bucket for the other services: Netdrift assumes CloudFormation 40 / 20 a second, Cloud Control 30
 * / 25, WAFv2, Network Firewall and Route 53 Resolver 50 / 25, EC2's mutating actions 50 / 5,
 * anything else 100 / 50. Netdrift takes nine tenths of each, leaving a tenth for other callers and
 * for requests that reach AWS closer together than they left.
 *
 * <p>Calls waiting for a bucket's token get it by rank ({@link #ranked}), lowest first, then in the
 * order they came: a scan ranks each stack's calls by the stack's place in the scan, so that where
 * a bucket is short the first stacks finish their reads early and the reads that follow them (a web
 * ACL's, once its stack is read) start early, instead of every stack finishing last together.
 */
public final class RequestPacer implements ExecutionInterceptor {
  /** A bucket: its size and its refill a second. */
  public record Limit(double capacity, double refillPerSecond) {}

  /** The share of each bucket Netdrift takes. */
  static final double SHARE = 0.9;

  /** The rank of calls made outside {@link #ranked}: the account's shared reads, first. */
  static final int FIRST = 0;

  private static final Pattern NON_MUTATING = Pattern.compile("(Describe|Get|List|Search).*");

  private static final ThreadLocal<Integer> RANK = ThreadLocal.withInitial(() -> FIRST);

  private final Map<String, Bucket> buckets = new HashMap<>();

  /** The bucket AWS draws a request of {@code operation} to {@code service} from. */
  public static Limit limit(String service, String operation) {
    return switch (service) {
      case "Ec2" ->
          NON_MUTATING.matcher(operation).matches() ? new Limit(100, 20) : new Limit(50, 5);
      case "CloudTrail" -> operation.equals("LookupEvents") ? new Limit(2, 2) : new Limit(100, 50);
      case "CloudFormation" -> new Limit(40, 20);
      case "CloudControl" -> new Limit(30, 25);
      case "Wafv2", "NetworkFirewall", "Route53Resolver" -> new Limit(50, 25);
      default -> new Limit(100, 50);
    };
  }

  /**
   * Runs {@code calls} with the calls it makes on this thread ranked {@code rank} (not below {@link
   * #FIRST}) in the queue for a token.
   */
  public static <T> T ranked(int rank, Supplier<T> calls) {
    Integer before = RANK.get();
    RANK.set(Math.max(FIRST, rank));
    try {
      return calls.get();
    } finally {
      RANK.set(before);
    }
  }

  /** The rank of this thread's calls: {@link #ranked}'s, else {@link #FIRST}. */
  public static int rank() {
    return RANK.get();
  }

  /**
   * Waits for the call's token before the SDK starts it, so the wait counts against neither the
   * call's nor the attempt's timeout. A retry is not paced here: it follows a throttling or a
   * failure, and the SDK's adaptive retry mode paces those.
   */
  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    take(region + " " + service + "." + operation, limit(service, operation), rank());
  }

  /**
   * Takes a token of the bucket {@code key} for a call ranked {@code rank}: at once where the
   * bucket holds one and no call ranked before it waits, else once every call ranked before it has
   * had its token and the bucket has refilled one. An interrupted wait ends without a token.
   */
  void take(String key, Limit limit, int rank) {
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit));
    }
    bucket.take(rank);
  }

  /** One bucket, Netdrift's share of it, and the calls waiting for its tokens. */
  private static final class Bucket {
    private final double capacity;
    private final double refill;
    private final PriorityQueue<long[]> waiting =
        new PriorityQueue<>(
            Comparator.<long[]>comparingLong(w -> w[0]).thenComparingLong(w -> w[1]));
    private double tokens;
    private long at = System.nanoTime();
    private long arrivals;

    Bucket(Limit limit) {
      this.capacity = Math.max(1, limit.capacity() * SHARE);
      this.refill = limit.refillPerSecond() * SHARE;
      this.tokens = capacity;
    }

    synchronized void take(int rank) {
      long[] me = {rank, arrivals++};
      waiting.add(me);
      try {
        while (true) {
          long now = System.nanoTime();
          tokens = Math.min(capacity, tokens + (now - at) / 1e9 * refill);
          at = now;
          boolean next = waiting.peek() == me;
          if (next && tokens >= 1) {
            tokens -= 1;
            return;
          }
          // The next in line waits for its token; the others until a call ahead of them has had
          // its own.
          long nanos = next ? (long) Math.ceil((1 - tokens) / refill * 1e9) : 0;
          wait(nanos / 1_000_000, (int) (nanos % 1_000_000) + (next && nanos == 0 ? 1 : 0));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.remove(me);
        notifyAll();
      }
    }
  }
}
