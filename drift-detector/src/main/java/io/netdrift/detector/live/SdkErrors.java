package io.netdrift.detector.live;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What to say of an SDK failure in one word, never its request details. */
public final class SdkErrors {
  private SdkErrors() {}

  /**
   * One line a person can act on where {@code e} is the SDK's (the credential chain's dump is
   * replaced by what to do); empty for any other exception.
   */
  public static java.util.Optional<String> explain(RuntimeException e) {
    if (!(e instanceof SdkException)) {
      return java.util.Optional.empty();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.startsWith("Unable to load credentials")) {
      return java.util.Optional.of(
          "no AWS credentials found; use --profile, AWS_PROFILE, SSO, environment variables or an"
              + " instance role");
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    if (e instanceof software.amazon.awssdk.services.sts.model.StsException sts) {
      // The reader role (--role-arn) could not be assumed: every read of the stack needs it.
      line = "could not assume the reader role (" + code(sts) + "): " + line;
    }
    return java.util.Optional.of(line.length() <= 300 ? line : line.substring(0, 299) + "…");
  }

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
