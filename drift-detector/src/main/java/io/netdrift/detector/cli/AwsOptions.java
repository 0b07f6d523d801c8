package io.netdrift.detector.cli;

import io.netdrift.detector.DriftScan;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that say what to scan and how to reach AWS, shared by scan and snapshot. */
final class AwsOptions {
  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "DIR",
      description = "The approved cloud assembly: the cdk.out folder written by cdk synth.")
  Path baseline;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region to read; default: each stack's own region from the assembly.")
  String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Named AWS profile; default: the SDK's default credential chain (env, profile, SSO, role).")
  String profile;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description = {
        "Reader role to assume in each stack's account; {account} is replaced by the account the",
        "assembly pins for the stack, e.g. arn:aws:iam::{account}:role/netdrift-reader."
      })
  String roleArn;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "Send every AWS call to this endpoint (LocalStack-style emulators, tests).")
  URI endpoint;

  /** The scan's options. */
  DriftScan.Options options() {
    return new DriftScan.Options(
        baseline,
        Optional.ofNullable(region),
        Optional.ofNullable(profile),
        Optional.ofNullable(endpoint),
        Optional.ofNullable(roleArn));
  }
}
