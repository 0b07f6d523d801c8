package io.netdrift.detector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Exposure;

/**
 * What a change means for traffic for the few settings of generically compared types whose meaning
 * Netdrift knows: a Transit Gateway that joins segments, an endpoint policy, DNS Firewall rules, a
 * network interface's groups and source/destination check. Every other generic change is of unknown
 * exposure.
 */
final class GenericExposure {
  private GenericExposure() {}

  static Exposure of(
      String type, DocumentDiff.Change change, JsonNode approvedDoc, JsonNode liveDoc) {
    String path = change.path();
    return switch (type) {
      case "AWS::EC2::TransitGateway" -> transitGateway(change);
      case "AWS::EC2::VPCEndpoint" ->
          path.startsWith("PolicyDocument")
              ? allowStatements(approvedDoc, liveDoc)
              : Exposure.unknown("no access rule for a VPC endpoint's " + path);
      case "AWS::EC2::NetworkInterface" ->
          switch (path) {
            case "GroupSet" -> ExposureRules.attachedGroups(change);
            case "SourceDestCheck" ->
                change.live() != null && !change.live().asBoolean(true)
                    ? Exposure.widened(
                        false,
                        "the interface passes traffic for addresses not its own: routes can send"
                            + " a segment's traffic through it")
                    : Exposure.narrowed(false, "the interface passes its own traffic only");
            default -> Exposure.unknown("no access rule for a network interface's " + path);
          };
      case "AWS::Route53Resolver::FirewallRuleGroup" ->
          path.equals("FirewallRules")
              ? dnsRules(change)
              : Exposure.unknown("no access rule for a DNS Firewall rule group's " + path);
      default -> Exposure.unknown("no access rule for " + type + " " + path);
    };
  }

  /**
   * An endpoint policy, in IAM's reading (statements as a set): an Allow statement live has and the
   * approved policy does not lets more through the endpoint; one the approved policy has and live
   * does not, less. A Deny works the other way.
   */
  private static Exposure allowStatements(JsonNode approvedDoc, JsonNode liveDoc) {
    JsonNode approved = approvedDoc.path("PolicyDocument").path("Statement");
    JsonNode live = liveDoc.path("PolicyDocument").path("Statement");
    boolean opens = false;
    boolean closes = false;
    boolean everything = false;
    java.util.List<JsonNode> paired = new java.util.ArrayList<>();
    for (JsonNode s : live) {
      JsonNode was = contains(approved, s) ? null : editOf(approved, s);
      if (was != null) {
        // The same statement with fewer or more actions or resources: an edit, one way.
        paired.add(was);
        boolean allow = s.path("Effect").asText().equals("Allow");
        boolean wider = covers(s, was);
        opens |= allow == wider;
        closes |= allow != wider;
        everything |= allow && allowsEverything(s);
      } else if (!contains(approved, s)) {
        boolean allow = s.path("Effect").asText().equals("Allow");
        opens |= allow;
        closes |= !allow;
        everything |= allow && allowsEverything(s);
      }
    }
    boolean wasEverything = false;
    for (JsonNode s : approved) {
      if (!contains(live, s) && !paired.contains(s)) {
        boolean allow = s.path("Effect").asText().equals("Allow");
        closes |= allow;
        opens |= !allow;
        wasEverything |= allow && allowsEverything(s);
      }
    }
    if (everything) {
      return Exposure.widened(false, "the endpoint policy allows every action on every resource");
    }
    if (wasEverything) {
      return Exposure.narrowed(
          false, "the endpoint policy no longer allows every action on every resource");
    }
    if (opens == closes) {
      return Exposure.unknown("an endpoint policy changed both ways, or in a way that is neither");
    }
    return opens
        ? Exposure.widened(false, "the endpoint policy allows more through the endpoint")
        : Exposure.narrowed(false, "the endpoint policy allows less through the endpoint");
  }

  /**
   * The approved statement {@code live} is an edit of: the same Sid, effect, principal and
   * condition, one side's actions and resources all within the other's. Null where there is none.
   */
  private static JsonNode editOf(JsonNode approved, JsonNode live) {
    for (JsonNode a : approved) {
      boolean same =
          a.path("Sid").equals(live.path("Sid"))
              && a.path("Effect").equals(live.path("Effect"))
              && a.path("Principal").equals(live.path("Principal"))
              && a.path("Condition").equals(live.path("Condition"))
              && !a.has("NotAction")
              && !live.has("NotAction")
              && !a.has("NotResource")
              && !live.has("NotResource");
      if (same && (covers(a, live) || covers(live, a))) {
        return a;
      }
    }
    return null;
  }

