package io.netdrift.demo;

import io.netdrift.cdk.NetworkApp;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code ./drift demo}: the whole loop on one machine, no AWS account needed. Synthesizes the CDK
 * app from rules/, deploys it into the local AWS emulator, scans (in sync), opens SSH to the world
 * by hand, scans again (drift, exit 2) and shows the Slack message.
 */
public final class Demo {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";

  private Demo() {}

  /** Runs the demo and exits with the last scan's exit code. */
  public static void main(String[] args) throws IOException {
    Path rules = Path.of(args.length > 0 ? args[0] : "rules");
    System.exit(run(rules, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** The demo without the exit; returns the exit code of the second scan. */
  public static int run(Path rules, PrintWriter out, PrintWriter err) throws IOException {
    Path work = Files.createTempDirectory("netdrift-demo");
    Path assembly = work.resolve("cdk.out");
    // Placeholders for the emulator's signature check; the demo talks to nothing but 127.0.0.1.
    System.setProperty("aws.accessKeyId", "netdrift-demo");
    System.setProperty("aws.secretAccessKey", "netdrift-demo");

    step(out, "1/5", "Synthesizing the CDK app from " + rules + "/ (as cdk synth does)");
    NetworkApp.synthesize(rules, assembly);
    out.println("      cloud assembly: " + assembly);

    try (AwsEmulator aws = AwsEmulator.start(ACCOUNT, REGION)) {
      step(out, "2/5", "Deploying it into a local AWS emulator at " + aws.endpoint());
      for (String stack : aws.deployAssembly(assembly)) {
        out.println("      deployed stack " + stack);
      }
      String[] scan = {
        "scan",
        "--baseline",
        assembly.toString(),
        "--endpoint-url",
        aws.endpoint().toString(),
        // An empty webhook keeps a configured SLACK_WEBHOOK_URL out of the demo: preview only.
        "--slack-webhook-url="
      };

      step(out, "3/5", "Scanning: approved vs deployed");
      int first = Main.run(out, err, scan);
      out.println("      exit code " + first);

      String appGroup =
          aws.ec2().groupIdByTag("aws:cloudformation:logical-id", appGroupLogicalId(aws));
      step(
          out,
          "4/5",
          "An engineer opens SSH to the world on the app group, by hand:\n"
              + "      aws ec2 authorize-security-group-ingress --group-id "
              + appGroup
              + " --protocol tcp --port 22 --cidr 0.0.0.0/0");
      try (Ec2Client ec2 = ec2(aws.endpoint())) {
        ec2.authorizeSecurityGroupIngress(
            r -> r.groupId(appGroup).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
      }

      step(out, "5/5", "Scanning again");
      int second = Main.run(out, err, scan);
      out.println("      exit code " + second + (second == 2 ? " (drift)" : ""));
      return second;
    }
  }

  private static String appGroupLogicalId(AwsEmulator aws) {
    return aws
        .cloudFormation()
        .logicalIds(NetworkApp.PRODUCTION_STACK, "AWS::EC2::SecurityGroup")
        .stream()
        .filter(id -> id.startsWith("SecurityGroupsApp"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("rules/ declare no 'app' security group"));
  }

  /** An EC2 client for the emulator, as an engineer's CLI would be. */
  public static Ec2Client ec2(URI endpoint) {
    return Ec2Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("netdrift-demo", "netdrift-demo")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void step(PrintWriter out, String number, String text) {
    out.println();
    out.println("== " + number + " " + text);
    out.flush();
  }
}
