package io.netdrift.detector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.PortRange;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classes each change as widening or narrowing access, from the structured values on both sides:
 * CIDR and port-range supersets, allow against deny, rule actions ordered by strength, and whether
 * the addresses involved are internet-routable.
 */
public final class ExposureRules {
  private ExposureRules() {}

  /** A rule that is live but not approved. */
  public static Exposure ruleAdded(SecurityGroupRule rule) {
    return Exposure.widened(rule.reachesInternet(), rule.describe() + " lets more through");
  }

  /** An approved rule that is gone. */
  public static Exposure ruleRemoved(SecurityGroupRule rule) {
    return Exposure.narrowed(rule.reachesInternet(), rule.describe() + " no longer lets through");
  }

  /** An approved rule edited in place into {@code live}. */
  public static Exposure ruleEdited(SecurityGroupRule approved, SecurityGroupRule live) {
    if (live.peer() instanceof Peer.GroupPeer group && !group.peeringLost().isEmpty()) {
      return Exposure.narrowed(
          false,
          "the VPC peering to "
              + group.groupId()
              + " is "
              + group.peeringLost()
              + ": the stale rule lets nothing through");
    }
    if (approved.covers(live)) {
      return Exposure.narrowed(
          approved.reachesInternet(), "the live rule is a subset of the approved one");
    }
    return Exposure.widened(
        live.reachesInternet(),
        live.covers(approved)
            ? "the live rule is a superset of the approved one"
            : "the live rule lets through traffic the approved one does not");
  }

  /**
   * A change inside a canonical document of {@code type}; {@code approvedDoc} and {@code liveDoc}
   * are the whole documents, for context (the action of a NACL entry whose CIDR changed).
   */
  public static Exposure document(
      String type, DocumentDiff.Change change, JsonNode approvedDoc, JsonNode liveDoc) {
    String path = change.path();
    return switch (type) {
      case "AWS::EC2::NetworkAcl" -> networkAcl(change, approvedDoc, liveDoc);
      case "AWS::EC2::RouteTable" -> route(change, liveDoc);
      case "AWS::EC2::TransitGatewayRouteTable" -> transitGatewayRouteTable(change);
      case "AWS::EC2::InternetGateway" ->
          path.equals("Attachments")
              ? internetGatewayAttachments(change)
              : Exposure.unknown("no access rule for " + type + " " + path);
      case "AWS::EC2::Subnet" ->
          path.equals("MapPublicIpOnLaunch")
              ? flag(change, true, "instances get public addresses")
              : Exposure.unknown("a subnet setting changed");
      case "AWS::EC2::PrefixList" -> prefixList(change);
      case "AWS::EC2::VPC" -> vpc(change);
      case "AWS::WAFv2::WebACL", "AWS::WAFv2::RuleGroup" -> waf(change);
      case "AWS::NetworkFirewall::RuleGroup" -> firewallRuleGroup(change, approvedDoc);
      case "AWS::NetworkFirewall::FirewallPolicy" -> firewallPolicy(change);
      case "AWS::NetworkFirewall::Firewall" ->
          path.equals("Health")
              ? Exposure.widened(true, "inspection is not working as approved in a zone")
              : path.startsWith("Logging")
                  ? Exposure.unchanged(
                      "logging: who can reach what is the same, what is recorded is not")
                  : Exposure.unknown("no access rule for " + type + " " + path);
      case EmbeddedDocuments.RDS_INSTANCE,
          EmbeddedDocuments.RDS_CLUSTER,
          EmbeddedDocuments.LAMBDA_FUNCTION,
          EmbeddedDocuments.ECS_SERVICE,
          EmbeddedDocuments.LOAD_BALANCER,
          EmbeddedDocuments.LISTENER,
          EmbeddedDocuments.CACHE_CLUSTER,
          EmbeddedDocuments.CACHE_REPLICATION_GROUP ->
          embedded(change);
      case "AWS::EC2::TransitGateway",
          "AWS::EC2::VPCEndpoint",
          "AWS::EC2::NetworkInterface",
          "AWS::Route53Resolver::FirewallRuleGroup" ->
          GenericExposure.of(type, change, approvedDoc, liveDoc);
      default ->
          path.startsWith("Logging")
              ? Exposure.unchanged(
                  "logging: who can reach what is the same, what is recorded is not")
              : Exposure.unknown("no access rule for " + type + " " + path);
    };
  }

