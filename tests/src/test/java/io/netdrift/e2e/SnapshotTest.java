package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.detector.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snapshot} captures the live state; {@code scan --live} compares it with no AWS at all. */
class SnapshotTest {
  @TempDir static Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  static int run(StringWriter out, String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
  }

  @Test
  void aSnapshotScansOfflineLikeTheLiveNetwork() throws Exception {
    Path file = work.resolve("live.json");
    try (Lab lab = new Lab(assembly)) {
      lab.ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp"))
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(22)
                              .toPort(22)
                              .ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
      int code =
          run(
              new StringWriter(),
              "snapshot",
              "--baseline",
              assembly.toString(),
              "--endpoint-url",
              lab.aws.endpoint().toString(),
              "--out",
              file.toString());
      assertThat(code).isZero();
    }
    JsonNode snapshot = Lab.JSON.readTree(Files.readString(file));
    assertThat(snapshot.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(snapshot.path("stacks").has(Lab.PRODUCTION)).isTrue();

    // The emulator is gone: this scan reaches nothing but the file.
    Lab.Scan offline = Lab.offline(assembly, file);
    int code = offline.exitCode();

    JsonNode report = offline.report();
    assertThat(code).as(report.toPrettyString()).isEqualTo(2);
    assertThat(report.path("findings"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.path("live").asText()).isEqualTo("ingress tcp 22 from 0.0.0.0/0"));
  }

  @Test
  void aSnapshotMissingAStackMakesTheOfflineScanIncomplete() throws Exception {
    Path file = work.resolve("partial.json");
    try (Lab lab = new Lab(assembly)) {
      run(
          new StringWriter(),
          "snapshot",
          "--baseline",
          assembly.toString(),
          "--endpoint-url",
          lab.aws.endpoint().toString(),
          "--out",
          file.toString());
    }
    ObjectNode snapshot = (ObjectNode) Lab.JSON.readTree(Files.readString(file));
    ((ObjectNode) snapshot.get("stacks")).remove(NetworkApp.stackName("internal"));
    Files.writeString(file, snapshot.toString());

    Lab.Scan offline = Lab.offline(assembly, file);
    int code = offline.exitCode();

    JsonNode report = offline.report();
    assertThat(code).isEqualTo(1);
    assertThat(report.path("status").asText()).isEqualTo("INCOMPLETE");
    assertThat(report.toString()).contains("the snapshot holds no");
  }

  @Test
  void aSnapshotOfAnotherVersionIsRefusedWithItsFileName() throws Exception {
    Path file = work.resolve("future.json");
    Files.writeString(file, "{\"schemaVersion\": 99, \"stacks\": {}}");
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "scan",
            "--baseline",
            assembly.toString(),
            "--live",
            file.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("future.json").contains("schemaVersion");
  }
}
