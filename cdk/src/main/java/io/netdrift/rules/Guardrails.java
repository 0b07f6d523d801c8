package io.netdrift.rules;

import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.Group;
import io.netdrift.rules.SecurityGroupRules.Rule;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reviewer's guard rails, checked at every synth: a rules change that breaks one fails synth
 * with a message that says where and why, so it never reaches {@code cdk deploy}.
 */
public final class Guardrails {
  /** Ports that are never open to the internet: SSH and RDP. */
  static final Map<Integer, String> REMOTE_ADMIN = Map.of(22, "SSH", 3389, "RDP");

  /** Ports an edge group may open to the internet. */
  static final Set<Integer> EDGE_PORTS = Set.of(80, 443);

  private Guardrails() {}

  /** Throws a {@link RulesException} for the first violation found. */
  public static void check(NetworkRules rules) {
    segmentsDoNotOverlap(rules.segments());
    productionIsNotConnectedToOtherSegments(rules);
    rules.transitGateway().ifPresent(t -> transitGatewayKeepsSegmentsApart(rules, t));
    for (Segment segment : rules.segments()) {
      dataTiersAreIsolated(segment);
      customerDataEndpointsStayInTheAccount(segment);
      dnsFirewallDoesNotAllowEverything(segment);
      for (Group group : segment.securityGroups().groups()) {
        for (Rule rule : group.ingress()) {
          noRemoteAdminFromAnywhere(group, rule);
          internetIngressOnlyToEdgeOnWebPorts(group, rule);
        }
        group.egress().forEach(rule -> noAllTrafficToAnywhere(group, rule));
      }
      for (Map.Entry<String, List<NetworkAclRules.Entry>> tier :
          segment.networkAcls().tiers().entrySet()) {
        networkAclsDenyRemoteAdminFromAnywhere(segment, tier.getKey(), tier.getValue());
      }
      rulesDoNotNameSegmentsTheyMustNotReach(rules, segment);
    }
  }

  static void segmentsDoNotOverlap(List<Segment> segments) {
    for (int i = 0; i < segments.size(); i++) {
      for (int j = i + 1; j < segments.size(); j++) {
        Segment a = segments.get(i);
        Segment b = segments.get(j);
        if (Cidrs.overlap(a.cidr(), b.cidr())) {
          throw new RulesException(
              b.location()
                  + ": segment "
                  + b.name()
                  + " ("
                  + b.cidr()
                  + ") overlaps segment "
                  + a.name()
                  + " ("
                  + a.cidr()
                  + "); segments need disjoint CIDRs so they can never be confused or routed");
        }
      }
    }
  }

  /**
   * An endpoint in a segment with customer data reaches only the account's own buckets and tables:
   * one open to any account is a private path to copy customer data out, past the firewall.
   */
  static void customerDataEndpointsStayInTheAccount(Segment segment) {
    if (!segment.customerData()) {
      return;
    }
    for (Segment.Endpoint endpoint : segment.endpoints()) {
      if (!endpoint.ownAccountOnly()) {
        throw new RulesException(
            endpoint.location()
                + ": the "
                + endpoint.service()
                + " endpoint of "
                + segment.name()
                + " (customer data) must set ownAccountOnly: true; open to every account it is a"
                + " path to copy data out that no firewall sees");
      }
    }
  }

  /** A DNS Firewall that allows every name ({@code *}) filters nothing. */
  static void dnsFirewallDoesNotAllowEverything(Segment segment) {
    segment
        .dnsFirewall()
        .ifPresent(
            f -> {
              if (f.allow().contains("*")) {
                throw new RulesException(
                    f.location()
                        + ": the DNS Firewall of "
                        + segment.name()
                        + " allows '*', every name: it would filter nothing; list the names the"
                        + " segment needs");
              }
            });
  }