  /**
   * A path no template approves on a managed VPC or gateway: an endpoint (a private way to a
   * service, or to another account's endpoint service), a peering, an attachment to the segments'
   * gateway. Active, it widens; waiting (a peering request not accepted), Netdrift cannot tell.
   */
  public static Exposure path(String type, boolean active, String what) {
    if (!active) {
      return Exposure.unknown("not carrying traffic yet: " + what);
    }
    if (type.equals("AWS::Route53Resolver::FirewallRuleGroupAssociation")) {
      return Exposure.unknown(
          "another DNS Firewall rule group judges the VPC's queries ("
              + what
              + "): an ALLOW in it at a lower priority lets names through, a BLOCK blocks more");
    }
    return Exposure.widened(
        false,
        switch (type) {
          case "AWS::EC2::VPCEndpoint" ->
              "a private path from the VPC to a service no template approves: " + what;
          case "AWS::EC2::VPCPeeringConnection" ->
              "another network joined to the VPC: routes and group rules can reach it: " + what;
          default ->
              "a network attached to the segments' gateway: an association or propagation away"
                  + " from reaching them: "
                  + what;
        });
  }

  /** A whole resource approved and gone, or live and in no template. */
  public static Exposure resource(String type, FindingKind kind) {
    if (type.equals("AWS::EC2::FlowLog")) {
      return Exposure.unchanged("flow logs: visibility, not access");
    }
    if (type.equals("AWS::WAFv2::WebACL") || type.equals("AWS::NetworkFirewall::Firewall")) {
      return kind == FindingKind.MISSING
          ? Exposure.widened(true, "the inspection it did no longer happens")
          : Exposure.unknown("an extra inspection resource");
    }
    if (kind == FindingKind.MISSING
        && (type.equals("AWS::Route53Resolver::FirewallRuleGroupAssociation")
            || type.equals("AWS::Route53Resolver::FirewallRuleGroup"))) {
      return Exposure.widened(
          true, "the DNS Firewall rules no longer filter the VPC's queries: any name resolves");
    }
    return Exposure.unknown(
        kind == FindingKind.MISSING ? "a resource is gone" : "a resource in no template");
  }

  /**
   * A prefix list is a set of blocks that group rules and routes name: a block added opens every
   * such rule and route to it, one removed closes them. A description or a name opens nothing.
   */
  private static Exposure prefixList(DocumentDiff.Change change) {
    String path = change.path();
    if (!path.startsWith("Entries[")) {
      return path.equals("PrefixListName")
          ? Exposure.unchanged("a name: the blocks are the same")
          : Exposure.unknown("no access rule for a prefix list's " + path);
    }
    String block = path.substring("Entries[".length(), path.indexOf(']'));
    boolean internet = Cidr.parse(block).reachesInternet();
    if (change.kind() == FindingKind.UNMANAGED) {
      return Exposure.widened(
          internet, "every group rule and route that names the list now also covers " + block);
    }
    if (change.kind() == FindingKind.MISSING) {
      return Exposure.narrowed(
          internet, "the group rules and routes that name the list no longer cover " + block);
    }
    return Exposure.unchanged("an entry's description: the blocks are the same");
  }

  // --- network settings of application resources ---

  private static Exposure embedded(DocumentDiff.Change change) {
    String live = change.live() == null ? "" : change.live().asText();
    return switch (change.path()) {
      case "PubliclyAccessible" -> flag(change, true, "the database has a public endpoint");
      case "AssignPublicIp" ->
          live.equals("ENABLED")
              ? Exposure.widened(true, "tasks get public addresses")
              : Exposure.narrowed(true, "tasks no longer get public addresses");
      case "Scheme" ->
          live.equals("internet-facing")
              ? Exposure.widened(true, "the load balancer faces the internet")
              : Exposure.narrowed(true, "the load balancer no longer faces the internet");
      case "SecurityGroups" -> attachedGroups(change);
      default -> Exposure.unknown("where the resource is reached changed: " + change.path());
    };
  }

