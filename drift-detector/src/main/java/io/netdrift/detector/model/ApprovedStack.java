package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The approved state of one deployed stack in the canonical model, with what could not be mapped.
 *
 * @param groups the managed security groups, by physical id
 * @param documents the other managed network resources as canonical documents, by physical id
 * @param vpcIds the managed VPCs: the scope in which unmanaged resources are looked for
 * @param lockedDefaultGroupVpcs VPCs whose default security group the template empties
 * @param notDeployed logical ids of approved resources CloudFormation has no physical id for
 * @param problems values that could not be resolved: each makes the scan incomplete
 * @param unmapped resources the stack owns that could not be mapped, by logical id, with why: never
 *     compared, never unmanaged
 * @param partial approved groups and documents some of whose parts could not be mapped, by physical
 *     id: nothing live on them is called unmanaged
 */
public record ApprovedStack(
    StackTemplate template,
    Map<String, ManagedGroup> groups,
    List<ForeignRule> foreignRules,
    Map<String, ManagedDocument> documents,
    Set<String> vpcIds,
    Set<String> lockedDefaultGroupVpcs,
    Map<String, Integer> coverage,
    Map<String, Integer> notChecked,
    Map<String, Integer> outOfScope,
    List<String> notDeployed,
    List<String> problems,
    Map<String, String> unmapped,
    Set<String> partial) {
  public ApprovedStack {
    requireNonNull(template, "template");
    groups = Map.copyOf(groups);
    foreignRules = List.copyOf(foreignRules);
    documents = Collections.unmodifiableSortedMap(new TreeMap<>(documents));
    vpcIds = Collections.unmodifiableSortedSet(new TreeSet<>(vpcIds));
    lockedDefaultGroupVpcs =
        Collections.unmodifiableSortedSet(new TreeSet<>(lockedDefaultGroupVpcs));
    coverage = Collections.unmodifiableSortedMap(new TreeMap<>(coverage));
    notChecked = Collections.unmodifiableSortedMap(new TreeMap<>(notChecked));
    outOfScope = Collections.unmodifiableSortedMap(new TreeMap<>(outOfScope));
    notDeployed = List.copyOf(notDeployed);
    problems = List.copyOf(problems);
    unmapped = Collections.unmodifiableSortedMap(new TreeMap<>(unmapped));
    partial = Collections.unmodifiableSortedSet(new TreeSet<>(partial));
  }

  /**
   * A standalone rule of this stack on a group another stack manages (or no stack of the assembly):
   * {@code egress} says whether it is a SecurityGroupEgress resource.
   */
  public record ForeignRule(
      String groupId, String logicalId, boolean egress, SecurityGroupRule rule) {}

  /**
   * This stack with rules other stacks declare on its groups added. A standalone egress rule from
   * elsewhere makes CloudFormation drop EC2's default egress, as one from this stack would.
   */
  public ApprovedStack withForeignRules(List<ForeignRule> rules) {
    Map<String, ManagedGroup> merged = new java.util.TreeMap<>(groups);
    for (ForeignRule foreign : rules) {
      ManagedGroup managed = merged.get(foreign.groupId());
      if (managed == null) {
        continue;
      }
      List<SecurityGroupRule> all = new java.util.ArrayList<>(managed.group().rules());
      if (foreign.egress()) {
        all.remove(SecurityGroupRule.DEFAULT_EGRESS);
      }
      all.add(foreign.rule());
      SecurityGroup g = managed.group();
      merged.put(
          foreign.groupId(),
          new ManagedGroup(
              managed.logicalId(),
              new SecurityGroup(g.groupId(), g.vpcId(), g.name(), g.description(), all)));
    }
    return new ApprovedStack(
        template,
        merged,
        foreignRules,
        documents,
        vpcIds,
        lockedDefaultGroupVpcs,
        coverage,
        notChecked,
        outOfScope,
        notDeployed,
        problems,
        unmapped,
        partial);
  }

  /** An approved group and where the template declares it. */
  public record ManagedGroup(String logicalId, SecurityGroup group) {
    public ManagedGroup {
      requireNonNull(logicalId, "logicalId");
      requireNonNull(group, "group");
    }
  }

  /**
   * The Transit Gateways whose route tables the stack manages: the scope in which a route table or
   * attachment made by hand is unmanaged, as a VPC is for subnets.
   */
  public Set<String> transitGatewayIds() {
    Set<String> ids = new TreeSet<>();
    documents.values().stream()
        .filter(d -> d.document().type().equals(NetworkDocuments.TGW_ROUTE_TABLE))
        .forEach(d -> ids.add(d.document().document().path("TransitGatewayId").asText()));
    return ids;
  }

  /** The physical ids of the managed documents of one type. */
  public List<String> physicalIds(String type) {
    return documents.values().stream()
        .filter(d -> d.document().type().equals(type))
        .map(d -> d.document().physicalId())
        .toList();
  }
}
