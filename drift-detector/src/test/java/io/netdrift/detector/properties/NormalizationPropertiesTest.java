package io.netdrift.detector.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.diff.DocumentDiff;
import io.netdrift.detector.diff.SecurityGroupDiff;
import io.netdrift.detector.model.ApprovedStack.ManagedGroup;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The laws the model and the diff must keep, over generated networks. */
class NormalizationPropertiesTest {
  @Property
  void canonicalIpv4BlocksAreFixedPoints(
      @ForAll @IntRange(min = 0, max = 255) int a,
      @ForAll @IntRange(min = 0, max = 255) int b,
      @ForAll @IntRange(min = 0, max = 255) int c,
      @ForAll @IntRange(min = 0, max = 255) int d,
      @ForAll @IntRange(min = 0, max = 32) int prefix) {
    Cidr once = Cidr.parse(a + "." + b + "." + c + "." + d + "/" + prefix);

    assertThat(Cidr.parse(once.block())).isEqualTo(once);
  }

  @Property
  void canonicalIpv6BlocksAreFixedPointsWhateverTheSpelling(
      @ForAll("ipv6Groups") List<Integer> groups,
      @ForAll @IntRange(min = 0, max = 128) int prefix,
      @ForAll boolean upperCase,
      @ForAll boolean leadingZeros) {
    List<String> parts = new ArrayList<>();
    for (int g : groups) {
      String hex = leadingZeros ? String.format("%04x", g) : Integer.toHexString(g);
      parts.add(upperCase ? hex.toUpperCase() : hex);
    }
    Cidr long_ = Cidr.parse(String.join(":", parts) + "/" + prefix);

    assertThat(Cidr.parse(long_.block())).isEqualTo(long_);
    assertThat(long_.block()).isEqualTo(long_.block().toLowerCase());
  }

  @Provide
  Arbitrary<List<Integer>> ipv6Groups() {
    return Arbitraries.integers().between(0, 0xffff).edgeCases(e -> e.add(0)).list().ofSize(8);
  }

  @Property
  void aProtocolSpelledAsNameOrNumberIsOneRule(
      @ForAll("protocolSpellings") String[] spellings, @ForAll("ports") int port) {
    Peer anywhere = new Peer.CidrPeer(Cidr.parse("0.0.0.0/0"));
    SecurityGroupRule a =
        SecurityGroupRule.of(Direction.INGRESS, spellings[0], port, port, anywhere, "");
    SecurityGroupRule b =
        SecurityGroupRule.of(Direction.INGRESS, spellings[1], port, port, anywhere, "");

    assertThat(a.key()).isEqualTo(b.key());
  }

  @Provide
  Arbitrary<String[]> protocolSpellings() {
    return Arbitraries.of(
        new String[] {"tcp", "6"},
        new String[] {"TCP", "tcp"},
        new String[] {"udp", "17"},
        new String[] {"icmp", "1"},
        new String[] {"icmpv6", "58"},
        new String[] {"-1", "all"});
  }

  @Provide
  Arbitrary<Integer> ports() {
    return Arbitraries.integers().between(0, 65535);
  }

  @Property
  void aGroupComparedWithItselfHasNoFinding(@ForAll("groups") SecurityGroup group) {
    assertThat(diff(group, group)).isEmpty();
  }

