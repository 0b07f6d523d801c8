package io.netdrift.detector.diff;

import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.ApprovedStack.ManagedGroup;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares approved and live security groups: groups matched by physical id, rules matched by their
 * identity (direction, protocol, ports, peer) after both sides were normalized by the model.
 */
public final class SecurityGroupDiff {
  static final String TYPE = "AWS::EC2::SecurityGroup";

  private SecurityGroupDiff() {}

  /**
   * Findings for one stack. {@code scopeVpcs} are the managed VPCs: a live group there that no
   * template declares is unmanaged, except the default group EC2 gives every VPC.
   */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedGroup> approved,
      Set<String> scopeVpcs,
      Map<String, SecurityGroup> live) {
    return compare(stack, approved, Scope.of(scopeVpcs), live);
  }

  /**
   * Findings for one stack: a live group no template declares is unmanaged only inside {@code
   * scope}; a partly known group has no unmanaged rules.
   */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedGroup> approved,
      Scope scope,
      Map<String, SecurityGroup> live) {
    List<Finding> findings = new ArrayList<>();
    for (ManagedGroup managed : approved.values()) {
      SecurityGroup want = managed.group();
      SecurityGroup have = live.get(want.groupId());
      if (have == null) {
        findings.add(
            Finding.missing(new Finding.Resource(stack, TYPE, managed.logicalId(), want.groupId()))
                .approved(want.description())
                .summary("security group " + label(managed) + " is approved but does not exist")
                .exposure(Exposure.narrowed(false, "what used the group lost its rules"))
                .build());
        continue;
      }
      compareGroup(stack, managed, have, scope.partial().contains(want.groupId()), findings);
    }
    for (SecurityGroup have : live.values()) {
      if (approved.containsKey(have.groupId())
          || !scope.unmanaged(have.groupId(), have.vpcId())
          || have.isVpcDefault()
          || have.madeBy().isPresent()) {
        // An AWS service's group (EKS, GuardDuty, ...) is the service's, not customer drift.
        continue;
      }
      findings.add(
          Finding.unmanaged(new Finding.Resource(stack, TYPE, "", have.groupId()))
              .live(
                  have.rules().stream()
                      .map(SecurityGroupRule::describe)
                      .collect(Collectors.joining("; ")))
              .summary(
                  "security group "
                      + have.groupId()
                      + " ("
                      + have.name().orElse("")
                      + ") in managed VPC "
                      + have.vpcId()
                      + " is in no template")
              .exposure(Exposure.unknown("a group opens nothing until something uses it"))
              .build());
      // Its rules are judged by what they open, as on a managed group: RDP from the internet is
      // as loud on a group made by hand as on an approved one. The egress EC2 gives every new
      // group is not the maker's doing, and is said in the group's finding; a rule another stack
      // declares on the group is approved (that stack checks it is there).
      for (SecurityGroupRule rule : have.rules()) {
        if (!rule.key().equals(SecurityGroupRule.DEFAULT_EGRESS.key())
            && !scope.declaredElsewhere(have.groupId(), rule)) {
          findings.add(
              unmanagedRule(
                  stack,
                  "",
                  have.groupId(),
                  rule,
                  "security group " + have.groupId() + ", which is in no template"));
        }
      }
    }
    findings.sort(Finding.order());
    return findings;
  }

  /**
   * Rules on the default group of a VPC whose template empties it (CDK's restrict-default-group
   * custom resource): every one of them is unmanaged.
   */
  public static List<Finding> lockedDefaultGroups(
      String stack, Set<String> lockedVpcs, Map<String, SecurityGroup> live) {
    List<Finding> findings = new ArrayList<>();
    for (SecurityGroup group : live.values()) {
      if (!group.isVpcDefault() || !lockedVpcs.contains(group.vpcId())) {
        continue;
      }
      for (SecurityGroupRule rule : group.rules()) {
        findings.add(
            unmanagedRule(
                stack,
                "",
                group.groupId(),
                rule,
                "the default group of "
                    + group.vpcId()
                    + ", which the template keeps without rules"));
      }
    }
    findings.sort(Finding.order());
    return findings;
  }

  /**
   * Standalone rules this stack declares on groups no stack of the assembly manages: each must
   * exist; the rest of such a group is its owner's business, so nothing there is unmanaged.
   */
  public static List<Finding> foreignRules(
      String stack, List<ApprovedStack.ForeignRule> rules, Map<String, SecurityGroup> live) {
    List<Finding> findings = new ArrayList<>();
    for (ApprovedStack.ForeignRule foreign : rules) {
      SecurityGroup group = live.get(foreign.groupId());
      boolean present =
          group != null
              && group.rules().stream().anyMatch(r -> r.key().equals(foreign.rule().key()));
      if (!present && !foreign.rule().matchesNoTraffic()) {
        findings.add(
            Finding.missing(
                    new Finding.Resource(
                        stack,
                        foreign.egress()
                            ? "AWS::EC2::SecurityGroupEgress"
                            : "AWS::EC2::SecurityGroupIngress",
                        foreign.logicalId(),
                        foreign.groupId()))
                .property(foreign.rule().describe())
                .approved(foreign.rule().describe())
                .summary(
                    "approved rule "
                        + foreign.rule().describe()
                        + (group == null
                            ? " cannot be: group " + foreign.groupId() + " does not exist"
                            : " is gone from group " + foreign.groupId()))
                .exposure(ExposureRules.ruleRemoved(foreign.rule()))
                .repair(
                    Repair.rule(
                        Repair.RuleAction.AUTHORIZE, foreign.groupId(), foreign.rule(), null))
                .build());
      }
    }
    findings.sort(Finding.order());
    return findings;
  }

  private static void compareGroup(
      String stack,
      ManagedGroup managed,
      SecurityGroup have,
      boolean partial,
      List<Finding> findings) {
    SecurityGroup want = managed.group();
    String id = want.groupId();
    if (!want.vpcId().equals(have.vpcId())) {
      findings.add(
          changed(
              stack,
              managed,
              "VpcId",
              want.vpcId(),
              have.vpcId(),
              "moved to another VPC",
              Exposure.unknown("the group moved to another VPC")));
    }
    if (!want.description().equals(have.description())) {
      findings.add(
          changed(
              stack,
              managed,
              "GroupDescription",
              want.description(),
              have.description(),
              "description differs",
              NAMES_ONLY));
    }
    if (want.name().isPresent() && !want.name().equals(have.name())) {
      findings.add(
          changed(
              stack,
              managed,
              "GroupName",
              want.name().get(),
              have.name().orElse(""),
              "name differs",
              NAMES_ONLY));
    }

    Map<SecurityGroupRule.Key, SecurityGroupRule> missing = byKey(want.rules());
    Map<SecurityGroupRule.Key, SecurityGroupRule> extra = byKey(have.rules());
    for (Iterator<Map.Entry<SecurityGroupRule.Key, SecurityGroupRule>> it =
            missing.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<SecurityGroupRule.Key, SecurityGroupRule> entry = it.next();
      SecurityGroupRule live = extra.remove(entry.getKey());
      if (live == null) {
        continue;
      }
      it.remove();
      if (!entry.getValue().description().equals(live.description())) {
        findings.add(
            changed(
                    stack,
                    managed,
                    entry.getValue().describe() + " description",
                    entry.getValue().description(),
                    live.description(),
                    "rule description differs",
                    NAMES_ONLY)
                .withRepair(Repair.rule(Repair.RuleAction.DESCRIBE, id, entry.getValue(), null)));
      }
    }
    if (partial) {
      // Some approved rules of this group could not be mapped: a live rule that matches none of
      // the known ones may be one of them, so it is neither unmanaged nor an edit.
      extra.clear();
    }
    // A rule whose peer or ports were edited in place shows up as one missing and one extra rule;
    // pair them, so on-call reads "changed from → to" instead of two unrelated findings.
    for (Iterator<SecurityGroupRule> it = missing.values().iterator(); it.hasNext(); ) {
      SecurityGroupRule approvedRule = it.next();
      SecurityGroupRule partner =
          extra.values().stream().filter(e -> isEditOf(approvedRule, e)).findFirst().orElse(null);
      if (partner == null) {
        continue;
      }
      it.remove();
      extra.remove(partner.key());
      findings.add(
          changed(
                  stack,
                  managed,
                  approvedRule.direction().label(),
                  approvedRule.describe(),
                  partner.describe(),
                  "rule changed from " + approvedRule.describe() + " to " + partner.describe(),
                  ExposureRules.ruleEdited(approvedRule, partner))
              .withRepair(
                  partner.peer() instanceof Peer.GroupPeer group && !group.peeringLost().isEmpty()
                      ? Repair.manual(
                          "the rule is stale because the VPC peering to "
                              + group.groupId()
                              + " is "
                              + group.peeringLost()
                              + ": re-create and accept the peering, or, if it is meant to be"
                              + " gone, remove the rule from the template and deploy")
                      : Repair.rule(Repair.RuleAction.REPLACE, id, approvedRule, partner)));
    }
    for (SecurityGroupRule rule : missing.values()) {
      findings.add(
          Finding.missing(new Finding.Resource(stack, TYPE, managed.logicalId(), id))
              .property(rule.describe())
              .approved(rule.describe())
              .summary("approved rule " + rule.describe() + " is gone from " + label(managed))
              .exposure(ExposureRules.ruleRemoved(rule))
              .repair(Repair.rule(Repair.RuleAction.AUTHORIZE, id, rule, null))
              .build());
    }
    for (SecurityGroupRule rule : extra.values()) {
      findings.add(
          unmanagedRule(
              stack, managed.logicalId(), id, rule, label(managed) + " is in no template"));
    }
  }

  /** A live rule no template declares, on a group; {@code where} ends the sentence. */
  private static Finding unmanagedRule(
      String stack, String logicalId, String groupId, SecurityGroupRule rule, String where) {
    return Finding.unmanaged(new Finding.Resource(stack, TYPE, logicalId, groupId))
        .property(rule.describe())
        .live(rule.describe())
        .summary("rule " + rule.describe() + " on " + where)
        .exposure(ExposureRules.ruleAdded(rule))
        .repair(Repair.rule(Repair.RuleAction.REVOKE, groupId, null, rule))
        .build();
  }

  /** Same direction and protocol, and either the same ports or the same peer. */
  private static boolean isEditOf(SecurityGroupRule approved, SecurityGroupRule live) {
    return approved.direction() == live.direction()
        && approved.protocol().equals(live.protocol())
        && (approved.ports().equals(live.ports()) || approved.peer().equals(live.peer()));
  }

  private static Map<SecurityGroupRule.Key, SecurityGroupRule> byKey(
      List<SecurityGroupRule> rules) {
    Map<SecurityGroupRule.Key, SecurityGroupRule> map = new LinkedHashMap<>();
    for (SecurityGroupRule rule : rules) {
      map.putIfAbsent(rule.key(), rule);
    }
    return map;
  }

  private static Finding changed(
      String stack,
      ManagedGroup managed,
      String property,
      String approved,
      String live,
      String what,
      Exposure exposure) {
    return Finding.changed(
            new Finding.Resource(stack, TYPE, managed.logicalId(), managed.group().groupId()))
        .property(property)
        .approved(approved)
        .live(live)
        .summary(label(managed) + ": " + what)
        .exposure(exposure)
        .build();
  }

  private static final Exposure NAMES_ONLY =
      Exposure.unchanged("names and descriptions do not change access");

  private static String label(ManagedGroup managed) {
    return managed.logicalId() + " (" + managed.group().groupId() + ")";
  }
}
