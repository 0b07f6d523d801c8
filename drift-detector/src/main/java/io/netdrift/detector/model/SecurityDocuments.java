package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical documents of the inspection firewall (AWS Network Firewall) and the web application
 * firewall (WAFv2), from raw JSON in the API's member names. CloudFormation writes the same shapes
 * as the APIs answer; what differs is order (which only matters where the service says it does) and
 * what the services add of their own (ids, capacities, label namespaces), which is left out.
 */
public final class SecurityDocuments {
  public static final String NFW_RULE_GROUP = "AWS::NetworkFirewall::RuleGroup";
  public static final String NFW_POLICY = "AWS::NetworkFirewall::FirewallPolicy";
  public static final String NFW_FIREWALL = "AWS::NetworkFirewall::Firewall";
  public static final String WAF_WEB_ACL = "AWS::WAFv2::WebACL";
  public static final String WAF_IP_SET = "AWS::WAFv2::IPSet";
  public static final String WAF_RULE_GROUP = "AWS::WAFv2::RuleGroup";

  /** The Network Firewall document types. */
  public static final Set<String> NFW_TYPES = Set.of(NFW_RULE_GROUP, NFW_POLICY, NFW_FIREWALL);

  /** The WAFv2 document types. */
  public static final Set<String> WAF_TYPES = Set.of(WAF_WEB_ACL, WAF_IP_SET, WAF_RULE_GROUP);

  /** A WAF rule group keys its rules by name, as a web ACL does. */
  public static final Set<String> WAF_RULE_GROUP_COLLECTIONS = Set.of("/Rules");

  public static final Set<String> RULE_GROUP_COLLECTIONS =
      Set.of(
          "/RuleGroup/RulesSource/RulesString",
          "/RuleGroup/RulesSource/StatelessRulesAndCustomActions/StatelessRules");
  public static final Set<String> POLICY_COLLECTIONS =
      Set.of(
          "/FirewallPolicy/StatefulRuleGroupReferences",
          "/FirewallPolicy/StatelessRuleGroupReferences");
  public static final Set<String> FIREWALL_COLLECTIONS = Set.of("/Logging");
  public static final Set<String> WEB_ACL_COLLECTIONS = Set.of("/Rules", "/Associations");

  /**
   * Where a web ACL's document names the rule groups AWS Firewall Manager put into it ({@code
   * PREFMManaged-…} first, {@code POSTFMManaged-…} last, the ACL then {@code
   * RetrofittedByFirewallManager}): they are the Firewall Manager policy's, not the customer's, and
   * are said, not compared.
   */
  public static final String FIREWALL_MANAGER_RULE_GROUPS = "FirewallManagerRuleGroups";

  private static final Pattern SID = Pattern.compile("\\bsid\\s*:\\s*(\\d+)\\s*;");

  private SecurityDocuments() {}

  /**
   * A Network Firewall rule group. Suricata rules are keyed by {@code sid}, so one edited rule is
   * one change with its old and new line; domain lists and IP-set definitions are sets.
   */
  public static ObjectNode ruleGroup(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("RuleGroupName", raw.path("RuleGroupName").asText());
    doc.put("Type", raw.path("Type").asText());
    doc.put("Capacity", raw.path("Capacity").asLong());
    ObjectNode group = Canonical.objectOf(raw.path("RuleGroup"));
    JsonNode source = group.path("RulesSource");
    if (source instanceof ObjectNode s) {
      if (s.has("RulesString")) {
        s.set("RulesString", suricata(s.get("RulesString").asText()));
      }
      if (s.path("RulesSourceList") instanceof ObjectNode list) {
        setOf(list, "Targets");
        setOf(list, "TargetTypes");
      }
      if (s.path("StatelessRulesAndCustomActions") instanceof ObjectNode stateless
          && stateless.has("StatelessRules")) {
        ObjectNode byPriority = Canonical.object();
        for (JsonNode rule : stateless.get("StatelessRules")) {
          byPriority.set("priority " + rule.path("Priority").asLong(), rule);
        }
        stateless.set("StatelessRules", byPriority);
      }
    }
    if (group.path("RuleVariables") instanceof ObjectNode variables) {
      for (String kind : List.of("IPSets", "PortSets")) {
        if (variables.path(kind) instanceof ObjectNode sets) {
          sets.fields().forEachRemaining(e -> setOf((ObjectNode) e.getValue(), "Definition"));
        }
      }
    }
    doc.set("RuleGroup", group);
    return doc;
  }