  /**
   * Groups only allow: one attached allows more, one detached allows less (and can cut off what
   * needed it). Both at once cannot be told without the groups' rules.
   */
  static Exposure attachedGroups(DocumentDiff.Change change) {
    Set<String> approved = texts(change.approved());
    Set<String> live = texts(change.live());
    boolean added = !approved.containsAll(live);
    boolean removed = !live.containsAll(approved);
    if (added && !removed) {
      return Exposure.widened(false, "a group attached by hand allows what its rules allow");
    }
    if (removed && !added) {
      return Exposure.narrowed(false, "a group detached: what it allowed is no longer allowed");
    }
    return Exposure.unknown("groups swapped: compare their rules");
  }

  // --- network ACLs ---

  private static Exposure networkAcl(
      DocumentDiff.Change change, JsonNode approvedDoc, JsonNode liveDoc) {
    String pointer = change.pointer();
    if (pointer.startsWith("/Subnets")) {
      return !texts(change.live()).containsAll(texts(change.approved()))
          ? Exposure.widened(
              false,
              "a subnet left this ACL: the approved entries no longer filter it, and the ACL it is"
                  + " under now may allow more")
          : Exposure.unknown("a subnet moved under this ACL");
    }
    if (!pointer.startsWith("/Entries/")) {
      return Exposure.unknown("an ACL setting changed");
    }
    String entryPointer = "/Entries/" + pointer.split("/", 4)[2];
    JsonNode approved = approvedDoc.at(entryPointer);
    JsonNode live = liveDoc.at(entryPointer);
    if (approved.isMissingNode()) {
      return allows(live)
          ? Exposure.widened(reachesInternet(live), "an allow entry was added")
          : Exposure.narrowed(reachesInternet(live), "a deny entry was added");
    }
    if (live.isMissingNode()) {
      return allows(approved)
          ? Exposure.narrowed(reachesInternet(approved), "an allow entry was removed")
          : Exposure.widened(reachesInternet(approved), "a deny entry was removed");
    }
    if (allows(approved) != allows(live)) {
      return allows(live)
          ? Exposure.widened(reachesInternet(live), "the entry now allows what it denied")
          : Exposure.narrowed(reachesInternet(live), "the entry now denies what it allowed");
    }
    boolean wider = entryCovers(live, approved) && !entryCovers(approved, live);
    boolean narrower = entryCovers(approved, live) && !entryCovers(live, approved);
    if (!wider && !narrower && entryCovers(approved, live)) {
      return Exposure.unchanged("the entry matches the same traffic");
    }
    boolean allow = allows(live);
    if (narrower) {
      return allow
          ? Exposure.narrowed(reachesInternet(approved), "the allow entry matches less")
          : Exposure.widened(reachesInternet(approved), "the deny entry matches less");
    }
    return allow
        ? Exposure.widened(reachesInternet(live), "the allow entry matches more")
        : Exposure.narrowed(reachesInternet(live), "the deny entry matches more");
  }

  private static boolean allows(JsonNode entry) {
    return entry.path("RuleAction").asText().equals("allow");
  }

  private static boolean reachesInternet(JsonNode entry) {
    Cidr cidr = entryCidr(entry);
    return cidr != null && cidr.reachesInternet();
  }

  private static Cidr entryCidr(JsonNode entry) {
    String text =
        entry.hasNonNull("CidrBlock")
            ? entry.get("CidrBlock").asText()
            : entry.path("Ipv6CidrBlock").asText(null);
    return text == null ? null : Cidr.parse(text);
  }

  /** A NACL entry as the rule it matches, so the security group superset test serves both. */
  private static SecurityGroupRule asRule(JsonNode entry) {
    IpProtocol protocol = IpProtocol.parse(entry.path("Protocol").asText("all"));
    PortRange ports =
        protocol.hasPorts()
            ? new PortRange(
                entry.path("PortRange").path("From").asInt(0),
                entry.path("PortRange").path("To").asInt(65535))
            : protocol.isIcmp()
                ? new PortRange(
                    entry.path("IcmpTypeCode").path("Type").asInt(-1),
                    entry.path("IcmpTypeCode").path("Code").asInt(-1))
                : PortRange.ANY;
    Cidr cidr = entryCidr(entry);
    return new SecurityGroupRule(
        Direction.INGRESS,
        protocol,
        ports,
        new Peer.CidrPeer(cidr == null ? Cidr.parse("0.0.0.0/32") : cidr),
        "");
  }

