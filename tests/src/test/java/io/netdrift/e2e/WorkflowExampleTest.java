package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netdrift.detector.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The GitHub Actions example in deploy/: its scan is a command line the CLI takes, it signs in with
 * OIDC only, and it uploads the very SARIF file the scan writes.
 */
class WorkflowExampleTest {
  static final Path WORKFLOW =
      DriftScriptTest.REPOSITORY.resolve("deploy/github-actions/netdrift-scan.yml");

  static JsonNode workflow() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(WORKFLOW));
  }

  static JsonNode step(JsonNode workflow, String field, String prefix) {
    return StreamSupport.stream(
            workflow.path("jobs").path("scan").path("steps").spliterator(), false)
        .filter(s -> s.path(field).asText().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step with " + field + " " + prefix));
  }

  /** The words of a shell command line: single quotes kept together, expressions filled in. */
  static List<String> words(String command) {
    String filled = command.replaceAll("\\$\\{\\{[^}]*}}", "x");
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(filled);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words;
  }

  @Test
  void theScanIsACommandLineTheCliTakes() throws Exception {
    List<String> words = words(step(workflow(), "name", "Scan").path("run").asText());
    assertThat(words.subList(0, 3))
        .containsExactly("java", "-jar", "drift-detector/target/drift-detector.jar");

    CommandLine.ParseResult parsed =
        new CommandLine(new Main())
            .parseArgs(words.subList(3, words.size()).toArray(String[]::new));

    CommandLine.ParseResult scan = parsed.subcommand();
    assertThat(scan.commandSpec().name()).isEqualTo("scan");
    assertThat(scan.matchedOptionValue("--baseline", (Path) null)).isEqualTo(Path.of("cdk.out"));
    assertThat(scan.matchedPositionals().get(0).getValue().toString()).contains("Netdrift*");
    assertThat(scan.matchedOption("--report").stringValues())
        .containsExactly("sarif", "drift.sarif", "evidence-html", "evidence.html");
  }

  @Test
  void itSignsInWithOidcAndUploadsTheSarifTheScanWrites() throws Exception {
    JsonNode workflow = workflow();

    assertThat(workflow.path("permissions").path("id-token").asText()).isEqualTo("write");
    assertThat(workflow.path("permissions").path("security-events").asText()).isEqualTo("write");
    assertThat(workflow.path("permissions").path("contents").asText()).isEqualTo("read");
    assertThat(workflow.path("on").path("schedule").get(0).path("cron").asText())
        .isEqualTo("*/15 * * * *");
    JsonNode credentials = step(workflow, "uses", "aws-actions/configure-aws-credentials@");
    assertThat(credentials.path("with").has("role-to-assume")).isTrue();
    assertThat(credentials.path("with").has("aws-access-key-id")).isFalse();
    JsonNode upload = step(workflow, "uses", "github/codeql-action/upload-sarif@");
    assertThat(upload.path("with").path("sarif_file").asText()).isEqualTo("drift.sarif");
    // Drift exits 2 and fails the step; the findings are uploaded all the same.
    assertThat(upload.path("if").asText()).startsWith("always()");
    // The CDK CLI the README pins.
    assertThat(Files.readString(DriftScriptTest.REPOSITORY.resolve("README.md")))
        .contains(
            words(step(workflow, "name", "Build").path("run").asText()).stream()
                .filter(w -> w.startsWith("aws-cdk@"))
                .findFirst()
                .orElseThrow());
  }
}
