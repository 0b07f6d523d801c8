package io.netdrift.detector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.ResourceDocument;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a DNS Firewall domain list's change does is what the rules that name it do: a name added to
 * a list an ALLOW rule uses now resolves, one added to a list a BLOCK rule uses no longer does (and
 * the other way round for a name removed). The rule groups read in the same scan say which.
 */
public final class DomainListUses {
  static final String DOMAIN_LIST = "AWS::Route53Resolver::FirewallDomainList";
  static final String RULE_GROUP = "AWS::Route53Resolver::FirewallRuleGroup";

  private DomainListUses() {}

  /**
   * {@code finding}, where it changes a domain list's names and the live rule groups of {@code
   * documents} name the list with one action, with what the change does.
   */
  public static Finding classified(
      Finding finding,
      JsonNode approvedList,
      JsonNode liveList,
      Collection<ResourceDocument> documents) {
    if (!finding.resourceType().equals(DOMAIN_LIST)
        || !finding.property().equals("Domains")
        || approvedList == null
        || liveList == null) {
      return finding;
    }
    Set<String> actions = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    for (ResourceDocument d : documents) {
      if (!d.type().equals(RULE_GROUP)) {
        continue;
      }
      for (JsonNode rule : d.document().path("FirewallRules")) {
        if (rule.path("FirewallDomainListId").asText().equals(finding.physicalId())) {
          actions.add(rule.path("Action").asText());
          groups.add(d.physicalId());
        }
      }
    }
    Set<String> added = names(liveList);
    added.removeAll(names(approvedList));
    Set<String> removed = names(approvedList);
    removed.removeAll(names(liveList));
    if (actions.size() != 1 || (!added.isEmpty() && !removed.isEmpty())) {
      return finding;
    }
    boolean allow = actions.contains("ALLOW");
    boolean block = actions.contains("BLOCK");
    if (!allow && !block) {
      return finding;
    }
    boolean opens = allow == !added.isEmpty();
    String names = String.join(", ", added.isEmpty() ? removed : added);
    String rules = " (rule group " + String.join(", ", groups) + ")";
    return finding.withExposure(
        opens
            ? Exposure.widened(
                false, (allow ? "now resolves " : "no longer blocks ") + names + rules)
            : Exposure.narrowed(
                false, (allow ? "no longer resolves " : "now blocks ") + names + rules));
  }

  private static Set<String> names(JsonNode list) {
    Set<String> names = new TreeSet<>();
    list.path("Domains").forEach(n -> names.add(n.asText()));
    return names;
  }
}
