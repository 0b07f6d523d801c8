package io.netdrift.detector.live;

import static io.netdrift.detector.model.SecurityDocuments.NFW_FIREWALL;
import static io.netdrift.detector.model.SecurityDocuments.NFW_POLICY;
import static io.netdrift.detector.model.SecurityDocuments.NFW_RULE_GROUP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallPolicyResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;

/**
 * Reads the managed firewalls, firewall policies and rule groups of AWS Network Firewall, by ARN.
 */
public final class FirewallReader {
  private final NetworkFirewallClient client;

  /** Reads through {@code client}. */
  public FirewallReader(NetworkFirewallClient client) {
    this.client = client;
  }

  /**
   * A firewall's {@code EndpointIds} as CloudFormation exposes them ({@code zone:vpce-…}), sorted
   * by zone like the subnet mappings a template lists zone by zone; empty where it does not exist.
   */
  public ArrayNode endpointIds(String firewallArn) {
    ArrayNode ids = JsonNodeFactory.instance.arrayNode();
    try {
      DescribeFirewallResponse response = client.describeFirewall(r -> r.firewallArn(firewallArn));
      if (response.firewallStatus() != null) {
        new TreeMap<>(response.firewallStatus().syncStates())
            .forEach(
                (zone, state) -> {
                  if (state.attachment() != null && state.attachment().endpointId() != null) {
                    ids.add(zone + ":" + state.attachment().endpointId());
                  }
                });
      }
    } catch (ResourceNotFoundException e) {
      // Gone: the firewall document will say MISSING.
    }
    return ids;
  }

  /** The documents of the resources that exist; a missing one is simply absent. */
  public Map<String, ResourceDocument> read(
      Collection<String> firewallArns,
      Collection<String> policyArns,
      Collection<String> ruleGroupArns) {
    Map<String, ResourceDocument> docs = new TreeMap<>();
    for (String arn : firewallArns) {
      try {
        DescribeFirewallResponse response = client.describeFirewall(r -> r.firewallArn(arn));
        JsonNode logging = null;
        var config =
            client.describeLoggingConfiguration(r -> r.firewallArn(arn)).loggingConfiguration();
        if (config != null) {
          logging = SdkJson.of(config);
        }
        docs.put(
            arn,
            new ResourceDocument(
                NFW_FIREWALL,
                arn,
                SecurityDocuments.firewall(SdkJson.of(response.firewall()), logging)
                    .put(
                        "Health",
                        response.firewallStatus() == null
                            ? SecurityDocuments.HEALTHY
                            : SecurityDocuments.health(SdkJson.of(response.firewallStatus()))),
                SecurityDocuments.FIREWALL_COLLECTIONS));
      } catch (ResourceNotFoundException e) {
        // Absent: MISSING.
      }
    }
    for (String arn : policyArns) {
      try {
        DescribeFirewallPolicyResponse response =
            client.describeFirewallPolicy(r -> r.firewallPolicyArn(arn));
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.put("FirewallPolicyName", response.firewallPolicyResponse().firewallPolicyName());
        raw.set("FirewallPolicy", SdkJson.of(response.firewallPolicy()));
        docs.put(
            arn,
            new ResourceDocument(
                NFW_POLICY,
                arn,
                SecurityDocuments.firewallPolicy(raw),
                SecurityDocuments.POLICY_COLLECTIONS));
      } catch (ResourceNotFoundException e) {
        // Absent: MISSING.
      }
    }
    for (String arn : ruleGroupArns) {
      try {
        DescribeRuleGroupResponse response = client.describeRuleGroup(r -> r.ruleGroupArn(arn));
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.put("RuleGroupName", response.ruleGroupResponse().ruleGroupName());
        raw.put("Type", response.ruleGroupResponse().typeAsString());
        raw.put("Capacity", response.ruleGroupResponse().capacity());
        raw.set("RuleGroup", SdkJson.of(response.ruleGroup()));
        docs.put(
            arn,
            new ResourceDocument(
                NFW_RULE_GROUP,
                arn,
                SecurityDocuments.ruleGroup(raw),
                SecurityDocuments.RULE_GROUP_COLLECTIONS));
      } catch (ResourceNotFoundException e) {
        // Absent: MISSING.
      }
    }
    return docs;
  }
}
