package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./drift} where users stand: a relative {@code --baseline} is the caller's folder's, not
 * the repository's, and two runs at once both answer. The build itself is not run here ({@code
 * NETDRIFT_NO_BUILD}): the test runs inside the build that made the jar.
 */
class DriftScriptTest {
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path caller;

  /** A one-stack assembly in the caller's folder; the repository's has other stacks. */
  void tinyAssembly() throws IOException {
    Path out = Files.createDirectories(caller.resolve("cdk.out"));
    Files.writeString(
        out.resolve("manifest.json"),
        "{\"version\": \"54.0.0\", \"artifacts\": {\"Tiny\": {\"type\": \"aws:cloudformation:stack\","
            + " \"environment\": \"aws://123456789012/eu-west-1\","
            + " \"properties\": {\"templateFile\": \"Tiny.template.json\"}}}}");
    Files.writeString(
        out.resolve("Tiny.template.json"),
        "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\","
            + " \"Properties\": {\"CidrBlock\": \"10.0.0.0/16\"}}}}");
  }

  Process start(int closedPort) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                REPOSITORY.resolve("drift").toString(),
                "scan",
                "--baseline",
                "cdk.out",
                "--endpoint-url",
                "http://127.0.0.1:" + closedPort,
                "--format",
                "json",
                "--slack-webhook-url=")
            .directory(caller.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("NETDRIFT_NO_BUILD", "1");
    builder.environment().put("AWS_ACCESS_KEY_ID", "netdrift-test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "netdrift-test");
    return builder.start();
  }

  @Test
  void twoRunsFromAnotherFolderEachScanThatFoldersAssembly() throws Exception {
    tinyAssembly();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    List<Process> runs = List.of(start(closedPort), start(closedPort));

    for (Process run : runs) {
      String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
      // Nothing answers at that port: incomplete, and about the caller's one stack only.
      assertThat(run.exitValue()).as(out).isEqualTo(1);
      JsonNode report = Lab.JSON.readTree(out);
      List<String> stacks = new ArrayList<>();
      report.path("stacks").forEach(s -> stacks.add(s.path("stackName").asText()));
      assertThat(stacks).containsExactly("Tiny");
      assertThat(report.path("baseline").asText()).isEqualTo("cdk.out");
    }
  }
}
