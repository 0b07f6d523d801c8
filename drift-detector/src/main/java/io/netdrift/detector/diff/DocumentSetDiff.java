package io.netdrift.detector.diff;

import io.netdrift.detector.model.AsApproved;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.GenericDocuments;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SeenResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
          NetworkDocuments.NAT_GATEWAY,
          NetworkDocuments.TGW_ROUTE_TABLE);

  private DocumentSetDiff() {}

  /** Findings for one stack. */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedDocument> approved,
      Map<String, ResourceDocument> live,
      Set<String> awsDefaults) {
    Set<String> vpcs = new java.util.TreeSet<>();
    live.values().forEach(d -> vpcs.add(vpcOf(d, live)));
    return compare(stack, approved, live, awsDefaults, Scope.of(vpcs));
  }

  /**
   * Findings for one stack; a live document no template declares is unmanaged only where {@code
   * scope} says so: in one of its VPCs, owned by no stack of the assembly; members of a partial
   * approved document are never unmanaged.
   */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedDocument> approved,
      Map<String, ResourceDocument> live,
      Set<String> awsDefaults,
      Scope scope) {
    return compare(stack, approved, live, awsDefaults, scope, Map.of());
  }

  /**
   * As above; {@code endpointZones} names the zone of each firewall endpoint, so a route sent to
   * the same firewall's endpoint in another zone is said as such, not as a different target.
   */
  public static List<Finding> compare(
      String stack,
      Map<String, ManagedDocument> approved,
      Map<String, ResourceDocument> live,
      Set<String> awsDefaults,
      Scope scope,
      Map<String, String> endpointZones) {
    Set<String> owned = scope.owned();
    Set<String> partial = scope.partial();
    List<Finding> findings = new ArrayList<>();
    for (ManagedDocument managed : approved.values()) {
      ResourceDocument want = managed.document();
      ResourceDocument found = live.get(want.physicalId());
      if (found == null) {
        findings.add(
            Finding.missing(
                    new Finding.Resource(
                        stack, want.type(), managed.logicalId(), want.physicalId()))
                .approved("exists")
                .summary(
                    want.type()
                        + " "
                        + managed.logicalId()
                        + " ("
                        + want.physicalId()
                        + ") is approved but does not exist"
                        + comparedHow(want.type()))
                .exposure(ExposureRules.resource(want.type(), FindingKind.MISSING))
                .build());
        continue;
      }
      ResourceDocument have = AsApproved.live(want, found);
      for (DocumentDiff.Change change : DocumentDiff.compare(want, have)) {
        if (change.kind() == FindingKind.UNMANAGED && partial.contains(want.physicalId())) {
          // Some approved members could not be mapped: this one may be one of them.
          continue;
        }
        Optional<Finding> crossZone = crossZone(stack, managed, change, endpointZones);
        if (crossZone.isPresent()) {
          findings.add(crossZone.get());
          continue;
        }
        findings.add(
            Finding.of(
                    change.kind(),
                    new Finding.Resource(
                        stack, want.type(), managed.logicalId(), want.physicalId()))
                .property(change.path())
                .approved(DocumentDiff.text(change.approved()))
                .live(DocumentDiff.text(change.live()))
                .summary(
                    describe(change, managed.logicalId() + " (" + want.physicalId() + ")")
                        + comparedHow(want.type()))
                .diff(lineDiff(change))
                .exposure(
                    ExposureRules.document(want.type(), change, want.document(), have.document()))
                .repair(
                    new Repair.Document(
                        want.type(),
                        want.physicalId(),
                        change.path(),
                        change.pointer(),
                        want.document(),
                        have.document()))
                .build());
      }
    }
    for (ResourceDocument have : live.values()) {
      if (approved.containsKey(have.physicalId())
          || !scope.unmanaged(have.physicalId(), vpcOf(have, live))
          || awsDefaults.contains(have.physicalId())
          || !UNMANAGED_SCOPE.contains(have.type())) {
        continue;
      }
      findings.add(
          Finding.unmanaged(new Finding.Resource(stack, have.type(), "", have.physicalId()))
              .live(DocumentDiff.text(have.document()))
              .summary(
                  have.type()
                      + " "
                      + have.physicalId()
                      + (have.type().equals(NetworkDocuments.TGW_ROUTE_TABLE)
                          ? " on a managed Transit Gateway"
                          : " in a managed VPC")
                      + " is in no template")
              .exposure(ExposureRules.resource(have.type(), FindingKind.UNMANAGED))
              .build());
    }
    findings.sort(Finding.order());
    return findings;
  }

  /**
   * The endpoints, peerings and attachments seen on the stack's managed VPCs and gateways that no
   * stack of the assembly owns: each a path in or out no template approves.
   */
  public static List<Finding> unmanagedPaths(
      String stack, java.util.Collection<SeenResource> seen, Scope scope) {
    List<Finding> findings = new ArrayList<>();
    for (SeenResource r : seen) {
      if (!scope.unmanaged(r.physicalId(), r.scope())) {
        continue;
      }
      findings.add(
          Finding.unmanaged(new Finding.Resource(stack, r.type(), "", r.physicalId()))
              .live(r.live())
              .summary(
                  r.type()
                      + " "
                      + r.physicalId()
                      + " on managed "
                      + r.scope()
                      + " is in no template")
              .exposure(ExposureRules.path(r.type(), r.active(), r.live()))
              .build());
    }
    findings.sort(Finding.order());
    return findings;
  }

  /** How a type was compared, where not by a model of its own. */
  private static String comparedHow(String type) {
    return GenericDocuments.isGeneric(type) ? " (" + GenericDocuments.GENERIC + ")" : "";
  }

  /**
   * A route whose approved and live targets are endpoints of the same firewall in different zones:
   * traffic is still inspected, by the same firewall, across zones. It is what a template that
   * picks an endpoint by its place in EndpointIds gets, as CloudFormation lists them in the
   * service's own order; the template, not the route, is what to fix.
   */
  private static Optional<Finding> crossZone(
      String stack,
      ManagedDocument managed,
      DocumentDiff.Change change,
      Map<String, String> endpointZones) {
    if (change.kind() != FindingKind.CHANGED
        || !managed.document().type().equals(NetworkDocuments.ROUTE_TABLE)
        || !change.path().endsWith(".GatewayId")
        || change.approved() == null
        || change.live() == null) {
      return Optional.empty();
    }
    String approvedZone = endpointZones.get(change.approved().asText());
    String liveZone = endpointZones.get(change.live().asText());
    if (approvedZone == null || liveZone == null || approvedZone.equals(liveZone)) {
      return Optional.empty();
    }
    String resource = managed.logicalId() + " (" + managed.document().physicalId() + ")";
    return Optional.of(
        Finding.changed(
                new Finding.Resource(
                    stack,
                    managed.document().type(),
                    managed.logicalId(),
                    managed.document().physicalId()))
            .property(change.path())
            .approved(change.approved().asText() + " (" + approvedZone + ")")
            .live(change.live().asText() + " (" + liveZone + ")")
            .summary(
                resource
                    + ": "
                    + change.path()
                    + " sends traffic to the firewall endpoint in "
                    + liveZone
                    + ", not "
                    + approvedZone
                    + ": still inspected, across zones; pick the endpoint by zone in the template")
            .exposure(Exposure.unchanged("the same firewall inspects it, in another zone"))
            .repair(
                Repair.manual(
                    "select the zone's endpoint by its zone, not by its place in EndpointIds (which"
                        + " CloudFormation lists in the service's own order), and deploy"))
            .build());
  }

  /**
   * The VPC a live network document sits in: its own {@code VpcId}, the VPC an internet gateway is
   * attached to, or the VPC of a NAT gateway's subnet; empty where none is known.
   */
  static String vpcOf(ResourceDocument doc, Map<String, ResourceDocument> live) {
    com.fasterxml.jackson.databind.JsonNode d = doc.document();
    if (d.hasNonNull("VpcId")) {
      return d.get("VpcId").asText();
    }
    if (d.hasNonNull("TransitGatewayId")) {
      // A Transit Gateway's route tables are in its scope as a VPC's subnets are in the VPC's.
      return d.get("TransitGatewayId").asText();
    }
    if (d.path("Attachments").isArray() && d.path("Attachments").size() > 0) {
      return d.path("Attachments").get(0).asText();
    }
    ResourceDocument subnet = live.get(d.path("SubnetId").asText());
    return subnet == null ? "" : subnet.document().path("VpcId").asText();
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
