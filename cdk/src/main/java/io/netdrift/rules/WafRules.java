package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The web ACL in front of a segment's load balancer. {@code locations} says where each rule is
 * written, by the rule's name in the web ACL ({@code rate-limit}, a managed group's name), with
 * {@code ""} for the web ACL itself and {@code addresses} for the block-list file.
 */
public record WafRules(
    String name,
    boolean defaultAllow,
    BlockList blockList,
    RateLimit rateLimit,
    GeoBlock geoBlock,
    List<ManagedGroup> managedRuleGroups,
    Logging logging,
    Map<String, String> locations) {
  public WafRules {
    requireNonNull(name, "name");
    requireNonNull(blockList, "blockList");
    requireNonNull(rateLimit, "rateLimit");
    requireNonNull(geoBlock, "geoBlock");
    managedRuleGroups = List.copyOf(managedRuleGroups);
    requireNonNull(logging, "logging");
    locations = Map.copyOf(locations);
  }

  /** Addresses blocked outright, read from a plain file. */
  public record BlockList(int priority, List<String> addresses) {
    public BlockList {
      addresses = List.copyOf(addresses);
    }
  }

  /** Requests per source IP per window before blocking. */
  public record RateLimit(int priority, int limit, int windowSeconds) {}

  /** Countries blocked; empty means no geo rule. */
  public record GeoBlock(int priority, List<String> countries) {
    public GeoBlock {
      countries = List.copyOf(countries);
    }
  }

  /** An AWS managed rule group and the actions overridden in it (rule name → count/block/allow). */
  public record ManagedGroup(String name, int priority, Map<String, String> overrides) {
    public ManagedGroup {
      requireNonNull(name, "name");
      overrides = Map.copyOf(overrides);
    }
  }

  /** WAF logs to CloudWatch Logs. */
  public record Logging(int retentionDays, List<String> redactedHeaders) {
    public Logging {
      redactedHeaders = List.copyOf(redactedHeaders);
    }
  }
}