  /** Suricata rules keyed {@code sid 1000001}; a line without a sid keys by its own text. */
  static ObjectNode suricata(String rules) {
    ObjectNode bySid = Canonical.object();
    for (String line : rules.split("\\R")) {
      String rule = line.trim().replaceAll("\\s+", " ");
      if (rule.isEmpty() || rule.startsWith("#")) {
        continue;
      }
      Matcher m = SID.matcher(rule);
      bySid.put(m.find() ? "sid " + m.group(1) : rule, rule);
    }
    return bySid;
  }

  /** A firewall policy: rule group references keyed by ARN (priority and override as values). */
  public static ObjectNode firewallPolicy(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("FirewallPolicyName", raw.path("FirewallPolicyName").asText());
    ObjectNode policy = Canonical.objectOf(raw.path("FirewallPolicy"));
    for (String refs : List.of("StatefulRuleGroupReferences", "StatelessRuleGroupReferences")) {
      if (policy.has(refs)) {
        policy.set(refs, Canonical.keyed(policy.get(refs), "ResourceArn"));
        policy
            .get(refs)
            .fields()
            .forEachRemaining(e -> ((ObjectNode) e.getValue()).remove("ResourceArn"));
      }
    }
    // The service applies default actions as a set; their order in a template means nothing.
    for (String actions :
        List.of(
            "StatelessDefaultActions",
            "StatelessFragmentDefaultActions",
            "StatefulDefaultActions")) {
      setOf(policy, actions);
    }
    if (policy.get("StatefulEngineOptions") instanceof ObjectNode options) {
      foldDefault(options, "RuleOrder", TextNode.valueOf("DEFAULT_ACTION_ORDER"));
      foldDefault(options, "StreamExceptionPolicy", TextNode.valueOf("DROP"));
      JsonNode timeouts = options.path("FlowTimeouts");
      if (timeouts.size() == 1
          && timeouts.path("TcpIdleTimeoutSeconds").asInt() == DEFAULT_TCP_IDLE_TIMEOUT) {
        options.remove("FlowTimeouts");
      }
      if (options.isEmpty()) {
        policy.remove("StatefulEngineOptions");
      }
    }
    doc.set("FirewallPolicy", policy);
    return doc;
  }

  /** What Network Firewall answers for a policy's TCP idle timeout when none was set. */
  static final int DEFAULT_TCP_IDLE_TIMEOUT = 350;

  /**
   * Drops {@code key} where it holds the service's default: the service answers the default the
   * template left out, and a template that states it means the same.
   */
  private static void foldDefault(ObjectNode node, String key, JsonNode serviceDefault) {
    if (serviceDefault.equals(node.get(key))) {
      node.remove(key);
    }
  }

  /** A firewall: policy, VPC, subnets, protections (off unless set) and logging by log type. */
  public static ObjectNode firewall(JsonNode raw, JsonNode loggingConfiguration) {
    ObjectNode doc = Canonical.object();
    doc.put("FirewallName", raw.path("FirewallName").asText());
    doc.put("FirewallPolicyArn", raw.path("FirewallPolicyArn").asText());
    doc.put("VpcId", raw.path("VpcId").asText());
    List<JsonNode> subnets = new ArrayList<>();
    raw.path("SubnetMappings")
        .forEach(m -> subnets.add(TextNode.valueOf(m.path("SubnetId").asText())));
    doc.set("SubnetMappings", Canonical.set(subnets));
    for (String protection :
        List.of("DeleteProtection", "SubnetChangeProtection", "FirewallPolicyChangeProtection")) {
      doc.put(protection, raw.path(protection).asBoolean(false));
    }
    ObjectNode logging = Canonical.object();
    if (loggingConfiguration != null) {
      for (JsonNode destination : loggingConfiguration.path("LogDestinationConfigs")) {
        ObjectNode d = Canonical.objectOf(destination);
        logging.set(d.path("LogType").asText(), d.without("LogType"));
      }
    }
    doc.set("Logging", logging);
    // Approved means inspecting: every endpoint ready, the configuration applied in every zone.
    doc.put("Health", HEALTHY);
    return doc;
  }

  /** A firewall whose every endpoint inspects with the configuration it was given. */
  public static final String HEALTHY = "every endpoint ready, configuration applied";