  private static boolean entryCovers(JsonNode outer, JsonNode inner) {
    return asRule(outer).covers(asRule(inner));
  }

  // --- routes ---

  private static Exposure route(DocumentDiff.Change change, JsonNode liveDoc) {
    if (!change.pointer().startsWith("/Routes/")) {
      if (!change.pointer().startsWith("/Subnets")) {
        return Exposure.unknown("a route table setting changed");
      }
      boolean joined = !texts(change.approved()).containsAll(texts(change.live()));
      return joined && routesToTheInternet(liveDoc)
          ? Exposure.widened(
              true, "a subnet joined a route table that sends internet traffic to a gateway")
          : Exposure.unknown("a subnet's route table changed");
    }
    String destination = change.pointer().split("/", 4)[2].replace("~1", "/");
    boolean internetDestination = reachesInternetText(destination);
    boolean wasInspected =
        change.approved() != null && change.approved().toString().contains("vpce-");
    if (change.live() == null) {
      return wasInspected && fallsBack(destination, liveDoc)
          ? Exposure.widened(
              internetDestination,
              "the route through an endpoint is gone: the traffic follows a wider route, past"
                  + " the inspection or the private path it had")
          : Exposure.narrowed(internetDestination, "a route is gone");
    }
    String target = change.live().toString();
    if (wasInspected && !target.contains("vpce-")) {
      return Exposure.widened(
          internetDestination,
          "traffic that went through an endpoint (inspection or a private path) now goes to "
              + target.replaceAll("[{}\"]", "")
              + " without it");
    }
    if (change.approved() == null && target.matches(".*\\b(pcx|tgw)-.*")) {
      return Exposure.widened(
          internetDestination,
          "a new path to another network (a peering connection or a transit gateway): what is"
              + " there can be reached, and can reach back where groups and ACLs allow");
    }
    if (target.contains("igw-")) {
      return Exposure.widened(
          internetDestination,
          change.approved() == null
              ? "a new route straight to an internet gateway"
              : "traffic now goes straight to an internet gateway, past what the approved route"
                  + " sent it through");
    }
    return Exposure.unknown("a route points at another target");
  }

  /**
   * A Transit Gateway route table keeps segments apart: what is associated with it reaches only
   * what propagates into it and what its static routes name. A propagation or an association added
   * joins a network to the segment; a static route to an attachment sends the segment's traffic
   * there; a blackhole route removed lets through what it dropped.
   */
  static Exposure transitGatewayRouteTable(DocumentDiff.Change change) {
    String[] at = change.pointer().split("/", 3);
    if (at.length < 3) {
      return Exposure.unknown("the route table moved to another Transit Gateway");
    }
    String key = at[2].replace("~1", "/");
    boolean added = change.approved() == null;
    boolean removed = change.live() == null;
    switch (at[1]) {
      case "Propagations" -> {
        return membership(
            added,
            removed,
            key
                + " now propagates its routes into this table: the attachments associated with it"
                + " reach that network, a path between segments no template approves",
            key + " no longer propagates its routes into this table");
      }
      case "Associations" -> {
        return membership(
            added,
            removed,
            key
                + " now routes by this table: it reaches every network this table propagates or"
                + " routes to",
            key + " no longer routes by this table");
      }
      case "Routes" -> {
        boolean internet = reachesInternetText(key);
        boolean wasBlackhole = !added && change.approved().path("Blackhole").asBoolean();
        boolean isBlackhole = !removed && change.live().path("Blackhole").asBoolean();
        if (removed) {
          return wasBlackhole
              ? Exposure.widened(
                  internet, "the blackhole route is gone: what it dropped now follows other routes")
              : Exposure.narrowed(internet, "a static route is gone");
        }
        if (isBlackhole) {
          return Exposure.narrowed(internet, "traffic to " + key + " is now dropped");
        }
        String target = change.live().path("TransitGatewayAttachmentId").asText();
        return Exposure.widened(
            internet,
            added || wasBlackhole
                ? "a static route sends traffic to " + key + " through " + target
                : "traffic to " + key + " now goes through " + target + ", another network");
      }
      default -> {
        return Exposure.unknown("a Transit Gateway route table setting changed");
      }
    }
  }