  /** Whether statement {@code wide}'s actions and resources include all of {@code narrow}'s. */
  private static boolean covers(JsonNode wide, JsonNode narrow) {
    return includes(wide.path("Action"), narrow.path("Action"))
        && includes(wide.path("Resource"), narrow.path("Resource"));
  }

  private static boolean includes(JsonNode wide, JsonNode narrow) {
    java.util.Set<String> all = new java.util.HashSet<>();
    wide.forEach(v -> all.add(v.asText()));
    if (all.contains("*")) {
      return true;
    }
    for (JsonNode v : narrow) {
      if (!all.contains(v.asText())) {
        return false;
      }
    }
    return true;
  }

  /** An Allow of every action on every resource to everyone, with no condition. */
  private static boolean allowsEverything(JsonNode statement) {
    return statement.path("Action").toString().equals("[\"*\"]")
        && statement.path("Resource").toString().equals("[\"*\"]")
        && statement.path("Principal").asText().equals("*")
        && !statement.has("Condition");
  }

  private static boolean contains(JsonNode array, JsonNode item) {
    for (JsonNode a : array) {
      if (a.equals(item)) {
        return true;
      }
    }
    return false;
  }

  /**
   * DNS Firewall rules, by priority: a rule that no longer blocks (or a blocking rule gone) lets
   * names resolve that were blocked; a rule that blocks now, or a new one, blocks more.
   */
  private static Exposure dnsRules(DocumentDiff.Change change) {
    java.util.Map<Integer, String> approved = dnsActions(change.approved());
    java.util.Map<Integer, String> live = dnsActions(change.live());
    boolean opens = false;
    boolean closes = false;
    java.util.Set<Integer> priorities = new java.util.TreeSet<>(approved.keySet());
    priorities.addAll(live.keySet());
    for (int priority : priorities) {
      boolean wasBlock = "BLOCK".equals(approved.get(priority));
      boolean isBlock = "BLOCK".equals(live.get(priority));
      boolean wasAllow = "ALLOW".equals(approved.get(priority));
      boolean isAllow = "ALLOW".equals(live.get(priority));
      opens |= (wasBlock && !isBlock) || (!wasAllow && isAllow);
      closes |= (!wasBlock && isBlock) || (wasAllow && !isAllow);
    }
    if (opens == closes) {
      return Exposure.unknown("DNS Firewall rules changed both ways, or in a way that is neither");
    }
    return opens
        ? Exposure.widened(false, "DNS Firewall resolves names it blocked")
        : Exposure.narrowed(false, "DNS Firewall blocks names it resolved");
  }

  private static java.util.Map<Integer, String> dnsActions(JsonNode rules) {
    java.util.Map<Integer, String> actions = new java.util.TreeMap<>();
    if (rules != null) {
      rules.forEach(r -> actions.put(r.path("Priority").asInt(), r.path("Action").asText()));
    }
    return actions;
  }

  /**
   * A Transit Gateway joins segments through route tables kept apart on purpose: letting
   * attachments associate with or propagate into the default route table, or accepting shared
   * attachments on their own, joins what was apart. The gateway is compared generically; these
   * settings are the ones that say who reaches whom.
   */
  private static Exposure transitGateway(DocumentDiff.Change change) {
    String path = change.path();
    boolean joining =
        path.equals("DefaultRouteTablePropagation")
            || path.equals("DefaultRouteTableAssociation")
            || path.equals("AutoAcceptSharedAttachments");
    if (!joining || change.live() == null) {
      return Exposure.unknown("no access rule for a Transit Gateway's " + path);
    }
    boolean enabled = change.live().asText().equals("enable");
    String what =
        path.equals("AutoAcceptSharedAttachments")
            ? "attachments shared from other accounts are accepted without review"
            : "every attachment is "
                + (path.equals("DefaultRouteTablePropagation")
                    ? "propagated into"
                    : "associated with")
                + " the default route table, so segments kept apart can reach each other";
    return enabled ? Exposure.widened(false, what) : Exposure.narrowed(false, "no longer: " + what);
  }
}
