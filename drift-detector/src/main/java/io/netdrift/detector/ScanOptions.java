package io.netdrift.detector;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.attribution.Attributor;
import io.netdrift.detector.baseline.StackSelection;
import io.netdrift.detector.live.AwsTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What to scan and how to reach AWS. {@code roleArn} may hold {@code {account}}, replaced by each
 * stack's account, to assume a reader role per account. Built from where the baseline is and how to
 * reach AWS; everything else has a default a {@code with} method changes.
 */
public record ScanOptions(
    Path baseline,
    Optional<String> region,
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<String> roleArn,
    Attributor.Settings attribution,
    Set<String> focus,
    StackSelection stacks,
    Duration deployGrace,
    Duration apiTimeout) {
  /** How long a deploy may be under way before a stack that does not settle is alerted. */
  public static final Duration DEFAULT_DEPLOY_GRACE = Duration.ofMinutes(60);

  public ScanOptions {
    requireNonNull(baseline, "baseline");
    requireNonNull(region, "region");
    requireNonNull(profile, "profile");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(roleArn, "roleArn");
    requireNonNull(attribution, "attribution");
    focus = Set.copyOf(focus);
    requireNonNull(stacks, "stacks");
    requireNonNull(deployGrace, "deployGrace");
    requireNonNull(apiTimeout, "apiTimeout");
  }

  /** Every stack of the assembly, without attribution, deferring a deploy for the default grace. */
  public ScanOptions(
      Path baseline,
      Optional<String> region,
      Optional<String> profile,
      Optional<URI> endpoint,
      Optional<String> roleArn) {
    this(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        Attributor.Settings.off(),
        Set.of(),
        StackSelection.all(),
        DEFAULT_DEPLOY_GRACE,
        AwsTarget.DEFAULT_API_TIMEOUT);
  }

  /** These options, scanning only the stacks {@code selection} selects. */
  public ScanOptions withStacks(StackSelection selection) {
    return new ScanOptions(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        attribution,
        focus,
        selection,
        deployGrace,
        apiTimeout);
  }

  /**
   * These options, deferring a stack mid-deploy for up to {@code grace}; past it, the stack is
   * alerted as a deploy that does not settle.
   */
  public ScanOptions withDeployGrace(Duration grace) {
    return new ScanOptions(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        attribution,
        focus,
        stacks,
        grace,
        apiTimeout);
  }

  /** These options, bounding every AWS call, retries included, by {@code timeout}. */
  public ScanOptions withApiTimeout(Duration timeout) {
    return new ScanOptions(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        attribution,
        focus,
        stacks,
        deployGrace,
        timeout);
  }

  /** These options, with attribution {@code settings}. */
  public ScanOptions withAttribution(Attributor.Settings settings) {
    return new ScanOptions(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        settings,
        focus,
        stacks,
        deployGrace,
        apiTimeout);
  }

  /**
   * These options, checking only the resources with these physical ids (a targeted re-check after a
   * change CloudTrail reported); where no stack manages any of them, the whole assembly is scanned,
   * as an unmanaged resource can only be found that way.
   */
  public ScanOptions withFocus(Set<String> physicalIds) {
    return new ScanOptions(
        baseline,
        region,
        profile,
        endpoint,
        roleArn,
        attribution,
        physicalIds,
        stacks,
        deployGrace,
        apiTimeout);
  }
}
