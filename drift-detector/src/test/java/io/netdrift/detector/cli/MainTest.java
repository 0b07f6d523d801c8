package io.netdrift.detector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void scanHelpDocumentsEveryFlag() {
    assertThat(run("scan", "--help")).isZero();

    assertThat(out.toString())
        .contains("--baseline=DIR", "--region=REGION", "--profile=NAME", "--endpoint-url=URL")
        .contains(
            "--format=FORMAT",
            "evidence-html",
            "--output=FILE",
            "--slack-webhook-url=URL",
            "SLACK_WEBHOOK_URL",
            "--slack-channel=CHANNEL",
            "--slack-token-file=FILE",
            "--state=FILE",
            "--policy=FILE",
            "--fail-on=SEVERITY")
        .contains("Exit codes: 0 in sync (or drift below --fail-on), 1 error, incomplete scan or")
        .doesNotContain("xoxb-");
  }

  @Test
  void theVersionNamesTheProjectVersionAndTheCommitItWasBuiltFrom() throws Exception {
    assertThat(run("--version")).isZero();

    String line = out.toString().strip();
    assertThat(line)
        .matches(
            "netdrift drift-detector \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{40}"
                + "(, with uncommitted changes)?\\)");
    // The checkout this test runs in is the one the build read.
    Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
    String head = new String(git.getInputStream().readAllBytes()).strip();
    if (git.waitFor() == 0) {
      assertThat(line).contains("commit " + head);
    }
  }

  @Test
  void completionPrintsABashScriptThatKnowsEveryCommandAndFlag() {
    assertThat(run("completion")).isZero();

    assertThat(out.toString())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_drift-detector")
        .contains("scan", "watch", "snapshot", "--baseline", "--fail-on", "--slack-channel");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("completion");
  }

  @Test
  void theWebhookUrlIsNeverShownInHelp() {
    // picocli would print a default taken from the environment; the URL is a secret.
    assertThat(run("scan", "--help")).isZero();
    assertThat(out.toString()).doesNotContain("hooks.slack.com").doesNotContain("Default:");
  }

  @Test
  void badUsageExits64() {
    assertThat(run("scan", "--no-such-flag")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("scan")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--baseline=DIR'");
    assertThat(run("scan", "--baseline", dir.toString(), "--format", "yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aMalformedEndpointUrlIsBadUsageNamingIt() {
    for (String bad : new String[] {"not_a_url", "127.0.0.1:4566", "ftp://localhost", "http://"}) {
      assertThat(run("scan", "--baseline", dir.toString(), "--endpoint-url", bad))
          .as(bad)
          .isEqualTo(ExitCodes.USAGE);
    }
    assertThat(err.toString())
        .contains("--endpoint-url")
        .contains("'not_a_url' is not an http(s) URL with a host")
        .doesNotContain("NullPointerException");
  }

  @Test
  void aStackPatternThatMatchesNothingIsBadUsageNamingTheStacks() throws IOException {
    writeAssembly("{\"Resources\": {}}");

    assertThat(run("scan", "--baseline", dir.toString(), "Netwrk*")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("snapshot", "--baseline", dir.toString(), "--out", "x.json", "--stack", "Nope"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("no stack matches Netwrk*; the assembly holds ")
        .contains("no stack matches Nope");
  }

  @Test
  void aMissingAssemblyIsAnErrorNamingTheFile() {
    assertThat(run("scan", "--baseline", dir.resolve("cdk.out").toString()))
        .isEqualTo(ExitCodes.ERROR);

    assertThat(err.toString()).contains("manifest.json: not found").contains("cdk synth");
  }

  @Test
  void aMalformedTemplateIsAnErrorNamingFileLineAndColumn() throws IOException {
    writeAssembly("{\"Resources\": {\"Sg\": ");

    assertThat(run("scan", "--baseline", dir.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(err.toString()).contains("Net.template.json:1:").contains("not valid JSON");
  }

  @Test
  void anUnreachableAwsMakesTheScanIncompleteNeverClean() throws IOException {
    writeAssembly("{\"Resources\": {}}");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path report = dir.resolve("reports").resolve("scan.json");

    int code =
        run(
            "scan",
            "--baseline",
            dir.toString(),
            "--endpoint-url",
            "http://127.0.0.1:" + closedPort,
            "--format",
            "json",
            "--output",
            report.toString(),
            "--slack-webhook-url=");

    assertThat(code).isEqualTo(ExitCodes.ERROR);
    JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    assertThat(json.path("status").asText()).isEqualTo("INCOMPLETE");
    assertThat(json.path("stacks").get(0).path("problems").get(0).asText())
        .startsWith("could not read from AWS");
    assertThat(err.toString()).contains("Slack preview").contains("scan incomplete");
    try (var files = Files.list(report.getParent())) {
      assertThat(files).containsExactly(report); // no temp file left behind
    }
  }

  private void writeAssembly(String template) throws IOException {
    Files.writeString(
        dir.resolve("manifest.json"),
        """
        {"version": "54.0.0", "artifacts": {"Net": {"type": "aws:cloudformation:stack",
          "environment": "aws://123456789012/eu-west-1",
          "properties": {"templateFile": "Net.template.json"}}}}
        """);
    Files.writeString(dir.resolve("Net.template.json"), template);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"netdrift-scan.service", "netdrift-watch.service"})
  void theSystemdUnitsUseOnlyOptionsTheCommandKnows(String unit) throws IOException {
    String text = Files.readString(Path.of("..", "deploy", "systemd", unit));
    java.util.regex.Matcher exec =
        java.util.regex.Pattern.compile("ExecStart=(.*?)\\n(?!  )", java.util.regex.Pattern.DOTALL)
            .matcher(text.replace("\\\n", "\n"));
    assertThat(exec.find()).isTrue();
    String command = exec.group(1).replace("\n", " ");
    String[] args =
        command
            .substring(command.indexOf("drift-detector.jar") + "drift-detector.jar".length())
            .trim()
            .split("\\s+");

    picocli.CommandLine.ParseResult parsed = new picocli.CommandLine(new Main()).parseArgs(args);

    assertThat(parsed.subcommand().commandSpec().name()).isIn("scan", "watch");
    assertThat(parsed.subcommand().matchedOptions()).isNotEmpty();
  }
}