  /**
   * A block associated with a VPC is address space its local route reaches: subnets made in it join
   * the VPC and every path the VPC has. One taken away narrows (and breaks what used it).
   */
  private static Exposure vpc(DocumentDiff.Change change) {
    String[] at = change.pointer().split("/", 3);
    if (at.length < 3 || !at[1].endsWith("CidrBlocks")) {
      return Exposure.unknown("a VPC setting changed: " + change.path());
    }
    if (change.approved() == null) {
      return Exposure.widened(
          false,
          "address space no template approves joined the VPC: subnets in it reach, and are"
              + " reached by, everything the VPC's routes and groups allow");
    }
    return change.live() == null
        ? Exposure.narrowed(false, "an approved block left the VPC")
        : Exposure.unknown("a block of the VPC changed");
  }

  /** An attachment that joined a route table widens; one that left narrows. */
  private static Exposure membership(boolean added, boolean removed, String joined, String left) {
    if (added) {
      return Exposure.widened(false, joined);
    }
    return removed
        ? Exposure.narrowed(false, left)
        : Exposure.unknown("an attachment's state in the table changed");
  }

  /**
   * Whether traffic to {@code destination} still has a route in {@code routeTable} once its own
   * route is gone: a wider route that is not through an endpoint, or, for a private destination,
   * the VPC's {@code local} route (which no template writes, so it is not in the document).
   */
  private static boolean fallsBack(String destination, JsonNode routeTable) {
    Cidr cidr;
    try {
      cidr = Cidr.parse(destination);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!cidr.reachesInternet()) {
      return true;
    }
    var it = routeTable.path("Routes").fields();
    while (it.hasNext()) {
      var route = it.next();
      try {
        if (Cidr.parse(route.getKey()).contains(cidr)
            && !route.getValue().toString().contains("vpce-")) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // a prefix-list destination: it names no block to compare
      }
    }
    return false;
  }

  /** Whether {@code routeTable} sends an internet-routable destination to an internet gateway. */
  private static boolean routesToTheInternet(JsonNode routeTable) {
    JsonNode routes = routeTable == null ? null : routeTable.path("Routes");
    if (routes == null || !routes.isObject()) {
      return false;
    }
    var it = routes.fields();
    while (it.hasNext()) {
      var route = it.next();
      if (reachesInternetText(route.getKey())
          && route.getValue().toString().matches(".*\\b(igw|eigw)-.*")) {
        return true;
      }
    }
    return false;
  }

  private static Exposure internetGatewayAttachments(DocumentDiff.Change change) {
    Set<String> approved = texts(change.approved());
    Set<String> live = texts(change.live());
    if (!approved.containsAll(live)) {
      return Exposure.widened(true, "the internet gateway is attached to a VPC it was not");
    }
    return Exposure.narrowed(true, "the VPC no longer reaches the internet through this gateway");
  }