  static void productionIsNotConnectedToOtherSegments(NetworkRules rules) {
    for (NetworkRules.Peering peering : rules.peerings()) {
      Segment from = rules.segment(peering.from()).orElseThrow();
      Segment to = rules.segment(peering.to()).orElseThrow();
      if (from.customerData() != to.customerData()) {
        throw new RulesException(
            peering.location()
                + ": a peering between "
                + from.name()
                + " and "
                + to.name()
                + " would route between production (customer data) and a network without customer data; remove it");
      }
    }
  }

  /**
   * A Transit Gateway is regional and one account's: every attached segment lives where it does. No
   * route table joins a segment with customer data to one without: a table that associates one and
   * names the other (associated or propagated) would let one reach the other.
   */
  static void transitGatewayKeepsSegmentsApart(NetworkRules rules, TransitGatewayRules gateway) {
    Environment home = null;
    for (TransitGatewayRules.Attachment a : gateway.attachments()) {
      Environment env = rules.segment(a.segment()).orElseThrow().environment();
      if (home == null) {
        home = env;
      } else if (!home.account().equals(env.account()) || !home.region().equals(env.region())) {
        throw new RulesException(
            a.location()
                + ": segment "
                + a.segment()
                + " is in "
                + env.account()
                + "/"
                + env.region()
                + ", not where the Transit Gateway is ("
                + home.account()
                + "/"
                + home.region()
                + "); a gateway attaches VPCs of its own account and region");
      }
    }
    for (TransitGatewayRules.RouteTable table : gateway.routeTables()) {
      List<String> named = new java.util.ArrayList<>(table.associate());
      named.addAll(table.propagate());
      for (String a : table.associate()) {
        for (String b : named) {
          Segment from = rules.segment(a).orElseThrow();
          Segment to = rules.segment(b).orElseThrow();
          if (from.customerData() != to.customerData()) {
            throw new RulesException(
                table.location()
                    + ": Transit Gateway route table "
                    + table.name()
                    + " would let "
                    + from.name()
                    + " reach "
                    + to.name()
                    + ": production (customer data) and networks without customer data are kept"
                    + " apart");
          }
        }
      }
    }
  }

  static void dataTiersAreIsolated(Segment segment) {
    for (Segment.Tier tier : segment.tiers()) {
      if (tier.name().equals("data") && tier.type() != Segment.TierType.ISOLATED) {
        throw new RulesException(
            tier.location()
                + ": tier data of segment "
                + segment.name()
                + " is "
                + tier.type().name().toLowerCase()
                + "; the data tier must be isolated (no route to an internet or NAT gateway)");
      }
    }
  }

  static void noRemoteAdminFromAnywhere(Group group, Rule rule) {
    if (!(rule.peer() instanceof Cidr cidr) || !Cidrs.isAnywhere(cidr.cidr())) {
      return;
    }
    for (Map.Entry<Integer, String> admin : REMOTE_ADMIN.entrySet()) {
      boolean covers =
          rule.protocol().equals("all")
              || (rule.protocol().equals("tcp")
                  && rule.fromPort() <= admin.getKey()
                  && admin.getKey() <= rule.toPort());
      if (covers) {
        throw new RulesException(
            rule.source()
                + ": group "
                + group.name()
                + " opens "
                + admin.getValue()
                + " (tcp "
                + admin.getKey()
                + ") to "
                + cidr.cidr()
                + "; SSH and RDP are never open to the internet, use SSM Session Manager");
      }
    }
  }

  /**
   * A group never sends every protocol everywhere: least privilege names what leaves. (The CDK
   * would also refuse such a rule, with an error that names no rules line.)
   */
  static void noAllTrafficToAnywhere(Group group, Rule rule) {
    if (rule.protocol().equals("all")
        && rule.peer() instanceof Cidr cidr
        && Cidrs.isAnywhere(cidr.cidr())) {
      throw new RulesException(
          rule.source()
              + ": group "
              + group.name()
              + " sends all traffic to "
              + cidr.cidr()
              + "; name the protocol and ports a group sends to the internet");
    }
  }

