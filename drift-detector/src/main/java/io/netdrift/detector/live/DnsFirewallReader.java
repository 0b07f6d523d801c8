package io.netdrift.detector.live;

import io.netdrift.detector.model.SeenResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.route53resolver.Route53ResolverClient;

/**
 * The DNS Firewall rule groups associated with the managed VPCs (Route 53 Resolver {@code
 * ListFirewallRuleGroupAssociations}, one VPC per call as its filter takes one): an association no
 * stack owns puts another rule group's verdicts on the VPC's queries. One Firewall Manager made
 * ({@code ManagedOwnerName}) is that service's, not a hand-made change.
 */
public final class DnsFirewallReader {
  private final Route53ResolverClient resolver;

  /** Reads through {@code resolver}. */
  public DnsFirewallReader(Route53ResolverClient resolver) {
    this.resolver = resolver;
  }

  /** The associations of {@code vpcIds}, those on their way out left out. */
  public List<SeenResource> associations(Collection<String> vpcIds) {
    List<SeenResource> seen = new ArrayList<>();
    for (String vpc : new TreeSet<>(vpcIds)) {
      resolver
          .listFirewallRuleGroupAssociationsPaginator(r -> r.vpcId(vpc).maxResults(100))
          .firewallRuleGroupAssociations()
          .forEach(
              a -> {
                String status = a.statusAsString();
                if ("DELETING".equals(status)
                    || (a.managedOwnerName() != null && !a.managedOwnerName().isEmpty())) {
                  return;
                }
                seen.add(
                    new SeenResource(
                        "AWS::Route53Resolver::FirewallRuleGroupAssociation",
                        a.id(),
                        a.vpcId(),
                        "rule group "
                            + a.firewallRuleGroupId()
                            + " at priority "
                            + a.priority()
                            + " on "
                            + a.vpcId()
                            + ", "
                            + status,
                        "COMPLETE".equals(status) || "UPDATING".equals(status)));
              });
    }
    return seen;
  }
}
