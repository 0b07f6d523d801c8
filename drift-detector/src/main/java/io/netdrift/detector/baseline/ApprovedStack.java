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
 * @param documents the other managed network resources as canonical documents, by physical id
 * @param vpcIds the managed VPCs: the scope in which unmanaged resources are looked for
 * @param lockedDefaultGroupVpcs VPCs whose default security group the template empties
 * @param notDeployed logical ids of approved resources CloudFormation has no physical id for
 * @param problems values that could not be resolved: each makes the scan incomplete
 */
public record ApprovedStack(
    StackTemplate template,
    Map<String, ManagedGroup> groups,
    Map<String, ManagedDocument> documents,
    Set<String> vpcIds,
    Set<String> lockedDefaultGroupVpcs,
    Map<String, Integer> coverage,
    Map<String, Integer> notChecked,
    Map<String, Integer> outOfScope,
    List<String> notDeployed,
    List<String> problems) {
  public ApprovedStack {
    requireNonNull(template, "template");
    groups = Map.copyOf(groups);
    documents = Collections.unmodifiableSortedMap(new TreeMap<>(documents));
    vpcIds = Collections.unmodifiableSortedSet(new TreeSet<>(vpcIds));
    lockedDefaultGroupVpcs =
        Collections.unmodifiableSortedSet(new TreeSet<>(lockedDefaultGroupVpcs));
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

  /** The physical ids of the managed documents of one type. */
  public List<String> physicalIds(String type) {
    return documents.values().stream()
        .filter(d -> d.document().type().equals(type))
        .map(d -> d.document().physicalId())
        .toList();
  }
}
