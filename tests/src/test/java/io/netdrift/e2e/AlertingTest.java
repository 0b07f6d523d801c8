package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.SlackStub;
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
 * The on-call loop against the emulator and a local Slack, through the real Slack API client: new
 * drift is alerted once with severity, actor and fix; open drift is reminded of after the policy's
 * hours; fixed drift is resolved in its thread; accepted drift is silent until its suppression
 * expires; Slack's rate limits and outages are waited out or fail the run without losing the alert;
 * a wrong token or channel fails clearly.
 */
class AlertingTest extends LabTest {
  static final Path RULES = Path.of("..", "rules");

  @TempDir Path work;
  SlackStub slack;
  Path state;
  Path token;
  String appGroup;
  Instant now = Instant.parse("2026-11-30T09:00:00Z");
  final List<Duration> waits = new ArrayList<>();
  List<String> slackArgs;

  @BeforeEach
  void deploy() throws Exception {
    slack = SlackStub.start();
    state = work.resolve("state/alerts.json");
    token = work.resolve("slack-token");
    Files.writeString(token, SlackStub.TOKEN + "\n");
    appGroup = lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp");
    lab.aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::123456789012:user/mallory");
    lab.aws.cloudTrail().clock(() -> now.minusSeconds(60));
    slackArgs =
        List.of(
            "--slack-api-url",
            slack.apiUrl(),
            "--slack-channel",
            SlackStub.CHANNEL,
            "--slack-token-file",
            token.toString(),
            "--slack-webhook-url=",
            "--state",
            state.toString());
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  Run scan(String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = lab.scanArgs(assembly);
    args.addAll(slackArgs);
    args.addAll(List.of(extra));
    if (!args.contains("--policy")) {
      args.addAll(List.of("--policy", RULES.resolve("drift-policy.yaml").toString()));
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

  static final software.amazon.awssdk.services.ec2.model.IpPermission SSH_FROM_ANYWHERE =
      software.amazon.awssdk.services.ec2.model.IpPermission.builder()
          .ipProtocol("tcp")
          .fromPort(22)
          .toPort(22)
          .ipRanges(i -> i.cidrIp("0.0.0.0/0"))
          .build();

  void openSshToTheWorld() {
    lab.ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(appGroup).ipPermissions(SSH_FROM_ANYWHERE));
  }

  void closeSsh() {
    lab.ec2.revokeSecurityGroupIngress(r -> r.groupId(appGroup).ipPermissions(SSH_FROM_ANYWHERE));
  }

  List<SlackStub.Posted> topLevel() {
    return slack.posted().stream().filter(p -> p.threadTs().isEmpty()).toList();
  }

  String fingerprintOfTheOnlyFinding(Run run) throws Exception {
    return fingerprintOfTheOnlyFinding(run.stdout());
  }

  /** The fingerprint of the one finding of a JSON report. */
  static String fingerprintOfTheOnlyFinding(String stdout) throws Exception {
    JsonNode report = Lab.JSON.readTree(stdout);
    assertThat(report.path("findings")).hasSize(1);
    return report.path("findings").get(0).path("fingerprint").asText();
  }

  @Test
  void newDriftIsAlertedOnceWithSeverityActorAndFix() throws Exception {
    openSshToTheWorld();

    Run first = scan();

    assertThat(first.exitCode()).isEqualTo(2);
    assertThat(topLevel()).hasSize(1);
    SlackStub.Posted alert = topLevel().get(0);
    assertThat(alert.text())
        .startsWith("Netdrift: 1 new drift finding in NetdriftProductionNetwork");
    assertThat(alert.visibleText())
        .contains("<!here>")
        .contains("*CRITICAL*")
        .contains("ingress tcp 22 from 0.0.0.0/0")
        .contains("exposure: widened, internet")
        .contains("arn:aws:iam::123456789012:user/mallory via AuthorizeSecurityGroupIngress")
        .contains(
            "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id " + appGroup);
    // The full report follows in the alert's thread.
    assertThat(slack.posted())
        .filteredOn(p -> p.threadTs().equals(alert.ts()))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.visibleText()).contains("Full report"));
    JsonNode saved = Lab.JSON.readTree(Files.readString(state));
    String fingerprint = fingerprintOfTheOnlyFinding(first);
    assertThat(saved.path("version").asInt()).isEqualTo(1);
    assertThat(saved.path("alerts").path(fingerprint).path("threadTs").asText())
        .isEqualTo(alert.ts());

    int before = slack.posted().size();
    now = now.plus(Duration.ofMinutes(15));
    Run second = scan();

    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(slack.posted()).hasSize(before);
    assertThat(second.stderr()).contains("0 alerted, 0 reminded, 0 resolved");
  }

  @Test
  void openDriftGetsOneReminderAfterTheConfiguredHours() {
    openSshToTheWorld();
    scan("--remind-after", "6");
    int alerts = topLevel().size();

    now = now.plus(Duration.ofHours(5));
    scan("--remind-after", "6");
    assertThat(topLevel()).hasSize(alerts);

    now = now.plus(Duration.ofHours(2));
    Run due = scan("--remind-after", "6");
    assertThat(topLevel()).hasSize(alerts + 1);
    assertThat(topLevel().get(alerts).visibleText())
        .contains("Reminder")
        .contains("first alerted 2026-11-30T09:00:00Z")
        .contains("ingress tcp 22 from 0.0.0.0/0");
    assertThat(due.stderr()).contains("0 alerted, 1 reminded");

    now = now.plus(Duration.ofHours(1));
    scan("--remind-after", "6");
    assertThat(topLevel()).hasSize(alerts + 1);
  }

