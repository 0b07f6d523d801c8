package io.netdrift.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.diff.DocumentSetDiff;
import io.netdrift.detector.diff.DomainListUses;
import io.netdrift.detector.diff.PrefixListUses;
import io.netdrift.detector.diff.Scope;
import io.netdrift.detector.diff.SecurityGroupDiff;
import io.netdrift.detector.diff.TemplateDiff;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.GenericDocuments;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.StackTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scan's third step, per stack: read live and compare it with the mapped stack, the whole stack
 * or only the focused resources of a targeted check. What could not be read is not compared, and
 * the stack's result says so.
 */
final class StackComparison {
  private static final ObjectMapper TEMPLATE_JSON = new ObjectMapper();

  private StackComparison() {}

  /**
   * A targeted check: only the focused resources this stack manages are read (security groups by
   * id, Network Firewall and WAF resources by id; EC2 network resources through their VPC) and
   * compared; nothing else of the stack is claimed checked.
   */
  static StackResult compareFocused(StackPlan p, Set<String> focus) {
    LiveSource aws = p.source;
    ApprovedStack approved = p.approved;
    Reads reads = new Reads(p.problems);
    Map<String, ApprovedStack.ManagedGroup> groups =
        where(approved.groups(), (id, g) -> focus.contains(id));
    Map<String, ManagedDocument> documents =
        where(approved.documents(), (id, d) -> focus.contains(id));
    Map<String, Integer> checked = new TreeMap<>();
    groups.keySet().forEach(id -> checked.merge("AWS::EC2::SecurityGroup", 1, Integer::sum));
    documents.values().forEach(d -> checked.merge(d.document().type(), 1, Integer::sum));
    if (!groups.isEmpty()) {
      reads
          .of(
              "security groups (EC2 DescribeSecurityGroups, DescribeSecurityGroupRules)",
              () -> aws.securityGroups(List.of(), groups.keySet()))
          .ifPresent(
              live ->
                  p.findings.addAll(SecurityGroupDiff.compare(p.label, groups, Set.of(), live)));
    }
    LiveDocuments read = new LiveDocuments();
    if (documents.values().stream()
        .anyMatch(d -> NetworkDocuments.TYPES.contains(d.document().type()))) {
      read.network(reads, aws, approved);
    }
    // Network Firewall and WAF read by id: only the focused ones.
    read.byId(reads, aws, approved, focus::contains);
    read.generic(reads, aws, approved, focus::contains);
    if (!documents.isEmpty()) {
      p.findings.addAll(
          DocumentSetDiff.compare(
              p.label,
              // What could not be read is not compared: nothing unread is called missing.
              where(read.approved(documents), (id, d) -> read.types.contains(d.document().type())),
              // Only the focused resources' own documents: nothing else of the VPC is judged.
              where(read.documents, (id, d) -> focus.contains(id)),
              read.awsDefaults));
    }
    p.findings.removeIf(f -> !focus.contains(f.physicalId()));
    return new StackResult(
        p.label, p.account, p.region, p.stack.status(), checked, Map.of(), Map.of(), p.problems);
  }

  /**
   * Starts, through {@code starter}, each read {@link #compare} makes of the stack's own (not
   * shared with other stacks of its account) that depends on no other read, with the arguments
   * {@link #compare} gives it: the deployed template, the DNS Firewall, Network Firewall, WAF and
   * Cloud Control reads, the registry schemas. The security groups and the network are read for the
   * account's stacks at once ({@link LiveSource#readShared}).
   */
  static void startOwnReads(StackPlan p, LiveSource starter) {
    Reads answersUnused = new Reads(new ArrayList<>());
    starter.template(p.stack.stackName());
    LiveDocuments read = new LiveDocuments();
    read.dnsFirewall(answersUnused, starter, p.approved);
    read.byId(answersUnused, starter, p.approved, id -> true);
    read.generic(answersUnused, starter, p.approved, id -> true);
  }

  /** The stack's security groups: those in its VPCs and those it manages wherever they are. */
  private static Map<String, io.netdrift.detector.model.SecurityGroup> groups(
      LiveSource aws, ApprovedStack approved) {
    return aws.securityGroups(approved.vpcIds(), approved.groups().keySet());
  }

  /** The entries of {@code map} that {@code keep} keeps, in key order. */
  private static <V> Map<String, V> where(
      Map<String, V> map, java.util.function.BiPredicate<String, V> keep) {
    Map<String, V> kept = new TreeMap<>();
    map.forEach(
        (id, value) -> {
          if (keep.test(id, value)) {
            kept.put(id, value);
          }
        });
    return kept;
  }

