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
 * @param organisation the accounts of an AWS Organization every run also covers, or empty
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
    Optional<String> pagerDutySecretName,
    Optional<Organisation> organisation) {
  static final String FILE = "detector.yaml";

  /**
   * An organisation run: every active account under {@code units} (nested units too) and every
   * account listed, times {@code regions}, each read through its {@code readerRoleName} role, which
   * a service-managed StackSet puts in every account of the units.
   *
   * @param maxConcurrency items scanned at once (the Distributed Map's bound)
   * @param itemTimeoutMinutes how long one account and region may take before it is incomplete
   * @param itemsPerInvocation items one function invocation scans at once (the map's batches)
   */
  public record Organisation(
      List<String> units,
      List<String> accounts,
      List<String> regions,
      String readerRoleName,
      int maxConcurrency,
      int itemTimeoutMinutes,
      int itemsPerInvocation) {
    /** Items scanned at once unless said: a tenth of Lambda's default 1,000 per region. */
    public static final int DEFAULT_CONCURRENCY = 100;

    /** An express child workflow runs at most five minutes; the item gets four, retries after. */
    public static final int MAX_ITEM_MINUTES = 4;

    public Organisation {
      units = List.copyOf(units);
      accounts = List.copyOf(accounts);
      regions = List.copyOf(regions);
    }
  }

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
                "stacks",
                "organisation"));
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
                    n -> YamlNode.required(n, top.get("pagerDuty"), "routingKeySecretName").text()),
            YamlNode.optional(top, "organisation").map(DetectorRules::organisation)));
  }

  /** The {@code organisation} section: which accounts and regions, through which role, how fast. */
  private static Organisation organisation(YamlNode node) {
    Map<String, YamlNode> org =
        node.mapping(
            Set.of(
                "units",
                "accounts",
                "regions",
                "readerRoleName",
                "maxConcurrency",
                "itemTimeoutMinutes",
                "itemsPerInvocation"));
    List<String> units =
        list(
            org,
            "units",
            "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$",
            "a root (r-…) or an organisational unit id (ou-…-…)");
    List<String> accounts = list(org, "accounts", "^\\d{12}$", "an account id of 12 digits");
    if (units.isEmpty() && accounts.isEmpty()) {
      throw node.error("an organisation covers units, accounts or both: neither is listed");
    }
    List<String> regions =
        list(org, "regions", "^[a-z]{2}(-[a-z]+)+-\\d$", "a region name such as eu-west-1");
    if (regions.isEmpty()) {
      throw node.error("an organisation run needs the regions to scan (regions: [eu-west-1])");
    }
    YamlNode role = YamlNode.required(org, node, "readerRoleName");
    if (!role.text().matches("[\\w+=,.@-]{1,64}")) {
      throw role.error("an IAM role name: letters, digits and +=,.@_- , at most 64");
    }
    int concurrency =
        YamlNode.optional(org, "maxConcurrency")
            .map(YamlNode::integer)
            .orElse(Organisation.DEFAULT_CONCURRENCY);
    if (concurrency < 1 || concurrency > 10_000) {
      throw org.get("maxConcurrency")
          .error("maxConcurrency must be 1 to 10000 (a Distributed Map's bound)");
    }
    int minutes = YamlNode.optional(org, "itemTimeoutMinutes").map(YamlNode::integer).orElse(3);
    if (minutes < 1 || minutes > Organisation.MAX_ITEM_MINUTES) {
      throw org.get("itemTimeoutMinutes")
          .error(
              "itemTimeoutMinutes must be 1 to "
                  + Organisation.MAX_ITEM_MINUTES
                  + " (an express child workflow's five minutes, with room to retry)");
    }
    int batch = YamlNode.optional(org, "itemsPerInvocation").map(YamlNode::integer).orElse(10);
    if (batch < 1 || batch > 50) {
      throw org.get("itemsPerInvocation").error("itemsPerInvocation must be 1 to 50");
    }
    return new Organisation(units, accounts, regions, role.text(), concurrency, minutes, batch);
  }

  /** A list of strings, each matching {@code pattern}; empty where absent. */
  private static List<String> list(
      Map<String, YamlNode> entries, String key, String pattern, String what) {
    List<String> out = new ArrayList<>();
    YamlNode.optional(entries, key)
        .ifPresent(
            list -> {
              for (YamlNode item : list.sequence()) {
                if (!item.text().matches(pattern)) {
                  throw item.error("'" + item.text() + "' is not " + what);
                }
                out.add(item.text());
              }
            });
    return out;
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
