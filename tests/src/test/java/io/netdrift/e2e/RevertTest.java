package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.cli.ExitCodes;
import io.netdrift.detector.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * {@code drift-detector revert}: a dry run changes nothing; {@code --yes} runs the finding's own
 * remediation through the SDK, reads again and the scan is clean; a stack mid-update, a "check
 * first" remediation and an unknown fingerprint are refused, and nothing is changed.
 */
class RevertTest extends LabTest {
  record Run(int exitCode, String stdout, String stderr) {}

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  List<String> revertArgs(String... extra) {
    List<String> args = lab.scanArgs(assembly);
    args.set(0, "revert");
    args.removeAll(List.of("--format", "json"));
    args.addAll(List.of("--policy", AlertingTest.RULES.resolve("drift-policy.yaml").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  JsonNode scan() throws Exception {
    Run run = cli(lab.scanArgs(assembly).toArray(String[]::new));
    return Lab.JSON.readTree(run.stdout());
  }

  List<JsonNode> findings(JsonNode report) {
    List<JsonNode> all = new ArrayList<>();
    report.path("findings").forEach(all::add);
    return all;
  }

  String group(String prefix) {
    return lab.physical("AWS::EC2::SecurityGroup", prefix);
  }

  static IpPermission tcp(int port, String cidr, String description) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .ipRanges(r -> r.cidrIp(cidr).description(description))
        .build();
  }

  interface Change {
    void apply(RevertTest test);
  }

  /** Each kind of security group drift revert runs: a rule added, a rule taken away, one edited. */
  static Stream<Arguments> reverts() {
    return Stream.of(
        Arguments.of(
            "SSH opened to the world is revoked",
            (Change)
                t ->
                    t.lab.ec2.authorizeSecurityGroupIngress(
                        r ->
                            r.groupId(t.group("SecurityGroupsApp"))
                                .ipPermissions(tcp(22, "0.0.0.0/0", null)))),
        Arguments.of(
            "the load balancer's HTTPS from the internet, taken away, is authorized again",
            (Change)
                t ->
                    t.lab.ec2.revokeSecurityGroupIngress(
                        r ->
                            r.groupId(t.group("SecurityGroupsAlb"))
                                .ipPermissions(tcp(443, "0.0.0.0/0", null)))),
        Arguments.of(
            "the load balancer's HTTPS widened from port 443 to 443-444 is replaced",
            (Change)
                t -> {
                  t.lab.ec2.revokeSecurityGroupIngress(
                      r ->
                          r.groupId(t.group("SecurityGroupsAlb"))
                              .ipPermissions(tcp(443, "0.0.0.0/0", null)));
                  t.lab.ec2.authorizeSecurityGroupIngress(
                      r ->
                          r.groupId(t.group("SecurityGroupsAlb"))
                              .ipPermissions(
                                  IpPermission.builder()
                                      .ipProtocol("tcp")
                                      .fromPort(443)
                                      .toPort(444)
                                      .ipRanges(
                                          x ->
                                              x.cidrIp("0.0.0.0/0")
                                                  .description("HTTPS from the internet"))
                                      .build()));
                }));
  }

  String acl(String prefix) {
    return lab.physical("AWS::EC2::NetworkAcl", prefix);
  }

  /** Each kind of network ACL drift: an entry added, one deleted, one edited. */
  static Stream<Arguments> aclReverts() {
    return Stream.of(
        Arguments.of(
            "a NACL entry added to the data tier is deleted",
            (Change)
                t ->
                    t.lab.ec2.createNetworkAclEntry(
                        r ->
                            r.networkAclId(t.acl("NetworkAclsData"))
                                .ruleNumber(200)
                                .egress(false)
                                .protocol("6")
                                .ruleAction("allow")
                                .cidrBlock("0.0.0.0/0")
                                .portRange(p -> p.from(5432).to(5432)))),
        Arguments.of(
            "the NACL deny for RDP, deleted, is created again",
            (Change)
                t ->
                    t.lab.ec2.deleteNetworkAclEntry(
                        r ->
                            r.networkAclId(t.acl("NetworkAclsPublic"))
                                .ruleNumber(91)
                                .egress(false))),
        Arguments.of(
            "the NACL deny for SSH switched to allow is replaced",
            (Change)
                t ->
                    t.lab.ec2.replaceNetworkAclEntry(
                        r ->
                            r.networkAclId(t.acl("NetworkAclsPublic"))
                                .ruleNumber(90)
                                .egress(false)
                                .protocol("6")
                                .ruleAction("allow")
                                .cidrBlock("0.0.0.0/0")
                                .portRange(p -> p.from(22).to(22)))));
  }

  /** Each kind of route drift: a route added, one deleted, one sent elsewhere. */
  static Stream<Arguments> routeReverts() {
    return Stream.of(
        Arguments.of(
            "a route to the internet gateway added to the data tier is deleted",
            (Change)
                t ->
                    t.lab.ec2.createRoute(
                        r ->
                            r.routeTableId(t.lab.routeTable("VpcdataSubnet1"))
                                .destinationCidrBlock("0.0.0.0/0")
                                .gatewayId(t.lab.physical("AWS::EC2::InternetGateway", "Vpc")))),
        Arguments.of(
            "the app tier's default route sent around the firewall goes back through it",
            (Change)
                t ->
                    t.lab.ec2.replaceRoute(
                        r ->
                            r.routeTableId(t.lab.routeTable("VpcappSubnet1"))
                                .destinationCidrBlock("0.0.0.0/0")
                                .natGatewayId(
                                    t.lab.physical("AWS::EC2::NatGateway", "VpcpublicSubnet1")))),
        Arguments.of(
            "the return route through the firewall, deleted, is created again",
            (Change)
                t ->
                    t.lab.ec2.deleteRoute(
                        r ->
                            r.routeTableId(t.lab.routeTable("VpcpublicSubnet1"))
                                .destinationCidrBlock(t.lab.subnetCidr("VpcappSubnet1")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"reverts", "aclReverts", "routeReverts"})
  void aDryRunChangesNothingAndYesPutsItBack(String name, Change change) throws Exception {
    change.apply(this);
    List<JsonNode> drift = findings(scan());
    assertThat(drift).as("the change is drift").isNotEmpty();
    String[] fingerprints =
        drift.stream().map(f -> f.path("fingerprint").asText()).toArray(String[]::new);

    int before = lab.aws.calls().size();
    Run dry = cli(revertArgs(fingerprints).toArray(String[]::new));

    assertThat(dry.exitCode()).as(dry.stdout() + dry.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(dry.stdout()).contains("dry run: nothing is changed").contains("run: aws ec2 ");
    assertThat(lab.aws.calls().subList(before, lab.aws.calls().size()))
        .as("a dry run only reads")
        .allMatch(Lab::reads);
    assertThat(findings(scan())).hasSameSizeAs(drift);

    List<String> yes = revertArgs(fingerprints);
    yes.add("--yes");
    Run run = cli(yes.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout()).contains("converged (read again: as approved)");
    assertThat(findings(scan())).isEmpty();
  }

  @Test
  void aRevertIsRecordedOnItsAlertAndAnsweredInItsSlackThread() throws Exception {
    // The access key the CLI signs with in this JVM (the demo, run in process, sets its own).
    lab.aws
        .cloudTrail()
        .identify(System.getProperty("aws.accessKeyId"), "arn:aws:iam::123456789012:user/alice");
    try (io.netdrift.emulator.SlackStub slack = io.netdrift.emulator.SlackStub.start()) {
      java.nio.file.Path work = java.nio.file.Files.createTempDirectory("netdrift-revert");
      java.nio.file.Path token = work.resolve("slack-token");
      java.nio.file.Files.writeString(token, io.netdrift.emulator.SlackStub.TOKEN);
      String state = work.resolve("alerts.json").toString();
      List<String> alerting =
          List.of(
              "--slack-api-url",
              slack.apiUrl(),
              "--slack-channel=" + io.netdrift.emulator.SlackStub.CHANNEL,
              "--slack-token-file",
              token.toString(),
              "--state",
              state);
      lab.ec2.authorizeSecurityGroupIngress(
          r -> r.groupId(group("SecurityGroupsApp")).ipPermissions(tcp(22, "0.0.0.0/0", null)));
      List<String> scanWithAlerts = lab.scanArgs(assembly);
      scanWithAlerts.addAll(alerting);
      Run alerted = cli(scanWithAlerts.toArray(String[]::new));
      String fingerprint =
          findings(Lab.JSON.readTree(alerted.stdout())).get(0).path("fingerprint").asText();
      String thread = slack.posted().get(0).ts();

      List<String> revert = revertArgs(fingerprint, "--yes");
      revert.addAll(alerting);
      Run run = cli(revert.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
      assertThat(run.stdout()).contains("answered in 1 Slack thread(s)");
      io.netdrift.emulator.SlackStub.Posted answer = slack.posted().get(slack.posted().size() - 1);
      assertThat(answer.threadTs()).isEqualTo(thread);
      assertThat(answer.visibleText())
          .contains("*Reverted* by arn:aws:iam::123456789012:user/alice at ")
          .contains(", converged")
          .contains("ingress tcp 22 from 0.0.0.0/0");
      assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(state)))
          .contains("\"reverted\" : \"by arn:aws:iam::123456789012:user/alice at ");

      // The next scan resolves the alert, and says who put it back.
      Run resolved = cli(scanWithAlerts.toArray(String[]::new));
      assertThat(resolved.exitCode()).isZero();
      assertThat(slack.posted().get(slack.posted().size() - 1).visibleText())
          .contains("*Resolved*")
          .contains("(reverted by arn:aws:iam::123456789012:user/alice at ");
    }
  }

  @Test
  void aStackCloudFormationIsChangingIsRefusedAndNothingChanges() throws Exception {
    lab.ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(group("SecurityGroupsApp")).ipPermissions(tcp(22, "0.0.0.0/0", null)));
    String fingerprint = findings(scan()).get(0).path("fingerprint").asText();
    lab.aws.cloudFormation().setStatus(Lab.PRODUCTION, "UPDATE_IN_PROGRESS");

    Run run = cli(revertArgs(fingerprint, "--yes").toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.stdout())
        .contains(
            "refused: stack NetdriftProductionNetwork is UPDATE_IN_PROGRESS: CloudFormation is changing it")
        .contains("Nothing was changed");
    assertThat(lab.aws.calls()).doesNotContain("RevokeSecurityGroupIngress");
  }

  @Test
  void aCheckFirstRemediationIsRefusedUnlessForcedAndAnUnknownFingerprintIsNamed()
      throws Exception {
    // A subnet that gives instances public addresses: its fix is a setting put back by hand.
    String subnet = lab.physical("AWS::EC2::Subnet", "VpcappSubnet1");
    lab.ec2.modifySubnetAttribute(r -> r.subnetId(subnet).mapPublicIpOnLaunch(b -> b.value(true)));
    JsonNode finding = findings(scan()).get(0);
    String fingerprint = finding.path("fingerprint").asText();
    int before = lab.aws.calls().size();

    Run refused = cli(revertArgs(fingerprint, "0000000000000000", "--yes").toArray(String[]::new));

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(refused.stdout())
        .contains("refused: its remediation says check first")
        .contains("--force " + fingerprint)
        .contains("0000000000000000")
        .contains("refused: no open drift has this fingerprint");
    assertThat(lab.aws.calls().subList(before, lab.aws.calls().size()))
        .noneMatch(c -> c.startsWith("Modify"));
    assertThat(findings(scan())).hasSize(1);
  }
}
