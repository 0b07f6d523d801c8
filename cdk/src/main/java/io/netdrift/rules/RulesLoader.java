package io.netdrift.rules;

import io.netdrift.rules.SecurityGroupRules.Group;
import io.netdrift.rules.Segment.TierType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    NetworkFile.Read network = NetworkFile.read(YamlNode.load(dir.resolve(NETWORK_FILE)));
    Map<String, Segment> segments = network.segments();
    Map<String, SecurityGroupRules> groups =
        SecurityGroupsFile.read(YamlNode.load(dir.resolve(SECURITY_GROUPS_FILE)), segments);
    Map<String, NetworkAclRules> acls =
        NetworkAclsFile.read(YamlNode.load(dir.resolve(NETWORK_ACLS_FILE)), segments);
    Map<String, FirewallRules> firewalls =
        ifPresent(dir.resolve(FIREWALL_FILE), f -> FirewallFile.read(f, segments.keySet()));
    Map<String, WafRules> wafs =
        ifPresent(dir.resolve(WAF_FILE), f -> WafFile.read(f, dir, segments.keySet()));

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
    return new NetworkRules(complete, network.peerings(), network.transitGateway());
  }

  /** The rules of the segment an optional file names; none where the file is absent. */
  private static <T> Map<String, T> ifPresent(
      Path file, java.util.function.Function<YamlNode, Map.Entry<String, T>> read) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    Map.Entry<String, T> rules = read.apply(YamlNode.load(file));
    return Map.of(rules.getKey(), rules.getValue());
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
}
