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

  /**
   * The group rules a block added to a prefix list opens, each as a finding of its own group: the
   * rule's text is as approved, what it admits is not. Named by the group's logical id where the
   * stack manages it ({@code logicalIds}: group id to logical id). The list's own finding carries
   * the repair; these say so.
   */
  public static List<Finding> openedRules(
      Finding finding,
      Collection<SecurityGroup> groups,
      java.util.Map<String, String> logicalIds,
      com.fasterxml.jackson.databind.JsonNode approvedList,
      com.fasterxml.jackson.databind.JsonNode liveList) {
    Exposure exposure = finding.exposure();
    if (!finding.resourceType().equals(NetworkDocuments.PREFIX_LIST)
        || exposure == null
        || exposure.access() != Exposure.Access.WIDENED
        || !finding.property().startsWith("Entries[")
        || approvedList == null
        || liveList == null) {
      return List.of();
    }
    String block =
        finding.property().substring("Entries[".length(), finding.property().length() - 1);
    String list = finding.physicalId();
    String approvedBlocks = blocks(approvedList);
    String liveBlocks = blocks(liveList);
    boolean internet = io.netdrift.detector.model.Cidr.parse(block).reachesInternet();
    List<Finding> out = new ArrayList<>();
    for (SecurityGroup group : groups) {
      for (SecurityGroupRule rule : group.rules()) {
        if (rule.peer() instanceof Peer.PrefixListPeer p && p.prefixListId().equals(list)) {
          out.add(
              Finding.changed(
                      new Finding.Resource(
                          finding.stack(),
                          "AWS::EC2::SecurityGroup",
                          logicalIds.getOrDefault(group.groupId(), ""),
                          group.groupId()))
                  .property(rule.describe())
                  .approved(list + " = " + approvedBlocks)
                  .live(list + " = " + liveBlocks)
                  .summary(
                      "rule "
                          + rule.describe()
                          + " on "
                          + group.groupId()
                          + " now admits "
                          + block
                          + ": a block was added to prefix list "
                          + list
                          + " (put the list back to close it)")
                  .exposure(
                      Exposure.widened(
                          internet,
                          rule.describe() + " lets " + block + " through, through " + list))
                  .repair(
                      new io.netdrift.detector.model.Repair.Manual(
                          "the rule itself is as approved: remove "
                              + block
                              + " from prefix list "
                              + list
                              + " (the list's own finding has the command) and this closes too",
                          List.of(
                              "aws ec2 get-managed-prefix-list-entries --prefix-list-id " + list)))
                  .build());
        }
      }
    }
    return out;
  }

  private static String blocks(com.fasterxml.jackson.databind.JsonNode prefixList) {
    List<String> blocks = new ArrayList<>();
    prefixList.path("Entries").fieldNames().forEachRemaining(blocks::add);
    return String.join(", ", blocks);
  }
}