  @Property
  void aRuleAddedByHandIsExactlyOneUnmanagedFinding(
      @ForAll("groups") SecurityGroup group, @ForAll("rules") SecurityGroupRule extra) {
    boolean known = group.rules().stream().anyMatch(r -> r.key().equals(extra.key()));
    List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
    rules.add(extra);
    SecurityGroup live =
        new SecurityGroup(group.groupId(), group.vpcId(), group.name(), group.description(), rules);

    List<Finding> findings = diff(group, live);

    if (known || extra.matchesNoTraffic()) {
      assertThat(findings).isEmpty();
    } else {
      assertThat(findings)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.live()).isEqualTo(extra.describe());
                assertThat(f.kind()).isIn(FindingKind.UNMANAGED, FindingKind.CHANGED);
              });
    }
  }

  @Property
  void aRuleRemovedIsExactlyOneMissingFinding(@ForAll("groups") SecurityGroup group) {
    if (group.rules().isEmpty()) {
      return;
    }
    SecurityGroupRule removed = group.rules().get(0);
    SecurityGroup live =
        new SecurityGroup(
            group.groupId(),
            group.vpcId(),
            group.name(),
            group.description(),
            group.rules().subList(1, group.rules().size()));

    assertThat(diff(group, live))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.MISSING);
              assertThat(f.approved()).isEqualTo(removed.describe());
            });
  }

  @Property
  void aNaclDocumentComparedWithItselfHasNoChangeAndOneEditedEntryIsOneChange(
      @ForAll("naclEntries") List<JsonNode> entries,
      @ForAll @IntRange(min = 0, max = 30) int pick) {
    ObjectNode doc = NetworkDocuments.networkAcl("vpc-1", entries, List.of("subnet-1"));
    ResourceDocument approved =
        new ResourceDocument(
            NetworkDocuments.NETWORK_ACL, "acl-1", doc, NetworkDocuments.NACL_COLLECTIONS);
    assertThat(DocumentDiff.compare(approved, approved)).isEmpty();

    List<String> keys = new ArrayList<>();
    doc.path("Entries").fieldNames().forEachRemaining(keys::add);
    if (keys.isEmpty()) {
      return;
    }
    String key = keys.get(pick % keys.size());
    ObjectNode mutated = doc.deepCopy();
    ((ObjectNode) mutated.path("Entries").path(key))
        .put(
            "RuleAction",
            doc.path("Entries").path(key).path("RuleAction").asText().equals("allow")
                ? "deny"
                : "allow");
    ResourceDocument live =
        new ResourceDocument(
            NetworkDocuments.NETWORK_ACL, "acl-1", mutated, NetworkDocuments.NACL_COLLECTIONS);

    assertThat(DocumentDiff.compare(approved, live))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path()).isEqualTo("Entries[" + key + "].RuleAction");
              assertThat(c.kind()).isEqualTo(FindingKind.CHANGED);
            });
  }

  @Provide
  Arbitrary<List<JsonNode>> naclEntries() {
    Arbitrary<JsonNode> entry =
        Combinators.combine(
                Arbitraries.integers().between(1, 32766),
                Arbitraries.of(true, false),
                Arbitraries.of("6", "17", "-1", "tcp"),
                Arbitraries.of("allow", "deny"),
                Arbitraries.of("0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16"),
                Arbitraries.integers().between(0, 65535))
            .as(
                (number, egress, protocol, action, cidr, port) -> {
                  ObjectNode e = JsonNodeFactory.instance.objectNode();
                  e.put("RuleNumber", number)
                      .put("Egress", egress)
                      .put("Protocol", protocol)
                      .put("RuleAction", action)
                      .put("CidrBlock", cidr);
                  e.putObject("PortRange").put("From", port).put("To", port);
                  return (JsonNode) e;
                });
    return entry.list().ofMaxSize(12).uniqueElements(NetworkDocuments::naclEntryKey);
  }

  @Provide
  Arbitrary<SecurityGroupRule> rules() {
    Arbitrary<Peer> peers =
        Arbitraries.oneOf(
            Arbitraries.of("0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24", "::/0", "2001:db8::/32")
                .map(c -> (Peer) new Peer.CidrPeer(Cidr.parse(c))),
            Arbitraries.of("sg-1", "sg-2").map(g -> (Peer) new Peer.GroupPeer(g)));
    return Combinators.combine(
            Arbitraries.of(Direction.values()),
            Arbitraries.of("tcp", "udp", "-1", "icmp"),
            Arbitraries.integers().between(0, 65535),
            Arbitraries.integers().between(0, 100),
            peers)
        .as(
            (direction, protocol, from, width, peer) ->
                SecurityGroupRule.of(
                    direction, protocol, from, Math.min(65535, from + width), peer, ""));
  }

  @Provide
  Arbitrary<SecurityGroup> groups() {
    return rules()
        .list()
        .ofMaxSize(10)
        .map(
            rules -> {
              // EC2 holds one rule per identity; so does an approved group.
              Map<SecurityGroupRule.Key, SecurityGroupRule> unique =
                  new java.util.LinkedHashMap<>();
              rules.forEach(r -> unique.putIfAbsent(r.key(), r));
              return new SecurityGroup(
                  "sg-9", "vpc-1", Optional.empty(), "generated", List.copyOf(unique.values()));
            });
  }

  private static List<Finding> diff(SecurityGroup approved, SecurityGroup live) {
    return SecurityGroupDiff.compare(
        "Net",
        Map.of(approved.groupId(), new ManagedGroup("G", approved)),
        Set.of("vpc-1"),
        Map.of(live.groupId(), live));
  }
}
