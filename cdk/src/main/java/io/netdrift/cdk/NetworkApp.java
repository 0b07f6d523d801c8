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
      NetworkRules rules = RulesLoader.load(rulesDir);
      wire(app, rules);
      addDetector(app, rules, rulesDir, DETECTOR_JAR);
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
    java.util.Map<String, SegmentedVpc> vpcs = new java.util.LinkedHashMap<>();
    for (Segment segment : rules.segments()) {
      SegmentStack stack =
          new SegmentStack(
              app,
              stackName(segment.name()),
              props(
                  stackName(segment.name()),
                  "Netdrift: " + segment.name() + " network, built from rules/",
                  segment),
              segment);
      vpcs.put(segment.name(), stack.vpc());
    }
    rules
        .transitGateway()
        .ifPresent(
            t -> {
              Segment home = rules.segment(t.attachments().get(0).segment()).orElseThrow();
              new TransitGatewayStack(
                  app,
                  TransitGatewayStack.STACK_NAME,
                  props(
                      TransitGatewayStack.STACK_NAME,
                      "Netdrift: the segments' Transit Gateway, built from rules/",
                      home),
                  t,
                  vpcs);
            });
    Aspects.of(app).add(new AwsSolutionsChecks());
  }

  /** A stack's name, description and the account and region of {@code where}. */
  private static StackProps props(String stackName, String description, Segment where) {
    return StackProps.builder()
        .stackName(stackName)
        .description(description)
        .env(
            Environment.builder()
                .account(where.environment().account())
                .region(where.environment().region())
                .build())
        .build();
  }

  /** Where the build leaves the shaded detector jar, from the repository's root. */
  static final Path DETECTOR_JAR = Path.of("drift-detector", "target", "drift-detector.jar");

  /**
   * Adds the detector's own stack where {@code rules/detector.yaml} asks for it: its baseline is
   * the network stacks alone, synthesized apart into a folder of their own, exactly as {@code cdk
   * synth} writes them. Without the built jar the stack is left out, and said so.
   */
  static java.util.Optional<DriftDetectorStack> addDetector(
      App app, NetworkRules rules, Path rulesDir, Path jar) {
    java.util.Optional<io.netdrift.rules.DetectorRules> detector =
        io.netdrift.rules.DetectorRules.load(rulesDir, rules);
    if (detector.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (!java.nio.file.Files.isRegularFile(jar)) {
      System.err.println(
          "netdrift: "
              + DriftDetectorStack.STACK_NAME
              + " left out: build the detector first (./mvnw -B -DskipTests package) so "
              + jar
              + " exists");
      return java.util.Optional.empty();
    }
    Path approved;
    try {
      approved = java.nio.file.Files.createTempDirectory("netdrift-approved");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    synthesize(rulesDir, approved);
    Segment host =
        rules.segments().stream()
            .filter(s -> s.name().equals(detector.get().hostSegment()))
            .findFirst()
            .orElseThrow();
    return java.util.Optional.of(
        new DriftDetectorStack(
            app,
            DriftDetectorStack.STACK_NAME,
            props(
                DriftDetectorStack.STACK_NAME,
                "Netdrift: the drift detector, its schedule, state and alarms",
                host),
            detector.get(),
            host.name(),
            jar,
            approved,
            rulesDir.resolve("drift-policy.yaml")));
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
