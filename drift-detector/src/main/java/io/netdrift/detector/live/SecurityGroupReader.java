package io.netdrift.detector.live;

import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Reads security groups and their rules: every group in the managed VPCs (so a group created by
 * hand is seen) plus the managed groups themselves, then their rules one rule per {@code sgr-}.
 */
public final class SecurityGroupReader {
  /** EC2 takes at most 200 values in one filter. */
  static final int FILTER_VALUES = 200;

  private final Ec2Client ec2;

  /** Reads through {@code ec2}. */
  public SecurityGroupReader(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  private static Map<String, String> tags(
      software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
    Map<String, String> tags = new TreeMap<>();
    g.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
    return tags;
  }

  /** Groups by id, with their rules; groups that do not exist are simply absent. */
  public Map<String, SecurityGroup> read(Collection<String> vpcIds, Collection<String> groupIds) {
    Map<String, software.amazon.awssdk.services.ec2.model.SecurityGroup> groups = new TreeMap<>();
    for (List<String> chunk : chunks(vpcIds)) {
      describeGroups("vpc-id", chunk, groups);
    }
    List<String> outside =
        groupIds.stream().filter(id -> !groups.containsKey(id)).sorted().toList();
    for (List<String> chunk : chunks(outside)) {
      describeGroups("group-id", chunk, groups);
    }
    return withRules(groups, rulesByGroup(groups.keySet()));
  }

  /**
   * The read of {@link #read} for all stacks of an account and region at once: every group of the
   * account (one page per thousand groups, which also tells each group's rule count), those in
   * {@code vpcIds} or named by {@code groupIds} kept; then their rules in whichever costs fewer
   * pages: filtered by group (200 groups a filter, a page per thousand rules of each filter) or the
   * account's rules unfiltered. Cut into each stack's groups by {@link #slice}.
   */
  Map<String, SecurityGroup> readAccount(Collection<String> vpcIds, Collection<String> groupIds) {
    return readAccount(accountGroups(Set.of(), Optional.empty()), vpcIds, groupIds);
  }

  /**
   * The account's groups (every page of {@code DescribeSecurityGroups}), without their rules, and
   * each group's rule count. Where the groups CloudFormation tagged as made by {@code stackNames}
   * (or by their nested stacks) alone hold all the account's pages of rules but one, the account's
   * rules are read too, unfiltered, without waiting for the stacks to say which groups they keep:
   * whatever else they keep, a filtered read of their groups could not cost more than one page
   * fewer (the one is for what EC2 makes itself, such as each VPC's default group, which no stack
   * tags). Only AWS sets an {@code aws:} tag; a tag misread costs pages, never a rule, as each
   * stack keeps only its own groups.
   *
   * <p>Where {@code rulesAhead} is given (the scan compares every stack the app has in this account
   * and region, so that the account's rules are mostly theirs), that read starts with the groups'
   * own, on the thread it gives, so that neither waits for the other: the rules' pages no longer
   * wait for the groups' (one page per thousand groups, with every group's permissions in it,
   * several megabytes to parse). Where the groups then show a filtered read is cheaper, the read
   * ahead stops before its next page: the pages it read were spent for nothing, and its error, if
   * any, is not the scan's.
   */
  AccountGroups accountGroups(Set<String> stackNames, Optional<Executor> rulesAhead) {
    RulesAhead ahead = rulesAhead.map(thread -> new RulesAhead(ec2, thread)).orElse(null);
    // Each group is kept as its model, without rules, as its page is read: the account's
    // permissions are not held twice (as permissions here and as rules below).
    Map<String, SecurityGroup> groups = new TreeMap<>();
    Map<String, Long> ruleCounts = new HashMap<>();
    long all = 0;
    long ofTheStacks = 0;
    try {
      for (var g : ec2.describeSecurityGroupsPaginator(r -> r.maxResults(PAGE)).securityGroups()) {
        long count = ruleCount(g);
        all += count;
        if (madeBy(tags(g).get(STACK_NAME_TAG), stackNames)) {
          ofTheStacks += count;
        }
        groups.put(g.groupId(), model(g, List.of()));
        ruleCounts.put(g.groupId(), count);
      }
    } catch (RuntimeException | Error e) {
      if (ahead != null) {
        ahead.drop();
      }
      throw e;
    }
    Map<String, List<SecurityGroupRule>> rules = null;
    if (ofTheStacks > 0 && pages(ofTheStacks) + 1 >= pages(all)) {
      rules = ahead != null ? ahead.keep() : unfiltered(ec2, id -> true, () -> false);
    } else if (ahead != null) {
      ahead.drop();
    }
    return new AccountGroups(groups, ruleCounts, all, rules);
  }

  /**
   * Whether {@code stack}, the stack-name tag of a group, is one of {@code stackNames} or a stack
   * nested in one ({@code Parent-NestedLogicalId-SUFFIX}, as CloudFormation names them).
   */
  static boolean madeBy(String stack, Set<String> stackNames) {
    if (stack == null) {
      return false;
    }
    if (stackNames.contains(stack)) {
      return true;
    }
    for (int dash = stack.indexOf('-'); dash > 0; dash = stack.indexOf('-', dash + 1)) {
      if (stackNames.contains(stack.substring(0, dash))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The account's rules, unfiltered, read on the thread it is given from the moment it is made:
   * kept, its answer or error the caller's, or dropped, stopping before its next page.
   */
  private static final class RulesAhead {
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final FutureTask<Map<String, List<SecurityGroupRule>>> read;

    RulesAhead(Ec2Client ec2, Executor thread) {
      this.read = new FutureTask<>(() -> unfiltered(ec2, id -> true, dropped::get));
      thread.execute(read);
    }

    Map<String, List<SecurityGroupRule>> keep() {
      return ParallelReads.join(read);
    }

    /**
     * Stops the read before its next page and waits for the page it may be reading, so that no page
     * of it is asked for after this returns (a later unfiltered read starts its pages anew).
     */
    void drop() {
      dropped.set(true);
      try {
        read.get();
      } catch (ExecutionException e) {
        // Dropped: what the read failed on is not the scan's.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The account's rules unfiltered, page by page, those of groups {@code kept} kept; stops before
   * the next page once {@code stop} says so.
   */
  private static Map<String, List<SecurityGroupRule>> unfiltered(
      Ec2Client ec2, Predicate<String> kept, BooleanSupplier stop) {
    Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
    // The pages are a chain, each asked for with the token of the one before: each page's rules
    // are made models on a thread of their own, in order, while the next page is asked for.
    try (ParallelReads models = new ParallelReads(1, "netdrift-rule-models")) {
      List<java.util.concurrent.Future<Void>> made = new ArrayList<>();
      for (var page : ec2.describeSecurityGroupRulesPaginator(r -> r.maxResults(PAGE))) {
        made.add(
            models.start(
                () -> {
                  for (var rule : page.securityGroupRules()) {
                    if (kept.test(rule.groupId())) {
                      rules
                          .computeIfAbsent(rule.groupId(), k -> new ArrayList<>())
                          .add(toModel(rule));
                    }
                  }
                  return null;
                }));
        if (stop.getAsBoolean()) {
          break;
        }
      }
      made.forEach(ParallelReads::join);
    }
    return rules;
  }

  /** The tag CloudFormation puts on each resource it makes: the name of its stack. */
  static final String STACK_NAME_TAG = "aws:cloudformation:stack-name";

  /**
   * The account's groups without rules, each group's rule count, their sum, and every rule of the
   * account by group where they were read with the groups (else null).
   */
  record AccountGroups(
      Map<String, SecurityGroup> groups,
      Map<String, Long> ruleCounts,
      long rules,
      Map<String, List<SecurityGroupRule>> allRules) {}

  /**
   * The groups of {@code account} in {@code vpcIds} or named by {@code groupIds}, with their rules:
   * those read with the account's groups, else read now in whichever costs fewer pages.
   */
  Map<String, SecurityGroup> readAccount(
      AccountGroups account, Collection<String> vpcIds, Collection<String> groupIds) {
    Map<String, SecurityGroup> kept = slice(account.groups(), vpcIds, groupIds);
    Map<String, List<SecurityGroupRule>> rules = account.allRules();
    if (rules == null) {
      long filtered = 0;
      for (List<String> chunk : chunks(kept.keySet())) {
        filtered += pages(chunk.stream().mapToLong(account.ruleCounts()::get).sum());
      }
      if (kept.isEmpty() || filtered < pages(account.rules())) {
        rules = rulesByGroup(kept.keySet());
      } else {
        rules = unfiltered(ec2, kept::containsKey, () -> false);
      }
    }
    Map<String, SecurityGroup> result = new TreeMap<>();
    for (var e : kept.entrySet()) {
      SecurityGroup g = e.getValue();
      result.put(
          e.getKey(),
          new SecurityGroup(
              g.groupId(),
              g.vpcId(),
              g.name(),
              g.description(),
              rules.getOrDefault(e.getKey(), List.of()),
              g.madeBy()));
    }
    return result;
  }

  /** The groups of {@code groups} a read of {@code vpcIds} and {@code groupIds} alone answers. */
  static Map<String, SecurityGroup> slice(
      Map<String, SecurityGroup> groups, Collection<String> vpcIds, Collection<String> groupIds) {
    Map<String, SecurityGroup> mine = new TreeMap<>();
    groups.forEach(
        (id, g) -> {
          if (vpcIds.contains(g.vpcId()) || groupIds.contains(id)) {
            mine.put(id, g);
          }
        });
    return mine;
  }

  /** The most rules or groups one EC2 page holds. */
  private static final int PAGE = 1000;

  private static long pages(long items) {
    return Math.max(1, (items + PAGE - 1) / PAGE);
  }

  /**
   * The rules {@code DescribeSecurityGroupRules} answers for a group: one per range, prefix list
   * and group pair of each of its permissions.
   */
  static long ruleCount(software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
    long n = 0;
    for (var permissions : List.of(g.ipPermissions(), g.ipPermissionsEgress())) {
      for (var p : permissions) {
        n +=
            p.ipRanges().size()
                + p.ipv6Ranges().size()
                + p.prefixListIds().size()
                + p.userIdGroupPairs().size();
      }
    }
    return n;
  }

  /** The rules of the groups, by group: 200 groups a filter, a thousand rules a page. */
  private Map<String, List<SecurityGroupRule>> rulesByGroup(Collection<String> groupIds) {
    Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
    for (List<String> chunk : chunks(groupIds)) {
      ec2.describeSecurityGroupRulesPaginator(
              r ->
                  r.filters(Filter.builder().name("group-id").values(chunk).build())
                      .maxResults(PAGE))
          .securityGroupRules()
          .forEach(
              rule ->
                  rules.computeIfAbsent(rule.groupId(), k -> new ArrayList<>()).add(toModel(rule)));
    }
    return rules;
  }

  private static Map<String, SecurityGroup> withRules(
      Map<String, software.amazon.awssdk.services.ec2.model.SecurityGroup> groups,
      Map<String, List<SecurityGroupRule>> rules) {
    Map<String, SecurityGroup> result = new TreeMap<>();
    groups.forEach((id, g) -> result.put(id, model(g, rules.getOrDefault(id, List.of()))));
    return result;
  }

  private static SecurityGroup model(
      software.amazon.awssdk.services.ec2.model.SecurityGroup g, List<SecurityGroupRule> rules) {
    return new SecurityGroup(
        g.groupId(),
        g.vpcId() == null ? "" : g.vpcId(),
        Optional.ofNullable(g.groupName()),
        g.description() == null ? "" : g.description(),
        rules,
        SecurityGroup.madeBy(tags(g), g.groupName()));
  }

  private void describeGroups(
      String filter,
      List<String> values,
      Map<String, software.amazon.awssdk.services.ec2.model.SecurityGroup> into) {
    ec2.describeSecurityGroupsPaginator(
            r -> r.filters(Filter.builder().name(filter).values(values).build()).maxResults(PAGE))
        .securityGroups()
        .forEach(g -> into.put(g.groupId(), g));
  }

  static SecurityGroupRule toModel(software.amazon.awssdk.services.ec2.model.SecurityGroupRule r) {
    Peer peer;
    if (r.cidrIpv4() != null) {
      peer = new Peer.CidrPeer(Cidr.parse(r.cidrIpv4()));
    } else if (r.cidrIpv6() != null) {
      peer = new Peer.CidrPeer(Cidr.parse(r.cidrIpv6()));
    } else if (r.prefixListId() != null) {
      peer = new Peer.PrefixListPeer(r.prefixListId());
    } else if (r.referencedGroupInfo() != null && r.referencedGroupInfo().groupId() != null) {
      peer =
          Peer.GroupPeer.answered(
              r.referencedGroupInfo().groupId(), r.referencedGroupInfo().peeringStatus());
    } else {
      throw new IllegalStateException(
          "security group rule " + r.securityGroupRuleId() + " names no peer");
    }
    return SecurityGroupRule.of(
        Boolean.TRUE.equals(r.isEgress()) ? Direction.EGRESS : Direction.INGRESS,
        r.ipProtocol(),
        r.fromPort(),
        r.toPort(),
        peer,
        r.description());
  }

  private static List<List<String>> chunks(Collection<String> values) {
    List<String> all = values.stream().distinct().sorted().toList();
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += FILTER_VALUES) {
      chunks.add(all.subList(i, Math.min(all.size(), i + FILTER_VALUES)));
    }
    return chunks;
  }
}
