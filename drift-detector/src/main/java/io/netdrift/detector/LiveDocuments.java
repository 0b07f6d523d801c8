package io.netdrift.detector;

import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Live documents read so far, the types they cover, and what AWS made itself. */
final class LiveDocuments {
  final Map<String, ResourceDocument> documents = new TreeMap<>();
  final Set<String> types = new TreeSet<>();
  final Set<String> awsDefaults = new TreeSet<>();

  /** The EC2 network of the stack's VPCs, in one read that may fail as a whole. */
  void network(Reads reads, LiveSource aws, ApprovedStack approved) {
    reads
        .of(
            "the EC2 network (VPCs, subnets, route tables, network ACLs, gateways, flow logs)",
            () ->
                aws.network(
                    approved.vpcIds(),
                    java.util.stream.Stream.concat(
                            approved.physicalIds(NetworkDocuments.INTERNET_GATEWAY).stream(),
                            approved.physicalIds(NetworkDocuments.FLOW_LOG).stream())
                        .toList()))
        .ifPresent(
            network -> {
              documents.putAll(network.documents());
              awsDefaults.addAll(network.awsDefaults());
              types.addAll(NetworkDocuments.TYPES);
            });
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
