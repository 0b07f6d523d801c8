package io.netdrift.estate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.emulator.AwsOrganization;
import io.netdrift.emulator.SlackStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector's side of an organisation run against {@link AwsOrganization}: its bucket with the
 * approved member stack, its Slack token's secret, and the organisation function's environment as
 * the detector stack sets it.
 */
public final class MemberOrganisation {
  /** The reader role every member account has. */
  public static final String READER_ROLE = "netdrift-reader";

  private MemberOrganisation() {}

  /** The detector's bucket in the home account. */
  public static String bucket(AwsOrganization org) {
    return "netdrift-detector-" + org.home().account();
  }

  /** The Slack token's secret in the home account. */
  public static String secret(AwsOrganization org) {
    return "arn:aws:secretsmanager:eu-west-1:" + org.home().account() + ":secret:netdrift/slack";
  }

  /**
   * Makes the detector's bucket with the member stack's assembly in {@code assembly} (and {@code
   * policy}, where given) under {@code baseline/}, and its Slack token's secret.
   */
  public static void deployDetector(AwsOrganization org, Path assembly, Path policy)
      throws IOException {
    String bucket = bucket(org);
    org.home().s3().createBucket(bucket);
    org.home().putSecret(secret(org), SlackStub.TOKEN);
    for (String file : List.of("manifest.json", Estate.MEMBER_STACK + ".template.json")) {
      org.home().s3().put(bucket, "baseline/" + file, Files.readAllBytes(assembly.resolve(file)));
    }
    if (policy != null) {
      org.home().s3().put(bucket, "baseline/drift-policy.yaml", Files.readAllBytes(policy));
    }
  }

  /** The organisation function's environment: {@code units} times {@code regions}. */
  public static Map<String, String> functionEnv(
      AwsOrganization org, String units, List<String> regions, SlackStub slack) {
    String bucket = bucket(org);
    Map<String, String> env = new HashMap<>();
    env.put("NETDRIFT_BASELINE", "s3://" + bucket + "/baseline");
    env.put("NETDRIFT_ENDPOINT_URL", org.endpoint().toString());
    env.put("NETDRIFT_ORG_UNITS", units);
    env.put("NETDRIFT_ORG_REGIONS", String.join(",", regions));
    env.put("NETDRIFT_ORG_ROLE", READER_ROLE);
    env.put("NETDRIFT_ORG_RUNS", "s3://" + bucket + "/org-runs");
    env.put("NETDRIFT_ORG_STATE", "s3://" + bucket + "/org-state");
    env.put("SLACK_CHANNEL", SlackStub.CHANNEL);
    env.put("SLACK_TOKEN_SECRET_ARN", secret(org));
    env.put("SLACK_API_URL", slack.apiUrl());
    return env;
  }

  /**
   * The plan's {@code items} as the Distributed Map sends them: each as its ItemSelector makes it
   * (account, region, the run and its thread), in batches of {@code size}, {@code {"BatchInput":
   * {"step": "batch"}, "Items": [...]}}.
   */
  public static List<ObjectNode> batches(JsonNode items, String run, String thread, int size) {
    List<ObjectNode> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      ObjectNode batch = JSON.createObjectNode();
      batch.putObject("BatchInput").put("step", "batch");
      for (int i = from; i < Math.min(items.size(), from + size); i++) {
        batch
            .withArray("Items")
            .addObject()
            .put("account", items.get(i).path("account").asText())
            .put("region", items.get(i).path("region").asText())
            .put("run", run)
            .put("thread", thread);
      }
      batches.add(batch);
    }
    return batches;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
