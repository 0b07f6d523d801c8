package io.netdrift.detector.diff;

import io.netdrift.detector.model.SecurityGroupRule;
import java.util.Map;
import java.util.Set;

/**
 * Where a live resource no template of this stack declares is unmanaged: inside a managed VPC,
 * owned by no stack of the assembly, and not on a resource whose approved parts are only partly
 * known.
 *
 * @param vpcs the managed VPCs: the scope in which unmanaged resources are looked for
 * @param owned physical ids of every resource some stack of the assembly (nested ones included)
 *     owns, mapped or not: never unmanaged
 * @param partial approved groups and documents some of whose parts could not be mapped: nothing
 *     live on them is called unmanaged or an edit
 * @param foreignRules rules some stack of the assembly declares on a group no stack manages, by
 *     group id: approved there, so never unmanaged on such a group
 */
public record Scope(
    Set<String> vpcs,
    Set<String> owned,
    Set<String> partial,
    Map<String, Set<SecurityGroupRule.Key>> foreignRules) {
  public Scope {
    vpcs = Set.copyOf(vpcs);
    owned = Set.copyOf(owned);
    partial = Set.copyOf(partial);
    foreignRules = Map.copyOf(foreignRules);
  }

  /** No rule declared on a group no stack manages. */
  public Scope(Set<String> vpcs, Set<String> owned, Set<String> partial) {
    this(vpcs, owned, partial, Map.of());
  }

  /** Unmanaged anywhere in {@code vpcs}, nothing owned elsewhere, nothing partial. */
  public static Scope of(Set<String> vpcs) {
    return new Scope(vpcs, Set.of(), Set.of());
  }

  /** Whether a live resource with this id, in this VPC, no template declares is unmanaged. */
  boolean unmanaged(String physicalId, String vpcId) {
    return vpcs.contains(vpcId) && !owned.contains(physicalId);
  }

  /** Whether a stack of the assembly declares {@code rule} on group {@code groupId}. */
  boolean declaredElsewhere(String groupId, SecurityGroupRule rule) {
    return foreignRules.getOrDefault(groupId, Set.of()).contains(rule.key());
  }
}
