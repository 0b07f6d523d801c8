package io.netdrift.detector.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.detector.diff.SecurityGroupDiff;
import io.netdrift.detector.model.ApprovedStack.ManagedGroup;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.rules.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reviewed policy in rules/ judges drift as its comments say, and bad policy files are caught.
 */
class DriftPolicyTest {
  static final Path POLICY = Path.of("..", "rules", "drift-policy.yaml");
  static final LocalDate TODAY = LocalDate.parse("2026-11-30");

  @TempDir Path dir;

  static Finding finding(FindingKind kind, String type, String property, Exposure exposure) {
    return Finding.of(kind, new Finding.Resource("Net", type, "Res", "id-1"))
        .property(property)
        .summary("summary")
        .exposure(exposure)
        .build();
  }

  static Severity severity(Finding f) {
    return DriftPolicy.load(POLICY).assess(f, TODAY, "eu-west-1").severity();
  }

  @Test
  void rdpFromTheInternetIsAsLoudOnAGroupMadeByHandAsOnAnApprovedOne() {
    SecurityGroupRule rdp =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 3389, 3389, new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")), "");
    SecurityGroup approved = new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "app", List.of());
    Map<String, SecurityGroup> live =
        Map.of(
            "sg-1",
            new SecurityGroup("sg-1", "vpc-1", Optional.empty(), "app", List.of(rdp)),
            "sg-2",
            new SecurityGroup("sg-2", "vpc-1", Optional.of("debug"), "by hand", List.of(rdp)));

    List<Finding> findings =
        SecurityGroupDiff.compare(
            "Net", Map.of("sg-1", new ManagedGroup("App", approved)), Set.of("vpc-1"), live);

