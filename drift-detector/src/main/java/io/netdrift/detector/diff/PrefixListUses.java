package io.netdrift.detector.diff;

import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a changed prefix list opens or closes is what names it: a block added to a list opens every
 * group rule and route that names the list. A prefix list's finding names those read in the same
 * scan, so the on-call sees which rules a block reached.
 */
public final class PrefixListUses {
  private PrefixListUses() {}

  /**
   * {@code finding}, where it widens or narrows a prefix list, with the rules and routes naming it.
   */
  public static Finding named(
      Finding finding, Collection<SecurityGroup> groups, Collection<ResourceDocument> documents) {
    Exposure exposure = finding.exposure();
    if (!finding.resourceType().equals(NetworkDocuments.PREFIX_LIST)
        || exposure == null
        || (exposure.access() != Exposure.Access.WIDENED
            && exposure.access() != Exposure.Access.NARROWED)) {
      return finding;
    }
    String list = finding.physicalId();
    List<String> uses = new ArrayList<>();
    for (SecurityGroup group : groups) {
      for (SecurityGroupRule rule : group.rules()) {
        if (rule.peer() instanceof Peer.PrefixListPeer p && p.prefixListId().equals(list)) {
          uses.add(group.groupId() + " " + rule.describe());
        }
      }
    }
    for (ResourceDocument d : documents) {
      if (d.type().equals(NetworkDocuments.ROUTE_TABLE) && d.document().path("Routes").has(list)) {
        uses.add(d.physicalId() + " route to " + list);
      }
    }
    String named =
        uses.isEmpty()
            ? "; no group rule or route read in this scan names it"
            : ": " + String.join("; ", uses.stream().sorted().toList());
    return finding.withExposure(
        new Exposure(exposure.access(), exposure.internet(), exposure.reason() + named));
  }
}