  /**
   * What a firewall's status says of its inspection: {@link #HEALTHY}, or the zones whose endpoint
   * FAILED (or is in ERROR) and those where the configuration could not be applied ({@code
   * CAPACITY_CONSTRAINED}). A sync still {@code PENDING} after a change is not a fault: it settles
   * within minutes.
   */
  public static String health(JsonNode firewallStatus) {
    List<String> faults = new ArrayList<>();
    firewallStatus
        .path("SyncStates")
        .fields()
        .forEachRemaining(
            zone -> {
              String status = zone.getValue().path("Attachment").path("Status").asText("READY");
              if (status.equals("FAILED") || status.equals("ERROR")) {
                String message =
                    zone.getValue().path("Attachment").path("StatusMessage").asText("");
                faults.add(
                    zone.getKey()
                        + " endpoint "
                        + status
                        + (message.isEmpty() ? "" : ": " + message));
              }
              zone.getValue()
                  .path("Config")
                  .fields()
                  .forEachRemaining(
                      c -> {
                        if (c.getValue()
                            .path("SyncStatus")
                            .asText()
                            .equals("CAPACITY_CONSTRAINED")) {
                          faults.add(zone.getKey() + " configuration CAPACITY_CONSTRAINED");
                        }
                      });
            });
    return faults.isEmpty() ? HEALTHY : String.join("; ", new java.util.TreeSet<>(faults));
  }

