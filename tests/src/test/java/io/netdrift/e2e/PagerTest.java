package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.cli.ExitCodes;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.PagerDutyStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Critical drift pages the on-call through PagerDuty's Events API v2 (a local stub): once per
 * drift, keyed by its fingerprint, resolved when the drift is checked gone; PagerDuty's throttling
 * and outages are waited out or fail the run without losing the page; a wrong routing key fails
 * clearly and is never shown.
 */
class PagerTest extends LabTest {
  @TempDir Path work;
  PagerDutyStub pagerDuty;
  Path state;
  Path key;
  String appGroup;
  Instant now = Instant.parse("2026-11-30T09:00:00Z");
  final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    pagerDuty = PagerDutyStub.start();
    state = work.resolve("alerts.json");
    key = work.resolve("pagerduty-key");
    Files.writeString(key, PagerDutyStub.ROUTING_KEY + "\n");
    appGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
  }

  @AfterEach
  void stop() {
    pagerDuty.close();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  Run scan(String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = lab.scanArgs(assembly);
    args.addAll(
        List.of(
            "--policy",
            AlertingTest.RULES.resolve("drift-policy.yaml").toString(),
            "--slack-webhook-url=",
            "--pagerduty-url",
            pagerDuty.url()));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(a -> a.startsWith("--slack-channel"))) {
      args.add("--slack-channel=");
    }
    if (!args.contains("--pagerduty-routing-key-file")) {
      args.addAll(List.of("--pagerduty-routing-key-file", key.toString()));
    }
    if (!args.contains("--no-state")) {
      args.addAll(List.of("--state", state.toString()));
    } else {
      args.remove("--no-state");
    }
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            Clock.fixed(now, ZoneOffset.UTC),
            waits::add,
            args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  void openSshToTheWorld() {
    lab.ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(appGroup).ipPermissions(AlertingTest.SSH_FROM_ANYWHERE));
  }

  String fingerprint(Run run) throws Exception {
    return AlertingTest.fingerprintOfTheOnlyFinding(run.stdout());
  }

  @Test
  void newCriticalDriftPagesOnceWithWhatWhereAndTheFix() throws Exception {
    openSshToTheWorld();

    Run first = scan();

    assertThat(first.exitCode()).isEqualTo(2);
    assertThat(first.stderr()).contains("PagerDuty: 1 triggered, 0 resolved");
    assertThat(pagerDuty.events()).hasSize(1);
    JsonNode event = pagerDuty.events().get(0);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isEqualTo("netdrift-" + fingerprint(first));
    JsonNode payload = event.path("payload");
    assertThat(payload.path("severity").asText()).isEqualTo("critical");
    assertThat(payload.path("source").asText()).isEqualTo(appGroup);
    assertThat(payload.path("summary").asText())
        .isEqualTo(
            "Netdrift: critical drift: UNMANAGED AWS::EC2::SecurityGroup "
                + appGroup
                + " ingress tcp 22 from 0.0.0.0/0 in NetdriftProductionNetwork");
    assertThat(payload.path("custom_details").path("exposure").asText()).isEqualTo("widened");
    assertThat(payload.path("custom_details").path("internet").asBoolean()).isTrue();
    assertThat(payload.path("custom_details").path("fix").get(0).asText())
        .startsWith(
            "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id " + appGroup);

    now = now.plus(Duration.ofMinutes(15));
    Run second = scan();

    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.stderr()).contains("PagerDuty: 0 triggered, 0 resolved");
    assertThat(pagerDuty.events()).hasSize(1);
    assertThat(pagerDuty.incidentsOpened()).isEqualTo(1);
  }

  @Test
  void besideSlackEachSaysItOnceAndEachResolvesItsOwn() throws Exception {
    try (io.netdrift.emulator.SlackStub slack = io.netdrift.emulator.SlackStub.start()) {
      java.nio.file.Path token = work.resolve("slack-token");
      Files.writeString(token, io.netdrift.emulator.SlackStub.TOKEN);
      String[] bot = {
        "--slack-api-url",
        slack.apiUrl(),
        "--slack-channel=" + io.netdrift.emulator.SlackStub.CHANNEL,
        "--slack-token-file",
        token.toString()
      };
      openSshToTheWorld();
      scan(bot);
      now = now.plus(Duration.ofMinutes(15));
      Run second = scan(bot);

      assertThat(second.stderr())
          .contains("0 alerted, 0 reminded, 0 resolved")
          .contains("PagerDuty: 0 triggered, 0 resolved");
      assertThat(slack.posted().stream().filter(p -> p.threadTs().isEmpty())).hasSize(1);
      assertThat(pagerDuty.events()).hasSize(1);

      lab.ec2.revokeSecurityGroupIngress(
          r -> r.groupId(appGroup).ipPermissions(AlertingTest.SSH_FROM_ANYWHERE));
      Run fixed = scan(bot);

      assertThat(fixed.stderr())
          .contains("0 alerted, 0 reminded, 1 resolved")
          .contains("PagerDuty: 0 triggered, 1 resolved");
      assertThat(pagerDuty.open()).isEmpty();
    }
  }

  @Test
  void fixedDriftResolvesItsIncident() throws Exception {
    openSshToTheWorld();
    String dedup = "netdrift-" + fingerprint(scan());
    assertThat(pagerDuty.open()).containsExactly(dedup);

    lab.ec2.revokeSecurityGroupIngress(
        r -> r.groupId(appGroup).ipPermissions(AlertingTest.SSH_FROM_ANYWHERE));
    now = now.plus(Duration.ofMinutes(15));
    Run fixed = scan();

    assertThat(fixed.exitCode()).isZero();
    assertThat(fixed.stderr()).contains("PagerDuty: 0 triggered, 1 resolved");
    JsonNode resolve = pagerDuty.events().get(1);
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asText()).isEqualTo(dedup);
    assertThat(pagerDuty.open()).isEmpty();
    assertThat(Files.readString(state)).doesNotContain(dedup.substring("netdrift-".length()));
  }

  @Test
  void driftBelowCriticalPagesNoOne() {
    // SSH from a private range: widened, not from the internet, so high, not critical.
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(appGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(i -> i.cidrIp("10.99.0.0/16"))));

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).contains("\"severity\" : \"high\"");
    assertThat(pagerDuty.events()).isEmpty();
  }

  @Test
  void throttlingIsWaitedOutAndAnOutageFailsTheRunWithoutLosingThePage() throws Exception {
    openSshToTheWorld();
    pagerDuty.answerNext(
        429,
        "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.\"}");

    Run throttled = scan();

    assertThat(throttled.exitCode()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
    assertThat(pagerDuty.events()).hasSize(1);

    lab.ec2.revokeSecurityGroupIngress(
        r -> r.groupId(appGroup).ipPermissions(AlertingTest.SSH_FROM_ANYWHERE));
    for (int i = 0; i < 5; i++) {
      pagerDuty.answerNext(500, "{}");
    }
    waits.clear();
    Run outage = scan();

    assertThat(outage.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(outage.stderr())
        .contains("alert not delivered: PagerDuty resolve netdrift-")
        .contains("gave up after 5 attempts; last: HTTP 500");
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    assertThat(pagerDuty.open()).hasSize(1);

    // PagerDuty is back: the resolve the outage held back is sent.
    Run back = scan();
    assertThat(back.exitCode()).isZero();
    assertThat(back.stderr()).contains("PagerDuty: 0 triggered, 1 resolved");
    assertThat(pagerDuty.open()).isEmpty();
  }

  @Test
  void aWrongRoutingKeyIsAClearErrorThatNeverShowsTheKey() throws Exception {
    openSshToTheWorld();
    Path wrong = work.resolve("wrong-key");
    Files.writeString(wrong, "wrong-routing-key-0123456789\n");

    Run run = scan("--pagerduty-routing-key-file", wrong.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.stderr())
        .contains("PagerDuty refused the event (HTTP 400, invalid event); check the routing key")
        .doesNotContain("wrong-routing-key-0123456789");
    assertThat(run.stdout()).doesNotContain("wrong-routing-key-0123456789");
    assertThat(waits).isEmpty();
  }

  @Test
  void pagingWithoutAlertStateIsBadUsage() {
    Run run = scan("--no-state");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr()).contains("paging through PagerDuty needs --state");
  }
}
