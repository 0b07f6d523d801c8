package io.netdrift.detector.live;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and as whom to read: region, named profile, an endpoint override (LocalStack-style
 * emulators, the tests' emulator) and a reader role to assume in the stack's account. Empty values
 * fall back to the SDK's default chains. {@code apiTimeout} bounds every call, retries included: an
 * endpoint that hangs makes a read fail, never the scan wait for ever.
 */
public record AwsTarget(
    String region,
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<String> roleArn,
    Duration apiTimeout) {
  /** How long one AWS call may take, retries included, unless the scan says otherwise. */
  public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(60);

  public AwsTarget {
    requireNonNull(region, "region");
    requireNonNull(profile, "profile");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(roleArn, "roleArn");
    requireNonNull(apiTimeout, "apiTimeout");
    if (apiTimeout.isNegative() || apiTimeout.isZero()) {
      throw new IllegalArgumentException("an API timeout must be positive, not " + apiTimeout);
    }
  }

  /** With the default API timeout. */
  public AwsTarget(
      String region, Optional<String> profile, Optional<URI> endpoint, Optional<String> roleArn) {
    this(region, profile, endpoint, roleArn, DEFAULT_API_TIMEOUT);
  }

  /** Without a role to assume. */
  public AwsTarget(String region, Optional<String> profile, Optional<URI> endpoint) {
    this(region, profile, endpoint, Optional.empty());
  }

  /**
   * How long one attempt of a call may take: a third of the call's time, so a hung attempt leaves
   * time to retry.
   */
  public Duration attemptTimeout() {
    return apiTimeout.dividedBy(3);
  }
}
