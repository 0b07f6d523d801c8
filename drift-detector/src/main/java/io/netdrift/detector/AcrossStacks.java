package io.netdrift.detector;

import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scan's second step, across the stacks it mapped: rules one stack declares on another's groups
 * are joined to that group, every physical id a stack owns is known to all, and each managed VPC
 * gets the one stack that reports what no template declares in it.
 */
final class AcrossStacks {
  private AcrossStacks() {}

  /**
   * The resources a targeted check looks at: {@code focus} where some stack manages one of them;
   * otherwise none, and the whole assembly is scanned (an unmanaged resource is found only so).
   */
  static Set<String> focus(List<StackPlan> stacks, Set<String> focus) {
    return stacks.stream().anyMatch(p -> p.approved != null && manages(p.approved, focus))
        ? focus
        : Set.of();
  }

  static boolean manages(ApprovedStack approved, Set<String> ids) {
    return ids.stream()
        .anyMatch(id -> approved.groups().containsKey(id) || approved.documents().containsKey(id));
  }

  /**
   * Every physical id some deployed stack of the assembly owns, mapped or not: a live resource one
   * of them owns is never unmanaged, whichever stack's VPC it sits in.
   */
  static Set<String> owned(List<StackPlan> stacks) {
    Set<String> owned = new TreeSet<>();
    for (StackPlan p : stacks) {
      if (p.stack != null) {
        p.stack.resources().values().stream()
            .map(DeployedStack.Resource::physicalId)
            .filter(id -> !id.isEmpty())
            .forEach(owned::add);
      }
    }
    return owned;
  }

  /**
   * The rules stacks declare on groups no stack of the assembly manages, by group id: approved on
   * such a group (a group made by hand, or another assembly's), so never reported as its own.
   */
  static Map<String, Set<SecurityGroupRule.Key>> foreignRules(List<StackPlan> stacks) {
    Map<String, Set<SecurityGroupRule.Key>> rules = new TreeMap<>();
    for (StackPlan p : stacks) {
      p.orphanRules.forEach(
          r ->
              rules
                  .computeIfAbsent(r.groupId(), g -> new java.util.HashSet<>())
                  .add(r.rule().key()));
    }
    return rules;
  }

  /**
   * Which stack reports what no template declares in each managed VPC, so a hand-made group is one
   * finding, not one per stack with resources there: the stack that declares the VPC, or where no
   * stack of the assembly does (an imported VPC), the first stack with resources in it.
   */
  static void scopes(List<StackPlan> stacks) {
    Map<String, StackPlan> owner = new java.util.LinkedHashMap<>();
    for (StackPlan p : stacks) {
      if (p.approved != null) {
        p.approved.physicalIds(NetworkDocuments.VPC).forEach(v -> owner.putIfAbsent(v, p));
      }
    }
    for (StackPlan p : stacks) {
      if (p.approved != null) {
        p.approved.vpcIds().forEach(v -> owner.putIfAbsent(v, p));
      }
    }
    for (StackPlan p : stacks) {
      if (p.approved != null) {
        p.approved.transitGatewayIds().forEach(t -> owner.putIfAbsent(t, p));
      }
    }
    for (StackPlan p : stacks) {
      if (p.approved != null) {
        Set<String> mine = new TreeSet<>();
        java.util.stream.Stream.concat(
                p.approved.vpcIds().stream(), p.approved.transitGatewayIds().stream())
            .forEach(
                v -> {
                  if (owner.get(v) == p) {
                    mine.add(v);
                  }
                });
        p.scope = mine;
      }
    }
  }

  /**
   * A standalone rule one stack declares on a group another stack manages is part of that group's
   * approved rules, compared there; one on a group no stack of the assembly manages is checked for
   * presence by the stack that declares it.
   */
  static void joinForeignRules(List<StackPlan> stacks) {
    Map<String, StackPlan> owners = new TreeMap<>();
    for (StackPlan p : stacks) {
      if (p.approved != null) {
        p.approved.groups().keySet().forEach(id -> owners.put(id, p));
      }
    }
    Map<StackPlan, List<ApprovedStack.ForeignRule>> joined = new java.util.LinkedHashMap<>();
    for (StackPlan p : stacks) {
      if (p.approved == null) {
        continue;
      }
      List<ApprovedStack.ForeignRule> orphans = new ArrayList<>();
      for (ApprovedStack.ForeignRule rule : p.approved.foreignRules()) {
        StackPlan owner = owners.get(rule.groupId());
        if (owner == null) {
          orphans.add(rule);
        } else {
          joined.computeIfAbsent(owner, k -> new ArrayList<>()).add(rule);
        }
      }
      p.orphanRules = orphans;
    }
    joined.forEach((owner, rules) -> owner.approved = owner.approved.withForeignRules(rules));
  }
}
