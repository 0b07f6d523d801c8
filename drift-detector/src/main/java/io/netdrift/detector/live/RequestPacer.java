package io.netdrift.detector.live;

import java.util.HashMap;
import java.util.Map;
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
 */
public final class RequestPacer implements ExecutionInterceptor {
  /** A bucket: its size and its refill a second. */
  public record Limit(double capacity, double refillPerSecond) {}

  /** The share of each bucket Netdrift takes. */
  static final double SHARE = 0.9;

  private static final Pattern NON_MUTATING = Pattern.compile("(Describe|Get|List|Search).*");

  private final Map<String, double[]> buckets = new HashMap<>();

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
   * Waits for the call's token before the SDK starts it, so the wait counts against neither the
   * call's nor the attempt's timeout. A retry is not paced here: it follows a throttling or a
   * failure, and the SDK's adaptive retry mode paces those.
   */
  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    long waitNanos = reserve(region + " " + service + "." + operation, limit(service, operation));
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Takes a token of the bucket {@code key}, going into debt where it is empty: how long the caller
   * waits until its token is there.
   */
  long reserve(String key, Limit limit) {
    double capacity = Math.max(1, limit.capacity() * SHARE);
    double refill = limit.refillPerSecond() * SHARE;
    long now = System.nanoTime();
    synchronized (buckets) {
      double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {capacity, now});
      bucket[0] = Math.min(capacity, bucket[0] + (now - (long) bucket[1]) / 1e9 * refill);
      bucket[1] = now;
      bucket[0] -= 1;
      return bucket[0] >= 0 ? 0 : (long) (-bucket[0] / refill * 1e9);
    }
  }
}
