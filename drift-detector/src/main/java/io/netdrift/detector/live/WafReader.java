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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Supplier;
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

  /** Reads of one WAF read made at once. */
  private static final int READS_AT_ONCE = 8;

  /**
   * The documents of the resources that exist; a missing one is simply absent. Each web ACL is read
   * first, then the resources it protects (one call per kind) and its logging at once; the IP sets
   * and rule groups beside them.
   */
  public Map<String, ResourceDocument> read(
      Collection<String> webAclIds, Collection<String> ipSetIds, Collection<String> ruleGroupIds) {
    Map<String, ResourceDocument> docs = new TreeMap<>();
    try (ParallelReads reads = new ParallelReads(READS_AT_ONCE, "netdrift-waf-read")) {
      List<Future<Optional<ResourceDocument>>> started = new ArrayList<>();
      for (String physical : ipSetIds) {
        started.add(reads.start(() -> absentIfMissing(() -> ipSet(physical))));
      }
      for (String physical : ruleGroupIds) {
        started.add(reads.start(() -> absentIfMissing(() -> ruleGroup(physical))));
      }
      List<Supplier<ResourceDocument>> webAcls = new ArrayList<>();
      for (String physical : webAclIds) {
        absentIfMissing(() -> webAcl(physical, reads)).ifPresent(webAcls::add);
      }
      for (Supplier<ResourceDocument> webAcl : webAcls) {
        absentIfMissing(webAcl).ifPresent(d -> docs.put(d.physicalId(), d));
      }
      for (Future<Optional<ResourceDocument>> read : started) {
        ParallelReads.join(read).ifPresent(d -> docs.put(d.physicalId(), d));
      }
    }
    return docs;
  }

  /** What {@code read} answers; nothing where WAF says the resource does not exist (MISSING). */
  private static <T> Optional<T> absentIfMissing(Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (WafNonexistentItemException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the web ACL {@code physical} and starts the reads of what it protects and of its logging:
   * its document once they are answered.
   */
  private Supplier<ResourceDocument> webAcl(String physical, ParallelReads reads) {
    String[] p = physical.split("\\|");
    Wafv2Client client = client(p[2]);
    GetWebAclResponse response =
        client.getWebACL(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2])));
    String arn = response.webACL().arn();
    List<Future<List<String>>> associated = new ArrayList<>();
    for (ResourceType type :
        p[2].equals("CLOUDFRONT") ? List.of(ResourceType.AMPLIFY) : REGIONAL_TYPES) {
      associated.add(
          reads.start(
              () ->
                  client
                      .listResourcesForWebACL(r -> r.webACLArn(arn).resourceType(type))
                      .resourceArns()));
    }
    Future<Optional<JsonNode>> logging =
        reads.start(
            () ->
                // No logging configured: the document says so by leaving Logging out.
                absentIfMissing(
                    () ->
                        SdkJson.of(
                            client
                                .getLoggingConfiguration(r -> r.resourceArn(arn))
                                .loggingConfiguration())));
    return () -> {
      List<String> resources = new ArrayList<>();
      associated.forEach(read -> resources.addAll(ParallelReads.join(read)));
      return new ResourceDocument(
          WAF_WEB_ACL,
          physical,
          SecurityDocuments.webAcl(
              SdkJson.of(response.webACL()), resources, ParallelReads.join(logging).orElse(null)),
          SecurityDocuments.WEB_ACL_COLLECTIONS);
    };
  }

  private ResourceDocument ipSet(String physical) {
    String[] p = physical.split("\\|");
    var set =
        client(p[2]).getIPSet(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2]))).ipSet();
    return new ResourceDocument(
        WAF_IP_SET, physical, SecurityDocuments.ipSet(SdkJson.of(set)), Set.of());
  }

  private ResourceDocument ruleGroup(String physical) {
    String[] p = physical.split("\\|");
    var group =
        client(p[2])
            .getRuleGroup(r -> r.name(p[0]).id(p[1]).scope(Scope.fromValue(p[2])))
            .ruleGroup();
    return new ResourceDocument(
        SecurityDocuments.WAF_RULE_GROUP,
        physical,
        SecurityDocuments.wafRuleGroup(SdkJson.of(group)),
        SecurityDocuments.WAF_RULE_GROUP_COLLECTIONS);
  }
}
