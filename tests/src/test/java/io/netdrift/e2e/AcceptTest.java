package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.detector.cli.ExitCodes;
import io.netdrift.detector.cli.Main;
import io.netdrift.rules.RulesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code drift-detector accept}: for corpus changes rules/ can say, the patch written into a copy
 * of rules/, synthesized and scanned makes the finding gone and leaves nothing else but the deploy
 * the change awaits; comments stay. What the guard rails forbid is written, and synth refuses it at
 * its line; what rules/ has no place for is said, and nothing is written.
 */
class AcceptTest extends LabTest {
  static final Path RULES = Path.of("..", "rules");

  @TempDir Path work;

  record Run(int exitCode, String stdout, String stderr) {}

  static Run cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The corpus change called {@code name}. */
  static DriftCorpusTest.Change change(String name) {
    return DriftCorpusTest.corpus()
        .map(Arguments::get)
        .filter(a -> a[0].equals(name))
        .map(a -> (DriftCorpusTest.Change) a[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no corpus case '" + name + "'"));
  }

  static Stream<String> acceptable() {
    return Stream.of(
        // security group rules: added, taken away, edited
        "the app group's port range widened",
        "an approved egress rule removed",
        "the database's approved ingress revoked",
        "the load balancer's IPv6 HTTPS ingress revoked",
        "a rule from a customer prefix list added to the app group",
        // network ACL entries
        "a NACL egress entry's ports changed",
        "a NACL entry added to the data tier",
        "a NACL entry's source widened to the internet",
        "a deny entry added in front of the app tier",
        "an all-traffic egress to the internet added to the data tier's ACL",
        "the data tier's approved ingress entry deleted",
        "the public ACL's HTTPS entry widened to every protocol",
        // Suricata rules by sid
        "a Suricata alert rule's port changed",
        "a Suricata drop rule changed to alert",
        "a Suricata drop rule changed to pass",
        "a Suricata rule added",
        "a Suricata rule removed",
        "a Suricata rule whose revision alone changed",
        // the firewall's domain list and the WAF block list
        "a domain added to the egress allow-list",
        "a domain removed from the egress allow-list",
        "an address added to the block-list IP set",
        "an address removed from the block-list IP set");
  }

  Lab.Scan scan(Path baseline) throws Exception {
    return lab.scan(baseline, "--policy", RULES.resolve("drift-policy.yaml").toString());
  }

  List<String> acceptArgs(Path rules, List<String> fingerprints, String... extra) {
    List<String> args = lab.scanArgs(assembly);
    args.set(0, "accept");
    args.removeAll(List.of("--format", "json"));
    args.addAll(List.of("--rules", rules.toString()));
    args.addAll(List.of("--policy", RULES.resolve("drift-policy.yaml").toString()));
    args.addAll(fingerprints);
    args.addAll(List.of(extra));
    return args;
  }

  /** A copy of rules/ in {@code work}/rules, as a branch would hold it. */
  Path rulesCopy() throws IOException {
    return copyOfRules(work);
  }

  /** A copy of the project's rules/ in {@code dir}/rules. */
  static Path copyOfRules(Path dir) throws IOException {
    Path copy = dir.resolve("rules");
    try (Stream<Path> files = Files.walk(RULES)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(RULES.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptable")
  void theAcceptedPatchMakesTheLiveStateTheApprovedOne(String name) throws Exception {
    lab.aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::123456789012:user/carol");
    change(name).apply(lab);
    List<JsonNode> drift = scan(assembly).findings();
    assertThat(drift).as("the change is drift").isNotEmpty();
    List<String> fingerprints = drift.stream().map(f -> f.path("fingerprint").asText()).toList();
    Path rules = rulesCopy();

    Run run = cli(acceptArgs(rules, fingerprints, "--write"));

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout()).contains("+++ b/rules/").contains("Commit message:");
    fingerprints.forEach(fp -> assertThat(run.stdout()).contains("- " + fp + " "));
    for (JsonNode f : drift) {
      // Who made it, where CloudTrail said so to the scan (EC2 changes are signed as carol).
      String who = f.at("/attribution/principal").asText();
      if (!who.isEmpty()) {
        assertThat(run.stdout()).contains("changed by: " + who);
      }
    }
    if (drift.get(0).path("resourceType").asText().startsWith("AWS::EC2::")) {
      assertThat(run.stdout()).contains("changed by: arn:aws:iam::123456789012:user/carol via ");
    }
    List<String> changed = changedFiles(rules);
    assertThat(changed).as("the files the patch names are the files written").isNotEmpty();
    for (String file : changed) {
      assertThat(run.stdout()).contains("+++ b/rules/" + file);
      assertThat(comments(rules.resolve(file)))
          .as("every comment of %s is kept", file)
          .containsExactlyElementsOf(comments(RULES.resolve(file)));
    }

    Path accepted = work.resolve("cdk.out");
    NetworkApp.synthesize(rules, accepted);
    Lab.Scan after = scan(accepted);

    Set<String> stacks = new TreeSet<>();
    drift.forEach(f -> stacks.add(f.path("stack").asText()));
    assertThat(after.findings())
        .as("the finding is gone; what is left is the deploy the change awaits")
        .allSatisfy(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("UNAPPROVED_DEPLOYMENT");
              assertThat(stacks).contains(f.path("stack").asText());
            });
    assertThat(after.report().path("status").asText()).isNotEqualTo("INCOMPLETE");
    Set<String> ids = new TreeSet<>();
    drift.forEach(f -> ids.add(f.path("logicalId").asText()));
    for (String stack : stacks) {
      assertThat(changedResources(stack, accepted))
          .as("in %s only the accepted resources and what belongs to them changed", stack)
          .allSatisfy(
              (id, json) ->
                  assertThat(
                          ids.contains(id)
                              || ids.stream()
                                  .anyMatch(
                                      a ->
                                          json.contains("{\"Ref\":\"" + a + "\"}")
                                              || json.contains("[\"" + a + "\",")))
                      .as("%s: %s", id, json)
                      .isTrue());
    }
  }

  static Stream<Arguments> forbidden() {
    return Stream.of(
        Arguments.of("SSH opened to the world on the app group", "security-groups.yaml"),
        Arguments.of("the NACL deny for SSH switched to allow", "network-acls.yaml"),
        Arguments.of("the NACL deny for RDP deleted", "network-acls.yaml"),
        Arguments.of("an all-traffic egress added to the database group", "security-groups.yaml"),
        Arguments.of(
            "all traffic to the internet over IPv6 allowed out of the app group",
            "security-groups.yaml"),
        Arguments.of(
            "all traffic from the internal network allowed into the database",
            "security-groups.yaml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbidden")
  void whatTheGuardRailsForbidIsWrittenAndSynthRefusesItAtItsLine(String name, String file)
      throws Exception {
    change(name).apply(lab);
    List<String> fingerprints =
        scan(assembly).findings().stream().map(f -> f.path("fingerprint").asText()).toList();
    Path rules = rulesCopy();

    Run run = cli(acceptArgs(rules, fingerprints, "--write"));

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(changedFiles(rules)).containsExactly(file);
    assertThatThrownBy(() -> NetworkApp.synthesize(rules, work.resolve("cdk.out")))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(rules.resolve(file) + ":");
  }

  static Stream<String> nowhere() {
    return Stream.of(
        "a route to the internet gateway added to the data tier",
        "a data subnet set to give instances public addresses",
        "a security group created by hand in the production VPC",
        "the database opened to a group in another account",
        "the rate-limit rule switched to Count");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nowhere")
  void whatRulesHaveNoPlaceForIsSaidAndNothingIsWritten(String name) throws Exception {
    change(name).apply(lab);
    List<String> fingerprints =
        scan(assembly).findings().stream().map(f -> f.path("fingerprint").asText()).toList();
    Path rules = rulesCopy();

    Run run = cli(acceptArgs(rules, fingerprints, "--write"));

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.stdout())
        .contains("cannot accept: ")
        .contains("Nothing was written")
        .doesNotContain("+++ b/");
    assertThat(changedFiles(rules)).isEmpty();
  }

  /** The files under {@code rules} whose bytes differ from the project's rules/. */
  static List<String> changedFiles(Path rules) throws IOException {
    List<String> changed = new ArrayList<>();
    try (Stream<Path> files = Files.walk(rules)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = rules.relativize(f).toString().replace('\\', '/');
        if (Files.mismatch(f, RULES.resolve(name)) != -1) {
          changed.add(name);
        }
      }
    }
    return changed;
  }

  static List<String> comments(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> l.strip().startsWith("#")).toList();
  }

  /** The resources of {@code stack} whose template JSON differs, by logical id. */
  static Map<String, String> changedResources(String stack, Path accepted) throws IOException {
    JsonNode before =
        Lab.JSON.readTree(assembly.resolve(stack + ".template.json").toFile()).path("Resources");
    JsonNode after =
        Lab.JSON.readTree(accepted.resolve(stack + ".template.json").toFile()).path("Resources");
    Map<String, String> changed = new TreeMap<>();
    Set<String> ids = new TreeSet<>();
    before.fieldNames().forEachRemaining(ids::add);
    after.fieldNames().forEachRemaining(ids::add);
    for (String id : ids) {
      if (!before.path(id).equals(after.path(id))) {
        changed.put(id, (after.has(id) ? after : before).path(id).toString());
      }
    }
    return changed;
  }
}
