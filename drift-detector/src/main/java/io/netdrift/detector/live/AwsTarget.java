package io.netdrift.detector.live;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to read: region, named profile, an endpoint override (LocalStack-style
 * emulators, the tests' emulator) and a reader role to assume in the stack's account. Empty values
 * fall back to the SDK's default chains.
 */
public record AwsTarget(
    String region, Optional<String> profile, Optional<URI> endpoint, Optional<String> roleArn) {
  public AwsTarget {
    requireNonNull(region, "region");
    requireNonNull(profile, "profile");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(roleArn, "roleArn");
  }

  /** Without a role to assume. */
  public AwsTarget(String region, Optional<String> profile, Optional<URI> endpoint) {
    this(region, profile, endpoint, Optional.empty());
  }
}
