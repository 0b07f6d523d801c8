package io.netdrift.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.netdrift.rules.SecurityGroupRules;
import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import io.netdrift.rules.SecurityGroupRules.Peer;
import io.netdrift.rules.SecurityGroupRules.PrefixList;
import io.netdrift.rules.SecurityGroupRules.Rule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * The security groups of rules/security-groups.yaml. Every group starts closed (no egress) and gets
 * exactly the rules written there.
 */
public final class SecurityGroupSet extends Construct {
  private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
  private final Map<String, Boolean> edge = new LinkedHashMap<>();

  /** Builds every group first, then the rules, so rules may reference any group. */
  public SecurityGroupSet(Construct scope, String id, IVpc vpc, SecurityGroupRules rules) {
    super(scope, id);
    for (SecurityGroupRules.Group group : rules.groups()) {
      groups.put(
          group.name(),
          SecurityGroup.Builder.create(this, constructId(group.name()))
              .vpc(vpc)
              .description(group.description())
              .allowAllOutbound(false)
              .build());
      edge.put(group.name(), group.edge());
      if (group.location() != null) {
        SourceMetadata.record(groups.get(group.name()), group.location(), Map.of());
      }
      if (group.edge()) {
        NagSuppressions.addResourceSuppressions(
            groups.get(group.name()),
            List.of(
                NagPackSuppression.builder()
                    .id("AwsSolutions-EC23")
                    .reason(
                        "edge group: rules/security-groups.yaml marks it edge, and the synth guard rails"
                            + " allow it only tcp 80/443 from the internet")
                    .build()));
      }
    }
    for (SecurityGroupRules.Group group : rules.groups()) {
      SecurityGroup sg = groups.get(group.name());
      for (Rule rule : group.ingress()) {
        sg.addIngressRule(peer(rule.peer()), port(rule), rule.description());
      }
      for (Rule rule : group.egress()) {
        sg.addEgressRule(peer(rule.peer()), port(rule), rule.description());
      }
    }
  }

  /** The groups by their name in the rules. */
  public Map<String, SecurityGroup> groups() {
    return Collections.unmodifiableMap(groups);
  }

  /** The first group marked {@code edge}: the internet-facing load balancer's. */
  public java.util.Optional<SecurityGroup> edgeGroup() {
    return edge.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(e -> groups.get(e.getKey()))
        .findFirst();
  }

  /**
   * A stable construct id from the group's name: {@code app-servers} becomes {@code AppServers}.
   */
  static String constructId(String name) {
    StringBuilder id = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return id.toString();
  }

  private IPeer peer(Peer peer) {
    if (peer instanceof Cidr cidr) {
      return cidr.ipv6()
          ? software.amazon.awscdk.services.ec2.Peer.ipv6(cidr.cidr())
          : software.amazon.awscdk.services.ec2.Peer.ipv4(cidr.cidr());
    }
    if (peer instanceof GroupRef ref) {
      return groups.get(ref.name());
    }
    return software.amazon.awscdk.services.ec2.Peer.prefixList(((PrefixList) peer).id());
  }

  private static Port port(Rule rule) {
    return switch (rule.protocol()) {
      case "tcp" ->
          rule.fromPort() == rule.toPort()
              ? Port.tcp(rule.fromPort())
              : Port.tcpRange(rule.fromPort(), rule.toPort());
      case "udp" ->
          rule.fromPort() == rule.toPort()
              ? Port.udp(rule.fromPort())
              : Port.udpRange(rule.fromPort(), rule.toPort());
      case "icmp" -> Port.allIcmp();
      case "icmpv6" -> Port.allIcmpV6();
      case "all" -> Port.allTraffic();
      default -> throw new IllegalArgumentException("unsupported protocol " + rule.protocol());
    };
  }
}
