package io.netdrift.detector.policy;

import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Glob;
import io.netdrift.detector.remediation.Remediations;
import io.netdrift.rules.RulesException;
import io.netdrift.rules.YamlNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code rules/drift-policy.yaml}: severity rules (first match wins), the default severity,
 * suppressions with owner, reason, ticket and expiry, and alerting settings. Reviewed like the rest
 * of {@code rules/}; every error names the file, line and key.
 */
public record DriftPolicy(
    String file,
    List<SeverityRule> rules,
    Severity defaultSeverity,
    List<Suppression> suppressions,
    Alerting alerting) {
  /** How alerts reach people. */
  public record Alerting(int remindAfterHours, String mention, Severity mentionAt) {}

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

  public DriftPolicy {
    rules = List.copyOf(rules);
    suppressions = List.copyOf(suppressions);
  }

  /** No file: every finding is {@code high}, nothing is suppressed. */
  public static DriftPolicy none() {
    return new DriftPolicy(
        "(no policy file)",
        List.of(),
        Severity.HIGH,
        List.of(),
        new Alerting(24, "", Severity.CRITICAL));
  }

  /** Judges {@code finding} as of {@code today} (UTC). */
  public Assessment assess(Finding finding, LocalDate today, String region) {
    SeverityRule rule = rules.stream().filter(r -> r.matches(finding)).findFirst().orElse(null);
    Severity severity = rule == null ? defaultSeverity : rule.severity();
    Optional<Suppression> suppression =
        suppressions.stream()
            .filter(s -> s.matches(finding))
            .sorted((a, b) -> b.expires().compareTo(a.expires()))
            .findFirst();
    return new Assessment(
        severity,
        rule == null ? "default" : rule.name(),
        suppression,
        suppression.map(s -> s.activeOn(today)).orElse(false),
        Remediations.of(finding, region));
  }

  /** Reads and checks a policy file. */
  public static DriftPolicy load(Path file) {
    YamlNode root = YamlNode.load(file);
    Map<String, YamlNode> top =
        root.mapping(Set.of("defaultSeverity", "severities", "suppressions", "alerting"));
    Severity fallback =
        YamlNode.optional(top, "defaultSeverity").map(DriftPolicy::severity).orElse(Severity.HIGH);
    List<SeverityRule> rules = new ArrayList<>();
    Map<String, YamlNode> names = new HashMap<>();
    for (YamlNode item :
        YamlNode.optional(top, "severities").map(YamlNode::sequence).orElse(List.of())) {
      SeverityRule rule = rule(item);
      YamlNode earlier = names.putIfAbsent(rule.name(), item);
      if (earlier != null) {
        throw item.error(
            "severity rule '" + rule.name() + "' is already defined at " + earlier.location());
      }
      rules.add(rule);
    }
    List<Suppression> suppressions = new ArrayList<>();
    for (YamlNode item :
        YamlNode.optional(top, "suppressions").map(YamlNode::sequence).orElse(List.of())) {
      suppressions.add(suppression(item));
    }
    Alerting alerting = new Alerting(24, "", Severity.CRITICAL);
    Optional<YamlNode> alertingNode = YamlNode.optional(top, "alerting");
    if (alertingNode.isPresent()) {
      Map<String, YamlNode> a =
          alertingNode.get().mapping(Set.of("remindAfterHours", "mention", "mentionAt"));
      int hours = YamlNode.optional(a, "remindAfterHours").map(YamlNode::integer).orElse(24);
      if (hours < 1) {
        throw a.get("remindAfterHours").error("remindAfterHours must be 1 or more");
      }
      alerting =
          new Alerting(
              hours,
              YamlNode.optional(a, "mention").map(YamlNode::text).orElse(""),
              YamlNode.optional(a, "mentionAt")
                  .map(DriftPolicy::severity)
                  .orElse(Severity.CRITICAL));
    }
    return new DriftPolicy(file.toString(), rules, fallback, suppressions, alerting);
  }

  private static SeverityRule rule(YamlNode item) {
    Map<String, YamlNode> entries = item.mapping(Set.of("name", "severity", "description", "when"));
    String name = YamlNode.required(entries, item, "name").text();
    Severity severity = severity(YamlNode.required(entries, item, "severity"));
    YamlNode when = YamlNode.required(entries, item, "when");
    Map<String, YamlNode> w =
        when.mapping(
            Set.of("kinds", "resourceTypes", "properties", "exposure", "internet", "stacks"));
    if (w.isEmpty()) {
      throw when.error("a rule needs at least one condition; use defaultSeverity for the rest");
    }
    Set<FindingKind> kinds = EnumSet.noneOf(FindingKind.class);
    for (YamlNode k : list(w, "kinds")) {
      kinds.add(enumValue(FindingKind.class, k));
    }
    Set<Exposure.Access> exposure = EnumSet.noneOf(Exposure.Access.class);
    for (YamlNode e : list(w, "exposure")) {
      exposure.add(enumValue(Exposure.Access.class, e));
    }
    Optional<Boolean> internet = YamlNode.optional(w, "internet").map(DriftPolicy::bool);
    return new SeverityRule(
        name,
        severity,
        YamlNode.optional(entries, "description").map(YamlNode::text).orElse(""),
        kinds,
        globs(w, "resourceTypes"),
        globs(w, "properties"),
        exposure,
        internet,
        globs(w, "stacks"),
        item.location());
  }

  private static Suppression suppression(YamlNode item) {
    Map<String, YamlNode> entries =
        item.mapping(
            Set.of(
                "fingerprint",
                "stacks",
                "resourceTypes",
                "resources",
                "properties",
                "owner",
                "reason",
                "ticket",
                "expires"));
    Optional<String> fingerprint = YamlNode.optional(entries, "fingerprint").map(YamlNode::text);
    if (fingerprint.isPresent() && !FINGERPRINT.matcher(fingerprint.get()).matches()) {
      throw entries
          .get("fingerprint")
          .error("a fingerprint is 16 lower-case hex digits, as reports print it");
    }
    List<Glob> resources = globs(entries, "resources");
    if (fingerprint.isEmpty() && resources.isEmpty()) {
      throw item.error(
          "a suppression must name a 'fingerprint' or the 'resources' it accepts drift on;"
              + " one that matches everything would silence the detector");
    }
    YamlNode expiresNode = YamlNode.required(entries, item, "expires");
    LocalDate expires;
    try {
      expires = LocalDate.parse(expiresNode.text().trim());
    } catch (DateTimeParseException e) {
      throw expiresNode.error("expires must be a date, YYYY-MM-DD");
    }
    return new Suppression(
        fingerprint,
        globs(entries, "stacks"),
        globs(entries, "resourceTypes"),
        resources,
        globs(entries, "properties"),
        nonBlank(entries, item, "owner"),
        nonBlank(entries, item, "reason"),
        nonBlank(entries, item, "ticket"),
        expires,
        item.location());
  }

  private static String nonBlank(Map<String, YamlNode> entries, YamlNode item, String key) {
    YamlNode node = YamlNode.required(entries, item, key);
    String text = node.text().trim();
    if (text.isEmpty()) {
      throw node.error(key + " must not be empty");
    }
    return text;
  }

  private static List<YamlNode> list(Map<String, YamlNode> entries, String key) {
    Optional<YamlNode> node = YamlNode.optional(entries, key);
    if (node.isEmpty()) {
      return List.of();
    }
    try {
      return node.get().sequence();
    } catch (RulesException notAList) {
      return List.of(node.get());
    }
  }

  private static List<Glob> globs(Map<String, YamlNode> entries, String key) {
    return list(entries, key).stream().map(n -> Glob.of(n.text())).toList();
  }

  private static Severity severity(YamlNode node) {
    try {
      return Severity.parse(node.text());
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static boolean bool(YamlNode node) {
    return switch (node.text().trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw node.error("expected true or false, found '" + node.text() + "'");
    };
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, YamlNode node) {
    String text = node.text().trim().toUpperCase(java.util.Locale.ROOT);
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E value : type.getEnumConstants()) {
        allowed.add(value.name().toLowerCase(java.util.Locale.ROOT));
      }
      throw node.error("unknown value '" + node.text() + "'; one of " + String.join(", ", allowed));
    }
  }
}