  static void internetIngressOnlyToEdgeOnWebPorts(Group group, Rule rule) {
    if (!(rule.peer() instanceof Cidr cidr) || !Cidrs.isAnywhere(cidr.cidr())) {
      return;
    }
    boolean webPort =
        rule.protocol().equals("tcp")
            && rule.fromPort() == rule.toPort()
            && EDGE_PORTS.contains(rule.fromPort());
    if (!group.edge()) {
      throw new RulesException(
          rule.source()
              + ": group "
              + group.name()
              + " accepts traffic from "
              + cidr.cidr()
              + " but is not an edge group; only groups marked edge: true may face the internet");
    }
    if (!webPort) {
      throw new RulesException(
          rule.source()
              + ": edge group "
              + group.name()
              + " opens "
              + rule.protocol()
              + (rule.fromPort() < 0 ? "" : " " + rule.fromPort() + "-" + rule.toPort())
              + " to "
              + cidr.cidr()
              + "; edge groups may open only tcp 80 and 443 to the internet");
    }
  }

  static void networkAclsDenyRemoteAdminFromAnywhere(
      Segment segment, String tier, List<NetworkAclRules.Entry> entries) {
    List<NetworkAclRules.Entry> ingress =
        entries.stream()
            .filter(e -> !e.egress())
            .sorted(Comparator.comparingInt(NetworkAclRules.Entry::ruleNumber))
            .toList();
    for (boolean ipv6 : new boolean[] {false, true}) {
      for (Map.Entry<Integer, String> admin : REMOTE_ADMIN.entrySet()) {
        // NACLs stop at the first entry that matches; a deny for the whole internet ends the
        // search.
        for (NetworkAclRules.Entry entry : ingress) {
          boolean family = entry.cidr().contains(":") == ipv6;
          if (family && Cidrs.isAnywhere(entry.cidr()) && entry.matchesTcpPort(admin.getKey())) {
            if (entry.allow()) {
              throw new RulesException(
                  entry.location()
                      + ": rule "
                      + entry.ruleNumber()
                      + " of the "
                      + tier
                      + " tier of "
                      + segment.name()
                      + " lets "
                      + admin.getValue()
                      + " (tcp "
                      + admin.getKey()
                      + ") in from "
                      + entry.cidr()
                      + "; deny it with a lower rule number first");
            }
            break;
          }
        }
      }
    }
  }

  static void rulesDoNotNameSegmentsTheyMustNotReach(NetworkRules rules, Segment segment) {
    for (Segment other : rules.segments()) {
      if (other == segment || other.customerData() == segment.customerData()) {
        continue;
      }
      for (Group group : segment.securityGroups().groups()) {
        for (Rule rule : concat(group.ingress(), group.egress())) {
          if (rule.peer() instanceof Cidr cidr
              && !Cidrs.isAnywhere(cidr.cidr())
              && Cidrs.overlap(cidr.cidr(), other.cidr())) {
            throw new RulesException(
                rule.source()
                    + ": group "
                    + group.name()
                    + " of "
                    + segment.name()
                    + " names "
                    + cidr.cidr()
                    + " inside segment "
                    + other.name()
                    + "; production and internal networks are kept apart");
          }
        }
      }
      for (List<NetworkAclRules.Entry> entries : segment.networkAcls().tiers().values()) {
        for (NetworkAclRules.Entry entry : entries) {
          if (entry.allow()
              && !Cidrs.isAnywhere(entry.cidr())
              && Cidrs.overlap(entry.cidr(), other.cidr())) {
            throw new RulesException(
                entry.location()
                    + ": NACL rule "
                    + entry.ruleNumber()
                    + " of "
                    + segment.name()
                    + " allows "
                    + entry.cidr()
                    + " inside segment "
                    + other.name()
                    + "; production and internal networks are kept apart");
          }
        }
      }
    }
  }

  private static List<Rule> concat(List<Rule> a, List<Rule> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
