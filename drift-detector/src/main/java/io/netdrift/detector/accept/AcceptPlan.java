package io.netdrift.detector.accept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.baseline.SourceMap;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.PortRange;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.rules.RulesException;
import io.netdrift.rules.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code accept} would write to {@code rules/} so that the live state becomes the approved
 * one: for each fingerprint, the entry added, changed or removed in the file and at the place the
 * assembly records for the resource (security group rules, network ACL entries, Suricata rules by
 * sid, the firewall's domain list, the WAF block-list addresses), or why the rules have no place
 * for it. Everything is planned in memory; nothing is written until {@link Result#write()}.
 */
public final class AcceptPlan {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTRY = Pattern.compile("Entries\\[((?:ingress|egress) \\d+)]");
  private static final Pattern SID = Pattern.compile("RulesString\\[sid (\\d+)]");
  private static final String SECURITY_GROUPS = "rules/security-groups.yaml";
  private static final String NETWORK_ACLS = "rules/network-acls.yaml";

  private AcceptPlan() {}

  /**
   * One fingerprint: the finding and the changes written for it, or why it cannot be accepted.
   *
   * @param finding empty where the scan found no open drift with the fingerprint
   */
  public record Step(
      String fingerprint,
      Optional<Finding> finding,
      List<String> changes,
      Optional<String> refusal) {
    public Step {
      changes = List.copyOf(changes);
    }

    /** True when the finding has its place in the rules. */
    public boolean accepted() {
      return refusal.isEmpty();
    }
  }

  /** The steps and the edited files. */
  public static final class Result {
    private final List<Step> steps;
    private final RulesFiles files;
    private final ScanReport report;

    private Result(List<Step> steps, RulesFiles files, ScanReport report) {
      this.steps = List.copyOf(steps);
      this.files = files;
      this.report = report;
    }

    public List<Step> steps() {
      return steps;
    }

    /** True when every fingerprint asked for has its change. */
    public boolean complete() {
      return steps.stream().allMatch(Step::accepted);
    }

    /** A unified diff of the rules files, paths as {@code git apply} takes them. */
    public String patch() {
      return files.patch();
    }

    /** Writes the edited files, each atomically; returns their names. */
    public List<String> write() {
      return files.write();
    }

    /** A commit message naming each accepted finding and who made the change. */
    public String commitMessage() {
      List<Finding> accepted =
          steps.stream().filter(Step::accepted).map(s -> s.finding().orElseThrow()).toList();
      StringBuilder out = new StringBuilder();
      out.append(
          accepted.size() == 1
              ? "Accept drift " + accepted.get(0).fingerprint() + ": " + accepted.get(0).summary()
              : "Accept " + accepted.size() + " drifts of the live network");
      out.append("\n\nThe live network is approved as it is, as drift-detector accept wrote it:\n");
      for (Finding f : accepted) {
        out.append("\n- ")
            .append(f.fingerprint())
            .append(" ")
            .append(f.kind())
            .append(" ")
            .append(f.stack())
            .append("/")
            .append(f.logicalId())
            .append(f.property().isEmpty() ? "" : " " + f.property())
            .append("\n  ")
            .append(f.summary())
            .append("\n  changed by: ")
            .append(report.attribution(f).describe());
      }
      out.append(
          "\n\nSay in the review why the change is right; the reviewers approve it or not.\n");
      return out.toString();
    }
  }

  /**
   * Plans {@code fingerprints} against the rules in {@code rulesDir}. {@code physicalIds} holds
   * each stack's logical→physical map (CloudFormation's), to name a peer group by its rules name.
   */
  public static Result of(
      ScanReport report,
      List<String> fingerprints,
      SourceMap sources,
      Path rulesDir,
      Map<String, Map<String, String>> physicalIds) {
    RulesFiles files = new RulesFiles(rulesDir);
    AcceptPlan.Editor editor = new Editor(files, sources, physicalIds);
    List<Step> steps = new ArrayList<>();
    for (String fingerprint : new LinkedHashSet<>(fingerprints)) {
      Optional<Finding> found =
          report.activeFindings().stream()
              .filter(f -> f.fingerprint().equals(fingerprint))
              .findFirst();
      if (found.isEmpty()) {
        steps.add(
            new Step(
                fingerprint,
                Optional.empty(),
                List.of(),
                Optional.of(
                    "no open drift has this fingerprint in this scan (put back, or accepted?)")));
        continue;
      }
      Finding f = found.get();
      List<String> changes = new ArrayList<>();
      Optional<String> refusal;
      try {
        refusal = editor.accept(f, changes);
      } catch (DriftException | RulesException | IllegalArgumentException e) {
        refusal = Optional.of(e.getMessage());
      }
      steps.add(new Step(fingerprint, found, refusal.isPresent() ? List.of() : changes, refusal));
    }
    return new Result(steps, files, report);
  }

  /** The edits, by kind of finding. */
  private static final class Editor {
    private final RulesFiles files;
    private final SourceMap sources;
    private final Map<String, Map<String, String>> physicalIds;
    private final Map<String, YamlPlaces> yaml = new LinkedHashMap<>();

    Editor(RulesFiles files, SourceMap sources, Map<String, Map<String, String>> physicalIds) {
      this.files = files;
      this.sources = sources;
      this.physicalIds = physicalIds;
    }

    private YamlPlaces yaml(String name) {
      return yaml.computeIfAbsent(name, n -> new YamlPlaces(files, n));
    }

    Optional<String> accept(Finding f, List<String> changes) {
      if (f.kind() == FindingKind.UNAPPROVED_DEPLOYMENT || f.kind() == FindingKind.NOT_DEPLOYED) {
        return Optional.of(
            "a deployment, not drift in the network: deploy the approved app, or review the"
                + " template that was deployed");
      }
      Optional<SourceMap.Location> where = sources.resource(f.stack(), f.logicalId());
      if (where.isEmpty()) {
        return Optional.of(
            f.logicalId().isEmpty()
                ? "a resource no template declares: rules/ can approve it only as a new resource"
                    + " of its own, which CloudFormation would create beside this one; put it back"
                    + " with revert, or import it into the stack"
                : f.logicalId()
                    + " is not written in rules/ (the CDK app builds it without a rules entry);"
                    + " change the app, or put it back with revert");
      }
      String property = f.property();
      if (f.repair() instanceof Repair.Rule rule && where.get().uri().equals(SECURITY_GROUPS)) {
        return groupRule(f, rule, where.get(), changes);
      }
      Matcher entry = ENTRY.matcher(property);
      if (entry.lookingAt() && where.get().uri().equals(NETWORK_ACLS)) {
        return aclEntry(f, entry.group(1), where.get(), changes);
      }
      Matcher sid = SID.matcher(property);
      if (sid.find()) {
        return suricata(f, sid.group(1), where.get(), changes);
      }
      if (property.equals("RuleGroup.RulesSource.RulesSourceList.Targets")) {
        return listLines(f, where.get(), false, changes);
      }
      if (f.resourceType().equals("AWS::WAFv2::IPSet") && property.equals("Addresses")) {
        return listLines(f, where.get(), true, changes);
      }
      return Optional.of(
          "rules/ has no place for "
              + f.resourceType()
              + (property.isEmpty() ? "" : " " + property)
              + " (it is built by the CDK app, not read from a rules entry): change the app, or"
              + " put it back with revert");
    }

    // --- security group rules -------------------------------------------------------------

    private Optional<String> groupRule(
        Finding f, Repair.Rule rule, SourceMap.Location where, List<String> changes) {
      YamlPlaces places = yaml(SECURITY_GROUPS);
      YamlNode group =
          places
              .at(where.line(), where.column())
              .orElseThrow(() -> moved(where, "the security group"));
      String segmentPath = YamlPlaces.parentOf(group.path());
      YamlNode segment = places.node(segmentPath).orElseThrow(() -> moved(where, "its segment"));
      Map<String, String> names = groupNames(f.stack(), segment);
      SecurityGroupRule target = rule.approved() != null ? rule.approved() : rule.live();
      String direction = target.direction() == Direction.INGRESS ? "ingress" : "egress";
      Optional<YamlNode> list = Optional.ofNullable(group.mapping().get(direction));
      String groupName = YamlPlaces.lastKey(group.path());
      switch (rule.action()) {
        case REVOKE -> {
          String item = YamlPlaces.flowMapping(entry(rule.live(), names));
          if (list.isPresent() && !list.get().isNull()) {
            places.appendItem(list.get(), item);
          } else {
            places.appendKeyWithItem(group, direction, item);
          }
          changes.add(
              SECURITY_GROUPS
                  + ": "
                  + groupName
                  + "."
                  + direction
                  + " gains "
                  + item
                  + (rule.live().description().isEmpty()
                      ? " (the live rule has no description: give both one in the review)"
                      : ""));
        }
        case AUTHORIZE -> {
          YamlNode item = find(list, rule.approved(), names, where);
          places.removeItem(item);
          changes.add(
              at(item, groupName, direction) + " loses the rule " + rule.approved().describe());
        }
        case REPLACE, DESCRIBE -> {
          YamlNode item = find(list, rule.approved(), names, where);
          String replacement = YamlPlaces.flowMapping(entry(rule.live(), names));
          places.replace(item, replacement);
          changes.add(at(item, groupName, direction) + " rule becomes " + replacement);
        }
        default -> throw new IllegalStateException(rule.action().toString());
      }
      return Optional.empty();
    }

    private static String at(YamlNode item, String group, String direction) {
      return SECURITY_GROUPS + ":" + item.line() + ": " + group + "." + direction;
    }

    /** The segment's groups: physical id → rules name, through the recorded places. */
    private Map<String, String> groupNames(String stack, YamlNode segment) {
      Map<String, String> byPlace = new LinkedHashMap<>();
      segment
          .mapping()
          .forEach((name, node) -> byPlace.put(node.line() + ":" + node.column(), name));
      Map<String, String> physical = physicalIds.getOrDefault(stack, Map.of());
      Map<String, String> names = new LinkedHashMap<>();
      sources
          .resources(stack)
          .forEach(
              (logicalId, at) -> {
                String name = byPlace.get(at.line() + ":" + at.column());
                if (at.uri().equals(SECURITY_GROUPS)
                    && name != null
                    && physical.containsKey(logicalId)) {
                  names.put(physical.get(logicalId), name);
                }
              });
      return names;
    }

    private static YamlNode find(
        Optional<YamlNode> list,
        SecurityGroupRule rule,
        Map<String, String> names,
        SourceMap.Location where) {
      for (YamlNode item :
          list.filter(l -> !l.isNull()).map(YamlNode::sequence).orElse(List.of())) {
        Map<String, YamlNode> fields = item.mapping();
        IpProtocol protocol = IpProtocol.parse(fields.get("protocol").text());
        PortRange ports = PortRange.ANY;
        if (protocol.hasPorts() && fields.containsKey("ports")) {
          String[] p = fields.get("ports").text().trim().split("-");
          ports =
              PortRange.of(
                  protocol, Integer.valueOf(p[0]), Integer.valueOf(p[p.length == 2 ? 1 : 0]));
        }
        Peer peer;
        if (fields.containsKey("cidr")) {
          peer = new Peer.CidrPeer(Cidr.parse(fields.get("cidr").text()));
        } else if (fields.containsKey("prefixList")) {
          peer = new Peer.PrefixListPeer(fields.get("prefixList").text());
        } else {
          String name = fields.get("group").text();
          peer =
              names.entrySet().stream()
                  .filter(e -> e.getValue().equals(name))
                  .findFirst()
                  .<Peer>map(e -> new Peer.GroupPeer(e.getKey()))
                  .orElse(new Peer.GroupPeer("group " + name));
        }
        if (new SecurityGroupRule.Key(rule.direction(), protocol, ports, peer).equals(rule.key())) {
          return item;
        }
      }
      throw new DriftException(
          where.uri()
              + ":"
              + where.line()
              + ": the group has no rule "
              + rule.describe()
              + " any more: the rules changed since the scan's baseline; synthesize and scan again");
    }

    private static Map<String, String> entry(SecurityGroupRule rule, Map<String, String> names) {
      Map<String, String> out = new LinkedHashMap<>();
      IpProtocol protocol = rule.protocol();
      String name = protocolName(protocol, Set.of("tcp", "udp", "icmp", "icmpv6", "all"));
      out.put("protocol", name);
      if (protocol.hasPorts()) {
        out.put("ports", ports(rule.ports()));
      } else if (protocol.isIcmp() && rule.ports().from() != -1) {
        throw new DriftException(
            "the rules allow every ICMP type or none; the live rule allows "
                + rule.ports().describe(protocol)
                + " only");
      }
      if (rule.peer() instanceof Peer.CidrPeer c) {
        out.put("cidr", c.cidr().block());
      } else if (rule.peer() instanceof Peer.PrefixListPeer p) {
        out.put("prefixList", p.prefixListId());
      } else {
        String groupId = ((Peer.GroupPeer) rule.peer()).groupId();
        String peerName = names.get(groupId);
        if (peerName == null) {
          throw new DriftException(
              "the live rule names group "
                  + groupId
                  + ", which is not a group of this segment in rules/ (a rule names a group of"
                  + " its own segment); approve it in the app, or put it back with revert");
        }
        out.put("group", peerName);
      }
      out.put("description", rule.description());
      return out;
    }

    /** The rules' name of {@code protocol}, where {@code names} holds it. */
    private static String protocolName(IpProtocol protocol, Set<String> names) {
      Map<Integer, String> known = Map.of(-1, "all", 6, "tcp", 17, "udp", 1, "icmp", 58, "icmpv6");
      String name = known.get(protocol.number());
      if (name == null || !names.contains(name)) {
        throw new DriftException(
            "the rules take "
                + String.join(", ", new TreeSet<>(names))
                + " here, not protocol "
                + (name == null ? Integer.toString(protocol.number()) : name));
      }
      return name;
    }

    private static String ports(PortRange ports) {
      int from = ports.from() < 0 ? 0 : ports.from();
      int to = ports.to() < 0 ? 65535 : ports.to();
      return from == to ? Integer.toString(from) : from + "-" + to;
    }

    // --- network ACL entries --------------------------------------------------------------

    private Optional<String> aclEntry(
        Finding f, String member, SourceMap.Location where, List<String> changes) {
      if (!(f.repair() instanceof Repair.Document doc)) {
        throw new DriftException("the finding carries no entry to write");
      }
      YamlPlaces places = yaml(NETWORK_ACLS);
      JsonNode live =
          doc.liveDocument() == null ? null : doc.liveDocument().path("Entries").get(member);
      Optional<SourceMap.Location> own = sources.member(f.stack(), f.logicalId(), member);
      String direction = member.substring(0, member.indexOf(' '));
      if (own.isPresent()) {
        YamlNode item =
            places
                .at(own.get().line(), own.get().column())
                .orElseThrow(() -> moved(own.get(), member));
        if (live == null) {
          places.removeItem(item);
          changes.add(NETWORK_ACLS + ":" + item.line() + ": entry " + member + " removed");
        } else {
          String replacement = YamlPlaces.flowMapping(aclFields(member, live));
          places.replace(item, replacement);
          changes.add(
              NETWORK_ACLS + ":" + item.line() + ": entry " + member + " becomes " + replacement);
        }
        return Optional.empty();
      }
      if (live == null) {
        throw new DriftException("entry " + member + " is neither in the rules nor live");
      }
      YamlNode anyEntry =
          places
              .at(where.line(), where.column())
              .orElseThrow(() -> moved(where, "the ACL's entries"));
      String tierPath = YamlPlaces.parentOf(anyEntry.path());
      YamlNode tier = places.node(tierPath).orElseThrow(() -> moved(where, "the tier"));
      String item = YamlPlaces.flowMapping(aclFields(member, live));
      YamlNode list = tier.mapping().get(direction);
      if (list != null && !list.isNull()) {
        places.appendItem(list, item);
      } else {
        places.appendKeyWithItem(tier, direction, item);
      }
      changes.add(NETWORK_ACLS + ": " + tierPath + "." + direction + " gains " + item);
      return Optional.empty();
    }

    private static Map<String, String> aclFields(String member, JsonNode entry) {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("rule", member.substring(member.indexOf(' ') + 1));
      out.put("action", entry.path("RuleAction").asText());
      IpProtocol protocol = IpProtocol.parse(entry.path("Protocol").asText());
      String name = protocolName(protocol, Set.of("tcp", "udp", "icmp", "all"));
      out.put("protocol", name);
      if (protocol.hasPorts()) {
        JsonNode range = entry.path("PortRange");
        int from = range.path("From").asInt(0);
        int to = range.path("To").asInt(65535);
        out.put("ports", from == to ? Integer.toString(from) : from + "-" + to);
      } else if (protocol.isIcmp()
          && entry.has("IcmpTypeCode")
          && entry.path("IcmpTypeCode").path("Type").asInt(-1) != -1) {
        throw new DriftException(
            "the rules allow every ICMP type or none; the live entry allows one");
      }
      out.put(
          "cidr",
          entry.has("Ipv6CidrBlock")
              ? entry.path("Ipv6CidrBlock").asText()
              : entry.path("CidrBlock").asText());
      return out;
    }

    // --- Suricata rules and list files ----------------------------------------------------

    private Optional<String> suricata(
        Finding f, String sid, SourceMap.Location where, List<String> changes) {
      Optional<SourceMap.Location> own = sources.member(f.stack(), f.logicalId(), "sid " + sid);
      LineFile file = new LineFile(files, own.map(SourceMap.Location::uri).orElse(where.uri()));
      if (own.isPresent()) {
        int line = own.get().line();
        if (f.live().isEmpty()) {
          file.remove(line);
          changes.add(own.get().uri() + ":" + line + ": sid " + sid + " removed");
        } else {
          file.replace(line, f.live());
          changes.add(own.get().uri() + ":" + line + ": sid " + sid + " becomes the live rule");
        }
      } else {
        if (f.live().isEmpty()) {
          throw new DriftException("sid " + sid + " is neither in the rules nor live");
        }
        file.append(f.live());
        changes.add(where.uri() + ": sid " + sid + " added at the end");
      }
      return Optional.empty();
    }

    /** A list file (domains, addresses): the lines gone live removed, the new ones appended. */
    private Optional<String> listLines(
        Finding f, SourceMap.Location where, boolean cidrs, List<String> changes) {
      Set<String> approved = values(f.approved(), cidrs);
      Set<String> live = values(f.live(), cidrs);
      LineFile file = new LineFile(files, where.uri());
      for (String gone : difference(approved, live)) {
        int line = file.lineOf(text -> same(text, gone, cidrs));
        file.remove(line);
        changes.add(where.uri() + ":" + line + ": " + gone + " removed");
      }
      for (String added : difference(live, approved)) {
        file.append(added);
        changes.add(where.uri() + ": " + added + " added");
      }
      return Optional.empty();
    }

    private static Set<String> values(String json, boolean cidrs) {
      Set<String> out = new TreeSet<>();
      if (json.isEmpty()) {
        return out;
      }
      try {
        JSON.readTree(json)
            .forEach(v -> out.add(cidrs ? Cidr.parse(v.asText()).block() : v.asText()));
      } catch (java.io.IOException e) {
        throw new DriftException("the finding's list is not JSON: " + json, e);
      }
      return out;
    }

    private static List<String> difference(Set<String> a, Set<String> b) {
      return a.stream().filter(v -> !b.contains(v)).toList();
    }

    private static boolean same(String line, String value, boolean cidrs) {
      if (!cidrs) {
        return line.equals(value);
      }
      try {
        return Cidr.parse(line).block().equals(value);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private static DriftException moved(SourceMap.Location where, String what) {
      return new DriftException(
          where.uri()
              + ":"
              + where.line()
              + ": "
              + what
              + " is no longer where the scan's baseline recorded it; synthesize from these rules"
              + " and scan again");
    }
  }
}
