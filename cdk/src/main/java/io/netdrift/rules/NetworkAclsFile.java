package io.netdrift.rules;

import static io.netdrift.rules.RuleFields.checkCidr;
import static io.netdrift.rules.RuleFields.ports;
import static io.netdrift.rules.RuleFields.protocol;
import static io.netdrift.rules.RuleFields.segmentRef;
import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code network-acls.yaml}: each tier's network ACL entries, numbered as EC2 numbers them. */
final class NetworkAclsFile {
  private static final Set<String> ACL_PROTOCOLS = Set.of("tcp", "udp", "icmp", "all");

  private NetworkAclsFile() {}

  static Map<String, NetworkAclRules> read(YamlNode root, Map<String, Segment> segments) {
    Map<String, YamlNode> top = root.mapping(Set.of("segments"));
    Map<String, NetworkAclRules> result = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> seg : required(top, root, "segments").mapping().entrySet()) {
      Segment segment = segments.get(segmentRef(seg.getValue(), seg.getKey(), segments.keySet()));
      Map<String, List<NetworkAclRules.Entry>> tiers = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> tierEntry : seg.getValue().mapping().entrySet()) {
        if (segment.tier(tierEntry.getKey()).isEmpty()) {
          throw tierEntry
              .getValue()
              .error("segment " + segment.name() + " has no tier '" + tierEntry.getKey() + "'");
        }
        Map<String, YamlNode> directions =
            tierEntry.getValue().mapping(Set.of("ingress", "egress"));
        List<NetworkAclRules.Entry> entries = new ArrayList<>();
        for (String direction : List.of("ingress", "egress")) {
          Set<Integer> numbers = new LinkedHashSet<>();
          for (YamlNode e :
              optional(directions, direction).map(YamlNode::sequence).orElse(List.of())) {
            Map<String, YamlNode> entry =
                e.mapping(Set.of("rule", "action", "protocol", "ports", "cidr"));
            YamlNode number = required(entry, e, "rule");
            if (number.integer() < 1 || number.integer() > 32766) {
              throw number.error("NACL rule numbers run from 1 to 32766");
            }
            if (!numbers.add(number.integer())) {
              throw number.error(
                  "rule number " + number.integer() + " is used twice in " + direction);
            }
            YamlNode action = required(entry, e, "action");
            if (!action.text().equals("allow") && !action.text().equals("deny")) {
              throw action.error("action must be allow or deny");
            }
            String protocol = protocol(required(entry, e, "protocol"), ACL_PROTOCOLS);
            int[] ports = ports(protocol, entry, e);
            YamlNode cidr = required(entry, e, "cidr");
            checkCidr(cidr);
            entries.add(
                new NetworkAclRules.Entry(
                    number.integer(),
                    direction.equals("egress"),
                    action.text().equals("allow"),
                    protocol,
                    ports[0],
                    ports[1],
                    cidr.text(),
                    e.location()));
          }
        }
        tiers.put(tierEntry.getKey(), entries);
      }
      result.put(segment.name(), new NetworkAclRules(tiers));
    }
    return result;
  }
}
