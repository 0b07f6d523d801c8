package io.netdrift.detector.policy;

import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Glob;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An accepted drift: who accepted it, why, under which ticket, and until when. It silences the
 * findings it matches through {@code expires} (UTC); from the day after, they are findings again
 * and say that their suppression expired.
 *
 * @param fingerprint matches one finding exactly, or empty
 * @param location where the suppression is written, {@code rules/drift-policy.yaml:40:5}
 */
public record Suppression(
    Optional<String> fingerprint,
    List<Glob> stacks,
    List<Glob> resourceTypes,
    List<Glob> resources,
    List<Glob> properties,
    String owner,
    String reason,
    String ticket,
    LocalDate expires,
    String location) {
  public Suppression {
    stacks = List.copyOf(stacks);
    resourceTypes = List.copyOf(resourceTypes);
    resources = List.copyOf(resources);
    properties = List.copyOf(properties);
  }

  /** True when this suppression is about {@code finding}, expired or not. */
  public boolean matches(Finding finding) {
    if (fingerprint.isPresent() && !fingerprint.get().equals(finding.fingerprint())) {
      return false;
    }
    return SeverityRule.any(stacks, finding.stack())
        && SeverityRule.any(resourceTypes, finding.resourceType())
        && (resources.isEmpty()
            || SeverityRule.any(resources, finding.physicalId())
            || SeverityRule.any(resources, finding.logicalId()))
        && SeverityRule.any(properties, finding.property());
  }

  /** True on {@code today} and before: the expiry day itself is still covered. */
  public boolean activeOn(LocalDate today) {
    return !today.isAfter(expires);
  }

  /** For reports: {@code SEC-123 by alice@example.com until 2026-12-31}. */
  public String describe() {
    return ticket + " by " + owner + " until " + expires + " (" + reason + ")";
  }
}
