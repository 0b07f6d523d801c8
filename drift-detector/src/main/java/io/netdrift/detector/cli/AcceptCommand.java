package io.netdrift.detector.cli;

import io.netdrift.detector.accept.AcceptPlan;
import io.netdrift.detector.baseline.SourceMap;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.AtomicFiles;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.UsageException;
import io.netdrift.detector.report.ScanReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift-detector accept FINGERPRINT…}: the change to {@code rules/} that makes the live
 * state the approved one, as a patch and a commit message for review, or written in place with
 * {@code --write}. It changes nothing in AWS.
 */
@Command(
    name = "accept",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Approves drift through review: scans, then writes the rules/ change that makes the live",
      "state of each finding named by its FINGERPRINT the approved one (the entry added, changed or",
      "removed in its file and place, comments and layout kept), as a patch and a commit message;",
      "--write applies it. What rules/ has no place for is said, and then nothing is written.",
      "Exit codes: 0 written or planned, 1 a finding cannot be accepted or the scan failed, 64 bad",
      "usage."
    })
final class AcceptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      defaultValue = "rules",
      description = "The rules folder the baseline was synthesized from (default: rules).")
  Path rules = Path.of("rules");

  @Option(names = "--write", description = "Write the change into the rules files.")
  boolean write;

  @Option(
      names = "--message",
      paramLabel = "FILE",
      description = "Also write the commit message to FILE (for git commit -F FILE).")
  Path message;

  @Mixin FindingArgs findings;

  /** CloudTrail lookups for who made the drift the commit message names, as a scan makes. */
  static final int ATTRIBUTION_LOOKUPS = 20;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> fingerprints = FindingArgs.fingerprints(aws, "accept");
    if (!Files.isDirectory(rules)) {
      throw new UsageException("--rules " + rules + " is not a folder");
    }
    ScanReport report =
        TriagedScan.run(aws, ScanCommand.loadPolicy(findings.policy), clock, ATTRIBUTION_LOOKUPS);
    AcceptPlan.Result plan =
        AcceptPlan.of(
            report,
            fingerprints,
            SourceMap.read(aws.baseline),
            rules,
            physicalIds(report, Set.copyOf(fingerprints)));
    out.println("Accepting (the live state becomes the approved one):");
    for (AcceptPlan.Step step : plan.steps()) {
      out.println(
          "  " + step.fingerprint() + step.finding().map(f -> "  " + f.summary()).orElse(""));
      step.changes().forEach(c -> out.println("    " + c));
      step.refusal().ifPresent(r -> out.println("    cannot accept: " + r));
    }
    if (!plan.complete()) {
      out.println("Nothing was written: every finding named must have its place in rules/.");
      out.flush();
      return ExitCodes.ERROR;
    }
    out.println();
    out.print(plan.patch());
    out.println();
    out.println("Commit message:");
    plan.commitMessage().lines().forEach(l -> out.println("  " + l));
    if (message != null) {
      AtomicFiles.write(message, plan.commitMessage(), "commit message");
    }
    if (write) {
      plan.write().forEach(n -> out.println("wrote " + n));
      out.println("Next: synthesize, review and merge; the deploy makes it approved.");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** CloudFormation's logical→physical map of each stack that has a finding asked for. */
  private Map<String, Map<String, String>> physicalIds(
      ScanReport report, Set<String> fingerprints) {
    Set<String> stacks = new TreeSet<>();
    for (Finding f : report.activeFindings()) {
      if (fingerprints.contains(f.fingerprint())) {
        stacks.add(f.stack());
      }
    }
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (LiveSource.Factory factory = LiveSource.aws()) {
      for (StackResult stack : report.stacks()) {
        if (!stacks.contains(stack.stackName())) {
          continue;
        }
        LiveSource source = factory.open(stack.stackName(), TriagedScan.target(aws, stack));
        Map<String, String> ids = new TreeMap<>();
        source
            .stack(stack.stackName())
            .map(DeployedStack::resources)
            .ifPresent(r -> r.values().forEach(x -> ids.put(x.logicalId(), x.physicalId())));
        out.put(stack.stackName(), ids);
      }
    }
    return out;
  }
}
