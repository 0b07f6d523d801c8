package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * AWS Network Firewall (JSON 1.0, {@code X-Amz-Target: NetworkFirewall_20201112.*}): rule groups,
 * firewall policies, firewalls with their per-zone endpoints, logging configurations. Each write
 * checks and renews the resource's {@code UpdateToken}, as the service does.
 */
public final class NetworkFirewallApi {
  static final String PREFIX = "NetworkFirewall_20201112.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String account;
  private final String region;
  private final IntSupplier pageCap;
  final Map<String, ObjectNode> ruleGroups = new LinkedHashMap<>();
  final Map<String, ObjectNode> policies = new LinkedHashMap<>();
  final Map<String, ObjectNode> firewalls = new LinkedHashMap<>();
  final Map<String, ObjectNode> logging = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();

  NetworkFirewallApi(String account, String region, IntSupplier pageCap) {
    this.account = account;
    this.region = region;
    this.pageCap = pageCap;
  }

  /** Creates a rule group from CloudFormation properties; returns its ARN. */
  synchronized String createRuleGroup(JsonNode p) {
    String type = p.path("Type").asText();
    String arn =
        arn(
            (type.equals("STATEFUL") ? "stateful" : "stateless")
                + "-rulegroup/"
                + p.path("RuleGroupName").asText());
    ObjectNode response = JSON.createObjectNode();
    response
        .put("RuleGroupArn", arn)
        .put("RuleGroupName", p.path("RuleGroupName").asText())
        .put("RuleGroupId", id())
        .put("Type", type)
        .put("Capacity", p.path("Capacity").asInt())
        .put("RuleGroupStatus", "ACTIVE")
        .put("ConsumedCapacity", 0)
        .put("NumberOfAssociations", 1);
    ObjectNode state = JSON.createObjectNode();
    state.set("RuleGroupResponse", response);
    state.set("RuleGroup", p.path("RuleGroup").deepCopy());
    ruleGroups.put(arn, state);
    tokens.put(arn, id());
    return arn;
  }

  synchronized String createPolicy(JsonNode p) {
    String arn = arn("firewall-policy/" + p.path("FirewallPolicyName").asText());
    ObjectNode state = JSON.createObjectNode();
    state
        .putObject("FirewallPolicyResponse")
        .put("FirewallPolicyArn", arn)
        .put("FirewallPolicyName", p.path("FirewallPolicyName").asText())
        .put("FirewallPolicyId", id())
        .put("FirewallPolicyStatus", "ACTIVE")
        .put("NumberOfAssociations", 1);
    state.set("FirewallPolicy", p.path("FirewallPolicy").deepCopy());
    policies.put(arn, state);
    tokens.put(arn, id());
    return arn;
  }

  /** Sets the status of a firewall's endpoint in {@code zone}, as the service reports a fault. */
  public synchronized void setEndpointStatus(
      String firewallArn, String zone, String status, String message) {
    ObjectNode attachment =
        (ObjectNode)
            firewalls
                .get(firewallArn)
                .path("FirewallStatus")
                .path("SyncStates")
                .path(zone)
                .path("Attachment");
    attachment.put("Status", status).put("StatusMessage", message);
  }

  /** Creates a firewall; {@code endpoints} maps each subnet to its zone and endpoint. */
  synchronized String createFirewall(JsonNode p, Map<String, String[]> endpoints) {
    String arn = arn("firewall/" + p.path("FirewallName").asText());
    ObjectNode firewall = JSON.createObjectNode();
    firewall
        .put("FirewallName", p.path("FirewallName").asText())
        .put("FirewallArn", arn)
        .put("FirewallId", id())
        .put("FirewallPolicyArn", p.path("FirewallPolicyArn").asText())
        .put("VpcId", p.path("VpcId").asText())
        .put("DeleteProtection", p.path("DeleteProtection").asBoolean(false))
        .put("SubnetChangeProtection", p.path("SubnetChangeProtection").asBoolean(false))
        .put(
            "FirewallPolicyChangeProtection",
            p.path("FirewallPolicyChangeProtection").asBoolean(false));
    ArrayNode mappings = firewall.putArray("SubnetMappings");
    ObjectNode sync = JSON.createObjectNode();
    endpoints.forEach(
        (subnet, zoneAndEndpoint) -> {
          mappings.addObject().put("SubnetId", subnet).put("IPAddressType", "IPV4");
          sync.putObject(zoneAndEndpoint[0])
              .putObject("Attachment")
              .put("SubnetId", subnet)
              .put("EndpointId", zoneAndEndpoint[1])
              .put("Status", "READY");
        });
    ObjectNode state = JSON.createObjectNode();
    state.set("Firewall", firewall);
    state
        .putObject("FirewallStatus")
        .put("Status", "READY")
        .put("ConfigurationSyncStateSummary", "IN_SYNC")
        .set("SyncStates", sync);
    firewalls.put(arn, state);
    tokens.put(arn, id());
    return arn;
  }