  /**
   * One mapped stack against live: each reader, each comparison. A reader that fails leaves its
   * resource kinds unchecked and says so; the others are still compared, and nothing unread is
   * called missing.
   */
  static StackResult compare(
      StackPlan p, Set<String> owned, Map<String, Set<SecurityGroupRule.Key>> foreignRules) {
    LiveSource aws = p.source;
    ApprovedStack approved = p.approved;
    Scope scope = new Scope(p.scope, owned, approved.partial(), foreignRules);
    StackTemplate template = p.template;
    String name = p.label;
    List<Finding> findings = p.findings;
    List<String> problems = p.problems;
    Reads reads = new Reads(problems);
    reads
        .of(
            "the deployed template (CloudFormation GetTemplate)",
            () -> compareTemplates(aws, template, p.stack, p.label, problems))
        .flatMap(f -> f)
        .ifPresent(findings::add);
    Optional<Map<String, io.netdrift.detector.model.SecurityGroup>> liveGroups =
        reads.of(
            "security groups (EC2 DescribeSecurityGroups, DescribeSecurityGroupRules)",
            () -> groups(aws, approved));
    boolean groupsRead = liveGroups.isPresent();
    liveGroups.ifPresent(
        live -> {
          findings.addAll(SecurityGroupDiff.compare(name, approved.groups(), scope, live));
          findings.addAll(
              SecurityGroupDiff.lockedDefaultGroups(name, approved.lockedDefaultGroupVpcs(), live));
        });
    LiveDocuments read = new LiveDocuments();
    read.network(reads, aws, approved);
    read.dnsFirewall(reads, aws, approved);
    Map<String, ResourceDocument> liveDocuments = read.documents;
    Set<String> readTypes = read.types;
    Set<String> awsDefaults = read.awsDefaults;
    read.byId(reads, aws, approved, id -> true);
    read.generic(reads, aws, approved, id -> true);
    Map<String, ManagedDocument> comparable =
        where(
            read.approved(approved.documents()),
            (id, d) -> readTypes.contains(d.document().type()));
    List<io.netdrift.detector.model.SecurityGroup> liveGroupList =
        List.copyOf(liveGroups.map(Map::values).orElse(List.of()));
    findings.addAll(DocumentSetDiff.unmanagedPaths(name, read.seen, scope));
    Map<String, String> groupLogicalIds = new java.util.TreeMap<>();
    approved.groups().forEach((id, g) -> groupLogicalIds.put(id, g.logicalId()));
    DocumentSetDiff.compare(name, comparable, liveDocuments, awsDefaults, scope, p.endpointZones)
        .forEach(
            f -> {
              ManagedDocument list = comparable.get(f.physicalId());
              ResourceDocument live = liveDocuments.get(f.physicalId());
              findings.add(
                  DomainListUses.classified(
                      PrefixListUses.named(f, liveGroupList, liveDocuments.values()),
                      list == null ? null : list.document().document(),
                      live == null ? null : live.document(),
                      liveDocuments.values()));
              findings.addAll(
                  PrefixListUses.openedRules(
                      f,
                      liveGroupList,
                      groupLogicalIds,
                      list == null ? null : list.document().document(),
                      live == null ? null : live.document()));
            });
    for (String logicalId : approved.notDeployed()) {
      findings.add(
          Finding.unapprovedDeployment(
                  new Finding.Resource(
                      name,
                      template.template().path("Resources").path(logicalId).path("Type").asText(),
                      logicalId,
                      ""))
              .approved("in template")
              .summary(
                  "approved resource "
                      + logicalId
                      + " is not in the deployed stack; run cdk deploy "
                      + name)
              .build());
    }
    if (!p.orphanRules.isEmpty()) {
      Set<String> groupIds = new TreeSet<>();
      p.orphanRules.forEach(r -> groupIds.add(r.groupId()));
      reads
          .of(
              "security groups of other stacks (EC2 DescribeSecurityGroups)",
              () -> aws.securityGroups(List.of(), groupIds))
          .ifPresent(
              live -> findings.addAll(SecurityGroupDiff.foreignRules(name, p.orphanRules, live)));
    }
    Set<String> unread = new TreeSet<>();
    if (!groupsRead) {
      unread.add(SG_READ);
    }
    if (!readTypes.contains(NetworkDocuments.VPC)) {
      unread.add(NETWORK_READ);
    }
    Map.of(
            NFW_READ,
            SecurityDocuments.NFW_TYPES,
            WAF_READ,
            SecurityDocuments.WAF_TYPES,
            EMBEDDED_READ,
            EmbeddedDocuments.TYPES)
        .forEach(
            (service, types) -> {
              if (types.stream()
                  .anyMatch(t -> !approved.physicalIds(t).isEmpty() && !readTypes.contains(t))) {
                unread.add(service);
              }
            });
    approved.documents().values().stream()
        .map(d -> d.document().type())
        .filter(t -> GenericDocuments.isGeneric(t) && !readTypes.contains(t))
        .forEach(t -> unread.add(genericRead(t)));
    return result(p, approved, unread, concat(approved.problems(), problems), liveDocuments);
  }

