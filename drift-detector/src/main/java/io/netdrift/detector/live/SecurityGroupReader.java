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
import java.util.TreeMap;
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
    Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
    for (List<String> chunk : chunks(groups.keySet())) {
      ec2.describeSecurityGroupRulesPaginator(
              r ->
                  r.filters(Filter.builder().name("group-id").values(chunk).build())
                      .maxResults(1000))
          .securityGroupRules()
          .forEach(
              rule ->
                  rules.computeIfAbsent(rule.groupId(), k -> new ArrayList<>()).add(toModel(rule)));
    }
    Map<String, SecurityGroup> result = new TreeMap<>();
    groups.forEach(
        (id, g) ->
            result.put(
                id,
                new SecurityGroup(
                    id,
                    g.vpcId() == null ? "" : g.vpcId(),
                    Optional.ofNullable(g.groupName()),
                    g.description() == null ? "" : g.description(),
                    rules.getOrDefault(id, List.of()),
                    SecurityGroup.madeBy(tags(g), g.groupName()))));
    return result;
  }

  private void describeGroups(
      String filter,
      List<String> values,
      Map<String, software.amazon.awssdk.services.ec2.model.SecurityGroup> into) {
    ec2.describeSecurityGroupsPaginator(
            r -> r.filters(Filter.builder().name(filter).values(values).build()).maxResults(1000))
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
