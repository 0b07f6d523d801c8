package io.netdrift.cdk;

import io.netdrift.rules.WafRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnIPSet;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The WAFv2 web ACL on the edge load balancer: an IP block-list, a rate limit, an optional geo
 * block and AWS managed rule groups with their reviewed action overrides; logs to CloudWatch.
 */
public final class EdgeWebAcl extends Construct {
  private final CfnWebACL webAcl;

  /** Builds the web ACL and associates it with {@code loadBalancer}. */
  public EdgeWebAcl(
      Construct scope, String id, IApplicationLoadBalancer loadBalancer, WafRules rules) {
    super(scope, id);
    CfnIPSet blockList =
        CfnIPSet.Builder.create(this, "BlockList")
            .name(rules.name() + "-block-list")
            .scope("REGIONAL")
            .ipAddressVersion("IPV4")
            .addresses(rules.blockList().addresses())
            .build();
    List<Object> waf = new ArrayList<>();
    waf.add(
        rule(
            "block-list",
            rules.blockList().priority(),
            block(),
            CfnWebACL.StatementProperty.builder()
                .ipSetReferenceStatement(
                    CfnWebACL.IPSetReferenceStatementProperty.builder()
                        .arn(blockList.getAttrArn())
                        .build())
                .build()));
    waf.add(
        rule(
            "rate-limit",
            rules.rateLimit().priority(),
            block(),
            CfnWebACL.StatementProperty.builder()
                .rateBasedStatement(
                    CfnWebACL.RateBasedStatementProperty.builder()
                        .limit(rules.rateLimit().limit())
                        .evaluationWindowSec(rules.rateLimit().windowSeconds())
                        .aggregateKeyType("IP")
                        .build())
                .build()));
    if (!rules.geoBlock().countries().isEmpty()) {
      waf.add(
          rule(
              "geo-block",
              rules.geoBlock().priority(),
              block(),
              CfnWebACL.StatementProperty.builder()
                  .geoMatchStatement(
                      CfnWebACL.GeoMatchStatementProperty.builder()
                          .countryCodes(rules.geoBlock().countries())
                          .build())
                  .build()));
    }
    for (WafRules.ManagedGroup group : rules.managedRuleGroups()) {
      List<CfnWebACL.RuleActionOverrideProperty> overrides = new ArrayList<>();
      new java.util.TreeMap<>(group.overrides())
          .forEach(
              (ruleName, action) ->
                  overrides.add(
                      CfnWebACL.RuleActionOverrideProperty.builder()
                          .name(ruleName)
                          .actionToUse(action(action))
                          .build()));
      waf.add(
          CfnWebACL.RuleProperty.builder()
              .name(group.name())
              .priority(group.priority())
              .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
              .statement(
                  CfnWebACL.StatementProperty.builder()
                      .managedRuleGroupStatement(
                          CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                              .vendorName("AWS")
                              .name(group.name())
                              .ruleActionOverrides(overrides.isEmpty() ? null : overrides)
                              .build())
                      .build())
              .visibilityConfig(visibility(group.name()))
              .build());
    }
    this.webAcl =
        CfnWebACL.Builder.create(this, "Resource")
            .name(rules.name())
            .scope("REGIONAL")
            .defaultAction(
                rules.defaultAllow()
                    ? CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build()
                    : CfnWebACL.DefaultActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder().build())
                        .build())
            .visibilityConfig(visibility(rules.name()))
            .rules(waf)
            .build();
    if (rules.locations().containsKey("")) {
      java.util.Map<String, String> members = new java.util.LinkedHashMap<>(rules.locations());
      members.remove("");
      members.remove("addresses");
      SourceMetadata.record(webAcl, rules.locations().get(""), members);
      SourceMetadata.record(blockList, rules.locations().get("addresses"), java.util.Map.of());
    }
    CfnWebACLAssociation.Builder.create(this, "Association")
        .resourceArn(loadBalancer.getLoadBalancerArn())
        .webAclArn(webAcl.getAttrArn())
        .build();
    // WAF only writes to log groups whose name starts with aws-waf-logs-.
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName("aws-waf-logs-" + rules.name())
            .retention(Retention.of(rules.logging().retentionDays()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    CfnLoggingConfiguration.Builder.create(this, "Logging")
        .resourceArn(webAcl.getAttrArn())
        .logDestinationConfigs(
            List.of(
                Stack.of(this)
                    .formatArn(
                        ArnComponents.builder()
                            .service("logs")
                            .resource("log-group")
                            .resourceName(logs.getLogGroupName())
                            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                            .build())))
        .redactedFields(
            rules.logging().redactedHeaders().stream()
                .map(
                    h ->
                        (Object)
                            CfnLoggingConfiguration.FieldToMatchProperty.builder()
                                .singleHeader(Map.of("Name", h))
                                .build())
                .toList())
        .build();
  }

  private static CfnWebACL.RuleProperty rule(
      String name,
      int priority,
      CfnWebACL.RuleActionProperty action,
      CfnWebACL.StatementProperty statement) {
    return CfnWebACL.RuleProperty.builder()
        .name(name)
        .priority(priority)
        .action(action)
        .statement(statement)
        .visibilityConfig(visibility(name))
        .build();
  }

  private static CfnWebACL.RuleActionProperty block() {
    return CfnWebACL.RuleActionProperty.builder()
        .block(CfnWebACL.BlockActionProperty.builder().build())
        .build();
  }

  private static CfnWebACL.RuleActionProperty action(String action) {
    return switch (action) {
      case "count" ->
          CfnWebACL.RuleActionProperty.builder()
              .count(CfnWebACL.CountActionProperty.builder().build())
              .build();
      case "allow" ->
          CfnWebACL.RuleActionProperty.builder()
              .allow(CfnWebACL.AllowActionProperty.builder().build())
              .build();
      default -> block();
    };
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metric.replaceAll("[^A-Za-z0-9-_]", "-"))
        .sampledRequestsEnabled(true)
        .build();
  }

  /** The web ACL. */
  public CfnWebACL webAcl() {
    return webAcl;
  }
}
