package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.rules.RulesFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The detector's own stack, as rules/detector.yaml asks for it. */
class DriftDetectorStackTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  static DriftDetectorStack stack;
  static Template template;
  static JsonNode resources;

  @BeforeAll
  static void synthesizeOnce() throws IOException {
    stack = DetectorFixture.stack(RulesFixture.RULES, DetectorFixture.jar(work));
    template = Template.fromStack(stack);
    resources = JSON.valueToTree(template.toJSON()).path("Resources");
  }

  static List<JsonNode> ofType(String type) {
    List<JsonNode> out = new ArrayList<>();
    resources.forEach(
        r -> {
          if (r.path("Type").asText().equals(type)) {
            out.add(r);
          }
        });
    return out;
  }

  @Test
  void theFunctionRunsTheShadedJarOnJava17OneAtATime() {
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime",
            "java17",
            "Handler",
            "io.netdrift.detector.lambda.DriftFunction::handleRequest",
            "ReservedConcurrentExecutions",
            1,
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(
                    Map.of(
                        "NETDRIFT_ENVIRONMENT", "production",
                        "SLACK_CHANNEL", "C0NETDRIFT00",
                        "NETDRIFT_FAIL_ON", "info",
                        "NETDRIFT_STACKS", "Netdrift*",
                        "NETDRIFT_EXCLUDE_STACKS", "NetdriftDetector")))));
  }

  @Test
  void aScheduleAndCloudTrailEventsInvokeIt() {
    template.hasResourceProperties(
        "AWS::Events::Rule", Map.of("ScheduleExpression", "rate(15 minutes)"));
    JsonNode pattern =
        ofType("AWS::Events::Rule").stream()
            .map(r -> r.at("/Properties/EventPattern"))
            .filter(p -> p.path("source").toString().contains("aws.ec2"))
            .findFirst()
            .orElseThrow();
    assertThat(pattern.path("detail-type").get(0).asText())
        .isEqualTo("AWS API Call via CloudTrail");
    List<String> names = new ArrayList<>();
    pattern.at("/detail/eventName").forEach(n -> names.add(n.asText()));
    assertThat(names)
        .contains(
            "AuthorizeSecurityGroupIngress",
            "CreateNetworkAclEntry",
            "CreateRoute",
            "UpdateWebACL",
            "UpdateRuleGroup",
            "UpdateFirewallPolicy");
    assertThat(ofType("AWS::Events::Rule"))
        .allSatisfy(r -> assertThat(r.at("/Properties/Targets")).hasSize(1));
  }

  @Test
  void everyTriggerInvokesThePublishedVersionSnapStartRestores() {
    template.hasResourceProperties(
        "AWS::Lambda::Function", Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    JsonNode alias = ofType("AWS::Lambda::Alias").get(0);
    assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
    String version = alias.at("/Properties/FunctionVersion/Fn::GetAtt/0").asText();
    assertThat(template.findResources("AWS::Lambda::Version"))
        .as("the alias names the function's one published version")
        .containsOnlyKeys(version);
    List<String> aliasLogicalIds = new ArrayList<>();
    template.findResources("AWS::Lambda::Alias").keySet().forEach(aliasLogicalIds::add);
    assertThat(ofType("AWS::Events::Rule"))
        .as("every rule invokes the alias, never $LATEST (which SnapStart does not restore)")
        .allSatisfy(
            r ->
                assertThat(r.at("/Properties/Targets/0/Arn/Ref").asText())
                    .isEqualTo(aliasLogicalIds.get(0)));
  }

  @Test
  void aStackWhoseDeploySettledIsCheckedAgain() {
    JsonNode settled =
        ofType("AWS::Events::Rule").stream()
            .map(r -> r.at("/Properties/EventPattern"))
            .filter(p -> p.path("source").toString().contains("aws.cloudformation"))
            .findFirst()
            .orElseThrow();

    assertThat(settled.path("detail-type").get(0).asText())
        .isEqualTo("CloudFormation Stack Status Change");
    List<String> statuses = new ArrayList<>();
    settled.at("/detail/status-details/status").forEach(s -> statuses.add(s.asText()));
    assertThat(statuses)
        .contains("UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "CREATE_COMPLETE")
        .noneMatch(s -> s.endsWith("IN_PROGRESS"));
  }

  @Test
  void theStateBucketIsVersionedEncryptedPrivateAndTlsOnly() {
    template.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "VersioningConfiguration", Map.of("Status", "Enabled"),
            "BucketEncryption", Match.anyValue(),
            "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true)));
    assertThat(ofType("AWS::S3::BucketPolicy").get(0).toString())
        .contains("\"aws:SecureTransport\":\"false\"")
        .contains("\"Effect\":\"Deny\"");
    template.resourceCountIs("Custom::CDKBucketDeployment", 1);
  }

  @Test
  void theReaderRoleHoldsExactlyTheReadCallsAndNothingThatWrites() {
    JsonNode reader =
        ofType("AWS::IAM::Role").stream()
            .filter(r -> r.at("/Properties/RoleName").asText().equals("netdrift-reader"))
            .findFirst()
            .orElseThrow();
    List<String> actions = new ArrayList<>();
    for (JsonNode policy : reader.at("/Properties/Policies")) {
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
          action.forEach(a -> actions.add(a.asText()));
        } else {
          actions.add(action.asText());
        }
      }
    }
    assertThat(new TreeSet<>(actions)).isEqualTo(new TreeSet<>(DriftDetectorStack.readerActions()));
    assertThat(actions)
        .allSatisfy(
            a ->
                assertThat(a)
                    .matches("[a-z0-9-]+:(Describe|Get|List|Lookup|Search)[A-Za-z]+")
                    .doesNotContain("*"));
    // No other policy in the stack is attached to the reader role.
    String readerId =
        resources.properties().stream()
            .filter(e -> e.getValue() == reader)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(ofType("AWS::IAM::Policy"))
        .noneSatisfy(p -> assertThat(p.at("/Properties/Roles").toString()).contains(readerId));
    assertThat(ofType("AWS::IAM::ManagedPolicy")).isEmpty();
  }

  @Test
  void bothAlarmsGoToTheAlarmTopic() {
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName", "Errors",
            "Namespace", "AWS/Lambda",
            "Threshold", 1,
            "ComparisonOperator", "GreaterThanOrEqualToThreshold",
            "AlarmActions", Match.anyValue()));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            "SuccessfulScans",
            "Namespace",
            "Netdrift",
            "Threshold",
            1,
            "EvaluationPeriods",
            2,
            "Period",
            900,
            "ComparisonOperator",
            "LessThanThreshold",
            "TreatMissingData",
            "breaching",
            "Dimensions",
            List.of(Map.of("Name", "Environment", "Value", "production"))));
    String topic =
        resources.properties().stream()
            .filter(e -> e.getValue().path("Type").asText().equals("AWS::SNS::Topic"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(ofType("AWS::CloudWatch::Alarm"))
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.at("/Properties/AlarmActions").toString()).contains(topic));
  }

  @Test
  void theSlackTokenIsReadAtRunTimeNeverWrittenIntoTheTemplate() {
    String json = template.toJSON().toString();
    assertThat(json).contains("netdrift/slack-bot-token").doesNotContain("xoxb-");
    template.resourceCountIs("AWS::SecretsManager::Secret", 0);
  }

  @Test
  void aPagerDutySecretIsReadAtRunTimeByTheFunctionAlone() throws IOException {
    assertThat(template.toJSON().toString()).doesNotContain("PAGERDUTY_ROUTING_KEY_SECRET_ARN");
    Path rules = work.resolve("pager");
    RulesFixture.copy(rules)
        .replace(
            "detector.yaml",
            "# pagerDuty:                     # optional: page on new critical drift (PagerDuty"
                + " Events API v2)\n#   routingKeySecretName:",
            "pagerDuty:\n  routingKeySecretName:");
    JsonNode paging =
        JSON.valueToTree(
            Template.fromStack(DetectorFixture.stack(rules, DetectorFixture.jar(work))).toJSON());

    String json = paging.toString();
    assertThat(json)
        .contains("\"PAGERDUTY_ROUTING_KEY_SECRET_ARN\"")
        .contains("secret:netdrift/pagerduty-routing-key");
    List<String> policies = new ArrayList<>();
    paging
        .path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals("AWS::IAM::Policy")) {
                r.at("/Properties/PolicyDocument/Statement")
                    .forEach(st -> policies.add(st.toString()));
              }
            });
    assertThat(policies)
        .as("the function's role may read the pager's secret")
        .anySatisfy(
            st ->
                assertThat(st)
                    .contains("secretsmanager:GetSecretValue")
                    .contains("netdrift/pagerduty-routing-key"));
  }

  @Test
  void cdkNagFindsNothingToReport() {
    DetectorFixture.assertNagClean(stack);
  }

  @Test
  void aChannelNameInsteadOfAnIdIsCaughtWithItsPlace() throws IOException {
    Path rules = work.resolve("bad-channel");
    RulesFixture.copy(rules)
        .replace("detector.yaml", "channel: C0NETDRIFT00", "channel: \"#security\"");

    DetectorFixture.assertRejected(rules, "a Slack channel id");
  }

  @Test
  void aStackPatternWithACommaIsCaughtWithItsPlace() throws IOException {
    Path rules = work.resolve("bad-stacks");
    RulesFixture.copy(rules)
        .replace("detector.yaml", "exclude: [NetdriftDetector]", "exclude: [\"A,B\"]");

    DetectorFixture.assertRejected(rules, "no comma");
  }
}
