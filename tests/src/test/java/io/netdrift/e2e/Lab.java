package io.netdrift.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.demo.Demo;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The full network from rules/ deployed into a fresh emulator, with the clients an engineer would
 * use to change it by hand and a scan that reads it the way production does.
 */
final class Lab implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PRODUCTION = NetworkApp.PRODUCTION_STACK;

  final AwsEmulator aws;
  final Ec2Client ec2;
  private final Path assembly;

  Lab(Path assembly) {
    this.assembly = assembly;
    this.aws = AwsEmulator.start("123456789012", "eu-west-1");
    aws.deployAssembly(assembly);
    this.ec2 = Demo.ec2(aws.endpoint());
  }

  /**
   * The physical id of the first resource of {@code type} whose logical id starts with {@code
   * prefix}.
   */
  String physical(String type, String prefix) {
    String logicalId =
        aws.cloudFormation().logicalIds(PRODUCTION, type).stream()
            .filter(id -> id.startsWith(prefix))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no " + type + " starting " + prefix));
    return aws.cloudFormation().physicalId(PRODUCTION, logicalId);
  }

  String vpc() {
    return physical("AWS::EC2::VPC", "Vpc");
  }

  /** A scan's JSON report and exit code. */
  record Scan(int exitCode, JsonNode report) {
    List<JsonNode> findings() {
      List<JsonNode> list = new ArrayList<>();
      report.path("findings").forEach(list::add);
      return list;
    }
  }

  Scan scan() throws Exception {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "scan",
            "--baseline",
            assembly.toString(),
            "--endpoint-url",
            aws.endpoint().toString(),
            "--format",
            "json",
            "--slack-webhook-url=");
    return new Scan(code, JSON.readTree(out.toString()));
  }

  @Override
  public void close() {
    ec2.close();
    aws.close();
  }
}