  @Test
  void fixedDriftIsResolvedInItsThread() throws Exception {
    openSshToTheWorld();
    scan();
    SlackStub.Posted alert = topLevel().get(0);

    closeSsh();
    now = now.plus(Duration.ofMinutes(15));
    Run fixed = scan();

    assertThat(fixed.exitCode()).isZero();
    SlackStub.Posted last = slack.posted().get(slack.posted().size() - 1);
    assertThat(last.threadTs()).isEqualTo(alert.ts());
    assertThat(last.visibleText())
        .contains("Resolved")
        .contains("UNMANAGED AWS::EC2::SecurityGroup " + appGroup);
    assertThat(Lab.JSON.readTree(Files.readString(state)).path("alerts").size()).isZero();
  }

  @Test
  void driftOnAStackTheScanCouldNotReadIsNotCalledResolved() throws Exception {
    openSshToTheWorld();
    String fingerprint = fingerprintOfTheOnlyFinding(scan());
    int before = slack.posted().size();

    closeSsh();
    lab.aws.failNext(
        "DescribeSecurityGroups", 10, io.netdrift.emulator.AwsEmulator.Fault.ACCESS_DENIED);
    now = now.plus(Duration.ofMinutes(15));
    Run blind = scan();

    assertThat(blind.exitCode()).isEqualTo(1);
    assertThat(slack.posted().subList(before, slack.posted().size()))
        .noneSatisfy(p -> assertThat(p.visibleText()).contains("Resolved"))
        .anySatisfy(p -> assertThat(p.visibleText()).contains("The scan is incomplete"));
    assertThat(Lab.JSON.readTree(Files.readString(state)).path("alerts").fieldNames())
        .toIterable()
        .contains(fingerprint)
        .contains("incomplete:NetdriftProductionNetwork");
  }

  @Test
  void suppressedDriftIsSilentAndExpiredSuppressionAlertsAgain() throws Exception {
    openSshToTheWorld();
    List<String> bot = slackArgs;
    slackArgs = List.of("--slack-webhook-url=");
    String fingerprint = fingerprintOfTheOnlyFinding(scan());
    slackArgs = bot;

    Path policy = work.resolve("drift-policy.yaml");
    String rules = Files.readString(RULES.resolve("drift-policy.yaml"));
    Files.writeString(
        policy,
        rules.replace(
            "suppressions: []",
            "suppressions:\n"
                + "  - fingerprint: "
                + fingerprint
                + "\n    owner: alice@example.com\n    reason: vendor migration window\n"
                + "    ticket: SEC-1234\n    expires: 2026-12-01\n"));

    Run accepted = scan("--policy", policy.toString());

    assertThat(accepted.exitCode()).isZero();
    assertThat(slack.posted()).isEmpty();
    JsonNode finding = Lab.JSON.readTree(accepted.stdout()).path("findings").get(0);
    assertThat(finding.path("suppressed").asBoolean()).isTrue();
    assertThat(finding.path("suppression").path("ticket").asText()).isEqualTo("SEC-1234");

    now = Instant.parse("2026-12-02T00:00:01Z");
    lab.aws.cloudTrail().clock(() -> now);
    Run expired = scan("--policy", policy.toString());

    assertThat(expired.exitCode()).isEqualTo(2);
    assertThat(topLevel()).hasSize(1);
    assertThat(topLevel().get(0).visibleText())
        .contains("suppression expired: SEC-1234 by alice@example.com until 2026-12-01");
  }

  @Test
  void aRateLimitIsWaitedOutAsSlackAsks() {
    openSshToTheWorld();
    slack.rateLimitNext(3);

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(topLevel()).hasSize(1);
    assertThat(state).exists();
  }

  @Test
  void anOutageUntilGiveUpLeavesTheStateUntouchedAndFailsTheRun() throws Exception {
    openSshToTheWorld();
    for (int i = 0; i < 5; i++) {
      slack.answerNext(500, "{\"ok\":false,\"error\":\"internal_error\"}");
    }

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("alert not delivered")
        .contains("gave up after 5 attempts; last: HTTP 500")
        .contains("the next run sends it again");
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    assertThat(state).doesNotExist();

    // Slack is back: the same drift is alerted, nothing was lost.
    Run retry = scan();
    assertThat(retry.exitCode()).isEqualTo(2);
    assertThat(topLevel()).hasSize(1);
    assertThat(state).exists();
  }

  @Test
  void aRejectedTokenIsAClearErrorThatNeverShowsTheToken() throws Exception {
    openSshToTheWorld();
    Files.writeString(token, "test-wrong-token-value");

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("Slack rejected the bot token (invalid_auth)")
        .doesNotContain("test-wrong-token-value");
    assertThat(run.stdout()).doesNotContain("test-wrong-token-value");
    assertThat(waits).isEmpty();
    assertThat(state).doesNotExist();
  }

  @Test
  void anUnknownChannelIsAClearError() {
    openSshToTheWorld();

    slackArgs = slackArgs.stream().map(a -> a.equals(SlackStub.CHANNEL) ? "C0UNKNOWN" : a).toList();

    Run run = scan();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("cannot post to channel C0UNKNOWN (channel_not_found)");
    assertThat(state).doesNotExist();
  }

  @Test
  void aWebhookGetsTheAlertOnceToo() {
    openSshToTheWorld();

    slackArgs = List.of("--slack-webhook-url", slack.webhookUrl(), "--state", state.toString());

    Run first = scan();
    now = now.plus(Duration.ofMinutes(15));
    Run second = scan();

    assertThat(first.exitCode()).isEqualTo(2);
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(slack.received()).hasSize(1);
    assertThat(slack.received().get(0).path()).startsWith("/services/");
    assertThat(slack.received().get(0).body()).contains("ingress tcp 22 from 0.0.0.0/0");
    assertThat(second.stderr()).contains("Slack (webhook): 0 alerted");
  }
}
