package io.netdrift.detector.revert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.remediation.Remediations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * Runs a security group rule's repair through the SDK, exactly as the printed command would: the
 * same {@code IpPermissions} ({@link Remediations#ipPermissions}), the approved rule authorized
 * before the live one is revoked. A rule naming another group is revoked by its rule id, read from
 * EC2, so a group of another account is matched without the account id the finding does not keep.
 */
public final class RuleWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Ec2Client ec2;

  public RuleWriter(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Applies {@code repair}. */
  public void apply(Repair.Rule repair) {
    switch (repair.action()) {
      case AUTHORIZE -> authorize(repair.groupId(), repair.approved());
      case REVOKE -> revoke(repair.groupId(), repair.live());
      case REPLACE -> {
        authorize(repair.groupId(), repair.approved());
        revoke(repair.groupId(), repair.live());
      }
      case DESCRIBE -> throw new IllegalArgumentException("a description is put back by hand");
    }
  }

  private void authorize(String groupId, SecurityGroupRule rule) {
    List<IpPermission> permissions = List.of(permission(rule, true));
    if (rule.direction() == Direction.INGRESS) {
      ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions));
    } else {
      ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(permissions));
    }
  }

  private void revoke(String groupId, SecurityGroupRule rule) {
    if (rule.peer() instanceof Peer.GroupPeer peer) {
      // A rule naming a group of another account matches only with that account's id, which
      // the finding does not keep: the rule is revoked by its own id, read from EC2.
      Optional<String> id = ruleId(groupId, rule, peer.groupId());
      if (id.isPresent()) {
        if (rule.direction() == Direction.INGRESS) {
          ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds(id.get()));
        } else {
          ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).securityGroupRuleIds(id.get()));
        }
        return;
      }
    }
    List<IpPermission> permissions = List.of(permission(rule, false));
    if (rule.direction() == Direction.INGRESS) {
      ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions));
    } else {
      ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(permissions));
    }
  }

  /** The id of {@code groupId}'s rule that is {@code rule}, naming group {@code peer}. */
  private Optional<String> ruleId(String groupId, SecurityGroupRule rule, String peer) {
    boolean egress = rule.direction() == Direction.EGRESS;
    for (var page :
        ec2.describeSecurityGroupRulesPaginator(
            r -> r.filters(Filter.builder().name("group-id").values(groupId).build()))) {
      for (var live : page.securityGroupRules()) {
        if (live.isEgress() == egress
            && live.referencedGroupInfo() != null
            && peer.equals(live.referencedGroupInfo().groupId())
            && SecurityGroupRule.of(
                    rule.direction(),
                    live.ipProtocol(),
                    live.fromPort(),
                    live.toPort(),
                    rule.peer(),
                    "")
                .key()
                .equals(rule.key())) {
          return Optional.of(live.securityGroupRuleId());
        }
      }
    }
    return Optional.empty();
  }

  /** The printed command's {@code --ip-permissions}, as the SDK's type. */
  static IpPermission permission(SecurityGroupRule rule, boolean withDescription) {
    JsonNode p;
    try {
      // The printed --ip-permissions is a list of one.
      p = JSON.readTree(Remediations.ipPermissions(rule, withDescription)).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IpPermission.Builder b = IpPermission.builder().ipProtocol(p.path("IpProtocol").asText());
    if (p.has("FromPort")) {
      b.fromPort(p.get("FromPort").asInt()).toPort(p.get("ToPort").asInt());
    }
    for (JsonNode r : p.path("IpRanges")) {
      b.ipRanges(
          IpRange.builder()
              .cidrIp(r.path("CidrIp").asText())
              .description(r.path("Description").asText(null))
              .build());
    }
    for (JsonNode r : p.path("Ipv6Ranges")) {
      b.ipv6Ranges(
          Ipv6Range.builder()
              .cidrIpv6(r.path("CidrIpv6").asText())
              .description(r.path("Description").asText(null))
              .build());
    }
    for (JsonNode r : p.path("PrefixListIds")) {
      b.prefixListIds(
          PrefixListId.builder()
              .prefixListId(r.path("PrefixListId").asText())
              .description(r.path("Description").asText(null))
              .build());
    }
    for (JsonNode r : p.path("UserIdGroupPairs")) {
      b.userIdGroupPairs(
          UserIdGroupPair.builder()
              .groupId(r.path("GroupId").asText(null))
              .userId(r.path("UserId").asText(null))
              .vpcPeeringConnectionId(r.path("VpcPeeringConnectionId").asText(null))
              .description(r.path("Description").asText(null))
              .build());
    }
    return b.build();
  }
}
