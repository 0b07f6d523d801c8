package io.netdrift.detector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.detector.model.ApprovedStack.ManagedGroup;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityGroupDiffTest {
  static SecurityGroupRule in(String protocol, int port, String cidr) {
    return SecurityGroupRule.of(
        Direction.INGRESS, protocol, port, port, new Peer.CidrPeer(Cidr.parse(cidr)), "");
  }

  static SecurityGroup group(String id, String vpc, String name, SecurityGroupRule... rules) {
    return new SecurityGroup(id, vpc, Optional.ofNullable(name), "app servers", List.of(rules));
  }

  static List<Finding> diff(SecurityGroup approved, SecurityGroup... live) {
    Map<String, SecurityGroup> liveById = new java.util.TreeMap<>();
    for (SecurityGroup g : live) {
      liveById.put(g.groupId(), g);
    }
    return SecurityGroupDiff.compare(
        "Net",
        Map.of(approved.groupId(), new ManagedGroup("App", approved)),
        Set.of("vpc-1"),
        liveById);
  }

  @Test
  void equalGroupsHaveNoFinding() {
    SecurityGroup approved = group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"));
    SecurityGroup live = group("sg-1", "vpc-1", "Net-App-XYZ", in("6", 443, "10.0.0.0/16"));

    assertThat(diff(approved, live)).isEmpty();
  }

  @Test
  void anExtraLiveRuleIsUnmanaged() {
    SecurityGroup approved = group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"));
    SecurityGroup live =
        group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"), in("tcp", 22, "0.0.0.0/0"));

    assertThat(diff(approved, live))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
              assertThat(f.physicalId()).isEqualTo("sg-1");
              assertThat(f.live()).isEqualTo("ingress tcp 22 from 0.0.0.0/0");
              assertThat(f.summary()).contains("App (sg-1)");
            });
  }

  @Test
  void aRuleGoneFromLiveIsMissing() {
    SecurityGroup approved =
        group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"), in("tcp", 80, "10.0.0.0/16"));
    SecurityGroup live = group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"));

    assertThat(diff(approved, live))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.MISSING);
              assertThat(f.approved()).isEqualTo("ingress tcp 80 from 10.0.0.0/16");
            });
  }

  @Test
  void aRuleWidenedInPlaceIsOneChangedFinding() {
    SecurityGroup approved = group("sg-1", "vpc-1", null, in("tcp", 5432, "10.0.0.0/16"));
    SecurityGroup live = group("sg-1", "vpc-1", null, in("tcp", 5432, "0.0.0.0/0"));

    assertThat(diff(approved, live))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.CHANGED);
              assertThat(f.approved()).isEqualTo("ingress tcp 5432 from 10.0.0.0/16");
              assertThat(f.live()).isEqualTo("ingress tcp 5432 from 0.0.0.0/0");
            });
  }

  @Test
  void anEditedRuleDescriptionIsChanged() {
    SecurityGroupRule approvedRule =
        SecurityGroupRule.of(
            Direction.INGRESS,
            "tcp",
            443,
            443,
            new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")),
            "HTTPS");
    SecurityGroupRule liveRule =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 443, 443, new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")), "temp");

    assertThat(
            diff(
                group("sg-1", "vpc-1", null, approvedRule), group("sg-1", "vpc-1", null, liveRule)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.CHANGED);
              assertThat(f.property()).endsWith("description");
              assertThat(f.approved()).isEqualTo("HTTPS");
              assertThat(f.live()).isEqualTo("temp");
            });
  }

  @Test
  void aDeletedGroupIsMissing() {
    assertThat(diff(group("sg-1", "vpc-1", null)))
        .singleElement()
        .extracting(Finding::kind)
        .isEqualTo(FindingKind.MISSING);
  }

  @Test
  void aGroupCreatedByHandInAManagedVpcIsUnmanagedAndSoIsEachRuleItOpens() {
    SecurityGroup approved = group("sg-1", "vpc-1", null);
    SecurityGroup byHand =
        group(
            "sg-2",
            "vpc-1",
            "debug",
            in("tcp", 3389, "0.0.0.0/0"),
            SecurityGroupRule.DEFAULT_EGRESS);

    List<Finding> findings = diff(approved, group("sg-1", "vpc-1", null), byHand);

    assertThat(findings)
        .extracting(
            Finding::kind,
            Finding::physicalId,
            Finding::logicalId,
            Finding::property,
            Finding::live)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                FindingKind.UNMANAGED,
                "sg-2",
                "",
                "",
                "ingress tcp 3389 from 0.0.0.0/0; egress all to 0.0.0.0/0"),
            org.assertj.core.groups.Tuple.tuple(
                FindingKind.UNMANAGED,
                "sg-2",
                "",
                "ingress tcp 3389 from 0.0.0.0/0",
                "ingress tcp 3389 from 0.0.0.0/0"));
    assertThat(findings.get(0).exposure().access()).isEqualTo(Exposure.Access.UNKNOWN);
    assertThat(findings.get(1).exposure().access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(findings.get(1).exposure().internet()).isTrue();
    assertThat(findings.get(1).repair())
        .isEqualTo(
            io.netdrift.detector.model.Repair.rule(
                io.netdrift.detector.model.Repair.RuleAction.REVOKE,
                "sg-2",
                null,
                in("tcp", 3389, "0.0.0.0/0")));
  }

  @Test
  void theVpcsDefaultGroupIsNotFlaggedWhenNoTemplateManagesIt() {
    SecurityGroup defaultGroup = group("sg-0", "vpc-1", "default", in("-1", -1, "0.0.0.0/0"));

    assertThat(diff(group("sg-1", "vpc-1", null), group("sg-1", "vpc-1", null), defaultGroup))
        .isEmpty();
  }

  @Test
  void groupsOutsideTheManagedVpcsAreNotFlagged() {
    assertThat(
            diff(
                group("sg-1", "vpc-1", null),
                group("sg-1", "vpc-1", null),
                group("sg-9", "vpc-other", "x")))
        .isEmpty();
  }

  @Test
  void findingsComeOutInAStableOrder() {
    SecurityGroup approved = group("sg-1", "vpc-1", null);
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (int port : new int[] {9000, 22, 3389, 80}) {
      rules.add(in("tcp", port, "0.0.0.0/0"));
    }
    SecurityGroup live = new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "app servers", rules);

    List<String> first = diff(approved, live).stream().map(Finding::fingerprint).toList();
    List<SecurityGroupRule> reversed = new ArrayList<>(rules);
    java.util.Collections.reverse(reversed);
    SecurityGroup liveReversed =
        new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "app servers", reversed);

    assertThat(diff(approved, liveReversed).stream().map(Finding::fingerprint).toList())
        .isEqualTo(first);
    assertThat(first).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void aPartlyKnownGroupHasNoUnmanagedRuleButStillMissesApprovedOnes() {
    SecurityGroup approved =
        group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"), in("tcp", 80, "10.0.0.0/16"));
    SecurityGroup live =
        group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"), in("tcp", 22, "10.9.0.0/16"));

    List<Finding> findings =
        SecurityGroupDiff.compare(
            "Net",
            Map.of("sg-1", new ManagedGroup("App", approved)),
            new Scope(Set.of("vpc-1"), Set.of(), Set.of("sg-1")),
            Map.of("sg-1", live));

    // Not "changed from tcp 80 to tcp 22": the live rule may be the standalone one not mapped.
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.MISSING);
              assertThat(f.approved()).isEqualTo("ingress tcp 80 from 10.0.0.0/16");
            });
  }

  @Test
  void aGroupAnotherStackOwnsIsNotUnmanagedInThisStacksVpc() {
    SecurityGroup approved = group("sg-1", "vpc-1", null, in("tcp", 443, "10.0.0.0/16"));
    SecurityGroup appGroup = group("sg-app", "vpc-1", null, in("tcp", 8080, "10.0.0.0/16"));
    SecurityGroup handMade = group("sg-hand", "vpc-1", null, in("tcp", 22, "0.0.0.0/0"));

    List<Finding> findings =
        SecurityGroupDiff.compare(
            "Net",
            Map.of("sg-1", new ManagedGroup("App", approved)),
            new Scope(Set.of("vpc-1"), Set.of("sg-1", "sg-app"), Set.of()),
            Map.of("sg-1", approved, "sg-app", appGroup, "sg-hand", handMade));

    // The hand-made group, and the rule it opens; nothing of the group another stack owns.
    assertThat(findings)
        .extracting(Finding::kind, Finding::physicalId, Finding::property)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FindingKind.UNMANAGED, "sg-hand", ""),
            org.assertj.core.groups.Tuple.tuple(
                FindingKind.UNMANAGED, "sg-hand", "ingress tcp 22 from 0.0.0.0/0"));
  }
}
