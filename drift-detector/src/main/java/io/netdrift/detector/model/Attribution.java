package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Who made a drift, from CloudTrail: the caller, the call, when and from where. {@code known} is
 * false where no event was found or CloudTrail could not be asked; {@code note} then says which.
 */
public record Attribution(
    boolean known,
    String principal,
    String eventName,
    Instant time,
    String sourceIp,
    String userAgent,
    String note) {
  public Attribution {
    principal = principal == null ? "" : principal;
    eventName = eventName == null ? "" : eventName;
    sourceIp = sourceIp == null ? "" : sourceIp;
    userAgent = userAgent == null ? "" : userAgent;
    note = note == null ? "" : note;
  }

  /** Nobody found; {@code why} is said in the report instead. */
  public static Attribution unknown(String why) {
    return new Attribution(false, "", "", null, "", "", why);
  }

  /**
   * For reports: {@code arn:aws:iam::…:user/alice via AuthorizeSecurityGroupIngress at … from
   * 203.0.113.7 (aws-cli/2.15.0)}; the user agent's first word names the tool.
   */
  public String describe() {
    if (!known) {
      return "unknown (" + note + ")";
    }
    return principal
        + " via "
        + eventName
        + " at "
        + time
        + (sourceIp.isEmpty() ? "" : " from " + sourceIp)
        + (userAgent.isEmpty() ? "" : " (" + userAgent.split(" ", 2)[0] + ")");
  }

  /** Writes this attribution into {@code node}: the JSON report's and the alert state's form. */
  public void writeTo(ObjectNode node) {
    node.put("known", known);
    if (known) {
      node.put("principal", principal);
      node.put("eventName", eventName);
      node.put("time", time.toString());
      node.put("sourceIp", sourceIp);
      node.put("userAgent", userAgent);
    } else {
      node.put("note", note);
    }
  }

  /** Reads what {@link #writeTo} wrote; a missing node is "not looked up". */
  public static Attribution readFrom(JsonNode node) {
    if (!node.path("known").asBoolean(false)) {
      return unknown(node.path("note").asText("not looked up"));
    }
    return new Attribution(
        true,
        node.path("principal").asText(),
        node.path("eventName").asText(),
        Instant.parse(node.path("time").asText()),
        node.path("sourceIp").asText(),
        node.path("userAgent").asText(),
        "");
  }
}
