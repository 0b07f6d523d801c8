package io.netdrift.rules;

import static io.netdrift.rules.RuleFields.checkCidr;
import static io.netdrift.rules.RuleFields.name;
import static io.netdrift.rules.RuleFields.ports;
import static io.netdrift.rules.RuleFields.protocol;
import static io.netdrift.rules.RuleFields.segmentRef;
import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.Group;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import io.netdrift.rules.SecurityGroupRules.Peer;
import io.netdrift.rules.SecurityGroupRules.PrefixList;
import io.netdrift.rules.SecurityGroupRules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code security-groups.yaml}: each segment's groups and their rules, in what EC2 will take. */
final class SecurityGroupsFile {
  private static final Set<String> SG_PROTOCOLS = Set.of("tcp", "udp", "icmp", "icmpv6", "all");
  private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8,17}");

  /**
   * The characters EC2 takes in a security group's description (EC2's CreateSecurityGroup
   * documentation: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*), at most 255 of them.
   */
  static final String GROUP_DESCRIPTION = "a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*";

  /**
   * The characters EC2 takes in a rule's description (the IpRange, Ipv6Range, PrefixListId and
   * UserIdGroupPair documentation: as a group's, without {@code &}).
   */
  static final String RULE_DESCRIPTION = "a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=;{}!$*";

  private SecurityGroupsFile() {}

  static Map<String, SecurityGroupRules> read(YamlNode root, Map<String, Segment> segments) {
    Map<String, YamlNode> top = root.mapping(Set.of("segments"));
    Map<String, SecurityGroupRules> result = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> seg : required(top, root, "segments").mapping().entrySet()) {
      segmentRef(seg.getValue(), seg.getKey(), segments.keySet());
      Map<String, YamlNode> declared = seg.getValue().mapping();
      List<Group> groups = new ArrayList<>();
      for (Map.Entry<String, YamlNode> entry : declared.entrySet()) {
        YamlNode groupNode = entry.getValue();
        name(groupNode, entry.getKey());
        Map<String, YamlNode> group =
            groupNode.mapping(Set.of("description", "edge", "ingress", "egress"));
        String description =
            ec2Text(required(group, groupNode, "description"), GROUP_DESCRIPTION, "group");
        boolean edge = optional(group, "edge").map(RuleFields::bool).orElse(false);
        List<Rule> ingress = sgRules(optional(group, "ingress"), declared.keySet());
        List<Rule> egress = sgRules(optional(group, "egress"), declared.keySet());
        groups.add(
            new Group(entry.getKey(), description, edge, ingress, egress, groupNode.location()));
      }
      result.put(seg.getKey(), new SecurityGroupRules(groups));
    }
    return result;
  }

  /**
   * A description EC2 will take, or an error at its place: synth, not a failed {@code cdk deploy},
   * is where a character EC2 refuses is found.
   */
  private static String ec2Text(YamlNode node, String allowed, String what) {
    String text = node.text();
    if (text.length() > 255) {
      throw node.error("a security " + what + " description is at most 255 characters");
    }
    java.util.regex.Matcher bad =
        java.util.regex.Pattern.compile("[^" + allowed + "]").matcher(text);
    if (bad.find()) {
      throw node.error(
          "EC2 refuses '"
              + bad.group()
              + "' in a security "
              + what
              + " description; it takes a-z, A-Z, 0-9, spaces and "
              + allowed.substring("a-zA-Z0-9 ".length()).replace("\\", ""));
    }
    return text;
  }

  private static List<Rule> sgRules(Optional<YamlNode> list, Set<String> groupNames) {
    List<Rule> rules = new ArrayList<>();
    for (YamlNode ruleNode : list.map(YamlNode::sequence).orElse(List.of())) {
      Map<String, YamlNode> rule =
          ruleNode.mapping(
              Set.of("protocol", "ports", "cidr", "group", "prefixList", "description"));
      String protocol = protocol(required(rule, ruleNode, "protocol"), SG_PROTOCOLS);
      int[] ports = ports(protocol, rule, ruleNode);
      String description =
          ec2Text(required(rule, ruleNode, "description"), RULE_DESCRIPTION, "rule");
      rules.add(
          new Rule(
              protocol,
              ports[0],
              ports[1],
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
        checkCidr(value);
        return new Cidr(value.text());
      case "group":
        if (!groupNames.contains(value.text())) {
          throw value.error(
              "unknown group '"
                  + value.text()
                  + "'; declare it in the same segment or use one of: "
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
}
