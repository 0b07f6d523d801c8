package io.netdrift.rules;

import static io.netdrift.rules.RuleFields.actions;
import static io.netdrift.rules.RuleFields.entries;
import static io.netdrift.rules.RuleFields.name;
import static io.netdrift.rules.RuleFields.retention;
import static io.netdrift.rules.RuleFields.segmentRef;
import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code firewall/policy.yaml}: the Network Firewall policy, its rule groups and the Suricata and
 * domain-list files they name, each rule checked as Suricata and Network Firewall take it.
 */
final class FirewallFile {
  private static final Pattern DOMAIN = Pattern.compile("\\.?[a-z0-9-]+(\\.[a-z0-9-]+)+");
  private static final Set<String> STATELESS_ACTIONS =
      Set.of("aws:pass", "aws:drop", "aws:forward_to_sfe");
  private static final Set<String> STATEFUL_DEFAULTS =
      Set.of(
          "aws:drop_strict", "aws:drop_established", "aws:alert_strict", "aws:alert_established");

  private FirewallFile() {}

  /** The policy file's segment and its firewall; rule files are found beside the policy. */
  static Map.Entry<String, FirewallRules> read(YamlNode policy, Set<String> segments) {
    Map<String, YamlNode> entries =
        policy.mapping(
            Set.of(
                "segment",
                "deleteProtection",
                "statelessDefaultActions",
                "statelessFragmentDefaultActions",
                "statefulDefaultActions",
                "ruleGroups",
                "logging"));
    String segment = segmentRef(required(entries, policy, "segment"), segments);
    return Map.entry(segment, firewall(policy, entries, policy.file().getParent()));
  }

  private static FirewallRules firewall(YamlNode policy, Map<String, YamlNode> entries, Path dir) {
    boolean deleteProtection =
        optional(entries, "deleteProtection").map(RuleFields::bool).orElse(true);
    List<String> stateless =
        actions(required(entries, policy, "statelessDefaultActions"), STATELESS_ACTIONS);
    List<String> fragments =
        actions(required(entries, policy, "statelessFragmentDefaultActions"), STATELESS_ACTIONS);
    List<String> stateful =
        actions(required(entries, policy, "statefulDefaultActions"), STATEFUL_DEFAULTS);
    List<FirewallRules.RuleGroup> groups = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Set<Integer> priorities = new LinkedHashSet<>();
    Map<Long, String> sids = new HashMap<>();
    for (YamlNode g : required(entries, policy, "ruleGroups").sequence()) {
      Map<String, YamlNode> group =
          g.mapping(Set.of("name", "priority", "capacity", "rules", "domains"));
      YamlNode nameNode = required(group, g, "name");
      if (!names.add(name(nameNode, nameNode.text()))) {
        throw nameNode.error("rule group '" + nameNode.text() + "' is declared twice");
      }
      YamlNode priority = required(group, g, "priority");
      if (!priorities.add(priority.integer())) {
        throw priority.error(
            "priority "
                + priority.integer()
                + " is used twice; strict order needs distinct priorities");
      }
      int capacity = required(group, g, "capacity").integer();
      Optional<YamlNode> rulesFile = optional(group, "rules");
      Optional<YamlNode> domainsFile = optional(group, "domains");
      if (rulesFile.isPresent() == domainsFile.isPresent()) {
        throw g.error(
            "a rule group takes either rules (a Suricata file) or domains (a domain list file)");
      }
      List<FirewallRules.SuricataRule> suricata = new ArrayList<>();
      Optional<List<String>> domains = Optional.empty();
      if (rulesFile.isPresent()) {
        suricata = suricata(dir.resolve(rulesFile.get().text()), rulesFile.get(), sids);
      } else {
        domains = Optional.of(domains(dir.resolve(domainsFile.get().text()), domainsFile.get()));
      }
      Path listFile = dir.resolve(rulesFile.orElseGet(domainsFile::get).text());
      groups.add(
          new FirewallRules.RuleGroup(
              nameNode.text(), priority.integer(), capacity, suricata, domains, listFile + ":1:1"));
    }
    YamlNode loggingNode = required(entries, policy, "logging");
    Map<String, YamlNode> logging = loggingNode.mapping(Set.of("alert", "flow", "retentionDays"));
    FirewallRules.Logging log =
        new FirewallRules.Logging(
            optional(logging, "alert").map(RuleFields::bool).orElse(true),
            optional(logging, "flow").map(RuleFields::bool).orElse(true),
            retention(required(logging, loggingNode, "retentionDays")));
    return new FirewallRules(deleteProtection, stateless, fragments, stateful, groups, log);
  }

  private static List<FirewallRules.SuricataRule> suricata(
      Path file, YamlNode reference, Map<Long, String> sids) {
    List<FirewallRules.SuricataRule> rules = new ArrayList<>();
    for (RuleFields.Line entry : entries(file, reference)) {
      String line = entry.text();
      String where = entry.where();
      SuricataSyntax.Parsed parsed = SuricataSyntax.parse(line, where);
      long sid = parsed.sid();
      String previous = sids.putIfAbsent(sid, where);
      if (previous != null) {
        throw new RulesException(
            where
                + ": sid "
                + sid
                + " is already used at "
                + previous
                + "; every rule needs its own sid");
      }
      rules.add(new FirewallRules.SuricataRule(parsed.action(), sid, line, where));
    }
    if (rules.isEmpty()) {
      throw reference.error(file + " holds no rule");
    }
    return rules;
  }

  private static List<String> domains(Path file, YamlNode reference) {
    List<String> domains = new ArrayList<>();
    for (RuleFields.Line line : entries(file, reference)) {
      String domain = line.text().toLowerCase(Locale.ROOT);
      if (!DOMAIN.matcher(domain).matches()) {
        throw new RulesException(
            line.where()
                + ": '"
                + domain
                + "' is not a domain such as api.example.com or .example.com");
      }
      domains.add(domain);
    }
    if (domains.isEmpty()) {
      throw reference.error(file + " holds no domain");
    }
    return domains;
  }
}
