package io.netdrift.cdk;

import io.netdrift.rules.NetworkRules;
import io.netdrift.rules.RulesException;
import io.netdrift.rules.RulesLoader;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The CDK app: reads {@code rules/} and wires the stacks. Nothing else happens here. */
public final class NetworkApp {
  /** The production network stack's name, as CloudFormation and Netdrift know it. */
  public static final String PRODUCTION_STACK = "NetdriftProductionNetwork";

  private NetworkApp() {}

  /** Entry point of {@code cdk synth}/{@code cdk deploy}; the CDK CLI sets the output folder. */
  public static void main(String[] args) {
    Path rulesDir = Path.of(System.getenv().getOrDefault("NETDRIFT_RULES_DIR", "rules"));
    try {
      App app = new App(AppProps.builder().analyticsReporting(false).build());
      wire(app, RulesLoader.load(rulesDir));
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
    return app.synth();
  }

  /** Adds every stack of the approved network to {@code app}. */
  public static void wire(App app, NetworkRules rules) {
    new ProductionNetworkStack(
        app,
        PRODUCTION_STACK,
        StackProps.builder()
            .stackName(PRODUCTION_STACK)
            .description("Netdrift: production network, built from rules/")
            .env(
                Environment.builder()
                    .account(rules.environment().account())
                    .region(rules.environment().region())
                    .build())
            .build(),
        rules);
  }
}
