package io.netdrift.detector.baseline;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.model.SecurityGroup;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The approved state of one deployed stack in the canonical model, with what could not be mapped.
 *
 * @param groups the managed security groups, by physical id
 * @param vpcIds the VPCs the stack's groups live in: the scope for unmanaged groups
 * @param notDeployed logical ids of approved resources CloudFormation has no physical id for
 * @param problems values that could not be resolved: each makes the scan incomplete
 */
public record ApprovedStack(
    StackTemplate template,
    Map<String, ManagedGroup> groups,
    Set<String> vpcIds,
    Map<String, Integer> coverage,
    Map<String, Integer> notChecked,
    Map<String, Integer> outOfScope,
    List<String> notDeployed,
    List<String> problems) {
  public ApprovedStack {
    requireNonNull(template, "template");
    groups = Map.copyOf(groups);
    vpcIds = Set.copyOf(new TreeSet<>(vpcIds));
    coverage = Collections.unmodifiableSortedMap(new TreeMap<>(coverage));
    notChecked = Collections.unmodifiableSortedMap(new TreeMap<>(notChecked));
    outOfScope = Collections.unmodifiableSortedMap(new TreeMap<>(outOfScope));
    notDeployed = List.copyOf(notDeployed);
    problems = List.copyOf(problems);
  }

  /** An approved group and where the template declares it. */
  public record ManagedGroup(String logicalId, SecurityGroup group) {
    public ManagedGroup {
      requireNonNull(logicalId, "logicalId");
      requireNonNull(group, "group");
    }
  }
}
