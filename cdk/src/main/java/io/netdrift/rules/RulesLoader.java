package io.netdrift.rules;

import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.Group;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import io.netdrift.rules.SecurityGroupRules.Peer;
import io.netdrift.rules.SecurityGroupRules.PrefixList;
import io.netdrift.rules.SecurityGroupRules.Rule;
import io.netdrift.rules.VpcRules.Tier;
import io.netdrift.rules.VpcRules.TierType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code rules/network.yaml} and {@code rules/security-groups.yaml} into typed records. */
public final class RulesLoader {
  static final String NETWORK_FILE = "network.yaml";
  static final String SECURITY_GROUPS_FILE = "security-groups.yaml";

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final Pattern IPV4_CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern IPV6_CIDR = Pattern.compile("([0-9a-fA-F:]+)/(\\d{1,3})");
  private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8,17}");
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp", "icmpv6", "all");

  private RulesLoader() {}

  /** Loads and cross-checks every rules file in {@code dir}. */
  public static NetworkRules load(Path dir) {
    YamlNode network = YamlNode.load(dir.resolve(NETWORK_FILE));
    Map<String, YamlNode> top = network.mapping(Set.of("environment", "vpc"));
    Environment environment = environment(required(top, network, "environment"));
    VpcRules vpc = vpc(required(top, network, "vpc"));
    SecurityGroupRules groups = securityGroups(YamlNode.load(dir.resolve(SECURITY_GROUPS_FILE)));
    return new NetworkRules(environment, vpc, groups);
  }

  private static Environment environment(YamlNode node) {
    Map<String, YamlNode> entries = node.mapping(Set.of("account", "region"));
    YamlNode account = required(entries, node, "account");
    if (!ACCOUNT.matcher(account.text()).matches()) {
      throw account.error("an AWS account id is 12 digits; quote it so YAML keeps leading zeros");
    }
    YamlNode region = required(entries, node, "region");
    if (!REGION.matcher(region.text()).matches()) {
      throw region.error("'" + region.text() + "' is not an AWS region name such as eu-west-1");
    }
    return new Environment(account.text(), region.text());
  }

  private static VpcRules vpc(YamlNode node) {
    Map<String, YamlNode> entries =
        node.mapping(Set.of("name", "cidr", "availabilityZones", "natGateways", "tiers"));
    String name = name(required(entries, node, "name"));
    YamlNode cidr = required(entries, node, "cidr");
    checkIpv4Cidr(cidr);
    List<String> zones = new ArrayList<>();
    for (YamlNode zone : required(entries, node, "availabilityZones").sequence()) {
      if (zones.contains(zone.text())) {
        throw zone.error("availability zone '" + zone.text() + "' is listed twice");
      }
      zones.add(zone.text());
    }
    if (zones.isEmpty()) {
      throw node.error("availabilityZones must name at least one zone");
    }
    int natGateways = optional(entries, "natGateways").map(YamlNode::integer).orElse(1);
    List<Tier> tiers = new ArrayList<>();
    Set<String> tierNames = new HashSet<>();
    for (YamlNode tierNode : required(entries, node, "tiers").sequence()) {
      Map<String, YamlNode> tier = tierNode.mapping(Set.of("name", "type", "cidrMask"));
      YamlNode tierName = required(tier, tierNode, "name");
      if (!tierNames.add(name(tierName))) {
        throw tierName.error("tier '" + tierName.text() + "' is declared twice");
      }
      YamlNode type = required(tier, tierNode, "type");
      TierType tierType;
      try {
        tierType = TierType.valueOf(type.text().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw type.error(
            "tier type must be public, private or isolated, not '" + type.text() + "'");
      }
      YamlNode mask = required(tier, tierNode, "cidrMask");
      if (mask.integer() < 16 || mask.integer() > 28) {
        throw mask.error("AWS subnets take a mask from /16 to /28");
      }
      tiers.add(new Tier(tierName.text(), tierType, mask.integer()));
    }
    if (tiers.isEmpty()) {
      throw node.error("a VPC needs at least one tier");
    }
    return new VpcRules(name, cidr.text(), zones, natGateways, tiers);
  }

  private static SecurityGroupRules securityGroups(YamlNode root) {
    Map<String, YamlNode> top = root.mapping(Set.of("groups"));
    YamlNode groupsNode = required(top, root, "groups");
    Map<String, YamlNode> declared = groupsNode.mapping();
    for (Map.Entry<String, YamlNode> entry : declared.entrySet()) {
      if (!NAME.matcher(entry.getKey()).matches()) {
        throw entry
            .getValue()
            .error(
                "group name '"
                    + entry.getKey()
                    + "' must be lower case letters, digits and dashes, starting with a letter");
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, YamlNode> entry : declared.entrySet()) {
      YamlNode groupNode = entry.getValue();
      Map<String, YamlNode> group = groupNode.mapping(Set.of("description", "ingress", "egress"));
      String description = required(group, groupNode, "description").text();
      List<Rule> ingress = rules(optional(group, "ingress"), declared.keySet());
      List<Rule> egress = rules(optional(group, "egress"), declared.keySet());
      groups.add(new Group(entry.getKey(), description, ingress, egress));
    }
    return new SecurityGroupRules(groups);
  }

  private static List<Rule> rules(java.util.Optional<YamlNode> list, Set<String> groupNames) {
    List<Rule> rules = new ArrayList<>();
    if (list.isEmpty()) {
      return rules;
    }
    for (YamlNode ruleNode : list.get().sequence()) {
      Map<String, YamlNode> rule =
          ruleNode.mapping(
              Set.of("protocol", "ports", "cidr", "group", "prefixList", "description"));
      YamlNode protocolNode = required(rule, ruleNode, "protocol");
      String protocol = protocolNode.text().toLowerCase(Locale.ROOT);
      if (!PROTOCOLS.contains(protocol)) {
        throw protocolNode.error(
            "protocol must be one of tcp, udp, icmp, icmpv6, all; not '"
                + protocolNode.text()
                + "'");
      }
      int from = -1;
      int to = -1;
      boolean hasPorts = protocol.equals("tcp") || protocol.equals("udp");
      if (hasPorts) {
        YamlNode ports = required(rule, ruleNode, "ports");
        Matcher m = PORTS.matcher(ports.text().trim());
        if (!m.matches()) {
          throw ports.error("ports must be a port (443) or a range (1024-65535)");
        }
        from = Integer.parseInt(m.group(1));
        to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from > 65535 || to > 65535 || from > to) {
          throw ports.error("port range '" + ports.text() + "' is not within 0-65535 in order");
        }
      } else if (rule.containsKey("ports")) {
        throw rule.get("ports").error("protocol " + protocol + " has no ports; remove 'ports'");
      }
      String description = required(rule, ruleNode, "description").text();
      rules.add(
          new Rule(
              protocol,
              from,
              to,
              peer(ruleNode, rule, groupNames),
              description,
              ruleNode.location()));
    }
    return rules;
  }

  private static Peer peer(YamlNode ruleNode, Map<String, YamlNode> rule, Set<String> groupNames) {
    List<String> given =
        List.of("cidr", "group", "prefixList").stream().filter(rule::containsKey).toList();
    if (given.size() != 1) {
      throw ruleNode.error(
          "a rule names exactly one peer: cidr, group or prefixList (found "
              + (given.isEmpty() ? "none" : String.join(" and ", given))
              + ")");
    }
    YamlNode value = rule.get(given.get(0));
    switch (given.get(0)) {
      case "cidr":
        if (value.text().contains(":")) {
          checkIpv6Cidr(value);
        } else {
          checkIpv4Cidr(value);
        }
        return new Cidr(value.text());
      case "group":
        if (!groupNames.contains(value.text())) {
          throw value.error(
              "unknown group '"
                  + value.text()
                  + "'; declare it under groups: or use one of: "
                  + String.join(", ", groupNames));
        }
        return new GroupRef(value.text());
      default:
        if (!PREFIX_LIST.matcher(value.text()).matches()) {
          throw value.error("'" + value.text() + "' is not a prefix list id such as pl-0123abcd");
        }
        return new PrefixList(value.text());
    }
  }

  private static String name(YamlNode node) {
    if (!NAME.matcher(node.text()).matches()) {
      throw node.error(
          "'"
              + node.text()
              + "' must be lower case letters, digits and dashes, starting with a letter");
    }
    return node.text();
  }

  private static void checkIpv4Cidr(YamlNode node) {
    Matcher m = IPV4_CIDR.matcher(node.text());
    boolean ok = m.matches() && Integer.parseInt(m.group(5)) <= 32;
    for (int i = 1; ok && i <= 4; i++) {
      ok = Integer.parseInt(m.group(i)) <= 255;
    }
    if (!ok) {
      throw node.error("'" + node.text() + "' is not an IPv4 CIDR block such as 10.10.0.0/16");
    }
  }

  private static void checkIpv6Cidr(YamlNode node) {
    Matcher m = IPV6_CIDR.matcher(node.text());
    if (!m.matches()
        || Integer.parseInt(m.group(2)) > 128
        || m.group(1).split(":", -1).length > 8) {
      throw node.error("'" + node.text() + "' is not an IPv6 CIDR block such as 2001:db8::/32");
    }
  }
}
