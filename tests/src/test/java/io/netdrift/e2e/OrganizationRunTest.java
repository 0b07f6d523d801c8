package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.lambda.OrganizationFunction;
import io.netdrift.detector.model.DriftException;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.AwsOrganization;
import io.netdrift.emulator.OrganizationsApi;
import io.netdrift.emulator.SlackStub;
import io.netdrift.estate.Estate;
import io.netdrift.estate.MemberOrganisation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * An organisation run, step by step as the detector stack's state machine runs it, against many
 * accounts behind one endpoint: the plan lists the active accounts of a unit (nested units
 * included) times the regions; each item scans one account and region with that account's reader
 * role and its own alert state, its alerts replies in the run's thread; the summary turns the run's
 * message into what the run found. An account whose role cannot be assumed is incomplete, named,
 * never silent.
 */
class OrganizationRunTest {
  static final String HOME = "111111111111";
  static final String BUCKET = "netdrift-detector-" + HOME;
  static final String DRIFTED = "222222222222";
  static final String CLEAN = "333333333333";
  static final String DENIED = "666666666666";

  /** Items a batch holds, as the state machine's batcher sends them. */
  static final int BATCH = 4;

  @TempDir Path work;
  AwsOrganization org;
  SlackStub slack;
  String production;

  @BeforeAll
  static void configure() {
    System.setProperty("aws.region", "eu-west-1");
  }

  @BeforeEach
  void start() throws Exception {
    org = AwsOrganization.start(HOME, "eu-west-1", 64);
    slack = SlackStub.start();
    ObjectNode template = Estate.writeMember(work.resolve("cdk.out"));
    org.onNewAccount((key, member) -> member.deploy(Estate.MEMBER_STACK, template));
    OrganizationsApi organizations = org.home().organizations();
    production = organizations.addUnit(organizations.root(), "Production");
    String payments = organizations.addUnit(production, "Payments");
    String sandbox = organizations.addUnit(organizations.root(), "Sandbox");
    organizations.addAccount(production, DRIFTED, "orders", "ACTIVE");
    organizations.addAccount(payments, CLEAN, "payments", "ACTIVE");
    organizations.addAccount(production, DENIED, "legacy", "ACTIVE");
    organizations.addAccount(production, "444444444444", "closed", "SUSPENDED");
    organizations.addAccount(sandbox, "555555555555", "sandbox", "ACTIVE");
    org.home().sts().deny("arn:aws:iam::" + DENIED + ":role/netdrift-reader");
    MemberOrganisation.deployDetector(
        org, work.resolve("cdk.out"), Path.of("..", "rules", "drift-policy.yaml"));
  }

  @AfterEach
  void stop() {
    slack.close();
    org.close();
  }

  Map<String, String> env() {
    return MemberOrganisation.functionEnv(
        org, production, List.of("eu-west-1", "us-east-1"), slack);
  }

