package io.netdrift.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.GenericDocuments;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live documents read so far, the types they cover, and what AWS made itself; for the types
 * compared generically, the approved documents as their schema shapes them.
 */
final class LiveDocuments {
  final Map<String, ResourceDocument> documents = new TreeMap<>();
  final Set<String> types = new TreeSet<>();
  final Set<String> awsDefaults = new TreeSet<>();

  /** What the network read saw in the managed VPCs and gateways without comparing it. */
  final List<io.netdrift.detector.model.SeenResource> seen = new ArrayList<>();

  final Map<String, ManagedDocument> genericApproved = new TreeMap<>();

  /**
   * The network types Netdrift has no model of, through Cloud Control: per type, its registry
   * schema, then each resource {@code keep} keeps. A type whose schema or resources cannot be read,
   * or whose Cloud Control identifier is not its physical id, stays unread.
   */
  void generic(
      Reads reads,
      LiveSource aws,
      ApprovedStack approved,
      java.util.function.Predicate<String> keep) {
    Map<String, Map<String, ManagedDocument>> byType = new TreeMap<>();
    approved
        .documents()
        .forEach(
            (id, managed) -> {
              String type = managed.document().type();
              if (GenericDocuments.isGeneric(type) && keep.test(id)) {
                byType.computeIfAbsent(type, t -> new TreeMap<>()).put(id, managed);
              }
            });
    byType.forEach(
        (type, managed) -> {
          String what = "the resources of " + type + " (Cloud Control GetResource)";
          Optional<JsonNode> schema =
              reads.of(
                  "the registry schema of " + type + " (CloudFormation DescribeType)",
                  () -> aws.resourceSchema(type));
          if (schema.isEmpty()) {
            return;
          }
          List<String> identifier = GenericDocuments.primaryIdentifier(schema.get());
          if (identifier.size() != 1) {
            reads.of(
                what,
                () -> {
                  throw new IllegalStateException(
                      "Cloud Control names it by "
                          + identifier
                          + "; Netdrift reads only types named by one identifier");
                });
            return;
          }
          reads
              .of(what, () -> aws.resources(type, managed.keySet()))
              .ifPresent(
                  read -> {
                    managed.forEach(
                        (id, m) -> {
                          ObjectNode declared = m.document().document();
                          genericApproved.put(
                              id,
                              new ManagedDocument(
                                  m.logicalId(),
                                  new ResourceDocument(
                                      type,
                                      id,
                                      GenericDocuments.approved(declared, schema.get()),
                                      Set.of())));
                          if (read.containsKey(id)) {
                            documents.put(
                                id,
                                new ResourceDocument(
                                    type,
                                    id,
                                    GenericDocuments.live(read.get(id), declared, schema.get()),
                                    Set.of()));
                          }
                        });
                    types.add(type);
                  });
        });
  }

  /** The approved documents, those compared generically as their schema shapes them. */
  Map<String, ManagedDocument> approved(Map<String, ManagedDocument> approved) {
    Map<String, ManagedDocument> out = new TreeMap<>(approved);
    out.putAll(genericApproved);
    return out;
  }

  /** The EC2 network of the stack's VPCs, in one read that may fail as a whole. */
  void network(Reads reads, LiveSource aws, ApprovedStack approved) {
    reads
        .of(
            "the EC2 network (VPCs, subnets, route tables, network ACLs, gateways, flow logs, prefix"
                + " lists, Transit Gateway route tables)",
            () -> aws.network(approved.vpcIds(), managedOutsideVpcs(approved)))
        .ifPresent(
            network -> {
              documents.putAll(network.documents());
              awsDefaults.addAll(network.awsDefaults());
              seen.addAll(network.seen());
              types.addAll(NetworkDocuments.TYPES);
            });
  }

  /**
   * Tells the stack's source what {@link StackComparison#compare} will read of EC2, so that the
   * stacks of one account and region read it once for all of them.
   */
  static void expect(StackPlan p) {
    p.source.expect(
        p.approved.vpcIds(), p.approved.groups().keySet(), managedOutsideVpcs(p.approved));
  }

  /** The DNS Firewall rule groups associated with the stack's VPCs, in a read of its own. */
  void dnsFirewall(Reads reads, LiveSource aws, ApprovedStack approved) {
    if (approved.vpcIds().isEmpty()) {
      return;
    }
    reads
        .of(
            "DNS Firewall associations (Route 53 Resolver ListFirewallRuleGroupAssociations)",
            () -> aws.dnsFirewallAssociations(approved.vpcIds()))
        .ifPresent(seen::addAll);
  }

  /**
   * What the network read finds by id, not by VPC: internet gateways, flow logs and prefix lists,
   * and the Transit Gateways whose route tables the stack manages (every table of those gateways is
   * read, so one made by hand is seen).
   */
  private static List<String> managedOutsideVpcs(ApprovedStack approved) {
    List<String> ids = new ArrayList<>();
    for (String type :
        List.of(
            NetworkDocuments.INTERNET_GATEWAY,
            NetworkDocuments.FLOW_LOG,
            NetworkDocuments.PREFIX_LIST)) {
      ids.addAll(approved.physicalIds(type));
    }
    ids.addAll(approved.transitGatewayIds());
    return ids;
  }

  /**
   * Network Firewall and WAF resources, read by id: those of {@code approved} {@code keep} keeps.
   */
  void byId(
      Reads reads,
      LiveSource aws,
      ApprovedStack approved,
      java.util.function.Predicate<String> keep) {
    List<ServiceRead> services =
        List.of(
            new ServiceRead(
                "Network Firewall (firewalls, policies, rule groups, logging)",
                SecurityDocuments.NFW_TYPES,
                ids ->
                    aws.firewalls(
                        ids.get(SecurityDocuments.NFW_FIREWALL),
                        ids.get(SecurityDocuments.NFW_POLICY),
                        ids.get(SecurityDocuments.NFW_RULE_GROUP))),
            new ServiceRead(
                "WAFv2 (web ACLs, IP sets, associations, logging)",
                SecurityDocuments.WAF_TYPES,
                ids ->
                    aws.waf(
                        ids.get(SecurityDocuments.WAF_WEB_ACL),
                        ids.get(SecurityDocuments.WAF_IP_SET),
                        ids.get(SecurityDocuments.WAF_RULE_GROUP))),
            new ServiceRead(
                "network settings of application resources (Cloud Control GetResource)",
                EmbeddedDocuments.TYPES,
                aws::embedded));
    for (ServiceRead service : services) {
      Map<String, List<String>> ids = new TreeMap<>();
      service
          .types()
          .forEach(t -> ids.put(t, approved.physicalIds(t).stream().filter(keep).toList()));
      if (ids.values().stream().allMatch(List::isEmpty)) {
        continue;
      }
      reads
          .of(service.what(), () -> service.reader().apply(ids))
          .ifPresent(
              docs -> {
                documents.putAll(docs);
                types.addAll(service.types());
              });
    }
  }

  /** One service read by resource ids. */
  private record ServiceRead(
      String what,
      Set<String> types,
      java.util.function.Function<Map<String, List<String>>, Map<String, ResourceDocument>>
          reader) {}
}
