package io.netdrift.detector.diff;

import io.netdrift.detector.baseline.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.remediation.Remediations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares approved and live resource documents: matched by physical id, then property by property.
 * A live document of a scoped type that no template declares is unmanaged, unless AWS made it
 * itself (a VPC's default network ACL, its main route table).
 */
public final class DocumentSetDiff {
  /** Types whose unmanaged members inside a managed VPC are findings. */
  static final Set<String> UNMANAGED_SCOPE =
      Set.of(
          NetworkDocuments.SUBNET,
          NetworkDocuments.NETWORK_ACL,
          NetworkDocuments.ROUTE_TABLE,
          NetworkDocuments.INTERNET_GATEWAY,
          NetworkDocuments.NAT_GATEWAY);

  private DocumentSetDiff() {}

  /** Findings for one stack. */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedDocument> approved,
      Map<String, ResourceDocument> live,
      Set<String> awsDefaults) {
    return compare(stack, approved, live, awsDefaults, Set.of(), Set.of());
  }

  /**
   * Findings for one stack; live documents {@code owned} by any stack of the assembly are never
   * unmanaged, nor are members of a {@code partial} approved document.
   */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedDocument> approved,
      Map<String, ResourceDocument> live,
      Set<String> awsDefaults,
      Set<String> owned,
      Set<String> partial) {
    List<Finding> findings = new ArrayList<>();
    for (ManagedDocument managed : approved.values()) {
      ResourceDocument want = managed.document();
      ResourceDocument have = live.get(want.physicalId());
      if (have == null) {
        findings.add(
            new Finding(
                FindingKind.MISSING,
                stack,
                want.type(),
                managed.logicalId(),
                want.physicalId(),
                "",
                "exists",
                "",
                want.type()
                    + " "
                    + managed.logicalId()
                    + " ("
                    + want.physicalId()
                    + ") is approved but does not exist",
                "",
                ExposureRules.resource(want.type(), FindingKind.MISSING)));
        continue;
      }
      for (DocumentDiff.Change change : DocumentDiff.compare(want, have)) {
        if (change.kind() == FindingKind.UNMANAGED && partial.contains(want.physicalId())) {
          // Some approved members could not be mapped: this one may be one of them.
          continue;
        }
        findings.add(
            new Finding(
                change.kind(),
                stack,
                want.type(),
                managed.logicalId(),
                want.physicalId(),
                change.path(),
                DocumentDiff.text(change.approved()),
                DocumentDiff.text(change.live()),
                describe(change, managed.logicalId() + " (" + want.physicalId() + ")"),
                lineDiff(change),
                ExposureRules.document(want.type(), change, want.document(), have.document()),
                Remediations.document(
                    want.type(),
                    want.physicalId(),
                    change.path(),
                    change.pointer(),
                    want.document(),
                    have.document())));
      }
    }
    for (ResourceDocument have : live.values()) {
      if (approved.containsKey(have.physicalId())
          || owned.contains(have.physicalId())
          || awsDefaults.contains(have.physicalId())
          || !UNMANAGED_SCOPE.contains(have.type())) {
        continue;
      }
      findings.add(
          new Finding(
              FindingKind.UNMANAGED,
              stack,
              have.type(),
              "",
              have.physicalId(),
              "",
              "",
              DocumentDiff.text(have.document()),
              have.type() + " " + have.physicalId() + " in a managed VPC is in no template",
              "",
              ExposureRules.resource(have.type(), FindingKind.UNMANAGED)));
    }
    findings.sort(Finding.order());
    return findings;
  }

  /**
   * An edited Suricata rule (or any one-line text value) gets the unified diff of its line, the way
   * a reviewer reads rule changes.
   */
  private static String lineDiff(DocumentDiff.Change change) {
    if (change.kind() != FindingKind.CHANGED
        || change.approved() == null
        || change.live() == null
        || !change.approved().isTextual()
        || !change.live().isTextual()
        || !change.path().contains("RulesString[")) {
      return "";
    }
    return TemplateDiff.unified(
        List.of(change.approved().textValue()), List.of(change.live().textValue()));
  }

  private static String describe(DocumentDiff.Change change, String resource) {
    return switch (change.kind()) {
      case UNMANAGED -> change.path() + " on " + resource + " is in no template";
      case MISSING -> "approved " + change.path() + " is gone from " + resource;
      default -> resource + ": " + change.path() + " differs";
    };
  }
}
