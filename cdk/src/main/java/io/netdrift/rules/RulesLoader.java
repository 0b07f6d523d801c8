package io.netdrift.rules;

import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import io.netdrift.rules.NetworkRules.Peering;
import io.netdrift.rules.SecurityGroupRules.Cidr;
import io.netdrift.rules.SecurityGroupRules.Group;
import io.netdrift.rules.SecurityGroupRules.GroupRef;
import io.netdrift.rules.SecurityGroupRules.Peer;
import io.netdrift.rules.SecurityGroupRules.PrefixList;
import io.netdrift.rules.SecurityGroupRules.Rule;
import io.netdrift.rules.Segment.FlowLogs;
import io.netdrift.rules.Segment.Tier;
import io.netdrift.rules.Segment.TierType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every file in {@code rules/} into typed records, cross-checks the references between them,
 * then runs the {@link Guardrails}. Every error names the file, line, column and key path.
 */
public final class RulesLoader {
  static final String NETWORK_FILE = "network.yaml";
  static final String SECURITY_GROUPS_FILE = "security-groups.yaml";
  static final String NETWORK_ACLS_FILE = "network-acls.yaml";
  static final String FIREWALL_FILE = "firewall/policy.yaml";
  static final String WAF_FILE = "waf.yaml";

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final Pattern IPV4_CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern IPV6_CIDR = Pattern.compile("([0-9a-fA-F:]+)/(\\d{1,3})");
  private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8,17}");
  private static final Pattern DOMAIN = Pattern.compile("\\.?[a-z0-9-]+(\\.[a-z0-9-]+)+");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> SG_PROTOCOLS = Set.of("tcp", "udp", "icmp", "icmpv6", "all");
  private static final Set<String> ACL_PROTOCOLS = Set.of("tcp", "udp", "icmp", "all");
  private static final Set<String> TRAFFIC_TYPES = Set.of("ALL", "ACCEPT", "REJECT");
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

  private static final Set<String> STATELESS_ACTIONS =
      Set.of("aws:pass", "aws:drop", "aws:forward_to_sfe");
  private static final Set<String> STATEFUL_DEFAULTS =
      Set.of(
          "aws:drop_strict", "aws:drop_established", "aws:alert_strict", "aws:alert_established");

  /** The retention periods CloudWatch Logs accepts, in days. */
  public static final List<Integer> RETENTION_DAYS =
      List.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private RulesLoader() {}

  /** Loads, cross-checks and guards every rules file in {@code dir}. */
  public static NetworkRules load(Path dir) {
    NetworkRules rules = loadUnguarded(dir);
    Guardrails.check(rules);
    return rules;
  }

  /** Loads and cross-checks without the guard rails; for tests of the guard rails themselves. */
  static NetworkRules loadUnguarded(Path dir) {
    YamlNode network = YamlNode.load(dir.resolve(NETWORK_FILE));
    Map<String, YamlNode> top = network.mapping(Set.of("environments", "segments", "peerings"));
    Map<String, Environment> environments = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e :
        required(top, network, "environments").mapping().entrySet()) {
      environments.put(name(e.getValue(), e.getKey()), environment(e.getValue()));
    }
    Map<String, Segment> segments = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : required(top, network, "segments").mapping().entrySet()) {
      segments.put(name(e.getValue(), e.getKey()), segment(e.getKey(), e.getValue(), environments));
    }
    if (segments.isEmpty()) {
      throw network.error("declare at least one segment under segments:");
    }
    List<Peering> peerings = new ArrayList<>();
    for (YamlNode p : optional(top, "peerings").map(YamlNode::sequence).orElse(List.of())) {
      Map<String, YamlNode> peering = p.mapping(Set.of("from", "to"));
      String from = segmentRef(required(peering, p, "from"), segments.keySet());
      String to = segmentRef(required(peering, p, "to"), segments.keySet());
      peerings.add(new Peering(from, to, p.location()));
    }

    Map<String, SecurityGroupRules> groups =
        securityGroups(YamlNode.load(dir.resolve(SECURITY_GROUPS_FILE)), segments);
    Map<String, NetworkAclRules> acls =
        networkAcls(YamlNode.load(dir.resolve(NETWORK_ACLS_FILE)), segments);
    Map<String, FirewallRules> firewalls = new HashMap<>();
    if (Files.exists(dir.resolve(FIREWALL_FILE))) {
      YamlNode policy = YamlNode.load(dir.resolve(FIREWALL_FILE));
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
      String segment = segmentRef(required(entries, policy, "segment"), segments.keySet());
      firewalls.put(segment, firewall(policy, entries, dir.resolve(FIREWALL_FILE).getParent()));
    }
    Map<String, WafRules> wafs = new HashMap<>();
    if (Files.exists(dir.resolve(WAF_FILE))) {
      YamlNode waf = YamlNode.load(dir.resolve(WAF_FILE));
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
      String segment = segmentRef(required(entries, waf, "segment"), segments.keySet());
      wafs.put(segment, waf(waf, entries, dir));
    }

    List<Segment> complete = new ArrayList<>();
    for (Segment s : segments.values()) {
      complete.add(
          s.with(
              groups.getOrDefault(s.name(), SecurityGroupRules.none()),
              acls.getOrDefault(s.name(), NetworkAclRules.none()),
              Optional.ofNullable(firewalls.get(s.name())),
              Optional.ofNullable(wafs.get(s.name()))));
    }
    for (Segment s : complete) {
      crossCheck(s);
    }
    return new NetworkRules(complete, peerings);
  }

  /** What one file says of a segment must fit what the others say. */
  private static void crossCheck(Segment s) {
    boolean firewallTier = s.tierOfType(TierType.FIREWALL).isPresent();
    if (firewallTier && s.firewall().isEmpty()) {
      throw new RulesException(
          s.location()
              + ": segment "
              + s.name()
              + " has a firewall tier but "
              + FIREWALL_FILE
              + " gives it no firewall policy");
    }
    if (!firewallTier && s.firewall().isPresent()) {
      throw new RulesException(
          FIREWALL_FILE
              + ": segment "
              + s.name()
              + " has no tier of type firewall for the firewall endpoints; add one in "
              + NETWORK_FILE);
    }
    if (s.firewall().isPresent() && s.tierOfType(TierType.PUBLIC).isEmpty()) {
      throw new RulesException(
          s.location() + ": segment " + s.name() + " needs a public tier for its NAT gateways");
    }
    if (s.waf().isPresent()
        && (s.securityGroups().groups().stream().noneMatch(Group::edge)
            || s.tier("public").isEmpty())) {
      throw new RulesException(
          WAF_FILE
              + ": segment "
              + s.name()
              + " needs a public tier and a security group marked edge: true for its load balancer");
    }
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

  private static Segment segment(
      String name, YamlNode node, Map<String, Environment> environments) {
    Map<String, YamlNode> entries =
        node.mapping(
            Set.of(
                "environment",
                "customerData",
                "cidr",
                "availabilityZones",
                "natGateways",
                "flowLogs",
                "tiers"));
    YamlNode envNode = required(entries, node, "environment");
    Environment environment = environments.get(envNode.text());
    if (environment == null) {
      throw envNode.error(
          "unknown environment '"
              + envNode.text()
              + "'; declared: "
              + String.join(", ", environments.keySet()));
    }
    boolean customerData = optional(entries, "customerData").map(RulesLoader::bool).orElse(false);
    YamlNode cidr = required(entries, node, "cidr");
    checkIpv4Cidr(cidr);
    List<String> zones = new ArrayList<>();
    for (YamlNode zone : required(entries, node, "availabilityZones").sequence()) {
      if (zones.contains(zone.text())) {
        throw zone.error("availability zone '" + zone.text() + "' is listed twice");
      }
      if (!zone.text().startsWith(environment.region())) {
        throw zone.error(
            "zone '" + zone.text() + "' is not in the segment's region " + environment.region());
      }
      zones.add(zone.text());
    }
    if (zones.isEmpty()) {
      throw node.error("availabilityZones must name at least one zone");
    }
    YamlNode flowNode = required(entries, node, "flowLogs");
    Map<String, YamlNode> flow = flowNode.mapping(Set.of("trafficType", "retentionDays"));
    YamlNode traffic = required(flow, flowNode, "trafficType");
    if (!TRAFFIC_TYPES.contains(traffic.text())) {
      throw traffic.error("trafficType must be ALL, ACCEPT or REJECT");
    }
    FlowLogs flowLogs =
        new FlowLogs(traffic.text(), retention(required(flow, flowNode, "retentionDays")));
    List<Tier> tiers = new ArrayList<>();
    Set<String> tierNames = new LinkedHashSet<>();
    for (YamlNode tierNode : required(entries, node, "tiers").sequence()) {
      Map<String, YamlNode> tier = tierNode.mapping(Set.of("name", "type", "cidrMask"));
      YamlNode tierName = required(tier, tierNode, "name");
      if (!tierNames.add(name(tierName, tierName.text()))) {
        throw tierName.error("tier '" + tierName.text() + "' is declared twice");
      }
      YamlNode type = required(tier, tierNode, "type");
      TierType tierType;
      try {
        tierType = TierType.valueOf(type.text().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw type.error(
            "tier type must be public, firewall, private or isolated, not '" + type.text() + "'");
      }
      YamlNode mask = required(tier, tierNode, "cidrMask");
      if (mask.integer() < 16 || mask.integer() > 28) {
        throw mask.error("AWS subnets take a mask from /16 to /28");
      }
      tiers.add(new Tier(tierName.text(), tierType, mask.integer(), tierNode.location()));
    }
    if (tiers.isEmpty()) {
      throw node.error("a segment needs at least one tier");
    }
    int natGateways = optional(entries, "natGateways").map(YamlNode::integer).orElse(zones.size());
    return new Segment(
        name,
        environment,
        customerData,
        cidr.text(),
        zones,
        natGateways,
        flowLogs,
        tiers,
        SecurityGroupRules.none(),
        NetworkAclRules.none(),
        Optional.empty(),
        Optional.empty(),
        node.location());
  }

  private static Map<String, SecurityGroupRules> securityGroups(
      YamlNode root, Map<String, Segment> segments) {
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
        boolean edge = optional(group, "edge").map(RulesLoader::bool).orElse(false);
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
   * The characters EC2 takes in a security group's description (EC2's CreateSecurityGroup
   * documentation: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*), at most 255 of them.
   */
  static final String GROUP_DESCRIPTION = "a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*";

  /**
   * The characters EC2 takes in a rule's description (the IpRange, Ipv6Range, PrefixListId and
   * UserIdGroupPair documentation: as a group's, without {@code &}).
   */
  static final String RULE_DESCRIPTION = "a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=;{}!$*";

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

  private static Map<String, NetworkAclRules> networkAcls(
      YamlNode root, Map<String, Segment> segments) {
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

  private static FirewallRules firewall(YamlNode policy, Map<String, YamlNode> entries, Path dir) {
    boolean deleteProtection =
        optional(entries, "deleteProtection").map(RulesLoader::bool).orElse(true);
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
      groups.add(
          new FirewallRules.RuleGroup(
              nameNode.text(), priority.integer(), capacity, suricata, domains));
    }
    YamlNode loggingNode = required(entries, policy, "logging");
    Map<String, YamlNode> logging = loggingNode.mapping(Set.of("alert", "flow", "retentionDays"));
    FirewallRules.Logging log =
        new FirewallRules.Logging(
            optional(logging, "alert").map(RulesLoader::bool).orElse(true),
            optional(logging, "flow").map(RulesLoader::bool).orElse(true),
            retention(required(logging, loggingNode, "retentionDays")));
    return new FirewallRules(deleteProtection, stateless, fragments, stateful, groups, log);
  }

  private static List<FirewallRules.SuricataRule> suricata(
      Path file, YamlNode reference, Map<Long, String> sids) {
    List<FirewallRules.SuricataRule> rules = new ArrayList<>();
    List<String> lines = lines(file, reference);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
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
    List<String> lines = lines(file, reference);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim().toLowerCase(Locale.ROOT);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!DOMAIN.matcher(line).matches()) {
        throw new RulesException(
            file
                + ":"
                + (i + 1)
                + ": '"
                + line
                + "' is not a domain such as api.example.com or .example.com");
      }
      domains.add(line);
    }
    if (domains.isEmpty()) {
      throw reference.error(file + " holds no domain");
    }
    return domains;
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
    List<String> lines = lines(file, addressesFile);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.isEmpty() && !line.startsWith("#")) {
        if (Cidrs.parseIpv4(line) == null) {
          throw new RulesException(
              file
                  + ":"
                  + (i + 1)
                  + ": '"
                  + line
                  + "' is not an IPv4 CIDR block such as 203.0.113.0/24");
        }
        addresses.add(line);
      }
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

  private static int retention(YamlNode node) {
    if (!RETENTION_DAYS.contains(node.integer())) {
      throw node.error(
          "CloudWatch Logs keeps logs for one of " + RETENTION_DAYS + " days, not " + node.text());
    }
    return node.integer();
  }

  private static int priority(YamlNode node, Set<Integer> used) {
    if (node.integer() < 0 || !used.add(node.integer())) {
      throw node.error(
          "priority " + node.text() + " must be zero or more and used by one rule only");
    }
    return node.integer();
  }

  private static List<String> actions(YamlNode node, Set<String> allowed) {
    List<String> actions = new ArrayList<>();
    for (YamlNode a : node.sequence()) {
      if (!allowed.contains(a.text())) {
        throw a.error(
            "'"
                + a.text()
                + "' is not one of "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      actions.add(a.text());
    }
    return actions;
  }

  private static List<String> lines(Path file, YamlNode reference) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw reference.error("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static String protocol(YamlNode node, Set<String> allowed) {
    String protocol = node.text().toLowerCase(Locale.ROOT);
    if (!allowed.contains(protocol)) {
      throw node.error(
          "protocol must be one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + "; not '"
              + node.text()
              + "'");
    }
    return protocol;
  }

  private static int[] ports(String protocol, Map<String, YamlNode> entry, YamlNode parent) {
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      if (entry.containsKey("ports")) {
        throw entry.get("ports").error("protocol " + protocol + " has no ports; remove 'ports'");
      }
      return new int[] {-1, -1};
    }
    YamlNode ports = required(entry, parent, "ports");
    Matcher m = PORTS.matcher(ports.text().trim());
    if (!m.matches()) {
      throw ports.error("ports must be a port (443) or a range (1024-65535)");
    }
    int from = Integer.parseInt(m.group(1));
    int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
    if (from > 65535 || to > 65535 || from > to) {
      throw ports.error("port range '" + ports.text() + "' is not within 0-65535 in order");
    }
    return new int[] {from, to};
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

  private static String segmentRef(YamlNode node, Set<String> segments) {
    return segmentRef(node, node.text(), segments);
  }

  private static String segmentRef(YamlNode node, String name, Set<String> segments) {
    if (!segments.contains(name)) {
      throw node.error(
          "unknown segment '" + name + "'; network.yaml declares: " + String.join(", ", segments));
    }
    return name;
  }

  private static boolean bool(YamlNode node) {
    return switch (node.text()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw node.error("expected true or false, found '" + node.text() + "'");
    };
  }

  private static String name(YamlNode node, String name) {
    if (!NAME.matcher(name).matches()) {
      throw node.error(
          "'" + name + "' must be lower case letters, digits and dashes, starting with a letter");
    }
    return name;
  }

  private static void checkCidr(YamlNode node) {
    if (node.text().contains(":")) {
      checkIpv6Cidr(node);
    } else {
      checkIpv4Cidr(node);
    }
  }

  private static void checkIpv4Cidr(YamlNode node) {
    if (Cidrs.parseIpv4(node.text()) == null) {
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
