package io.netdrift.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.baseline.CloudAssembly;
import io.netdrift.detector.guard.DeployGuard;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.report.ScanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code drift-detector guard}: before {@code cdk deploy}, what the deploy would do to the changes
 * made by hand since the last one: overwrite them, keep them, or leave them alone; exit 2 when it
 * would undo one made after the last deploy (an incident fix), so the team decides first.
 */
@Command(
    name = "guard",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Before cdk deploy (in CI): compares the assembly about to be deployed (--baseline) with the",
      "deployed templates and live, and lists the changes made by hand the deploy would overwrite",
      "and those it would not repair. Exit codes: 0 nothing made after the last deploy is undone,",
      "1 error or incomplete, 2 the deploy would undo a change made after the last deploy (an",
      "incident fix?), 64 bad usage."
    })
final class GuardCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Mixin FindingArgs findings;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path next = aws.baseline;
    JsonNode manifest = CloudAssembly.manifest(next);
    Path deployedAssembly = Files.createTempDirectory("netdrift-guard");
    Map<String, JsonNode> nextTemplates = new TreeMap<>();
    Map<String, JsonNode> deployedTemplates = new TreeMap<>();
    Map<String, Optional<java.time.Instant>> lastDeploy = new TreeMap<>();
    try {
      copy(next, deployedAssembly);
      try (LiveSource.Factory factory = LiveSource.aws()) {
        for (CloudAssembly.StackArtifact stack : CloudAssembly.stacks(manifest)) {
          if (stack.templateFile().isEmpty()) {
            continue;
          }
          JsonNode template = JSON.readTree(next.resolve(stack.templateFile()).toFile());
          nextTemplates.put(stack.stackName(), template);
          String[] env = stack.environment().replace("aws://", "").split("/");
          StackResult at =
              new StackResult(
                  stack.stackName(),
                  env.length == 2 && !env[0].startsWith("unknown") ? env[0] : "",
                  aws.region != null ? aws.region : env.length == 2 ? env[1] : "",
                  "",
                  Map.of(),
                  Map.of(),
                  Map.of(),
                  List.of(),
                  List.of(),
                  false);
          LiveSource source = factory.open(stack.stackName(), TriagedScan.target(aws, at));
          Optional<DeployedStack> deployed = source.stack(stack.stackName());
          if (deployed.isEmpty()) {
            out.println(stack.stackName() + ": not deployed yet; the deploy creates it");
            continue;
          }
          lastDeploy.put(stack.stackName(), deployed.get().changedAt());
          String body = source.template(stack.stackName());
          deployedTemplates.put(stack.stackName(), JSON.readTree(body));
          Files.writeString(deployedAssembly.resolve(stack.templateFile()), body);
        }
      }
      aws.baseline = deployedAssembly;
      ScanReport drift =
          TriagedScan.run(
              aws,
              ScanCommand.loadPolicy(findings.policy),
              clock,
              AcceptCommand.ATTRIBUTION_LOOKUPS);
      boolean undoes = false;
      for (String stack : nextTemplates.keySet()) {
        DeployGuard.revertDriftWarning(nextTemplates.get(stack))
            .ifPresent(w -> out.println(stack + ": warning: " + w));
        if (!deployedTemplates.containsKey(stack)) {
          continue;
        }
        List<Finding> changes =
            drift.activeFindings().stream()
                .filter(f -> f.stack().equals(stack))
                .filter(f -> f.kind() != FindingKind.UNAPPROVED_DEPLOYMENT)
                .toList();
        out.println(
            stack + ": " + changes.size() + " change(s) made by hand since the deployed template");
        for (DeployGuard.Verdict v :
            DeployGuard.judge(
                changes,
                deployedTemplates.get(stack).path("Resources"),
                nextTemplates.get(stack).path("Resources"),
                lastDeploy.getOrDefault(stack, Optional.empty()),
                drift::attribution)) {
          out.println(
              "  "
                  + v.effect()
                  + "  "
                  + v.finding().fingerprint()
                  + "  "
                  + v.finding().summary()
                  + " ("
                  + v.why()
                  + ")");
          if (v.incidentFix().isPresent()) {
            out.println("    stop: " + v.incidentFix().get());
            undoes = true;
          }
        }
      }
      out.flush();
      if (drift.exitCode() == ExitCodes.ERROR) {
        drift.problems().forEach(p -> out.println("not checked: " + p));
        out.flush();
        return ExitCodes.ERROR;
      }
      return undoes ? ExitCodes.DRIFT : ExitCodes.OK;
    } finally {
      try (Stream<Path> files = Files.walk(deployedAssembly)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new DriftException("cannot copy the assembly " + from + ": " + e.getMessage(), e);
    }
  }
}
