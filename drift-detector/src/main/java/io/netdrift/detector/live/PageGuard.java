package io.netdrift.detector.live;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Stops a list whose pages never end: the SDK's paginators follow a next token for as long as one
 * comes back, so an endpoint that answers a token it already gave (a broken proxy, a service bug)
 * would hold the scan in a loop. A request that sends a token its series of pages already sent
 * fails instead, and what it lists is left unchecked. A series is one operation with the same
 * parameters but the token; a request without a token starts it again.
 */
final class PageGuard implements ExecutionInterceptor {
  private static final Set<String> TOKENS = Set.of("NextToken", "Marker", "NextMarker");

  private final Map<String, Set<String>> sent = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    String token = null;
    StringBuilder series =
        new StringBuilder(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
            .append('.')
            .append(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    for (SdkField<?> field : request.sdkFields()) {
      Object value = field.getValueOrDefault(request);
      if (TOKENS.contains(field.memberName())) {
        token = value == null ? null : value.toString();
      } else {
        series.append('\u001f').append(field.memberName()).append('=').append(value);
      }
    }
    String key = series.toString();
    if (token == null || token.isEmpty()) {
      sent.put(key, ConcurrentHashMap.newKeySet());
      return;
    }
    if (!sent.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(token)) {
      throw SdkClientException.create(
          attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
              + " answered a page token it had already given: its pages never end");
    }
  }
}
