package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Route 53 Resolver (JSON 1.1, target prefix {@code Route53Resolver}) for DNS Firewall rule group
 * associations, kept as Cloud Control keeps them: {@code ListFirewallRuleGroupAssociations} with
 * its filters and pages (1 to 100, 100 by default), as the AWS CLI's example shows an association,
 * and {@code AssociateFirewallRuleGroup}, as an engineer adds one by hand.
 */
final class ResolverApi {
  static final String PREFIX = "Route53Resolver.";
  static final String TYPE = "AWS::Route53Resolver::FirewallRuleGroupAssociation";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudControlApi cloudControl;
  private final Ec2Model ec2;

  ResolverApi(CloudControlApi cloudControl, Ec2Model ec2) {
    this.cloudControl = cloudControl;
    this.ec2 = ec2;
  }

  ObjectNode handle(String operation, JsonNode in) {
    return switch (operation) {
      case "ListFirewallRuleGroupAssociations" -> {
        List<ObjectNode> matching =
            cloudControl.ofType(TYPE).stream()
                .filter(
                    a ->
                        matches(in, a, "VpcId")
                            && matches(in, a, "FirewallRuleGroupId")
                            && matches(in, a, "Status")
                            && (!in.has("Priority")
                                || in.get("Priority").asInt() == a.path("Priority").asInt()))
                .toList();
        int size = in.path("MaxResults").asInt(100);
        if (size < 1 || size > 100) {
          throw new AwsError(
              400, "ValidationException", "MaxResults must be between 1 and 100, not " + size);
        }
        Page<ObjectNode> page =
            Page.slice(
                matching, in.hasNonNull("NextToken") ? in.get("NextToken").asText() : null, size);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("FirewallRuleGroupAssociations");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
          out.put("NextToken", page.nextToken());
        }
        yield out;
      }
      case "AssociateFirewallRuleGroup" -> {
        String id = ec2.newId("rslvr-frgassoc");
        ObjectNode a = JSON.createObjectNode();
        a.put("Id", id)
            .put("Arn", Registry.arn(TYPE, ec2.region(), ec2.account(), id))
            .put("FirewallRuleGroupId", required(in, "FirewallRuleGroupId"))
            .put("VpcId", required(in, "VpcId"))
            .put("Name", in.path("Name").asText(""))
            .put("Priority", in.path("Priority").asInt())
            .put("MutationProtection", in.path("MutationProtection").asText("DISABLED"))
            .put("Status", "UPDATING")
            .put("StatusMessage", "Creating Firewall Rule Group Association")
            .put("CreatorRequestId", required(in, "CreatorRequestId"))
            .put("CreationTime", "2026-11-30T00:00:00.000000Z")
            .put("ModificationTime", "2026-11-30T00:00:00.000000Z");
        cloudControl.put(TYPE, id, a);
        ObjectNode out = JSON.createObjectNode();
        out.set("FirewallRuleGroupAssociation", a.deepCopy());
        yield out;
      }
      default -> throw new AwsError(400, "UnknownOperationException", "unknown " + operation);
    };
  }

  private static boolean matches(JsonNode in, JsonNode a, String field) {
    return !in.hasNonNull(field) || in.get(field).asText().equals(a.path(field).asText());
  }

  private static String required(JsonNode in, String field) {
    if (!in.hasNonNull(field)) {
      throw new AwsError(400, "ValidationException", field + " is required");
    }
    return in.get(field).asText();
  }
}