  /** One run: plan, every item (a failing item is caught, as the Map's Catch does), summary. */
  JsonNode run(String name) throws Exception {
    OrganizationFunction function =
        new OrganizationFunction(
            env(), Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC), d -> {});
    JsonNode plan =
        function.handle(Lab.JSON.readTree("{\"step\":\"plan\",\"run\":\"" + name + "\"}"));
    JsonNode items =
        Lab.JSON.readTree(
            new String(
                org.home().s3().object(BUCKET, plan.path("itemsKey").asText()).body(),
                StandardCharsets.UTF_8));
    // As the Distributed Map sends them: each item as its ItemSelector makes it, in batches of
    // BATCH, {"BatchInput": {"step": "batch"}, "Items": [...]}.
    List<String> statuses = new ArrayList<>();
    for (ObjectNode batch :
        MemberOrganisation.batches(
            items, plan.path("run").asText(), plan.path("thread").asText(), BATCH)) {
      function.handle(batch).path("items").forEach(a -> statuses.add(a.path("status").asText()));
    }
    ObjectNode summary = Lab.JSON.createObjectNode();
    summary.put("step", "summary").put("run", name).put("thread", plan.path("thread").asText());
    ObjectNode out = function.handle(summary);
    out.set("plan", plan);
    out.set("itemList", items);
    out.put("statuses", String.join(",", statuses));
    return out;
  }

  Ec2Client memberEc2(String account) {
    return Ec2Client.builder()
        .endpointOverride(org.endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(org.credentialsFor(account), "not-a-secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void aRunSaysEachAccountsDriftInItsThreadAndSummarisesEveryAccount() throws Exception {
    AwsEmulator drifted = org.account(DRIFTED, "eu-west-1");
    String group = drifted.cloudFormation().physicalId(Estate.MEMBER_STACK, "Group0");
    try (Ec2Client ec2 = memberEc2(DRIFTED)) {
      ec2.authorizeSecurityGroupIngress(
          r -> r.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
    }

    JsonNode first = run("run-1");

    assertThat(first.path("itemList").toString())
        .as("active accounts of Production and its nested Payments unit, times the regions")
        .isEqualTo(
            "[{\"account\":\"222222222222\",\"region\":\"eu-west-1\"},"
                + "{\"account\":\"222222222222\",\"region\":\"us-east-1\"},"
                + "{\"account\":\"333333333333\",\"region\":\"eu-west-1\"},"
                + "{\"account\":\"333333333333\",\"region\":\"us-east-1\"},"
                + "{\"account\":\"666666666666\",\"region\":\"eu-west-1\"},"
                + "{\"account\":\"666666666666\",\"region\":\"us-east-1\"}]");
    assertThat(first.path("items").asInt()).isEqualTo(6);
    assertThat(first.path("statuses").asText())
        .as("each item of the batches answered, in order")
        .isEqualTo("DRIFT,IN_SYNC,IN_SYNC,IN_SYNC,INCOMPLETE,INCOMPLETE");
    assertThat(first.path("inSync").asInt()).isEqualTo(3);
    assertThat(first.path("drift").asInt()).isEqualTo(1);
    assertThat(first.path("incomplete").asInt()).isEqualTo(2);
    assertThat(org.home().sts().assumedRoles())
        .as("each account read with its own reader role (666666666666's was refused)")
        .containsOnly(
            "arn:aws:iam::222222222222:role/netdrift-reader",
            "arn:aws:iam::333333333333:role/netdrift-reader");
    assertThat(org.reached())
        .as("each member account and region is an account of its own")
        .contains("222222222222/eu-west-1", "222222222222/us-east-1", "333333333333/us-east-1");

    String thread = first.at("/plan/thread").asText();
    List<SlackStub.Posted> posted = slack.posted();
    SlackStub.Posted summary = posted.get(0);
    assertThat(summary.ts()).isEqualTo(thread);
    assertThat(summary.threadTs()).isEmpty();
    assertThat(slack.updates()).as("the run's one message became its summary").isEqualTo(1);
    assertThat(summary.visibleText())
        .contains("6 account-regions: 3 in sync, 1 with drift, 2 incomplete")
        .contains("`222222222222/eu-west-1`: 1 finding: 1 critical")
        .contains("`666666666666/eu-west-1`")
        .contains("sts:AssumeRole");
    List<SlackStub.Posted> replies = posted.subList(1, posted.size());
    assertThat(replies).isNotEmpty().allSatisfy(p -> assertThat(p.threadTs()).isEqualTo(thread));
    List<SlackStub.Posted> driftReplies =
        replies.stream().filter(p -> p.text().contains("new drift")).toList();
    assertThat(driftReplies).hasSize(1);
    assertThat(driftReplies.get(0).text())
        .isEqualTo(
            "Netdrift: 1 new drift finding in organisation: MemberNetwork (222222222222, eu-west-1)");
    assertThat(driftReplies.get(0).visibleText())
        .contains("rule ingress tcp 22 from 0.0.0.0/0 on Group0 (" + group + ") is in no template");
    assertThat(replies.stream().filter(p -> p.text().contains("666666666666")).count())
        .as("each incomplete account says so in the thread")
        .isEqualTo(2);
    String state =
        new String(
            org.home().s3().object(BUCKET, "org-state/222222222222/eu-west-1.json").body(),
            StandardCharsets.UTF_8);
    assertThat(Lab.JSON.readTree(state).toString()).contains(thread).contains(group);

    // The next run: the drift, still there, is not said again; its own message is the summary.
    int before = slack.posted().size();
    JsonNode second = run("run-2");
    assertThat(second.path("drift").asInt()).isEqualTo(1);
    List<SlackStub.Posted> secondPosts = slack.posted().subList(before, slack.posted().size());
    assertThat(secondPosts).hasSize(1);
    assertThat(secondPosts.get(0).threadTs()).isEmpty();
    assertThat(slack.updates()).isEqualTo(2);

    // Reverted: resolved in run-1's thread, where it was said.
    try (Ec2Client ec2 = memberEc2(DRIFTED)) {
      ec2.revokeSecurityGroupIngress(
          r -> r.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
    }
    before = slack.posted().size();
    JsonNode third = run("run-3");

    assertThat(third.path("drift").asInt()).isZero();
    assertThat(third.path("inSync").asInt()).isEqualTo(4);
    List<SlackStub.Posted> later = slack.posted().subList(before, slack.posted().size());
    SlackStub.Posted resolved =
        later.stream().filter(p -> p.text().contains("resolved")).findFirst().orElseThrow();
    assertThat(resolved.threadTs()).as("resolved where it was alerted").isEqualTo(thread);
    assertThat(later.stream().filter(p -> p.text().contains("new drift"))).isEmpty();
  }

  @Test
  void anItemThatFailsOrNeverAnswersIsIncompleteAndNamedNeverSilent() throws Exception {
    OrganizationFunction function =
        new OrganizationFunction(
            env(), Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC), d -> {});
    JsonNode plan = function.handle(Lab.JSON.readTree("{\"step\":\"plan\",\"run\":\"run-x\"}"));
    ObjectNode clean = Lab.JSON.createObjectNode();
    clean.put("step", "item").put("account", CLEAN).put("region", "eu-west-1");
    clean.put("run", "run-x").put("thread", plan.path("thread").asText());
    assertThat(function.handle(clean).path("status").asText()).isEqualTo("IN_SYNC");
    // The baseline is gone before the next item: its scan cannot start, and it says why.
    org.home().s3().put(BUCKET, "baseline/manifest.json", "{".getBytes(StandardCharsets.UTF_8));
    ObjectNode broken = clean.deepCopy().put("region", "us-east-1");
    assertThatThrownBy(() -> function.handle(broken)).isInstanceOf(RuntimeException.class);
    // Every other item never answers: its function timed out, or was never reached.
    ObjectNode odd = clean.deepCopy().put("region", "../eu-west-1");
    assertThatThrownBy(() -> function.handle(odd))
        .isInstanceOf(DriftException.class)
        .hasMessage("an item's region is a region name, not '../eu-west-1'");

    ObjectNode summary = Lab.JSON.createObjectNode();
    summary.put("step", "summary").put("run", "run-x").put("thread", plan.path("thread").asText());
    JsonNode out = function.handle(summary);

    assertThat(out.path("items").asInt()).isEqualTo(6);
    assertThat(out.path("inSync").asInt()).isEqualTo(1);
    assertThat(out.path("incomplete").asInt()).isEqualTo(5);
    String text = slack.posted().get(0).visibleText();
    assertThat(text)
        .contains("6 account-regions: 1 in sync, 0 with drift, 5 incomplete")
        .contains("`333333333333/us-east-1`: the scan failed: ")
        .contains("s3://netdrift-detector-111111111111/baseline/manifest.json: not valid JSON")
        .contains(
            "`222222222222/eu-west-1`: no outcome: the item failed or timed out before it said");
  }
}