  private static boolean reachesInternetText(String destination) {
    try {
      return Cidr.parse(destination).reachesInternet();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  // --- WAF ---

  /** Rule actions from the strongest to the weakest. */
  private static final List<String> WAF_ACTIONS =
      List.of("Block", "Captcha", "Challenge", "Count", "Allow");

  private static Exposure waf(DocumentDiff.Change change) {
    String path = change.path();
    if (path.startsWith("Associations[")) {
      return change.live() == null
          ? Exposure.widened(
              true, "the resource is no longer behind this web ACL: nothing filters it")
          : Exposure.narrowed(true, "one more resource is filtered by this web ACL");
    }
    boolean rule = path.matches("Rules\\[[^]]*]");
    if (rule && change.live() == null) {
      return Exposure.widened(true, "a protection rule was removed");
    }
    if (rule && change.approved() == null) {
      int live =
          change.live().has("Action")
              ? strength(firstKey(change.live().path("Action")), false)
              : strength(firstKey(change.live().path("OverrideAction")), true);
      return live <= WAF_ACTIONS.indexOf("Challenge")
          ? Exposure.narrowed(true, "a rule that blocks or challenges was added")
          : live == WAF_ACTIONS.indexOf("Allow")
              ? Exposure.widened(true, "a rule that allows was added")
              : Exposure.unchanged("a rule that only counts was added");
    }
    if (path.endsWith(".Action")
        || path.endsWith(".OverrideAction")
        || path.equals("DefaultAction")) {
      boolean override = path.endsWith(".OverrideAction");
      int before = strength(firstKey(change.approved()), override);
      int after = strength(firstKey(change.live()), override);
      if (before == after) {
        return Exposure.unknown("the action's settings changed");
      }
      return after > before
          ? Exposure.widened(
              true,
              "the action is weaker: "
                  + firstKey(change.approved())
                  + " -> "
                  + firstKey(change.live()))
          : Exposure.narrowed(
              true,
              "the action is stronger: "
                  + firstKey(change.approved())
                  + " -> "
                  + firstKey(change.live()));
    }
    if (path.endsWith(".Limit")) {
      long before = change.approved() == null ? 0 : change.approved().asLong();
      long after = change.live() == null ? Long.MAX_VALUE : change.live().asLong();
      return after > before
          ? Exposure.widened(true, "the rate limit is higher")
          : Exposure.narrowed(true, "the rate limit is lower");
    }
    if (path.endsWith(".RuleActionOverrides") || path.endsWith(".ExcludedRules")) {
      java.util.Map<String, Integer> before = overrides(change.approved());
      java.util.Map<String, Integer> after = overrides(change.live());
      boolean weaker = false;
      boolean stronger = false;
      Set<String> names = new TreeSet<>(before.keySet());
      names.addAll(after.keySet());
      for (String name : names) {
        int b = before.getOrDefault(name, NOT_OVERRIDDEN);
        int a = after.getOrDefault(name, NOT_OVERRIDDEN);
        weaker |= a > b;
        stronger |= a < b;
      }
      if (weaker != stronger) {
        return weaker
            ? Exposure.widened(
                true, "managed rules are overridden to a weaker action (count or allow)")
            : Exposure.narrowed(true, "managed rules are overridden to a stronger action");
      }
      return Exposure.unknown("managed rule overrides changed both ways");
    }
    if (path.startsWith("Logging") || path.contains("VisibilityConfig")) {
      return Exposure.unchanged(
          "logging, metrics or samples: who can reach what is the same, what is recorded is not");
    }
    return Exposure.unknown("a WAF setting changed");
  }

  /**
   * The strength of an action; an override action of None (or none at all) lets the rule group's
   * own actions apply, which block.
   */
  private static int strength(String action, boolean override) {
    if (override && !action.equals("Count")) {
      return WAF_ACTIONS.indexOf("Block");
    }
    int index = WAF_ACTIONS.indexOf(action);
    return index < 0 ? WAF_ACTIONS.size() : index;
  }

  /** A managed rule with no override keeps its own action, which is as strong as a block. */
  private static final int NOT_OVERRIDDEN = WAF_ACTIONS.indexOf("Block");

  /**
   * The strength of each overridden managed rule, by name; an excluded rule (a name with no action,
   * the older spelling) counts.
   */
  private static java.util.Map<String, Integer> overrides(JsonNode overrides) {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    if (overrides != null && overrides.isArray()) {
      for (JsonNode o : overrides) {
        out.put(
            o.path("Name").asText(),
            o.has("ActionToUse")
                ? strength(firstKey(o.path("ActionToUse")), false)
                : WAF_ACTIONS.indexOf("Count"));
      }
    }
    return out;
  }

  private static String firstKey(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      return node != null && node.isTextual() ? node.asText() : "";
    }
    return node.fieldNames().next();
  }

  // --- Network Firewall ---

  /** Suricata actions from the strongest to the weakest. */
  private static final List<String> SURICATA_ACTIONS =
      List.of("reject", "rejectboth", "rejectsrc", "rejectdst", "drop", "alert", "pass");

  private static Exposure firewallRuleGroup(DocumentDiff.Change change, JsonNode approvedDoc) {
    String path = change.path();
    if (path.contains("RulesString[")) {
      String before = change.approved() == null ? "" : suricataAction(change.approved().asText());
      String after = change.live() == null ? "" : suricataAction(change.live().asText());
      if (before.isEmpty()) {
        return after.equals("pass")
            ? Exposure.widened(true, "a pass rule was added")
            : after.equals("alert")
                ? Exposure.unchanged("an alert rule was added")
                : Exposure.narrowed(true, "a " + after + " rule was added");
      }
      if (after.isEmpty()) {
        return before.equals("pass")
            ? Exposure.narrowed(true, "a pass rule was removed")
            : before.equals("alert")
                ? Exposure.unchanged("an alert rule was removed: less is seen, nothing more passes")
                : Exposure.widened(true, "a " + before + " rule was removed");
      }
      int b = suricataStrength(before);
      int a = suricataStrength(after);
      if (withoutRevision(change.approved().asText())
          .equals(withoutRevision(change.live().asText()))) {
        return Exposure.unchanged(
            "only the rule's revision (rev) changed: it matches and acts the same");
      }
      if (a == b) {
        return Exposure.unknown("the rule's match changed; its action (" + after + ") did not");
      }
      return a > b
          ? Exposure.widened(true, "the rule's action is weaker: " + before + " -> " + after)
          : Exposure.narrowed(true, "the rule's action is stronger: " + before + " -> " + after);
    }
    if (path.endsWith("RulesSourceList.Targets")) {
      boolean allowList =
          approvedDoc
              .at("/RuleGroup/RulesSource/RulesSourceList/GeneratedRulesType")
              .asText()
              .equals("ALLOWLIST");
      Set<String> before = texts(change.approved());
      Set<String> after = texts(change.live());
      boolean added = !before.containsAll(after);
      boolean removed = !after.containsAll(before);
      if (added == removed) {
        return Exposure.unknown("domains were both added and removed");
      }
      return added == allowList
          ? Exposure.widened(
              true,
              allowList
                  ? "domains were added to the allow-list"
                  : "domains were removed from the deny-list")
          : Exposure.narrowed(
              true,
              allowList
                  ? "domains were removed from the allow-list"
                  : "domains were added to the deny-list");
    }
    return Exposure.unknown("a rule group setting changed");
  }

  private static String withoutRevision(String rule) {
    return rule.replaceAll("\\brev\\s*:\\s*\\d+\\s*;\\s*", "").strip();
  }

  private static String suricataAction(String rule) {
    String trimmed = rule.strip();
    int space = trimmed.indexOf(' ');
    return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
  }

  private static int suricataStrength(String action) {
    int index = SURICATA_ACTIONS.indexOf(action);
    return index < 0 ? SURICATA_ACTIONS.indexOf("alert") : action.startsWith("reject") ? 0 : index;
  }

  private static Exposure firewallPolicy(DocumentDiff.Change change) {
    String path = change.path();
    if (path.endsWith("DefaultActions")) {
      Set<String> before = texts(change.approved());
      Set<String> after = texts(change.live());
      boolean dropBefore = before.stream().anyMatch(a -> a.contains("drop"));
      boolean dropAfter = after.stream().anyMatch(a -> a.contains("drop"));
      if (dropBefore && !dropAfter) {
        return Exposure.widened(true, "the default action no longer drops");
      }
      if (!dropBefore && dropAfter) {
        return Exposure.narrowed(true, "the default action now drops");
      }
      boolean inspectedBefore = before.contains("aws:forward_to_sfe");
      boolean inspectedAfter = after.contains("aws:forward_to_sfe");
      if (inspectedBefore != inspectedAfter) {
        return inspectedBefore
            ? Exposure.widened(
                true,
                "the stateless default no longer forwards to the stateful engine: the Suricata"
                    + " rules no longer see that traffic")
            : Exposure.narrowed(true, "the stateless default now forwards to the stateful engine");
      }
      return Exposure.unknown("the default actions changed");
    }
    if (path.startsWith("FirewallPolicy.StatefulRuleGroupReferences")
        || path.startsWith("FirewallPolicy.StatelessRuleGroupReferences")) {
      return change.live() == null
          ? Exposure.widened(true, "a rule group no longer inspects traffic")
          : Exposure.unknown("a rule group reference changed");
    }
    return Exposure.unknown("a policy setting changed");
  }

  private static Set<String> texts(JsonNode node) {
    Set<String> out = new TreeSet<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node != null && !node.isNull()) {
      out.add(node.asText());
    }
    return out;
  }

  private static Exposure flag(DocumentDiff.Change change, boolean internet, String what) {
    boolean on = change.live() != null && change.live().asBoolean();
    return on
        ? Exposure.widened(internet, what)
        : Exposure.narrowed(internet, "no longer: " + what);
  }
}