  synchronized void putLogging(String firewallArn, JsonNode configuration) {
    logging.put(firewallArn, (ObjectNode) configuration.deepCopy());
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    return switch (operation) {
      case "ListFirewalls" ->
          list(
              in,
              "Firewalls",
              firewalls.values().stream()
                  .filter(
                      f ->
                          !in.has("VpcIds")
                              || contains(
                                  in.get("VpcIds"), f.path("Firewall").path("VpcId").asText()))
                  .map(
                      f ->
                          (JsonNode)
                              JSON.createObjectNode()
                                  .put(
                                      "FirewallName",
                                      f.path("Firewall").path("FirewallName").asText())
                                  .put(
                                      "FirewallArn",
                                      f.path("Firewall").path("FirewallArn").asText()))
                  .toList());
      case "DescribeFirewall" -> {
        String arn =
            in.has("FirewallArn")
                ? in.get("FirewallArn").asText()
                : arn("firewall/" + in.path("FirewallName").asText());
        ObjectNode out = found(firewalls, arn, "Firewall").deepCopy();
        yield out.put("UpdateToken", tokens.get(arn));
      }
      case "DescribeFirewallPolicy" -> {
        String arn = in.path("FirewallPolicyArn").asText();
        yield found(policies, arn, "FirewallPolicy").deepCopy().put("UpdateToken", tokens.get(arn));
      }
      case "DescribeRuleGroup" -> {
        String arn = in.path("RuleGroupArn").asText();
        yield found(ruleGroups, arn, "RuleGroup").deepCopy().put("UpdateToken", tokens.get(arn));
      }
      case "DescribeLoggingConfiguration" -> {
        String arn = in.path("FirewallArn").asText();
        found(firewalls, arn, "Firewall");
        ObjectNode out = JSON.createObjectNode().put("FirewallArn", arn);
        if (logging.containsKey(arn)) {
          out.set("LoggingConfiguration", logging.get(arn).deepCopy());
        }
        yield out;
      }
      case "UpdateRuleGroup" -> {
        String arn = in.path("RuleGroupArn").asText();
        ObjectNode state = found(ruleGroups, arn, "RuleGroup");
        checkToken(arn, in);
        state.set("RuleGroup", in.path("RuleGroup").deepCopy());
        yield token(
            arn,
            JSON.createObjectNode()
                .set("RuleGroupResponse", state.get("RuleGroupResponse").deepCopy()));
      }
      case "UpdateFirewallPolicy" -> {
        String arn = in.path("FirewallPolicyArn").asText();
        ObjectNode state = found(policies, arn, "FirewallPolicy");
        checkToken(arn, in);
        state.set("FirewallPolicy", in.path("FirewallPolicy").deepCopy());
        yield token(
            arn,
            JSON.createObjectNode()
                .set("FirewallPolicyResponse", state.get("FirewallPolicyResponse").deepCopy()));
      }
      case "UpdateFirewallDeleteProtection" -> {
        String arn = in.path("FirewallArn").asText();
        ObjectNode firewall = (ObjectNode) found(firewalls, arn, "Firewall").get("Firewall");
        // The token is optional here (the service model requires DeleteProtection only):
        // without one, the change is unconditional.
        if (in.has("UpdateToken")) {
          checkToken(arn, in);
        }
        firewall.put("DeleteProtection", in.path("DeleteProtection").asBoolean());
        yield token(
            arn,
            JSON.createObjectNode()
                .put("FirewallArn", arn)
                .put("DeleteProtection", in.path("DeleteProtection").asBoolean()));
      }
      case "UpdateLoggingConfiguration" -> {
        String arn = in.path("FirewallArn").asText();
        found(firewalls, arn, "Firewall");
        putLogging(arn, in.path("LoggingConfiguration"));
        yield JSON.createObjectNode()
            .put("FirewallArn", arn)
            .set("LoggingConfiguration", in.path("LoggingConfiguration"));
      }
      default ->
          throw new AwsError(400, "InvalidRequestException", "unsupported operation " + operation);
    };
  }

  private ObjectNode list(JsonNode in, String key, List<JsonNode> all) {
    int max = in.path("MaxResults").asInt(100);
    if (max < 1 || max > 100) {
      throw new AwsError(400, "InvalidRequestException", "MaxResults must be between 1 and 100");
    }
    Page<JsonNode> page =
        Page.slice(
            all,
            in.hasNonNull("NextToken") ? in.get("NextToken").asText() : null,
            Math.min(max, pageCap.getAsInt()));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray(key);
    page.items().forEach(items::add);
    if (page.nextToken() != null) {
      out.put("NextToken", page.nextToken());
    }
    return out;
  }

  private static ObjectNode found(Map<String, ObjectNode> map, String arn, String what) {
    ObjectNode state = map.get(arn);
    if (state == null) {
      throw new AwsError(400, "ResourceNotFoundException", what + " " + arn + " does not exist");
    }
    return state;
  }

  private void checkToken(String arn, JsonNode in) {
    if (!tokens.get(arn).equals(in.path("UpdateToken").asText())) {
      throw new AwsError(
          400, "InvalidTokenException", "Update token is stale; describe the resource again");
    }
  }

  private ObjectNode token(String arn, ObjectNode out) {
    String next = id();
    tokens.put(arn, next);
    return out.put("UpdateToken", next);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private String arn(String resource) {
    return "arn:aws:network-firewall:" + region + ":" + account + ":" + resource;
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
