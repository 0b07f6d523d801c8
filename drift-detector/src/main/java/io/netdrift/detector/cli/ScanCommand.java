package io.netdrift.detector.cli;

import io.netdrift.detector.DriftScan;
import io.netdrift.detector.alert.AlertState;
import io.netdrift.detector.alert.Notifier;
import io.netdrift.detector.alert.Pager;
import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.alert.SlackChannel;
import io.netdrift.detector.alert.SlackMessage;
import io.netdrift.detector.alert.StateStore;
import io.netdrift.detector.attribution.Attributor;
import io.netdrift.detector.baseline.SourceMap;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.Snapshot;
import io.netdrift.detector.model.AtomicFiles;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.policy.DriftPolicy;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.policy.Triage;
import io.netdrift.detector.report.ReportFormat;
import io.netdrift.detector.report.ReportWriter;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import io.netdrift.detector.report.TextReport;
import io.netdrift.rules.RulesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift-detector scan}: one comparison, a report, and Slack alerts on what is new. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    sortOptions = false,
    description = {
      "Compares the deployed network with the approved cloud assembly and reports every difference.",
      "Exit codes: 0 in sync (or drift below --fail-on), 1 error, incomplete scan or alert",
      "not delivered, 2 drift at or above --fail-on, 64 bad usage."
    })
class ScanCommand implements Callable<Integer> {
  /** The policy read when --policy is not given, where it exists. */
  static final Path DEFAULT_POLICY = Path.of("rules", "drift-policy.yaml");

  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Mixin AlertOptions alerts;

