package io.netdrift.detector.policy;

import io.netdrift.detector.model.Remediation;
import java.util.Optional;

/**
 * How the policy judged one finding.
 *
 * @param rule the severity rule that matched, or {@code default}
 * @param suppression the suppression that matches it, active or expired
 * @param suppressed true while the suppression is active: the finding is accepted and silent
 */
public record Assessment(
    Severity severity,
    String rule,
    Optional<Suppression> suppression,
    boolean suppressed,
    Remediation remediation) {
  /** True when a suppression matched but has expired: the finding is back, and says so. */
  public boolean suppressionExpired() {
    return suppression.isPresent() && !suppressed;
  }
}
