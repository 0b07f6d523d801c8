package io.netdrift.detector.cli;

import io.netdrift.detector.alert.AlertState;
import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.alert.SlackChannel;
import io.netdrift.detector.alert.SlackMessage;
import io.netdrift.detector.alert.StateStore;
import io.netdrift.detector.live.AwsClients;
import io.netdrift.detector.live.AwsTarget;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.DriftPolicy;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.revert.NetworkAclWriter;
import io.netdrift.detector.revert.RevertPlan;
import io.netdrift.detector.revert.RouteWriter;
import io.netdrift.detector.revert.RuleWriter;
import io.netdrift.detector.revert.ServiceWriters;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift-detector revert FINGERPRINT…}: puts drift back by running each finding's own
 * remediation, then reads again and says whether it converged. A dry run unless {@code --yes}. It
 * writes to AWS, so it needs a role that may (never the reader role), and it never runs inside the
 * scan function.
 */
@Command(
    name = "revert",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Puts drift back: scans, runs the remediation of each finding named by its FINGERPRINT (the",
      "positional arguments; choose stacks with --stack), reads again and says whether it converged.",
      "Prints the plan and changes nothing unless --yes. Refuses a stack CloudFormation is",
      "changing, what Firewall Manager owns, and a 'check first' remediation unless --force names it.",
      "Exit codes: 0 planned or converged, 1 refused, failed or not converged, 64 bad usage."
    })
final class RevertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Mixin AlertOptions alerts;

  Retrying.Sleeper sleeper = Retrying.Sleeper.REAL;

  @Option(names = "--yes", description = "Run the plan; without it nothing is changed.")
  boolean yes;

  @Option(
      names = "--force",
      paramLabel = "FINGERPRINT",
      description = "Run this finding's 'check first' remediation anyway; repeatable.")
  Set<String> forced = new LinkedHashSet<>();

  @Mixin FindingArgs findings;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> fingerprints = FindingArgs.fingerprints(aws, "put back");
    DriftPolicy rules = ScanCommand.loadPolicy(findings.policy);
    ScanReport before = scan(rules);
    List<RevertPlan.Step> steps = RevertPlan.of(before, fingerprints, forced);
    out.println(yes ? "Reverting:" : "Plan (dry run: nothing is changed; add --yes to run it):");
    for (RevertPlan.Step step : steps) {
      out.println(
          "  "
              + step.fingerprint()
              + step.finding().map(f -> "  " + SlackMessage.title(f)).orElse(""));
      if (step.runs()) {
        step.remediation().commands().forEach(c -> out.println("    run: " + c));
      } else {
        out.println("    refused: " + step.refusal().orElseThrow());
      }
    }
    if (steps.stream().anyMatch(s -> !s.runs())) {
      out.println("Nothing was changed: every step must be able to run.");
      out.flush();
      return ExitCodes.ERROR;
    }
    if (!yes) {
      out.flush();
      return ExitCodes.OK;
    }
    for (RevertPlan.Step step : steps) {
      Finding f = step.finding().orElseThrow();
      StackResult stack =
          before.stacks().stream()
              .filter(s -> s.stackName().equals(f.stack()))
              .findFirst()
              .orElseThrow();
      try (AwsClients clients = new AwsClients(target(stack))) {
        if (f.repair() instanceof Repair.Rule rule) {
          new RuleWriter(clients.ec2()).apply(rule);
        } else if (RouteWriter.handles(f.repair())) {
          new RouteWriter(clients.ec2()).apply((Repair.Document) f.repair());
        } else if (ServiceWriters.handles(f.repair())) {
          new ServiceWriters(clients).apply((Repair.Document) f.repair());
        } else {
          new NetworkAclWriter(clients.ec2()).apply((Repair.Document) f.repair());
        }
      }
    }
    ScanReport after = scan(rules);
    String who;
    try (AwsClients clients = new AwsClients(target(before.stacks().get(0)))) {
      who = clients.callerArn();
    }
    List<String> done = new ArrayList<>();
    boolean converged = true;
    for (RevertPlan.Step step : steps) {
      Optional<Finding> still =
          after.activeFindings().stream()
              .filter(f -> f.fingerprint().equals(step.fingerprint()))
              .findFirst();
      out.println(
          "  "
              + step.fingerprint()
              + (still.isEmpty()
                  ? ": converged (read again: as approved)"
                  : ": not converged (read again: " + still.get().live() + ")"));
      converged &= still.isEmpty();
      if (still.isEmpty()) {
        done.add(step.fingerprint());
      }
    }
    record(done, "by " + who + " at " + clock.instant() + ", converged", out);
    out.flush();
    return converged ? ExitCodes.OK : ExitCodes.ERROR;
  }

  /**
   * Records each converged revert on its alert, and answers in the alert's Slack thread where the
   * alert has one in the configured channel. Without --state there is nothing to record.
   */
  private void record(List<String> fingerprints, String how, PrintWriter out) {
    if (alerts.state == null || fingerprints.isEmpty()) {
      return;
    }
    Optional<String> region = Optional.ofNullable(aws.region);
    Optional<java.net.URI> endpoint = Optional.ofNullable(aws.endpoint);
    try (StateStore store = StateStore.of(alerts.state, region, endpoint)) {
      record(fingerprints, how, out, store, region, endpoint);
    }
  }

  private void record(
      List<String> fingerprints,
      String how,
      PrintWriter out,
      StateStore store,
      Optional<String> region,
      Optional<java.net.URI> endpoint) {
    AlertState state = store.load();
    Optional<SlackChannel> slack = alerts.channel(new Retrying(sleeper), region, endpoint);
    java.util.Map<String, AlertState.Entry> entries = new java.util.TreeMap<>(state.entries());
    int answered = 0;
    for (String fingerprint : fingerprints) {
      AlertState.Entry entry = entries.get(fingerprint);
      if (entry == null) {
        continue;
      }
      entry = entry.reverted(how);
      entries.put(fingerprint, entry);
      if (slack.isPresent()
          && slack.get().threads()
          && !entry.threadTs().isEmpty()
          && slack.get().name().equals(entry.channel())) {
        slack.get().post(SlackMessage.reverted(entry), entry.threadTs());
        answered++;
      }
    }
    store.save(new AlertState(state.lastScanAt(), entries));
    out.println(
        "  recorded in the alert state "
            + alerts.state
            + (answered > 0 ? "; answered in " + answered + " Slack thread(s)" : ""));
  }

  private ScanReport scan(DriftPolicy rules) {
    return TriagedScan.run(aws, rules, clock);
  }

  private AwsTarget target(StackResult stack) {
    return TriagedScan.target(aws, stack);
  }
}
