package io.netdrift.detector.live;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What to say of an SDK failure in one word, never its request details. */
public final class SdkErrors {
  private SdkErrors() {}

  /**
   * The service's error code ({@code AccessDeniedException}, {@code NoSuchBucket}), or the
   * exception's class where the service never answered.
   */
  public static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      if (code != null && !code.isBlank()) {
        return code;
      }
      // An answer with no error code (an empty 5xx body, say): its HTTP status is what there is.
      return "HTTP " + service.statusCode() + " (" + e.getClass().getSimpleName() + ")";
    }
    return e.getClass().getSimpleName();
  }
}
