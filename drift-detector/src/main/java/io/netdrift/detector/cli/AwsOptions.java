package io.netdrift.detector.cli;

import io.netdrift.detector.ScanOptions;
import io.netdrift.detector.baseline.StackSelection;
import io.netdrift.detector.model.UsageException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      converter = EndpointUrl.class,
      description = "Send every AWS call to this endpoint (LocalStack-style emulators, tests).")
  URI endpoint;

  /** An endpoint is an absolute http(s) URL with a host, or bad usage said as such. */
  static final class EndpointUrl implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (java.net.URISyntaxException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a URL: " + e.getReason());
      }
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:4566");
      }
      return uri;
    }
  }

  @Parameters(
      paramLabel = "STACK",
      arity = "0..*",
      description = {
        "Stacks to cover, by name or the assembly's display path; * stands for any text",
        "(e.g. 'Network*'); default: every stack of the assembly."
      })
  List<String> stacks = new ArrayList<>();

  @Option(
      names = "--stack",
      paramLabel = "PATTERN",
      description = "A stack to cover, as the STACK arguments; repeatable.")
  List<String> stackOptions = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "PATTERN",
      description = "Leave out the stacks this pattern matches; repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--deploy-grace",
      paramLabel = "MINUTES",
      defaultValue = "60",
      description = {
        "A stack mid-deploy is checked once it settles, not alerted, for this long; past it, a",
        "stack that does not settle is alerted as incomplete (default: 60)."
      })
  int deployGraceMinutes = 60;

  @Option(
      names = "--api-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = {
        "How long one AWS call may take, retries included (each attempt a third of it); a call",
        "that takes longer leaves what it reads unchecked: the scan is incomplete (default: 60)."
      })
  int apiTimeoutSeconds = 60;

  private java.time.Duration apiTimeout() {
    if (apiTimeoutSeconds < 3) {
      throw new UsageException(
          "--api-timeout must be at least 3 seconds, not " + apiTimeoutSeconds);
    }
    return java.time.Duration.ofSeconds(apiTimeoutSeconds);
  }

  /** The scan's options. */
  ScanOptions options() {
    List<String> include = new ArrayList<>(stacks);
    include.addAll(stackOptions);
    return new ScanOptions(
            baseline,
            Optional.ofNullable(region),
            Optional.ofNullable(profile),
            Optional.ofNullable(endpoint),
            Optional.ofNullable(roleArn))
        .withStacks(new StackSelection(include, exclude))
        .withDeployGrace(java.time.Duration.ofMinutes(deployGraceMinutes))
        .withApiTimeout(apiTimeout());
  }
}
