package io.netdrift.rules;

import static io.netdrift.rules.RuleFields.entries;
import static io.netdrift.rules.RuleFields.name;
import static io.netdrift.rules.RuleFields.priority;
import static io.netdrift.rules.RuleFields.retention;
import static io.netdrift.rules.RuleFields.segmentRef;
import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code waf.yaml}: the web ACL, its block list file, rate limit, geo block and AWS managed rule
 * groups, as WAF will take them.
 */
final class WafFile {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> WAF_OVERRIDES = Set.of("count", "block", "allow");

  /**
   * The AWS managed rule groups WAF offers, with the web ACL capacity units (WCU) each one takes,
   * as the WAF Developer Guide lists them.
   */
  static final Map<String, Integer> MANAGED_RULE_GROUP_WCU =
      Map.ofEntries(
          Map.entry("AWSManagedRulesCommonRuleSet", 700),
          Map.entry("AWSManagedRulesAdminProtectionRuleSet", 100),
          Map.entry("AWSManagedRulesKnownBadInputsRuleSet", 200),
          Map.entry("AWSManagedRulesSQLiRuleSet", 200),
          Map.entry("AWSManagedRulesLinuxRuleSet", 200),
          Map.entry("AWSManagedRulesUnixRuleSet", 100),
          Map.entry("AWSManagedRulesWindowsRuleSet", 200),
          Map.entry("AWSManagedRulesPHPRuleSet", 100),
          Map.entry("AWSManagedRulesWordPressRuleSet", 100),
          Map.entry("AWSManagedRulesAmazonIpReputationList", 25),
          Map.entry("AWSManagedRulesAnonymousIpList", 50),
          Map.entry("AWSManagedRulesBotControlRuleSet", 50),
          Map.entry("AWSManagedRulesATPRuleSet", 50),
          Map.entry("AWSManagedRulesACFPRuleSet", 50));

  /** A rule name inside a managed group, as WAF spells them. */
  private static final Pattern WAF_RULE_NAME = Pattern.compile("[\\w-]{1,128}");

  private WafFile() {}

  /** The file's segment and its web ACL; the block list file is found relative to {@code dir}. */
  static Map.Entry<String, WafRules> read(YamlNode waf, Path dir, Set<String> segments) {
    Map<String, YamlNode> entries =
        waf.mapping(
            Set.of(
                "segment",
                "name",
                "defaultAction",
                "blockList",
                "rateLimit",
                "geoBlock",
                "managedRuleGroups",
                "logging"));
    String segment = segmentRef(required(entries, waf, "segment"), segments);
    return Map.entry(segment, waf(waf, entries, dir));
  }

