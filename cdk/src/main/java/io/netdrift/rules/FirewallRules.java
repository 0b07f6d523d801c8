package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The inspection firewall of a segment: policy defaults, stateful rule groups in strict order,
 * logging.
 */
public record FirewallRules(
    boolean deleteProtection,
    List<String> statelessDefaultActions,
    List<String> statelessFragmentDefaultActions,
    List<String> statefulDefaultActions,
    List<RuleGroup> ruleGroups,
    Logging logging) {
  public FirewallRules {
    statelessDefaultActions = List.copyOf(statelessDefaultActions);
    statelessFragmentDefaultActions = List.copyOf(statelessFragmentDefaultActions);
    statefulDefaultActions = List.copyOf(statefulDefaultActions);
    ruleGroups = List.copyOf(ruleGroups);
    requireNonNull(logging, "logging");
  }

  /**
   * A stateful rule group: Suricata rules from a file, or a domain allow-list; {@code file} is the
   * place of that file ({@code …/rules/firewall/x.rules:1:1}).
   */
  public record RuleGroup(
      String name,
      int priority,
      int capacity,
      List<SuricataRule> rules,
      Optional<List<String>> domains,
      String file) {
    public RuleGroup {
      requireNonNull(name, "name");
      rules = List.copyOf(rules);
      requireNonNull(domains, "domains");
    }

    /** The rules as one Suricata rules string, comments dropped, file order kept. */
    public String rulesString() {
      return String.join("\n", rules.stream().map(SuricataRule::line).toList());
    }
  }

  /** One Suricata rule line with its action and signature id. */
  public record SuricataRule(String action, long sid, String line, String location) {}

  /** Which firewall logs go to CloudWatch Logs, and for how long they are kept. */
  public record Logging(boolean alert, boolean flow, int retentionDays) {}
}
