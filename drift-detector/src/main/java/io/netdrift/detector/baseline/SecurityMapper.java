package io.netdrift.detector.baseline;

import static io.netdrift.detector.model.SecurityDocuments.NFW_FIREWALL;
import static io.netdrift.detector.model.SecurityDocuments.NFW_POLICY;
import static io.netdrift.detector.model.SecurityDocuments.NFW_RULE_GROUP;
import static io.netdrift.detector.model.SecurityDocuments.WAF_IP_SET;
import static io.netdrift.detector.model.SecurityDocuments.WAF_RULE_GROUP;
import static io.netdrift.detector.model.SecurityDocuments.WAF_WEB_ACL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Canonical;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the inspection firewall (rule groups, policy, firewall with its logging) and the web ACL
 * (with its IP sets, load-balancer associations and logging) onto canonical documents.
 */
final class SecurityMapper {
  static final String NFW_LOGGING = "AWS::NetworkFirewall::LoggingConfiguration";
  static final String WAF_ASSOCIATION = "AWS::WAFv2::WebACLAssociation";
  static final String WAF_LOGGING = "AWS::WAFv2::LoggingConfiguration";

  /** Resource types this mapper consumes. */
  static final Set<String> TYPES =
      Set.of(
          NFW_RULE_GROUP,
          NFW_POLICY,
          NFW_FIREWALL,
          NFW_LOGGING,
          WAF_WEB_ACL,
          WAF_IP_SET,
          WAF_RULE_GROUP,
          WAF_ASSOCIATION,
          WAF_LOGGING);

  private final MappingContext ctx;
  private final TemplateResolver resolver;

  SecurityMapper(MappingContext ctx) {
    this.ctx = ctx;
    this.resolver = ctx.resolver;
  }

  Map<String, ManagedDocument> map() {
    Map<String, ManagedDocument> documents = new LinkedHashMap<>();
    Map<String, JsonNode> firewallLogging = new LinkedHashMap<>();
    Map<String, List<String>> associations = new LinkedHashMap<>();
    Map<String, JsonNode> wafLogging = new LinkedHashMap<>();
    Set<String> failedChildren = new java.util.TreeSet<>();
    // Children first: they are folded into the parent documents built below.
    for (Map.Entry<String, JsonNode> r : ctx.resources(NFW_LOGGING, WAF_ASSOCIATION, WAF_LOGGING)) {
      String pointer = "/Resources/" + r.getKey() + "/Properties";
      JsonNode p = r.getValue().path("Properties");
      try {
        switch (r.getValue().path("Type").asText()) {
          case NFW_LOGGING ->
              firewallLogging.put(
                  resolver.text(p.path("FirewallArn"), pointer + "/FirewallArn"),
                  resolver.resolve(
                      p.path("LoggingConfiguration"), pointer + "/LoggingConfiguration"));
          case WAF_ASSOCIATION ->
              associations
                  .computeIfAbsent(
                      resolver.text(p.path("WebACLArn"), pointer + "/WebACLArn"),
                      k -> new ArrayList<>())
                  .add(resolver.text(p.path("ResourceArn"), pointer + "/ResourceArn"));
          default ->
              wafLogging.put(
                  resolver.text(p.path("ResourceArn"), pointer + "/ResourceArn"),
                  resolver.resolve(p, pointer));
        }
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
        // Which parent it belongs to may be what failed: every parent of its kind is partly known.
        failedChildren.add(
            r.getValue().path("Type").asText().equals(NFW_LOGGING) ? NFW_FIREWALL : WAF_WEB_ACL);
      }
    }
    for (Map.Entry<String, JsonNode> r :
        ctx.resources(
            NFW_RULE_GROUP, NFW_POLICY, NFW_FIREWALL, WAF_WEB_ACL, WAF_IP_SET, WAF_RULE_GROUP)) {
      String logicalId = r.getKey();
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + logicalId + "/Properties";
      String physical = ctx.physicalId(logicalId).orElse(null);
      if (physical == null) {
        continue;
      }
      JsonNode p = r.getValue().path("Properties");
      try {
        ResourceDocument doc =
            switch (type) {
              case NFW_RULE_GROUP ->
                  new ResourceDocument(
                      type,
                      physical,
                      SecurityDocuments.ruleGroup(
                          ctx.subset(p, pointer, "RuleGroupName", "Type", "Capacity", "RuleGroup")),
                      SecurityDocuments.RULE_GROUP_COLLECTIONS);
              case NFW_POLICY ->
                  new ResourceDocument(
                      type,
                      physical,
                      SecurityDocuments.firewallPolicy(
                          ctx.subset(p, pointer, "FirewallPolicyName", "FirewallPolicy")),
                      SecurityDocuments.POLICY_COLLECTIONS);
              case NFW_FIREWALL ->
                  new ResourceDocument(
                      type,
                      physical,
                      SecurityDocuments.firewall(
                          ctx.subset(
                              p,
                              pointer,
                              "FirewallName",
                              "FirewallPolicyArn",
                              "VpcId",
                              "SubnetMappings",
                              "DeleteProtection",
                              "SubnetChangeProtection",
                              "FirewallPolicyChangeProtection"),
                          firewallLogging.get(physical)),
                      SecurityDocuments.FIREWALL_COLLECTIONS);
              case WAF_WEB_ACL -> {
                String arn = resolver.text(getAtt(logicalId, "Arn"), pointer);
                yield new ResourceDocument(
                    type,
                    physical,
                    SecurityDocuments.webAcl(
                        ctx.subset(
                            p,
                            pointer,
                            "Name",
                            "DefaultAction",
                            "Description",
                            "Rules",
                            "VisibilityConfig",
                            "CustomResponseBodies",
                            "CaptchaConfig"),
                        associations.getOrDefault(arn, List.of()),
                        wafLogging.get(arn)),
                    SecurityDocuments.WEB_ACL_COLLECTIONS);
              }
              case WAF_RULE_GROUP ->
                  new ResourceDocument(
                      type,
                      physical,
                      SecurityDocuments.wafRuleGroup(
                          ctx.subset(
                              p,
                              pointer,
                              "Name",
                              "Capacity",
                              "Description",
                              "Rules",
                              "VisibilityConfig",
                              "CustomResponseBodies")),
                      SecurityDocuments.WAF_RULE_GROUP_COLLECTIONS);
              default ->
                  new ResourceDocument(
                      type,
                      physical,
                      SecurityDocuments.ipSet(
                          ctx.subset(
                              p, pointer, "Name", "IPAddressVersion", "Addresses", "Description")),
                      Set.of());
            };
        documents.put(physical, new ManagedDocument(logicalId, doc));
        if (failedChildren.contains(type)) {
          ctx.partial.add(physical);
        }
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
      } catch (IllegalArgumentException e) {
        ctx.problem(pointer, e.getMessage());
      }
    }
    return documents;
  }

  private static JsonNode getAtt(String logicalId, String attribute) {
    ObjectNode node = Canonical.object();
    ArrayNode args = node.putArray("Fn::GetAtt");
    args.add(logicalId).add(attribute);
    return node;
  }
}