  private static WafRules waf(YamlNode waf, Map<String, YamlNode> entries, Path dir) {
    YamlNode nameNode = required(entries, waf, "name");
    String name = name(nameNode, nameNode.text());
    YamlNode defaultAction = required(entries, waf, "defaultAction");
    if (!defaultAction.text().equals("allow") && !defaultAction.text().equals("block")) {
      throw defaultAction.error("defaultAction must be allow or block");
    }
    Set<Integer> priorities = new LinkedHashSet<>();
    YamlNode blockNode = required(entries, waf, "blockList");
    Map<String, YamlNode> block = blockNode.mapping(Set.of("priority", "addresses"));
    YamlNode addressesFile = required(block, blockNode, "addresses");
    List<String> addresses = new ArrayList<>();
    Path file = dir.resolve(addressesFile.text());
    for (RuleFields.Line line : entries(file, addressesFile)) {
      if (Cidrs.parseIpv4(line.text()) == null) {
        throw new RulesException(
            line.where()
                + ": '"
                + line.text()
                + "' is not an IPv4 CIDR block such as 203.0.113.0/24");
      }
      addresses.add(line.text());
    }
    WafRules.BlockList blockList =
        new WafRules.BlockList(
            priority(required(block, blockNode, "priority"), priorities), addresses);
    YamlNode rateNode = required(entries, waf, "rateLimit");
    Map<String, YamlNode> rate = rateNode.mapping(Set.of("priority", "limit", "windowSeconds"));
    YamlNode limit = required(rate, rateNode, "limit");
    if (limit.integer() < 10 || limit.integer() > 2_000_000_000) {
      throw limit.error("a WAF rate limit runs from 10 to 2,000,000,000 requests");
    }
    YamlNode window = required(rate, rateNode, "windowSeconds");
    if (!Set.of(60, 120, 300, 600).contains(window.integer())) {
      throw window.error("windowSeconds must be 60, 120, 300 or 600");
    }
    WafRules.RateLimit rateLimit =
        new WafRules.RateLimit(
            priority(required(rate, rateNode, "priority"), priorities),
            limit.integer(),
            window.integer());
    YamlNode geoNode = required(entries, waf, "geoBlock");
    Map<String, YamlNode> geo = geoNode.mapping(Set.of("priority", "countries"));
    List<String> countries = new ArrayList<>();
    for (YamlNode c : required(geo, geoNode, "countries").sequence()) {
      if (!COUNTRY.matcher(c.text()).matches()) {
        throw c.error("'" + c.text() + "' is not an ISO 3166 two-letter country code");
      }
      countries.add(c.text());
    }
    WafRules.GeoBlock geoBlock =
        new WafRules.GeoBlock(priority(required(geo, geoNode, "priority"), priorities), countries);
    List<WafRules.ManagedGroup> managed = new ArrayList<>();
    // WAF refuses a web ACL above 5,000 WCU. With each managed group at most once (its name is
    // the rule's name, unique in an ACL) the four own rules and every group take 2,129: a name
    // WAF does not offer, or offered twice, is what would fail the deploy.
    Set<String> groupNames = new java.util.HashSet<>();
    for (YamlNode g : required(entries, waf, "managedRuleGroups").sequence()) {
      Map<String, YamlNode> group = g.mapping(Set.of("name", "priority", "overrides"));
      YamlNode groupName = required(group, g, "name");
      if (!MANAGED_RULE_GROUP_WCU.containsKey(groupName.text())) {
        throw groupName.error(
            "'"
                + groupName.text()
                + "' is not an AWS managed rule group; WAF offers "
                + new java.util.TreeSet<>(MANAGED_RULE_GROUP_WCU.keySet()));
      }
      if (!groupNames.add(groupName.text())) {
        throw groupName.error("managed rule group '" + groupName.text() + "' is listed twice");
      }
      Map<String, String> overrides = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> o :
          optional(group, "overrides").map(YamlNode::mapping).orElse(Map.of()).entrySet()) {
        if (!WAF_RULE_NAME.matcher(o.getKey()).matches()) {
          throw o.getValue().error("'" + o.getKey() + "' is not a WAF rule name");
        }
        if (!WAF_OVERRIDES.contains(o.getValue().text())) {
          throw o.getValue().error("an override action is count, block or allow");
        }
        overrides.put(o.getKey(), o.getValue().text());
      }
      managed.add(
          new WafRules.ManagedGroup(
              groupName.text(), priority(required(group, g, "priority"), priorities), overrides));
    }

    YamlNode logNode = required(entries, waf, "logging");
    Map<String, YamlNode> logging = logNode.mapping(Set.of("retentionDays", "redactedHeaders"));
    List<String> redacted =
        optional(logging, "redactedHeaders").map(YamlNode::sequence).orElse(List.of()).stream()
            .map(YamlNode::text)
            .toList();
    Map<String, String> locations = new LinkedHashMap<>();
    locations.put("", waf.location());
    locations.put("block-list", blockNode.location());
    locations.put("addresses", file + ":1:1");
    locations.put("rate-limit", rateNode.location());
    locations.put("geo-block", geoNode.location());
    for (YamlNode g : required(entries, waf, "managedRuleGroups").sequence()) {
      locations.put(g.mapping().get("name").text(), g.location());
    }
    return new WafRules(
        name,
        defaultAction.text().equals("allow"),
        blockList,
        rateLimit,
        geoBlock,
        managed,
        new WafRules.Logging(retention(required(logging, logNode, "retentionDays")), redacted),
        locations);
  }
}