    assertThat(findings)
        .filteredOn(f -> f.property().equals("ingress tcp 3389 from 0.0.0.0/0"))
        .extracting(Finding::physicalId, DriftPolicyTest::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("sg-1", Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("sg-2", Severity.CRITICAL));
    assertThat(findings)
        .filteredOn(f -> f.property().isEmpty())
        .extracting(Finding::physicalId, DriftPolicyTest::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sg-2", Severity.MEDIUM));
  }

  @Test
  void sshOpenedToTheInternetIsCritical() {
    assertThat(
            severity(
                finding(
                    FindingKind.UNMANAGED,
                    "AWS::EC2::SecurityGroup",
                    "ingress tcp 22 from 0.0.0.0/0",
                    Exposure.widened(true, "x"))))
        .isEqualTo(Severity.CRITICAL);
    assertThat(
            severity(
                finding(
                    FindingKind.CHANGED,
                    "AWS::EC2::NetworkAcl",
                    "Entries[ingress 100].CidrBlock",
                    Exposure.widened(true, "x"))))
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void internalIngressWidenedIsHighNotCritical() {
    assertThat(
            severity(
                finding(
                    FindingKind.UNMANAGED,
                    "AWS::EC2::SecurityGroup",
                    "ingress tcp 22 from 10.0.0.0/8",
                    Exposure.widened(false, "x"))))
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void aWafRuleSwitchedToCountOrRemovedIsHigh() {
    assertThat(
            severity(
                finding(
                    FindingKind.CHANGED,
                    "AWS::WAFv2::WebACL",
                    "Rules[rate-limit].Action",
                    Exposure.widened(true, "Block -> Count"))))
        .isEqualTo(Severity.HIGH);
    assertThat(
            severity(
                finding(
                    FindingKind.MISSING,
                    "AWS::WAFv2::WebACL",
                    "Rules[AWSManagedRulesSQLiRuleSet]",
                    Exposure.widened(true, "removed"))))
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void aSuricataDropTurnedIntoAlertIsHigh() {
    assertThat(
            severity(
                finding(
                    FindingKind.CHANGED,
                    "AWS::NetworkFirewall::RuleGroup",
                    "RuleGroup.RulesSource.RulesString[sid 1000001]",
                    Exposure.widened(true, "drop -> alert"))))
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void aDescriptionOnlyChangeIsLowAndANarrowingIsMedium() {
    assertThat(
            severity(
                finding(
                    FindingKind.CHANGED,
                    "AWS::EC2::SecurityGroup",
                    "GroupDescription",
                    Exposure.unchanged("names"))))
        .isEqualTo(Severity.LOW);
    assertThat(
            severity(
                finding(
                    FindingKind.MISSING,
                    "AWS::EC2::SecurityGroup",
                    "egress tcp 443 to 0.0.0.0/0",
                    Exposure.narrowed(true, "gone"))))
        .isEqualTo(Severity.MEDIUM);
  }

  @Test
  void anUnapprovedDeploymentIsHighAndTheRestGetsTheDefault() {
    assertThat(
            severity(
                finding(
                    FindingKind.UNAPPROVED_DEPLOYMENT,
                    "AWS::CloudFormation::Stack",
                    "template",
                    Exposure.unknown("?"))))
        .isEqualTo(Severity.HIGH);
    assertThat(
            severity(
                finding(FindingKind.CHANGED, "AWS::EC2::Subnet", "VpcId", Exposure.unknown("?"))))
        .isEqualTo(Severity.MEDIUM);
  }

  Path policy(String yaml) throws IOException {
    Path file = dir.resolve("drift-policy.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  static final String SUPPRESSION =
      "suppressions:\n"
          + "  - resources: [id-1]\n"
          + "    owner: alice@example.com\n"
          + "    reason: migration window\n"
          + "    ticket: SEC-1\n"
          + "    expires: 2026-12-01\n";

  @Test
  void aSuppressionHoldsThroughItsExpiryDayAndNotAfter() throws IOException {
    DriftPolicy p = DriftPolicy.load(policy(SUPPRESSION));
    Finding f =
        finding(FindingKind.UNMANAGED, "AWS::EC2::SecurityGroup", "x", Exposure.widened(true, "x"));

    assertThat(p.assess(f, LocalDate.parse("2026-12-01"), "").suppressed()).isTrue();
    Assessment after = p.assess(f, LocalDate.parse("2026-12-02"), "");
    assertThat(after.suppressed()).isFalse();
    assertThat(after.suppressionExpired()).isTrue();
    assertThat(after.suppression().get().ticket()).isEqualTo("SEC-1");
  }

  @Test
  void aSuppressionByFingerprintMatchesThatDriftOnly() throws IOException {
    Finding f =
        finding(FindingKind.UNMANAGED, "AWS::EC2::SecurityGroup", "x", Exposure.widened(true, "x"));
    Finding other =
        finding(FindingKind.UNMANAGED, "AWS::EC2::SecurityGroup", "y", Exposure.widened(true, "x"));
    DriftPolicy p =
        DriftPolicy.load(
            policy(
                "suppressions:\n  - fingerprint: "
                    + f.fingerprint()
                    + "\n    owner: a\n    reason: b\n    ticket: c\n    expires: 2027-01-01\n"));

    assertThat(p.assess(f, TODAY, "").suppressed()).isTrue();
    assertThat(p.assess(other, TODAY, "").suppressed()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a suppression without an owner | owner: alice@example.com\\n | missing required key 'owner' | 2",
        "a misspelt key | reason: | unknown key 'reasn' | 4",
        "a date that is not one | expires: 2026-12-01 | expires must be a date | 6",
        "a suppression of everything | resources: [id-1] | must name a 'fingerprint' or the 'resources' | 2",
      })
  void badPolicyFilesNameTheFileAndLine(String what, String text, String message, int line)
      throws IOException {
    String broken =
        switch (what) {
          case "a suppression without an owner" ->
              SUPPRESSION.replace("    owner: alice@example.com\n", "");
          case "a misspelt key" -> SUPPRESSION.replace("reason:", "reasn:");
          case "a date that is not one" -> SUPPRESSION.replace("2026-12-01", "next tuesday");
          default -> SUPPRESSION.replace("  - resources: [id-1]\n    owner", "  - owner");
        };
    Path file = policy(broken);

    assertThatThrownBy(() -> DriftPolicy.load(file))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(file + ":" + line + ":")
        .hasMessageContaining(message);
  }

  @Test
  void anUnknownSeverityOrExposureIsCaughtWithItsPlace() throws IOException {
    Path file =
        policy("severities:\n  - name: x\n    severity: urgent\n    when: { exposure: widened }\n");
    assertThatThrownBy(() -> DriftPolicy.load(file))
        .hasMessageContaining(file + ":3:")
        .hasMessageContaining("unknown severity 'urgent'");

    Path other =
        policy("severities:\n  - name: x\n    severity: high\n    when: { exposure: wider }\n");
    assertThatThrownBy(() -> DriftPolicy.load(other))
        .hasMessageContaining(
            "unknown value 'wider'; one of widened, narrowed, unchanged, unknown");
  }
}
