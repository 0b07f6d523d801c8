package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.wafv2.model.CountAction;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;

/** A WAFv2 rule group of its own stack: compared rule by rule like a web ACL. */
class WafRuleGroupTest {
  @TempDir Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  static ObjectNode template() throws Exception {
    return (ObjectNode)
        Lab.JSON.readTree(
            """
        {"Resources": {"Partners": {"Type": "AWS::WAFv2::RuleGroup", "Properties": {
          "Name": "partner-rules", "Scope": "REGIONAL", "Capacity": 50,
          "VisibilityConfig": {"CloudWatchMetricsEnabled": true, "MetricName": "partner-rules", "SampledRequestsEnabled": true},
          "Rules": [{"Name": "block-countries", "Priority": 0, "Action": {"Block": {}},
            "Statement": {"GeoMatchStatement": {"CountryCodes": ["KP", "IR"]}},
            "VisibilityConfig": {"CloudWatchMetricsEnabled": true, "MetricName": "block-countries", "SampledRequestsEnabled": true}}]
        }}}}
        """);
  }

  interface Edit {
    Rule apply(Rule rule);
  }

  static void editRules(Lab lab, Edit edit) {
    String[] id =
        lab.aws.cloudFormation().physicalId("NetdriftPartnerWaf", "Partners").split("\\|");
    var current = lab.waf.getRuleGroup(r -> r.name(id[0]).id(id[1]).scope(Scope.REGIONAL));
    var rules = new ArrayList<Rule>();
    current.ruleGroup().rules().forEach(rule -> rules.add(edit.apply(rule)));
    lab.waf.updateRuleGroup(
        r ->
            r.name(id[0])
                .id(id[1])
                .scope(Scope.REGIONAL)
                .rules(rules)
                .visibilityConfig(current.ruleGroup().visibilityConfig())
                .lockToken(current.lockToken()));
  }

  @Test
  void aDeployedRuleGroupIsInSync() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Lab.Scan scan =
          lab.scan(lab.assemblyWith("NetdriftPartnerWaf", template(), work.resolve("a")));

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }

  @Test
  void aRuleSwitchedToCountIsOneChange() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = lab.assemblyWith("NetdriftPartnerWaf", template(), work.resolve("b"));
      editRules(
          lab,
          rule ->
              rule.toBuilder()
                  .action(RuleAction.builder().count(CountAction.builder().build()).build())
                  .build());

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("resourceType").asText()).isEqualTo("AWS::WAFv2::RuleGroup");
                assertThat(f.path("property").asText()).isEqualTo("Rules[block-countries].Action");
              });
    }
  }

  @Test
  void countryCodesInAnotherOrderAreNoChange() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline = lab.assemblyWith("NetdriftPartnerWaf", template(), work.resolve("c"));
      editRules(
          lab,
          rule -> {
            var codes =
                new ArrayList<>(rule.statement().geoMatchStatement().countryCodesAsStrings());
            Collections.reverse(codes);
            return rule.toBuilder()
                .statement(s -> s.geoMatchStatement(g -> g.countryCodesWithStrings(codes)))
                .build();
          });

      assertThat(lab.scan(baseline).findings()).isEmpty();
    }
  }
}
