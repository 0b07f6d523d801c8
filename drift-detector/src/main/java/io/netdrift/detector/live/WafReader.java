package io.netdrift.detector.live;

import static io.netdrift.detector.model.SecurityDocuments.WAF_IP_SET;
import static io.netdrift.detector.model.SecurityDocuments.WAF_WEB_ACL;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.ResourceType;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.WafNonexistentItemException;

/**
 * Reads the managed web ACLs (with the resources they protect and their logging) and IP sets of
 * WAFv2. Resources are addressed by CloudFormation's physical id, {@code name|id|scope}.
 */
public final class WafReader {
  /**
   * Every kind of resource a regional web ACL protects: WAF lists one kind per call (load balancers
   * where none is named). Amplify apps take a CloudFront-scope ACL, and CloudFront distributions
   * name their ACL in their own configuration.
   */
  static final List<ResourceType> REGIONAL_TYPES =
      List.of(
          ResourceType.APPLICATION_LOAD_BALANCER,
          ResourceType.API_GATEWAY,
          ResourceType.APPSYNC,
          ResourceType.COGNITO_USER_POOL,
          ResourceType.APP_RUNNER_SERVICE,
          ResourceType.VERIFIED_ACCESS_INSTANCE);

  private final Wafv2Client regional;
  private final java.util.function.Supplier<Wafv2Client> global;

  /**
   * Reads regional resources through {@code regional}, and CloudFront-scope ones through {@code
   * global}: WAF answers the CLOUDFRONT scope in us-east-1 only.
   */
  public WafReader(Wafv2Client regional, java.util.function.Supplier<Wafv2Client> global) {
    this.regional = regional;
    this.global = global;
  }

  private Wafv2Client client(String scope) {
    return scope.equals("CLOUDFRONT") ? global.get() : regional;
  }

  /** The documents of the resources that exist; a missing one is simply absent. */
  public Map<String, ResourceDocument> read(
      Collection<String> webAclIds, Collection<String> ipSetIds, Collection<String> ruleGroupIds) {
    Map<String, ResourceDocument> docs = new TreeMap<>();
    for (String physical : webAclIds) {
      String[] p = physical.split("\\|");
      try {
        Wafv2Client client = client(p[2]);
        GetWebAclResponse response =
            client.getWebACL(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2])));
        String arn = response.webACL().arn();
        List<String> associated = new ArrayList<>();
        for (ResourceType type :
            p[2].equals("CLOUDFRONT") ? List.of(ResourceType.AMPLIFY) : REGIONAL_TYPES) {
          associated.addAll(
              client
                  .listResourcesForWebACL(r -> r.webACLArn(arn).resourceType(type))
                  .resourceArns());
        }
        JsonNode logging = null;
        try {
          logging =
              SdkJson.of(
                  client.getLoggingConfiguration(r -> r.resourceArn(arn)).loggingConfiguration());
        } catch (WafNonexistentItemException e) {
          // No logging configured: the document says so by leaving Logging out.
        }
        docs.put(
            physical,
            new ResourceDocument(
                WAF_WEB_ACL,
                physical,
                SecurityDocuments.webAcl(SdkJson.of(response.webACL()), associated, logging),
                SecurityDocuments.WEB_ACL_COLLECTIONS));
      } catch (WafNonexistentItemException e) {
        // Absent: MISSING.
      }
    }
    for (String physical : ipSetIds) {
      String[] p = physical.split("\\|");
      try {
        var set =
            client(p[2]).getIPSet(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2]))).ipSet();
        docs.put(
            physical,
            new ResourceDocument(
                WAF_IP_SET, physical, SecurityDocuments.ipSet(SdkJson.of(set)), Set.of()));
      } catch (WafNonexistentItemException e) {
        // Absent: MISSING.
      }
    }
    for (String physical : ruleGroupIds) {
      String[] p = physical.split("\\|");
      try {
        var group =
            client(p[2])
                .getRuleGroup(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2])))
                .ruleGroup();
        docs.put(
            physical,
            new ResourceDocument(
                SecurityDocuments.WAF_RULE_GROUP,
                physical,
                SecurityDocuments.wafRuleGroup(SdkJson.of(group)),
                SecurityDocuments.WAF_RULE_GROUP_COLLECTIONS));
      } catch (WafNonexistentItemException e) {
        // Absent: MISSING.
      }
    }
    return docs;
  }
}
