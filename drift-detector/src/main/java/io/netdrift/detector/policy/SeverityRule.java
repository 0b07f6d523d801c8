package io.netdrift.detector.policy;

import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Glob;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One severity rule of the drift policy: every condition given must hold (a list holds when any of
 * its items does); the first rule that matches a finding sets its severity.
 *
 * @param location where the rule is written, {@code rules/drift-policy.yaml:12:5}
 */
public record SeverityRule(
    String name,
    Severity severity,
    String description,
    Set<FindingKind> kinds,
    List<Glob> resourceTypes,
    List<Glob> properties,
    Set<Exposure.Access> exposure,
    Optional<Boolean> internet,
    List<Glob> stacks,
    String location) {
  public SeverityRule {
    kinds = Set.copyOf(kinds);
    resourceTypes = List.copyOf(resourceTypes);
    properties = List.copyOf(properties);
    exposure = Set.copyOf(exposure);
    stacks = List.copyOf(stacks);
  }

  /** True when {@code finding} meets every condition. */
  public boolean matches(Finding finding) {
    return (kinds.isEmpty() || kinds.contains(finding.kind()))
        && any(resourceTypes, finding.resourceType())
        && any(properties, finding.property())
        && (exposure.isEmpty() || exposure.contains(finding.exposure().access()))
        && internet.map(i -> i == finding.exposure().internet()).orElse(true)
        && any(stacks, finding.stack());
  }

  static boolean any(List<Glob> globs, String value) {
    return globs.isEmpty() || globs.stream().anyMatch(g -> g.matches(value));
  }
}