  private static final String SG_READ = "security groups";
  private static final String NETWORK_READ = "the EC2 network";
  private static final String NFW_READ = "Network Firewall";
  private static final String WAF_READ = "WAFv2";
  private static final String EMBEDDED_READ = "Cloud Control";

  private static String genericRead(String type) {
    return type + " (Cloud Control, " + GenericDocuments.GENERIC + ")";
  }

  /** Which live read a compared template type depends on. */
  private static String readOf(String type) {
    if (type.startsWith("AWS::EC2::SecurityGroup")) {
      return SG_READ;
    }
    if (type.startsWith("AWS::NetworkFirewall::")) {
      return NFW_READ;
    }
    if (EmbeddedDocuments.TYPES.contains(type)) {
      return EMBEDDED_READ;
    }
    if (io.netdrift.detector.baseline.ResourceCoverage.of(type)
        == io.netdrift.detector.baseline.ResourceCoverage.GENERIC) {
      return genericRead(type);
    }
    return type.startsWith("AWS::WAFv2::") ? WAF_READ : NETWORK_READ;
  }

  /**
   * What the stack's report says: only what was compared counts as checked; a resource that could
   * not be mapped, whose type Netdrift cannot compare, or whose live read failed, is not checked,
   * named with why. Rule groups Firewall Manager put into a managed web ACL are the Firewall
   * Manager policy's: counted out of scope, as {@code AWS::FMS::Policy}.
   */
  private static StackResult result(
      StackPlan p,
      ApprovedStack approved,
      Set<String> unread,
      List<String> problems,
      Map<String, ResourceDocument> live) {
    Map<String, Integer> checked = new TreeMap<>(approved.coverage());
    Map<String, Integer> notChecked = new TreeMap<>(approved.notChecked());
    List<StackResult.Unchecked> unchecked = new ArrayList<>();
    JsonNode resources = p.template.template().path("Resources");
    approved
        .unmapped()
        .forEach(
            (logicalId, reason) ->
                unchecked.add(
                    new StackResult.Unchecked(
                        resources.path(logicalId).path("Type").asText(), logicalId, reason)));
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      String type = r.getValue().path("Type").asText();
      if (approved.unmapped().containsKey(r.getKey())
          || !checked.containsKey(type)
          || !unread.contains(readOf(type))) {
        continue;
      }
      unchecked.add(
          new StackResult.Unchecked(
              type, r.getKey(), "its live state (" + readOf(type) + ") could not be read"));
    }
    unread.forEach(
        read ->
            List.copyOf(checked.keySet()).stream()
                .filter(type -> readOf(type).equals(read))
                .forEach(type -> notChecked.merge(type, checked.remove(type), Integer::sum)));
    return new StackResult(
        p.label,
        p.account,
        p.region,
        p.stack.status(),
        checked,
        notChecked,
        withFirewallManager(approved.outOfScope(), live),
        problems,
        unchecked,
        false);
  }

  private static Map<String, Integer> withFirewallManager(
      Map<String, Integer> outOfScope, Map<String, ResourceDocument> live) {
    Map<String, Integer> counted = new TreeMap<>(outOfScope);
    live.values()
        .forEach(
            d -> {
              int groups = d.document().path(SecurityDocuments.FIREWALL_MANAGER_RULE_GROUPS).size();
              if (groups > 0) {
                counted.merge("AWS::FMS::Policy", groups, Integer::sum);
              }
            });
    return counted;
  }

  /**
   * The three-way check: what CloudFormation deployed against what main approved. A template that
   * is not JSON (a YAML deploy) cannot be compared and says so.
   */
  private static Optional<Finding> compareTemplates(
      LiveSource aws,
      StackTemplate template,
      DeployedStack stack,
      String label,
      List<String> problems) {
    String body = aws.template(stack.stackName());
    JsonNode deployed;
    try {
      deployed = TEMPLATE_JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(
          "the deployed template is not JSON; it cannot be compared with the approved one");
      return Optional.empty();
    }
    return TemplateDiff.compare(label, stack.stackId(), template.template(), deployed);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
