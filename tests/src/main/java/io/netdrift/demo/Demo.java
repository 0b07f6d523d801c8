package io.netdrift.demo;

import io.netdrift.cdk.NetworkApp;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code ./drift demo}: the whole loop on one machine, no AWS account needed. Synthesizes the CDK
 * app from rules/, deploys it into the local AWS emulator, scans (in sync), opens SSH to the world
 * by hand, scans again (drift, exit 2: severity, actor from CloudTrail, the fix, the Slack alert),
 * scans once more (nothing new to alert), puts the hole back with {@code revert} (the plan, then
 * {@code --yes}), scans clean (the alert resolved), and leaves SARIF and audit evidence beside the
 * assembly. It exits with the drift scan's code.
 */
public final class Demo {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";

  private Demo() {}

  /** Runs the demo and exits with the drift scan's exit code. */
  public static void main(String[] args) throws IOException {
    Path rules = Path.of(args.length > 0 ? args[0] : "rules");
    Path work = Files.createTempDirectory("netdrift-demo");
    System.exit(
        run(
            rules,
            work,
            true,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /**
   * The demo without the exit, in {@code work}; returns the exit code of the drift scan. With
   * {@code slackFromEnvironment}, a bot token and channel or a webhook URL in the environment get
   * the alert for real; without, it is only previewed.
   */
  public static int run(
      Path rules, Path work, boolean slackFromEnvironment, PrintWriter out, PrintWriter err)
      throws IOException {
    Path assembly = work.resolve("cdk.out");
    // Placeholders for the emulator's signature check; the demo talks to nothing but 127.0.0.1.
    System.setProperty("aws.accessKeyId", "netdrift-demo");
    System.setProperty("aws.secretAccessKey", "netdrift-demo");

    step(out, "1/8", "Synthesizing the CDK app from " + rules + "/ (as cdk synth does)");
    NetworkApp.synthesize(rules, assembly);
    out.println("      cloud assembly: " + assembly);

    try (AwsEmulator aws = AwsEmulator.start(ACCOUNT, REGION)) {
      // Who CloudTrail names for the engineer's change: a placeholder identity.
      aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::" + ACCOUNT + ":user/jane.doe");
      step(out, "2/8", "Deploying it into a local AWS emulator at " + aws.endpoint());
      for (String stack : aws.deployAssembly(assembly)) {
        out.println("      deployed stack " + stack);
      }
      List<String> scan =
          new ArrayList<>(
              List.of(
                  "scan",
                  "--baseline",
                  assembly.toString(),
                  "--endpoint-url",
                  aws.endpoint().toString(),
                  "--policy",
                  rules.resolve("drift-policy.yaml").toString(),
                  "--environment",
                  "production",
                  "--state",
                  work.resolve("alert-state.json").toString(),
                  "--report",
                  "sarif=" + work.resolve("drift.sarif"),
                  "--report",
                  "evidence=" + work.resolve("evidence.md"),
                  "--report",
                  "evidence-html=" + work.resolve("evidence.html")));
      if (!slackFromEnvironment) {
        scan.addAll(List.of("--slack-webhook-url=", "--slack-channel="));
      }
      String[] args = scan.toArray(String[]::new);

      step(out, "3/8", "Scanning: approved vs deployed");
      int first = Main.run(out, err, args);
      out.println("      exit code " + first);

      String appGroup =
          aws.ec2().groupIdByTag("aws:cloudformation:logical-id", appGroupLogicalId(aws));
      step(
          out,
          "4/8",
          "An engineer opens SSH to the world on the app group, by hand:\n"
              + "      aws ec2 authorize-security-group-ingress --group-id "
              + appGroup
              + " --protocol tcp --port 22 --cidr 0.0.0.0/0");
      try (Ec2Client ec2 = ec2(aws.endpoint())) {
        ec2.authorizeSecurityGroupIngress(
            r -> r.groupId(appGroup).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
      }

      step(out, "5/8", "Scanning again: severity, who did it, how to put it back, the Slack alert");
      err.flush();
      int second = Main.run(out, err, args);
      err.flush();
      out.println("      exit code " + second + (second == 2 ? " (drift)" : ""));

      step(out, "6/8", "Scanning once more, as the next cron run would: nothing new to alert");
      err.flush();
      java.io.StringWriter quiet = new java.io.StringWriter();
      int third =
          Main.run(
              new PrintWriter(java.io.Writer.nullWriter()), new PrintWriter(quiet, true), args);
      quiet
          .toString()
          .lines()
          .filter(l -> l.startsWith("Slack ("))
          .forEach(l -> out.println("      " + l));
      out.println("      exit code " + third + ": the drift is still there, but already alerted");

      step(out, "7/8", "Putting it back: the plan first (a dry run), then with --yes");
      List<String> reader = new ArrayList<>(scan.subList(0, 7));
      java.io.StringWriter json = new java.io.StringWriter();
      reader.addAll(List.of("--format", "json", "--slack-webhook-url=", "--slack-channel="));
      Main.run(
          new PrintWriter(json, true),
          new PrintWriter(java.io.Writer.nullWriter()),
          reader.toArray(String[]::new));
      String fingerprint =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(json.toString())
              .path("findings")
              .path(0)
              .path("fingerprint")
              .asText();
      List<String> revert = new ArrayList<>(scan.subList(1, 7));
      revert.add(0, "revert");
      // The revert is recorded on the alert (and answered in its Slack thread, with a bot).
      revert.addAll(List.of("--state", work.resolve("alert-state.json").toString()));
      if (!slackFromEnvironment) {
        revert.addAll(List.of("--slack-webhook-url=", "--slack-channel="));
      }
      revert.add(fingerprint);
      out.println("      drift-detector revert " + fingerprint);
      int plan = Main.run(out, err, revert.toArray(String[]::new));
      out.println("      exit code " + plan + " (nothing changed yet)");
      revert.add("--yes");
      out.println("      drift-detector revert " + fingerprint + " --yes");
      int reverted = Main.run(out, err, revert.toArray(String[]::new));
      out.println("      exit code " + reverted + (reverted == 0 ? " (converged)" : ""));

      step(out, "8/8", "Scanning after the revert: in sync, and the alert is resolved");
      // The reports stay those of the drift scan.
      List<String> after = new ArrayList<>(scan);
      for (int i = after.indexOf("--report"); i >= 0; i = after.indexOf("--report")) {
        after.subList(i, i + 2).clear();
      }
      java.io.StringWriter resolved = new java.io.StringWriter();
      int fourth =
          Main.run(
              new PrintWriter(java.io.Writer.nullWriter()),
              new PrintWriter(resolved, true),
              after.toArray(String[]::new));
      resolved
          .toString()
          .lines()
          .filter(l -> l.startsWith("Slack ("))
          .forEach(l -> out.println("      " + l));
      out.println("      exit code " + fourth + (fourth == 0 ? ": in sync" : ""));
      out.println();
      out.println("Reports of the drift scan:");
      out.println("  SARIF 2.1.0     " + work.resolve("drift.sarif"));
      out.println("  evidence        " + work.resolve("evidence.md"));
      out.println("  evidence (HTML) " + work.resolve("evidence.html"));
      out.println("  alert state     " + work.resolve("alert-state.json"));
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