  /**
   * A web ACL with its rules keyed by name, the resources it is associated with, and its logging.
   * Rule priority is kept: it decides which rule runs first. Lists whose order the service ignores
   * are sorted (overrides, excluded rules, labels, country codes); text transformations are sorted
   * by their own priority, the only order that counts for them.
   */
  public static ObjectNode webAcl(JsonNode raw, List<String> associations, JsonNode logging) {
    ObjectNode doc = Canonical.object();
    doc.put("Name", raw.path("Name").asText());
    description(raw, doc);
    for (String field :
        List.of("DefaultAction", "VisibilityConfig", "CustomResponseBodies", "CaptchaConfig")) {
      if (raw.hasNonNull(field)) {
        doc.set(field, orderInsensitive(Canonical.of(raw.get(field))));
      }
    }
    ObjectNode rules = Canonical.keyed(wafSpelling(raw.path("Rules")), "Name");
    rules.fields().forEachRemaining(e -> rules.set(e.getKey(), orderInsensitive(e.getValue())));
    List<String> firewallManager = new ArrayList<>();
    rules
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith("PREFMManaged-") || name.startsWith("POSTFMManaged-")) {
                firewallManager.add(name);
              }
            });
    if (!firewallManager.isEmpty()) {
      rules.remove(firewallManager);
      ArrayNode names = doc.putArray(FIREWALL_MANAGER_RULE_GROUPS);
      firewallManager.forEach(names::add);
    }
    doc.set("Rules", rules);
    ObjectNode associated = Canonical.object();
    associations.stream().sorted().forEach(a -> associated.putObject(a));
    doc.set("Associations", associated);
    if (logging != null) {
      ObjectNode log = Canonical.object();
      setOfInto(log, "LogDestinationConfigs", logging.path("LogDestinationConfigs"));
      setOfInto(log, "RedactedFields", wafSpelling(logging.path("RedactedFields")));
      if (logging.hasNonNull("LoggingFilter")) {
        log.set("LoggingFilter", Canonical.of(logging.get("LoggingFilter")));
      }
      doc.set("Logging", log);
    }
    return doc;
  }

  /** A WAF rule group: capacity, rules by name (priority kept), visibility, custom responses. */
  public static ObjectNode wafRuleGroup(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("Name", raw.path("Name").asText());
    doc.put("Capacity", raw.path("Capacity").asLong());
    description(raw, doc);
    for (String field : List.of("VisibilityConfig", "CustomResponseBodies")) {
      if (raw.hasNonNull(field)) {
        doc.set(field, orderInsensitive(Canonical.of(raw.get(field))));
      }
    }
    ObjectNode rules = Canonical.keyed(wafSpelling(raw.path("Rules")), "Name");
    rules.fields().forEachRemaining(e -> rules.set(e.getKey(), orderInsensitive(e.getValue())));
    doc.set("Rules", rules);
    return doc;
  }

  /**
   * WAF's own spelling of what a template may say otherwise (the AWS CLI's get-web-acl and
   * get-logging-configuration examples, the WAFv2 model): a rate-based statement without an
   * evaluation window runs over 300 seconds; a single header's name is case-insensitive and WAF
   * answers it lower-cased; a byte match's search string is one value whether a template gives it
   * as text ({@code SearchString}) or as base64 ({@code SearchStringBase64}).
   */
  static JsonNode wafSpelling(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return node;
    }
    JsonNode copy = node.deepCopy();
    respell(copy);
    return copy;
  }

  private static void respell(JsonNode node) {
    if (node instanceof ArrayNode list) {
      list.forEach(SecurityDocuments::respell);
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    if (object.get("RateBasedStatement") instanceof ObjectNode rate
        && !rate.has("EvaluationWindowSec")) {
      rate.put("EvaluationWindowSec", 300);
    }
    if (object.get("SingleHeader") instanceof ObjectNode header && header.has("Name")) {
      header.put("Name", header.get("Name").asText().toLowerCase(java.util.Locale.ROOT));
    }
    if (object.get("ByteMatchStatement") instanceof ObjectNode match
        && match.has("SearchStringBase64")) {
      try {
        byte[] bytes =
            java.util.Base64.getDecoder().decode(match.get("SearchStringBase64").asText());
        match.remove("SearchStringBase64");
        match.put("SearchString", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notBase64) {
        // Left as written: WAF would have refused it, so the difference is real.
      }
    }
    object.elements().forEachRemaining(SecurityDocuments::respell);
  }

  /** An IP set: its addresses as a set of canonical blocks. */
  public static ObjectNode ipSet(JsonNode raw) {
    ObjectNode doc = Canonical.object();
    doc.put("Name", raw.path("Name").asText());
    doc.put("IPAddressVersion", raw.path("IPAddressVersion").asText());
    description(raw, doc);
    List<JsonNode> addresses = new ArrayList<>();
    raw.path("Addresses")
        .forEach(a -> addresses.add(TextNode.valueOf(Cidr.parse(a.asText()).block())));
    doc.set("Addresses", Canonical.set(addresses));
    return doc;
  }

  /**
   * WAF answers {@code "Description": ""} for a web ACL, IP set or rule group created without one
   * (the AWS CLI's get-web-acl and get-ip-set examples): empty and absent are the same setting.
   */
  private static void description(JsonNode raw, ObjectNode doc) {
    String description = raw.path("Description").asText("");
    if (!description.isEmpty()) {
      doc.put("Description", description);
    }
  }

  private static JsonNode orderInsensitive(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isArray()) {
      ArrayNode out = Canonical.array();
      node.forEach(item -> out.add(orderInsensitive(item)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = Canonical.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = orderInsensitive(field.getValue());
      // Reference statements: CloudFormation spells the member Arn, the WAFv2 API ARN.
      String key = field.getKey().equals("ARN") ? "Arn" : field.getKey();
      switch (key) {
        case "RuleActionOverrides", "ExcludedRules", "RuleLabels" ->
            value = sortedBy(value, "Name");
        case "TextTransformations" -> value = sortedBy(value, "Priority");
        case "CountryCodes", "Statements" -> value = Canonical.set(iterable(value));
        default -> {}
      }
      out.set(key, value);
    }
    excludedAsCount(out);
    return out;
  }

  /**
   * {@code ExcludedRules} is the older spelling of overriding a managed rule to Count (the WAFv2
   * API says so of the member): each excluded rule becomes a {@code RuleActionOverrides} entry with
   * {@code Count}, unless the rule already has an override.
   */
  private static void excludedAsCount(ObjectNode statement) {
    JsonNode excluded = statement.remove("ExcludedRules");
    if (excluded == null || !excluded.isArray() || excluded.isEmpty()) {
      return;
    }
    ArrayNode overrides = Canonical.array();
    Set<String> named = new java.util.TreeSet<>();
    statement
        .path("RuleActionOverrides")
        .forEach(
            o -> {
              overrides.add(o);
              named.add(o.path("Name").asText());
            });
    for (JsonNode rule : excluded) {
      if (named.add(rule.path("Name").asText())) {
        ObjectNode o = Canonical.object();
        o.putObject("ActionToUse").putObject("Count");
        o.put("Name", rule.path("Name").asText());
        overrides.add(o);
      }
    }
    statement.set("RuleActionOverrides", sortedBy(overrides, "Name"));
  }

  private static JsonNode sortedBy(JsonNode array, String key) {
    List<JsonNode> items = new ArrayList<>(iterable(array));
    items.sort(
        Comparator.comparing(
            (JsonNode n) ->
                n.path(key).isNumber()
                    ? String.format("%020d", n.path(key).asLong())
                    : n.path(key).asText()));
    ArrayNode out = Canonical.array();
    items.forEach(out::add);
    return out;
  }

  private static List<JsonNode> iterable(JsonNode node) {
    List<JsonNode> items = new ArrayList<>();
    if (node != null) {
      node.forEach(items::add);
    }
    return items;
  }

  private static void setOf(ObjectNode node, String field) {
    if (node.has(field)) {
      node.set(field, Canonical.set(iterable(node.get(field))));
    }
  }

  private static void setOfInto(ObjectNode node, String field, JsonNode values) {
    ArrayNode set = Canonical.set(iterable(values));
    if (!set.isEmpty()) {
      node.set(field, set);
    }
  }
}
