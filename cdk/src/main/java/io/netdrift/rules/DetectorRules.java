package io.netdrift.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rules/detector.yaml}: where the drift detector's own stack runs and how it alerts.
 *
 * @param hostSegment the segment whose account and region host the detector
 * @param stacks the stacks the detector scans, as patterns; empty: every stack of its baseline
 * @param excludeStacks the stacks it leaves out, as patterns
 * @param pagerDutySecretName the Secrets Manager secret of the PagerDuty routing key that pages on
 *     critical drift, or empty: no pager
 */
public record DetectorRules(
    String hostSegment,
    int scheduleMinutes,
    boolean eventDriven,
    String failOn,
    String slackChannel,
    String tokenSecretName,
    String alarmEmail,
    List<String> stacks,
    List<String> excludeStacks,
    Optional<String> pagerDutySecretName) {
  static final String FILE = "detector.yaml";

  public DetectorRules {
    stacks = List.copyOf(stacks);
    excludeStacks = List.copyOf(excludeStacks);
  }

  /** The detector section of {@code rulesDir}, or empty where the file does not exist. */
  public static Optional<DetectorRules> load(Path rulesDir, NetworkRules network) {
    Path file = rulesDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    YamlNode root = YamlNode.load(file);
    Map<String, YamlNode> top =
        root.mapping(
            Set.of(
                "hostSegment",
                "scheduleMinutes",
                "eventDriven",
                "failOn",
                "slack",
                "pagerDuty",
                "alarms",
                "stacks"));
    YamlNode host = YamlNode.required(top, root, "hostSegment");
    if (network.segments().stream().noneMatch(s -> s.name().equals(host.text()))) {
      throw host.error("no segment named '" + host.text() + "' in network.yaml");
    }
    YamlNode schedule = YamlNode.required(top, root, "scheduleMinutes");
    int minutes = schedule.integer();
    if (minutes < 1 || minutes > 1440) {
      throw schedule.error("scheduleMinutes must be 1 to 1440");
    }
    YamlNode slackNode = YamlNode.required(top, root, "slack");
    Map<String, YamlNode> slack = slackNode.mapping(Set.of("channel", "tokenSecretName"));
    YamlNode channel = YamlNode.required(slack, slackNode, "channel");
    if (!channel.text().matches("[CG][A-Z0-9]{8,}")) {
      throw channel.error("a Slack channel id (C0123ABCD…), not a name: names change, ids do not");
    }
    String email =
        YamlNode.optional(top, "alarms")
            .map(a -> a.mapping(Set.of("email")))
            .flatMap(a -> YamlNode.optional(a, "email"))
            .map(YamlNode::text)
            .orElse("");
    String failOn = YamlNode.optional(top, "failOn").map(YamlNode::text).orElse("info");
    if (!Set.of("critical", "high", "medium", "low", "info").contains(failOn)) {
      throw top.get("failOn").error("failOn must be critical, high, medium, low or info");
    }
    Map<String, YamlNode> stacks =
        YamlNode.optional(top, "stacks")
            .map(n -> n.mapping(Set.of("include", "exclude")))
            .orElse(Map.of());
    List<String> include = patterns(stacks, "include");
    List<String> exclude = patterns(stacks, "exclude");
    return Optional.of(
        new DetectorRules(
            host.text(),
            minutes,
            YamlNode.optional(top, "eventDriven").map(n -> n.text().equals("true")).orElse(true),
            failOn,
            channel.text(),
            YamlNode.required(slack, slackNode, "tokenSecretName").text(),
            email,
            include,
            exclude,
            YamlNode.optional(top, "pagerDuty")
                .map(n -> n.mapping(Set.of("routingKeySecretName")))
                .map(
                    n ->
                        YamlNode.required(n, top.get("pagerDuty"), "routingKeySecretName")
                            .text())));
  }

  /** A list of stack patterns: names or display paths, {@code *} for any text, no commas. */
  private static List<String> patterns(Map<String, YamlNode> stacks, String key) {
    List<String> out = new ArrayList<>();
    YamlNode.optional(stacks, key)
        .ifPresent(
            list -> {
              for (YamlNode item : list.sequence()) {
                String pattern = item.text();
                if (pattern.isBlank() || pattern.contains(",")) {
                  throw item.error(
                      "a stack pattern is a name or path with * for any text, no comma");
                }
                out.add(pattern);
              }
            });
    return out;
  }
}
