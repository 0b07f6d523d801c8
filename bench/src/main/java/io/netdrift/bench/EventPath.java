package io.netdrift.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.demo.Demo;
import io.netdrift.detector.lambda.DriftFunction;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.Costs;
import io.netdrift.emulator.SlackStub;
import io.netdrift.estate.Estate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The event path, as the deployed function runs it: from a CloudTrail event reaching the function
 * to its Slack message posted, in process, against the emulator charging AWS's latency and limits.
 * Each of {@link #EVENTS} events follows a rule opened by hand on one of the estate's groups; the
 * function downloads the baseline, checks that group alone, attributes the change to the event's
 * own identity, alerts and saves its state. EventBridge's delivery is AWS's and not in the number.
 */
final class EventPath {
  static final int EVENTS = 100;
  private static final String BUCKET = "netdrift-detector-123456789012";
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:netdrift/slack";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventPath() {}

  /** Seconds per event, sorted; fails where an event posted no message. */
  static List<Double> measure(Path dir) throws Exception {
    System.setProperty("aws.region", "eu-west-1");
    Estate.writeStacks(1, dir);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1");
        SlackStub slack = SlackStub.start();
        Ec2Client ec2 = Demo.ec2(aws.endpoint())) {
      aws.deployAssembly(dir);
      aws.s3().createBucket(BUCKET);
      aws.putSecret(SECRET, SlackStub.TOKEN);
      upload(aws, dir);
      DriftFunction function =
          new DriftFunction(
              Map.of(
                  "NETDRIFT_BASELINE",
                  "s3://" + BUCKET + "/baseline",
                  "NETDRIFT_STATE",
                  "s3://" + BUCKET + "/state/alert-state.json",
                  "NETDRIFT_ENDPOINT_URL",
                  aws.endpoint().toString(),
                  "NETDRIFT_ENVIRONMENT",
                  "production",
                  "SLACK_CHANNEL",
                  SlackStub.CHANNEL,
                  "SLACK_TOKEN_SECRET_ARN",
                  SECRET,
                  "SLACK_API_URL",
                  slack.apiUrl()),
              Clock.systemUTC(),
              io.netdrift.detector.alert.Retrying.Sleeper.REAL);
      // The scheduled scan first, as in production: it writes the alert state the events update.
      function.handle(JSON.readTree("{\"detail-type\":\"Scheduled Event\",\"detail\":{}}"));
      aws.costs(new Costs(Bench.LATENCY, Bench.JITTER, 1));
      // Slack's API is charged the same latency as AWS's: the message is on the event's path.
      slack.latency(Bench.LATENCY, Bench.JITTER);
      List<Double> seconds = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        String group = aws.cloudFormation().physicalId("BenchEstate0", "Group" + (i % 100));
        int port = 2000 + i;
        ec2.authorizeSecurityGroupIngress(
            r ->
                r.groupId(group)
                    .ipPermissions(
                        p ->
                            p.ipProtocol("tcp")
                                .fromPort(port)
                                .toPort(port)
                                .ipRanges(range -> range.cidrIp("0.0.0.0/0"))));
        int before = slack.posted().size();
        JsonNode result;
        java.io.PrintStream out = System.out;
        // The function logs its report on standard output, as in Lambda: not the bench's.
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        try {
          result = function.handle(event(group, i));
        } finally {
          seconds.add((System.nanoTime() - start) / 1e9);
          System.setOut(out);
        }
        if (slack.posted().size() == before || !result.path("mode").asText().equals("targeted")) {
          throw new IllegalStateException("event " + i + " posted no message in Slack: " + result);
        }
      }
      Collections.sort(seconds);
      return seconds;
    }
  }

  /** The value at {@code quantile} of sorted {@code values} (nearest rank). */
  static double quantile(List<Double> values, double quantile) {
    int rank = (int) Math.ceil(quantile * values.size());
    return values.get(Math.max(0, rank - 1));
  }

  private static ObjectNode event(String group, int i) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\","
                + "\"source\":\"aws.ec2\",\"region\":\"eu-west-1\",\"detail\":{"
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                + "\"AuthorizeSecurityGroupIngress\",\"eventTime\":\""
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\",\"eventID\":\"bench-"
                + i
                + "\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":"
                + "\"arn:aws:sts::123456789012:assumed-role/bench-operator/session\"},"
                + "\"requestParameters\":{\"groupId\":\""
                + group
                + "\"}}}");
  }

  /** The assembly in the detector's bucket, where its deployment puts it. */
  private static void upload(AwsEmulator aws, Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        aws.s3().put(BUCKET, "baseline/" + f.getFileName(), Files.readAllBytes(f));
      }
    }
  }
}
