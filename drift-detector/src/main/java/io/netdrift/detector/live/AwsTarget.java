package io.netdrift.detector.live;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to read: region, named profile and an endpoint override (LocalStack-style
 * emulators, the tests' emulator). Empty values fall back to the SDK's default chains.
 */
public record AwsTarget(String region, Optional<String> profile, Optional<URI> endpoint) {
  public AwsTarget {
    requireNonNull(region, "region");
    requireNonNull(profile, "profile");
    requireNonNull(endpoint, "endpoint");
  }
}
