package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code revert} over the whole drift corpus: every finding whose remediation is exact (one call of
 * a service) is put back with {@code --yes} and the scan after it no longer has it, the others
 * untouched; an exact remediation that is a deploy is left to the deploy, and a "check first" one
 * is refused without {@code --force}. Either way a refusal changes nothing.
 */
class RevertCorpusTest {
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
    // Some corpus changes read the assembly the corpus test holds.
    DriftCorpusTest.assembly = assembly;
  }

  static List<String> revertArgs(Lab lab, List<String> fingerprints, String... extra) {
    List<String> args = lab.scanArgs(assembly);
    args.set(0, "revert");
    args.removeAll(List.of("--format", "json"));
    args.addAll(List.of("--policy", DriftCorpusTest.POLICY.toString()));
    args.addAll(fingerprints);
    args.addAll(List.of(extra));
    return args;
  }

  static Set<String> fingerprints(List<JsonNode> findings) {
    Set<String> out = new TreeSet<>();
    findings.forEach(f -> out.add(f.path("fingerprint").asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netdrift.e2e.DriftCorpusTest#corpus")
  void eachExactRemediationPutsItsDriftBack(
      String name, DriftCorpusTest.Change change, List<DriftCorpusTest.Expected> expected)
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      change.apply(lab);
      List<JsonNode> drift =
          lab.scan(assembly, "--policy", DriftCorpusTest.POLICY.toString()).findings();
      List<String> run = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (JsonNode f : drift) {
        JsonNode remediation = f.path("remediation");
        boolean deploy =
            remediation.path("commands").toString().contains("cdk deploy")
                || remediation.path("commands").isEmpty();
        (remediation.path("exact").asBoolean() && !deploy ? run : refused)
            .add(f.path("fingerprint").asText());
      }

      for (String fingerprint : refused) {
        int before = lab.aws.calls().size();
        AcceptTest.Run no = AcceptTest.cli(revertArgs(lab, List.of(fingerprint), "--yes"));
        assertThat(no.exitCode()).as(no.stdout() + no.stderr()).isEqualTo(ExitCodes.ERROR);
        assertThat(no.stdout()).contains("refused: ").contains("Nothing was changed");
        assertThat(lab.aws.calls().subList(before, lab.aws.calls().size()))
            .as("a refused revert only reads")
            .allMatch(Lab::reads);
      }
      if (run.isEmpty()) {
        return;
      }
      AcceptTest.Run yes = AcceptTest.cli(revertArgs(lab, run, "--yes"));

      assertThat(yes.exitCode()).as(yes.stdout() + yes.stderr()).isEqualTo(ExitCodes.OK);
      assertThat(yes.stdout()).contains("converged (read again: as approved)");
      Set<String> after =
          fingerprints(
              lab.scan(assembly, "--policy", DriftCorpusTest.POLICY.toString()).findings());
      assertThat(after).as("put back").doesNotContainAnyElementsOf(run);
      assertThat(after).as("the others are left as they were").containsAll(refused);
    }
  }
}
