package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.rules.RulesFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Organisation mode of the detector stack, as an {@code organisation} section of
 * rules/detector.yaml asks for it: the state machine (plan, a Distributed Map over the accounts and
 * regions, the summary), the function it calls, its schedule and alarm, and the StackSet that puts
 * the reader role in every account.
 */
class OrganisationRunStackTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECTION =
      "organisation:\n"
          + "  units: [ou-ab12-cd34ef56, ou-ab12-0000aaaa]\n"
          + "  regions: [eu-west-1, us-east-1]\n"
          + "  readerRoleName: netdrift-org-reader\n"
          + "  maxConcurrency: 80\n"
          + "  itemTimeoutMinutes: 3\n";

  @TempDir static Path work;
  static DriftDetectorStack stack;
  static JsonNode resources;

  @BeforeAll
  static void synthesize() throws IOException {
    Path rules = work.resolve("org");
    RulesFixture fixture = RulesFixture.copy(rules);
    fixture.write("detector.yaml", Files.readString(rules.resolve("detector.yaml")) + SECTION);
    stack = DetectorFixture.stack(rules, DetectorFixture.jar(work));
    resources = JSON.valueToTree(Template.fromStack(stack).toJSON()).path("Resources");
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

  /** A value with its {@code Fn::Join}s joined and any other token as {@code <token>}. */
  static String flat(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.has("Fn::Join")) {
      StringBuilder out = new StringBuilder();
      for (JsonNode part : value.get("Fn::Join").get(1)) {
        out.append(flat(part));
      }
      return out.toString();
    }
    return "<token>";
  }

  /** The state machine's definition, parsed. */
  static JsonNode definition() throws IOException {
    List<JsonNode> machines = ofType("AWS::StepFunctions::StateMachine");
    assertThat(machines).hasSize(1);
    return JSON.readTree(
        flat(machines.get(0).at("/Properties/DefinitionString")).replace("<token>", "TOKEN"));
  }

  @Test
  void theRunPlansScansEveryAccountInADistributedMapThenSummarises() throws IOException {
    JsonNode definition = definition();
    assertThat(definition.path("StartAt").asText()).isEqualTo("Plan");
    assertThat(definition.at("/States/Plan/Next").asText()).isEqualTo("EveryAccount");
    assertThat(definition.at("/States/Plan/Parameters/run.$").asText())
        .isEqualTo("$$.Execution.Name");
    JsonNode map = definition.at("/States/EveryAccount");
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("Next").asText()).isEqualTo("Summary");
    assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(80);
    assertThat(map.path("ToleratedFailurePercentage").asInt())
        .as("a failed item is named by the summary, never the end of the run")
        .isEqualTo(100);
    assertThat(map.at("/ItemReader/Resource").asText()).endsWith(":states:::s3:getObject");
    assertThat(map.at("/ItemReader/ReaderConfig/InputType").asText()).isEqualTo("JSON");
    assertThat(map.at("/ItemReader/Parameters/Key.$").asText()).isEqualTo("$.itemsKey");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText())
        .isEqualTo("EXPRESS");
    assertThat(map.at("/ItemSelector/account.$").asText()).isEqualTo("$$.Map.Item.Value.account");
    assertThat(map.at("/ItemSelector/region.$").asText()).isEqualTo("$$.Map.Item.Value.region");
    assertThat(map.at("/ItemSelector/thread.$").asText()).isEqualTo("$.thread");
    assertThat(map.at("/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(10);
    assertThat(map.at("/ItemBatcher/BatchInput/step").asText()).isEqualTo("batch");
    assertThat(map.at("/ResultWriter/Resource").asText()).endsWith(":states:::s3:putObject");
    JsonNode scan = map.at("/ItemProcessor/States/ScanAccount");
    assertThat(scan.path("TimeoutSeconds").asInt()).isEqualTo(180);
    assertThat(scan.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
    assertThat(scan.at("/Catch/0/Next").asText()).isEqualTo("AccountNotScanned");
    assertThat(definition.at("/States/Summary/Parameters/step").asText()).isEqualTo("summary");
    assertThat(definition.at("/States/Summary/End").asBoolean()).isTrue();
  }

  @Test
  void theOrganisationFunctionIsBoundedAndReadsEachAccountOnlyThroughItsReaderRole() {
    JsonNode function =
        ofType("AWS::Lambda::Function").stream()
            .filter(
                f ->
                    f.at("/Properties/Handler")
                        .asText()
                        .equals("io.netdrift.detector.lambda.OrganizationFunction::handleRequest"))
            .findFirst()
            .orElseThrow();
    assertThat(function.at("/Properties/ReservedConcurrentExecutions").asInt()).isEqualTo(82);
    assertThat(function.at("/Properties/Timeout").asInt()).isEqualTo(180);
    JsonNode env = function.at("/Properties/Environment/Variables");
    assertThat(env.path("NETDRIFT_ORG_UNITS").asText())
        .isEqualTo("ou-ab12-cd34ef56,ou-ab12-0000aaaa");
    assertThat(env.path("NETDRIFT_ORG_REGIONS").asText()).isEqualTo("eu-west-1,us-east-1");
    assertThat(env.path("NETDRIFT_ORG_ROLE").asText()).isEqualTo("netdrift-org-reader");
    assertThat(function.at("/Properties/SnapStart/ApplyOn").asText())
        .isEqualTo("PublishedVersions");

    List<String> statements = new ArrayList<>();
    ofType("AWS::IAM::Policy")
        .forEach(
            p ->
                p.at("/Properties/PolicyDocument/Statement")
                    .forEach(st -> statements.add(st.toString())));
    assertThat(statements)
        .anySatisfy(
            st ->
                assertThat(st)
                    .contains("sts:AssumeRole")
                    .contains(":iam::*:role/netdrift-org-reader"));
    assertThat(statements)
        .anySatisfy(st -> assertThat(st).contains("organizations:ListAccountsForParent"));
    assertThat(String.join("\n", statements))
        .as("no role may assume any role but the reader role")
        .doesNotContain(":role/*\"");
  }

  @Test
  void aServiceManagedStackSetPutsTheReadOnlyRoleInEveryAccountOfTheUnits() throws IOException {
    List<JsonNode> sets = ofType("AWS::CloudFormation::StackSet");
    assertThat(sets).hasSize(1);
    JsonNode set = sets.get(0).path("Properties");
    assertThat(set.path("PermissionModel").asText()).isEqualTo("SERVICE_MANAGED");
    assertThat(set.at("/AutoDeployment/Enabled").asBoolean())
        .as("accounts that join the units later get the role too")
        .isTrue();
    assertThat(set.path("Capabilities").toString()).contains("CAPABILITY_NAMED_IAM");
    assertThat(set.at("/StackInstancesGroup/0/DeploymentTargets/OrganizationalUnitIds").toString())
        .isEqualTo("[\"ou-ab12-cd34ef56\",\"ou-ab12-0000aaaa\"]");
    JsonNode body = JSON.readTree(flat(set.path("TemplateBody")).replace("<token>", "TOKEN"));
    JsonNode role = body.at("/Resources/ReaderRole/Properties");
    assertThat(role.path("RoleName").asText()).isEqualTo("netdrift-org-reader");
    List<String> actions = new ArrayList<>();
    role.at("/Policies/0/PolicyDocument/Statement/0/Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactlyElementsOf(DriftDetectorStack.readerActions());
    assertThat(actions)
        .noneMatch(
            a ->
                a.matches(
                    ".*:(Put|Create|Delete|Update|Authorize|Revoke|Modify|Replace|Associate|Attach).*"));
  }

  @Test
  void theScheduleStartsTheRunAndAFailedRunRaisesTheAlarm() {
    assertThat(ofType("AWS::Events::Rule"))
        .anySatisfy(
            rule -> {
              assertThat(rule.at("/Properties/ScheduleExpression").asText())
                  .isEqualTo("rate(15 minutes)");
              assertThat(rule.at("/Properties/Targets/0/Arn/Ref").asText())
                  .startsWith("OrganisationRun");
            });
    assertThat(ofType("AWS::CloudWatch::Alarm"))
        .anySatisfy(
            alarm ->
                assertThat(alarm.toString())
                    .contains("ExecutionsFailed")
                    .contains("ExecutionsTimedOut"));
  }

  @Test
  void cdkNagFindsNothingToReport() {
    DetectorFixture.assertNagClean(stack);
  }

  @Test
  void aConcurrencyADefaultLambdaQuotaCannotReserveIsSaidAtSynth() throws IOException {
    Path rules = work.resolve("wide");
    RulesFixture.copy(rules)
        .write(
            "detector.yaml",
            Files.readString(rules.resolve("detector.yaml"))
                + SECTION.replace("maxConcurrency: 80", "maxConcurrency: 1000"));

    DriftDetectorStack wide = DetectorFixture.stack(rules, DetectorFixture.jar(work));

    assertThat(Annotations.fromStack(wide).findWarning("*", Match.anyValue()))
        .anySatisfy(
            w ->
                assertThat(w.getEntry().getData().toString())
                    .contains("maxConcurrency 1000 reserves 1002")
                    .contains("unless the account's quota was raised"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "no-accounts | regions: [eu-west-1]\\n  readerRoleName: r | neither is listed",
        "bad-unit | units: [Production]\\n  regions: [eu-west-1]\\n  readerRoleName: r"
            + " | 'Production' is not a root (r-…) or an organisational unit id",
        "no-regions | accounts: ['123456789012']\\n  readerRoleName: r | needs the regions",
        "slow-items | accounts: ['123456789012']\\n  regions: [eu-west-1]\\n  readerRoleName: r"
            + "\\n  itemTimeoutMinutes: 10 | itemTimeoutMinutes must be 1 to 4"
      })
  void aBadOrganisationIsCaughtWithItsPlace(String name, String section, String why)
      throws IOException {
    Path rules = work.resolve(name);
    RulesFixture.copy(rules)
        .write(
            "detector.yaml",
            Files.readString(rules.resolve("detector.yaml"))
                + "organisation:\n  "
                + section.replace("\\n", "\n")
                + "\n");

    DetectorFixture.assertRejected(rules, why);
  }
}
