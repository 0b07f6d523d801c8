package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.detector.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift-detector guard} before a branch deploy, as CloudFormation would update: a rule added
 * by hand to the app group is kept by a deploy that adds a rule of its own (a group's update
 * applies only its template's rule changes) and removed by one that replaces the group; an ACL
 * entry changed by hand is written over by a deploy that changes that entry, which stops the deploy
 * (exit 2) when the change came after the last deploy, and does not once the stack was deployed
 * again since.
 */
class GuardTest extends LabTest {
  @TempDir Path work;

  @BeforeEach
  void whoChangesByHand() {
    lab.aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::123456789012:user/carol");
  }

  /** A rule added by hand to the app group; returns its finding's fingerprint. */
  String aRuleAddedByHandToTheAppGroup() throws Exception {
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp"))
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(9000)
                            .toPort(9000)
                            .ipRanges(i -> i.cidrIp("10.10.0.0/16"))));
    return theOneFinding();
  }

  /** The data tier's ACL entry 100 opened to the internet by hand; returns the fingerprint. */
  String anAclEntryChangedByHand() throws Exception {
    DriftCorpusTest.Change change =
        AcceptTest.change("a NACL entry's source widened to the internet");
    change.apply(lab);
    return theOneFinding();
  }

  String theOneFinding() throws Exception {
    List<JsonNode> drift =
        lab.scan(assembly, "--policy", AcceptTest.RULES.resolve("drift-policy.yaml").toString())
            .findings();
    assertThat(drift).hasSize(1);
    return drift.get(0).path("fingerprint").asText();
  }

  /** The app synthesized from rules/ with {@code text} in {@code file} replaced. */
  Path branch(String file, String text, String replacement) throws Exception {
    Path rules = AcceptTest.copyOfRules(work);
    String before = Files.readString(rules.resolve(file));
    assertThat(before).containsOnlyOnce(text);
    Files.writeString(rules.resolve(file), before.replace(text, replacement));
    Path out = work.resolve("cdk.out");
    NetworkApp.synthesize(rules, out);
    return out;
  }

  AcceptTest.Run guard(Path next) {
    List<String> args = lab.scanArgs(next);
    args.set(0, "guard");
    args.removeAll(List.of("--format", "json"));
    args.addAll(List.of("--policy", AcceptTest.RULES.resolve("drift-policy.yaml").toString()));
    return AcceptTest.cli(args);
  }

  @Test
  void aDeployThatAddsARuleToTheGroupKeepsTheRuleAddedByHand() throws Exception {
    String fingerprint = aRuleAddedByHandToTheAppGroup();
    Path next =
        branch(
            "security-groups.yaml",
            "        - { protocol: tcp, ports: 443, cidr: 0.0.0.0/0, description: HTTPS to allowed",
            "        - { protocol: tcp, ports: 8443, cidr: 10.10.0.0/16, description: TLS inside }\n"
                + "        - { protocol: tcp, ports: 443, cidr: 0.0.0.0/0, description: HTTPS to"
                + " allowed");

    AcceptTest.Run run = guard(next);

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout())
        .contains("KEPT  " + fingerprint)
        .contains("no template declares it, so no update removes it")
        .doesNotContain("stop:");
  }

  @Test
  void aDeployThatReplacesTheGroupRemovesTheRuleAddedByHandAndStops() throws Exception {
    String fingerprint = aRuleAddedByHandToTheAppGroup();
    Path next =
        branch(
            "security-groups.yaml",
            "description: Application servers",
            "description: Application servers behind the load balancer");

    AcceptTest.Run run = guard(next);

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.DRIFT);
    assertThat(run.stdout())
        .contains("REPLACED  " + fingerprint)
        .contains("a create-only property changes")
        .contains("stop: made by arn:aws:iam::123456789012:user/carol at ")
        .contains("after the last deploy");
  }

  /** A branch that changes the data tier's ACL entry 100 (its ports). */
  Path aBranchThatChangesTheEntry() throws Exception {
    return branch(
        "network-acls.yaml",
        "{ rule: 100, action: allow, protocol: tcp, ports: 5432, cidr: 10.10.0.0/16 }",
        "{ rule: 100, action: allow, protocol: tcp, ports: 5432-5433, cidr: 10.10.0.0/16 }");
  }

  @Test
  void anIncidentFixAfterTheLastDeployThatTheDeployWouldWriteOverStopsIt() throws Exception {
    String fingerprint = anAclEntryChangedByHand();

    AcceptTest.Run run = guard(aBranchThatChangesTheEntry());

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.DRIFT);
    assertThat(run.stdout())
        .contains("OVERWRITTEN  " + fingerprint)
        .contains("written over the change")
        .contains("stop: made by arn:aws:iam::123456789012:user/carol at ");
  }

  @Test
  void aChangeOlderThanTheLastDeployIsListedWithoutAStop() throws Exception {
    String fingerprint = anAclEntryChangedByHand();
    lab.aws
        .cloudFormation()
        .setStatus(Lab.PRODUCTION, "UPDATE_COMPLETE", Instant.now().plusSeconds(3600));

    AcceptTest.Run run = guard(aBranchThatChangesTheEntry());

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout()).contains("OVERWRITTEN  " + fingerprint).doesNotContain("stop:");
  }

  @Test
  void aDeployThatLeavesTheEntryAloneKeepsItsChange() throws Exception {
    String fingerprint = anAclEntryChangedByHand();
    Path next =
        branch(
            "network-acls.yaml",
            "{ rule: 100, action: allow, protocol: tcp, ports: 1024-65535, cidr: 10.10.0.0/16 }",
            "{ rule: 100, action: allow, protocol: tcp, ports: 1024-65000, cidr: 10.10.0.0/16 }");

    AcceptTest.Run run = guard(next);

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout())
        .contains("KEPT  " + fingerprint)
        .contains("its template stays the same")
        .doesNotContain("stop:");
  }
}
