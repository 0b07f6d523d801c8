package io.netdrift.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.netdrift.rules.NetworkRules;
import io.netdrift.rules.RulesException;
import io.netdrift.rules.RulesLoader;
import io.netdrift.rules.Segment;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The CDK app: reads {@code rules/} and wires one stack per segment. Nothing else happens here. */
public final class NetworkApp {
  /** The production segment's stack name, as CloudFormation and Netdrift know it. */
  public static final String PRODUCTION_STACK = stackName("production");

  private NetworkApp() {}

  /** Entry point of {@code cdk synth}/{@code cdk deploy}; the CDK CLI sets the output folder. */
  public static void main(String[] args) {
    Path rulesDir = Path.of(System.getenv().getOrDefault("NETDRIFT_RULES_DIR", "rules"));
    try {
      App app = new App(AppProps.builder().analyticsReporting(false).build());
      wire(app, RulesLoader.load(rulesDir));
      recordCommit(app, rulesDir);
      app.synth();
    } catch (RulesException e) {
      System.err.println("netdrift: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Synthesizes the app from {@code rulesDir} into {@code outDir}, as {@code cdk synth} does. */
  public static CloudAssembly synthesize(Path rulesDir, Path outDir) {
    App app =
        new App(AppProps.builder().analyticsReporting(false).outdir(outDir.toString()).build());
    wire(app, RulesLoader.load(rulesDir));
    recordCommit(app, rulesDir);
    return app.synth();
  }

  /** Adds one stack per segment to {@code app}, checked by cdk-nag's AWS Solutions rules. */
  public static void wire(App app, NetworkRules rules) {
    for (Segment segment : rules.segments()) {
      new SegmentStack(
          app,
          stackName(segment.name()),
          StackProps.builder()
              .stackName(stackName(segment.name()))
              .description("Netdrift: " + segment.name() + " network, built from rules/")
              .env(
                  Environment.builder()
                      .account(segment.environment().account())
                      .region(segment.environment().region())
                      .build())
              .build(),
          segment);
    }
    Aspects.of(app).add(new AwsSolutionsChecks());
  }

  /**
   * Records on every stack the git commit of the rules it was built from, in the assembly's
   * metadata (not the templates): audit evidence names the reviewed commit that was checked.
   */
  static void recordCommit(App app, Path rulesDir) {
    SourceMetadata.commit(rulesDir)
        .ifPresent(
            sha ->
                app.getNode().getChildren().stream()
                    .filter(software.amazon.awscdk.Stack.class::isInstance)
                    .forEach(stack -> stack.getNode().addMetadata(SourceMetadata.COMMIT, sha)));
  }

  /** {@code production} → {@code NetdriftProductionNetwork}. */
  public static String stackName(String segment) {
    return "Netdrift" + SecurityGroupSet.constructId(segment) + "Network";
  }
}