  @Option(
      names = "--live",
      paramLabel = "FILE",
      description =
          "Compare with a snapshot written by drift-detector snapshot, with no AWS access.")
  Path live;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Severity rules and suppressions; default: rules/drift-policy.yaml where it exists.")
  Path policy;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "info",
      converter = SeverityConverter.class,
      description =
          "Exit 2 only for drift of this severity or worse: critical, high, medium, low, info (default).")
  Severity failOn;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = FormatConverter.class,
      description =
          "Report format: text, json, markdown, sarif, evidence, evidence-html (default: text).")
  ReportFormat format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of standard output.")
  Path output;

  @Option(
      names = "--report",
      paramLabel = "FORMAT=FILE",
      description = {
        "Also write the report in FORMAT to FILE (atomically); repeatable, e.g.",
        "--report sarif=drift.sarif --report evidence-html=evidence.html."
      })
  java.util.Map<String, Path> reports = new java.util.LinkedHashMap<>();

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Colour the text report: auto (a terminal, unless NO_COLOR is set), always, never.")
  String color;

  @Option(
      names = "--environment",
      paramLabel = "NAME",
      defaultValue = "${env:NETDRIFT_ENVIRONMENT}",
      showDefaultValue = Visibility.NEVER,
      description =
          "The environment's name for alerts and evidence (e.g. production); default: $NETDRIFT_ENVIRONMENT.")
  String environment;

  @Option(
      names = "--baseline-commit",
      paramLabel = "SHA",
      description =
          "The git commit of the baseline; default: what the CDK app recorded in the assembly.")
  String baselineCommit;

  @Option(
      names = "--attribution-limit",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "CloudTrail lookups per scan to find who made each drift; 0 turns it off (default: 20).")
  int attributionLimit;

  @Option(
      names = "--only",
      paramLabel = "ID",
      description = {
        "Check only the resource with this physical id (sg-…, acl-…, an ARN); repeatable. A",
        "targeted re-check after a change: where no stack manages it, everything is scanned."
      })
  java.util.Set<String> only = new java.util.TreeSet<>();

  @Option(
      names = "--trigger-event",
      paramLabel = "FILE",
      description = {
        "The EventBridge 'AWS API Call via CloudTrail' event that asked for an --only check: its",
        "caller is who changed those resources, known before CloudTrail's index has it."
      })
  Path triggerEvent;

  /** The CloudTrail record of an EventBridge event file, or bad usage naming the file. */
  private io.netdrift.detector.live.TrailEvent triggerEvent(Path file) {
    try {
      com.fasterxml.jackson.databind.JsonNode event =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(java.nio.file.Files.readString(file));
      if (!event.path("detail").isObject()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), file + ": not an EventBridge event with a CloudTrail detail");
      }
      return io.netdrift.detector.live.TrailEvent.ofRecord(event.get("detail"));
    } catch (java.io.IOException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), file + ": cannot be read as JSON: " + e.getMessage());
    }
  }

  @Option(names = "--verbose", description = "Print stack traces of errors and the API calls made.")
  boolean verbose;

  /** Set by watch, which holds the state's lock for its whole life. */
  boolean lockHeld;

  /** The last run's report, for watch's summary line; null before the first or after an error. */
  ScanReport lastReport;

  /** Waits between Slack retries; tests replace it. */
  Retrying.Sleeper sleeper = Retrying.Sleeper.REAL;

  /** The clock of the run; tests replace it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    lastReport = null;
    java.util.Map<ReportFormat, Path> extras = extraReports();
    if (lockHeld || alerts.state == null || alerts.state.startsWith("s3://")) {
      return scan(extras);
    }
    // Two runs with one state file (overlapping cron runs) would alert twice: one at a time.
    try (StateLock lock = StateLock.acquire(Path.of(alerts.state))) {
      return scan(extras);
    }
  }

  private int scan(java.util.Map<ReportFormat, Path> extras) throws IOException {
    DriftPolicy rules = loadPolicy();
    // The state, the token's secret and the pager's key live where the detector runs: its own
    // region (AWS_REGION, as Lambda sets it) where it has one, else the region scanned.
    Optional<String> home =
        Optional.ofNullable(System.getenv("AWS_REGION"))
            .filter(r -> !r.isBlank())
            .or(() -> Optional.ofNullable(aws.region));
    Optional<StateStore> store =
        Optional.ofNullable(alerts.state)
            .map(s -> StateStore.of(s, home, Optional.ofNullable(aws.endpoint)));
    try {
      return scan(extras, rules, home, store);
    } finally {
      // A function runs scan after scan: each lets go of its clients and their threads.
      store.ifPresent(StateStore::close);
    }
  }

  private int scan(
      java.util.Map<ReportFormat, Path> extras,
      DriftPolicy rules,
      Optional<String> home,
      Optional<StateStore> store)
      throws IOException {
    Optional<AlertState> state = store.map(StateStore::load);
    Optional<SlackChannel> slack =
        alerts.channel(new Retrying(sleeper), home, Optional.ofNullable(aws.endpoint));
    Optional<io.netdrift.detector.alert.PagerDuty> pager =
        alerts.pagerDuty(new Retrying(sleeper), home, Optional.ofNullable(aws.endpoint));

    CallCounter counter = new CallCounter();
    LiveSource.Factory sources =
        live == null ? LiveSource.aws(counter) : Snapshot.read(live).replaying();
    Attributor.Settings attribution =
        new Attributor.Settings(
            state.flatMap(AlertState::lastScanAt),
            attributionLimit,
            state.map(AlertState::knownAttributions).orElse(java.util.Map.of()));
    if (triggerEvent != null) {
      attribution = attribution.withTrigger(triggerEvent(triggerEvent), only);
    }
    ScanReport scanned =
        new DriftScan(clock, sources, counter)
            .run(aws.options().withAttribution(attribution).withFocus(only));
    String commit =
        baselineCommit != null ? baselineCommit : SourceMap.read(aws.baseline).baselineCommit();
    ScanReport report =
        scanned.withTriage(
            Triage.of(
                scanned.findings(),
                scanned.stacks(),
                rules,
                failOn,
                clock.instant().atZone(ZoneOffset.UTC).toLocalDate(),
                environment,
                commit));
    writeReport(report);
    for (java.util.Map.Entry<ReportFormat, Path> extra : extras.entrySet()) {
      writeFile(ReportWriter.of(extra.getKey(), false), report, extra.getValue());
    }
    PrintWriter err = spec.commandLine().getErr();
    if (verbose) {
      err.printf("AWS API requests: %d%n", report.apiCallTotal());
      report.apiCalls().forEach((operation, count) -> err.printf("  %6d  %s%n", count, operation));
    }
    int code = report.exitCode();
    lastReport = report;
    if (alert(report, state, store, slack, pager, rules, err)) {
      code = ExitCodes.ERROR;
    }
    err.flush();
    return code;
  }

  /** Sends (or previews) what is due; true when something could not be delivered. */
  private boolean alert(
      ScanReport report,
      Optional<AlertState> state,
      Optional<StateStore> store,
      Optional<SlackChannel> slack,
      Optional<io.netdrift.detector.alert.PagerDuty> pager,
      DriftPolicy rules,
      PrintWriter err)
      throws IOException {
    SlackMessage.Options options =
        new SlackMessage.Options(
            alerts.mention != null ? alerts.mention : rules.alerting().mention(),
            rules.alerting().mentionAt(),
            alerts.reportUrl == null ? "" : alerts.reportUrl);
    if (slack.isEmpty() && state.isEmpty()) {
      if (report.status() != ScanStatus.IN_SYNC) {
        err.println();
        err.println(
            "Slack preview (set a bot token and --slack-channel, or --slack-webhook-url, to send it):");
        err.print(
            SlackMessage.preview(
                SlackMessage.alert(
                    report,
                    report.activeFindings(),
                    SlackMessage.incompleteStacks(report),
                    "",
                    options)));
      }
      return false;
    }
    SlackChannel channel = slack.orElseGet(() -> new PreviewChannel(err));
    Duration remindAfter =
        Duration.ofHours(
            alerts.remindAfterHours != null
                ? alerts.remindAfterHours
                : rules.alerting().remindAfterHours());
    StringWriter text = new StringWriter();
    new TextReport().write(report, text);
    AlertState previous = state.orElse(AlertState.empty());
    Notifier.Outcome outcome =
        new Notifier(
                channel,
                clock,
                remindAfter,
                options,
                Optional.of(text.toString()),
                state.isPresent())
            .notify(report, previous);
    err.printf(
        "Slack (%s): %d alerted, %d reminded, %d resolved, %d suppressed silently%n",
        slack.isPresent() ? channel.name() : "preview only, nothing sent",
        outcome.alerted(),
        outcome.reminded(),
        outcome.resolved(),
        outcome.silenced());
    AlertState next = outcome.state();
    List<String> failures = new java.util.ArrayList<>(outcome.failures());
    if (pager.isPresent()) {
      Pager.Outcome paged = new Pager(pager.get(), clock).page(report, previous);
      java.util.Map<String, AlertState.Entry> entries = new java.util.TreeMap<>(next.entries());
      entries.putAll(paged.entries());
      next = new AlertState(next.lastScanAt(), entries);
      failures.addAll(paged.failures());
      err.printf("PagerDuty: %d triggered, %d resolved%n", paged.triggered(), paged.resolved());
    }
    // A preview's state is kept too (the next preview says only what is new); its entries belong
    // to the channel "preview", so a real channel configured later still gets every alert.
    if (store.isPresent() && !next.equals(previous)) {
      store.get().save(next);
    }
    for (String failure : failures) {
      err.println("netdrift: alert not delivered: " + failure);
    }
    if (!failures.isEmpty()) {
      err.println(
          "netdrift: the alert state keeps what was not delivered; the next run sends it again");
    }
    return !failures.isEmpty();
  }

  private DriftPolicy loadPolicy() {
    return loadPolicy(policy);
  }

  /** The severity policy in {@code file}, or rules/drift-policy.yaml where it exists. */
  static DriftPolicy loadPolicy(Path policy) {
    Path file = policy;
    if (file == null) {
      if (!Files.exists(DEFAULT_POLICY)) {
        return DriftPolicy.none();
      }
      file = DEFAULT_POLICY;
    }
    try {
      return DriftPolicy.load(file);
    } catch (RulesException e) {
      throw new DriftException(e.getMessage(), e);
    }
  }

  private void writeReport(ScanReport report) throws IOException {
    ReportWriter writer = ReportWriter.of(format, output == null && colour());
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      writer.write(report, out);
      out.flush();
      return;
    }
    writeFile(writer, report, output);
  }

  /** The --report formats, checked before anything is scanned. */
  private java.util.Map<ReportFormat, Path> extraReports() {
    java.util.Map<ReportFormat, Path> extras = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<String, Path> extra : reports.entrySet()) {
      try {
        extras.put(new FormatConverter().convert(extra.getKey()), extra.getValue());
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--report "
                + extra.getKey()
                + "=…: unknown format; one of text, json, markdown, sarif, evidence, evidence-html");
      }
    }
    return extras;
  }

  private static void writeFile(ReportWriter writer, ScanReport report, Path file)
      throws IOException {
    StringWriter buffer = new StringWriter();
    writer.write(report, buffer);
    AtomicFiles.write(file, buffer.toString(), "report");
  }

  private boolean colour() {
    return switch (color.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      default ->
          System.console() != null
              && System.getenv("NO_COLOR") == null
              && !"dumb".equals(System.getenv("TERM"));
    };
  }

  /** Prints each message instead of posting it. */
  static final class PreviewChannel implements SlackChannel {
    private final PrintWriter err;
    private int posted;

    PreviewChannel(PrintWriter err) {
      this.err = err;
    }

    @Override
    public String post(SlackMessage.Message message, String threadTs) {
      if (!message.text().equals("Netdrift full report")) {
        err.println();
        err.println(
            "Slack preview"
                + (threadTs.isEmpty() ? "" : " (reply in thread)")
                + " — set a bot token and --slack-channel, or --slack-webhook-url, to send it:");
        err.print(SlackMessage.preview(message));
      }
      return "preview." + ++posted;
    }

    @Override
    public boolean threads() {
      return true;
    }

    @Override
    public String name() {
      return "preview";
    }
  }

  /** {@code evidence-html} and {@code EVIDENCE_HTML} alike. */
  static final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      return ReportFormat.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** {@code high} and {@code HIGH} alike. */
  static final class SeverityConverter implements ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
      return Severity.parse(value);
    }
  }
}
