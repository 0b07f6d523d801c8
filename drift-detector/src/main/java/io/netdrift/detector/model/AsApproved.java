package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A live document made comparable with its approved one, where AWS answers more than a template can
 * say: a subnet's zone in both spellings (name and id) or, where the template names none, the zone
 * EC2 chose, the rule groups Firewall Manager adds to a customer's web ACL. Nothing the template
 * can state is removed.
 */
public final class AsApproved {
  private AsApproved() {}

  /** {@code live} as it is compared with {@code approved}. */
  public static ResourceDocument live(ResourceDocument approved, ResourceDocument live) {
    ObjectNode doc = null;
    if (live.type().equals(NetworkDocuments.SUBNET)
        && live.document().has("AvailabilityZone")
        && live.document().has("AvailabilityZoneId")) {
      doc = live.document().deepCopy();
      doc.remove(
          approved.document().has("AvailabilityZone") ? "AvailabilityZoneId" : "AvailabilityZone");
    }
    if (live.type().equals(NetworkDocuments.SUBNET)
        && approved.document().path("AvailabilityZone").asText("").isEmpty()
        && !approved.document().has("AvailabilityZoneId")) {
      // A template that names no zone lets EC2 choose one: whichever it chose is as approved.
      doc = doc == null ? live.document().deepCopy() : doc;
      doc.remove("AvailabilityZoneId");
      if (approved.document().has("AvailabilityZone")) {
        doc.set("AvailabilityZone", approved.document().get("AvailabilityZone"));
      } else {
        doc.remove("AvailabilityZone");
      }
    }
    if (live.document().has(SecurityDocuments.FIREWALL_MANAGER_RULE_GROUPS)) {
      doc = doc == null ? live.document().deepCopy() : doc;
      doc.remove(SecurityDocuments.FIREWALL_MANAGER_RULE_GROUPS);
    }
    return doc == null
        ? live
        : new ResourceDocument(live.type(), live.physicalId(), doc, live.collections());
  }
}
