package io.netdrift.detector.cli;

import io.netdrift.detector.DriftScan;
import io.netdrift.detector.ScanOptions;
import io.netdrift.detector.attribution.Attributor;
import io.netdrift.detector.live.AwsTarget;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.DriftPolicy;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.policy.Triage;
import io.netdrift.detector.report.ScanReport;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The scan the commands that act on findings ({@code revert}, {@code accept}) start from: the
 * stacks the options choose, read live and triaged by the policy, so a fingerprint means what it
 * means in the report and the alert.
 */
final class TriagedScan {
  private TriagedScan() {}

  static ScanReport run(AwsOptions aws, DriftPolicy rules, Clock clock) {
    return run(aws, rules, clock, 0);
  }

  /** As above, with up to {@code lookups} CloudTrail lookups to say who made each drift. */
  static ScanReport run(AwsOptions aws, DriftPolicy rules, Clock clock, int lookups) {
    CallCounter counter = new CallCounter();
    ScanOptions options = aws.options();
    if (lookups > 0) {
      options =
          options.withAttribution(
              new Attributor.Settings(Optional.empty(), lookups, java.util.Map.of()));
    }
    ScanReport scanned = new DriftScan(clock, LiveSource.aws(counter), counter).run(options);
    return scanned.withTriage(
        Triage.of(
            scanned.findings(),
            scanned.stacks(),
            rules,
            Severity.INFO,
            clock.instant().atZone(ZoneOffset.UTC).toLocalDate(),
            null,
            null));
  }

  /** How a stack's own account and region are reached with the options' credentials and role. */
  static AwsTarget target(AwsOptions aws, StackResult stack) {
    Optional<String> role =
        Optional.ofNullable(aws.roleArn).map(r -> r.replace("{account}", stack.account()));
    return new AwsTarget(
        stack.region(),
        Optional.ofNullable(aws.profile),
        Optional.ofNullable(aws.endpoint),
        role,
        AwsTarget.DEFAULT_API_TIMEOUT);
  }
}
