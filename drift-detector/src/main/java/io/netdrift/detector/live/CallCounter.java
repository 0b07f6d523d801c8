package io.netdrift.detector.live;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests a scan sends, per service and operation, retries included: what the scan
 * costs in API calls and rate limit. Registered on every SDK client of the scan.
 */
public final class CallCounter implements ExecutionInterceptor {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    requests.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
  }

  /** Requests so far, by {@code Service.Operation}, sorted. */
  public SortedMap<String, Long> counts() {
    SortedMap<String, Long> out = new TreeMap<>();
    requests.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
