package io.netdrift.detector.alert;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.webhook.Payload;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import io.netdrift.detector.report.ScanReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Block Kit messages Netdrift posts: a drift alert, a reminder, a resolution, the report. */
public final class SlackMessage {
  /** A message: the notification text and its blocks. */
  public record Message(String text, List<LayoutBlock> blocks) {
    public Message {
      blocks = List.copyOf(blocks);
    }

    /** As an incoming-webhook payload. */
    public Payload payload() {
      return Payload.builder().text(text).blocks(blocks).build();
    }
  }

  /**
   * How alerts address people.
   *
   * @param mention who to page for drift at or above {@code mentionAt}: {@code <!here>}, {@code
   *     <!subteam^S…>}; empty for nobody
   * @param reportLink where the full report is, or empty
   */
  public record Options(String mention, Severity mentionAt, String reportLink) {
    /** Nobody paged, no link. */
    public static Options none() {
      return new Options("", Severity.CRITICAL, "");
    }
  }

  /** Slack shows at most 50 blocks; findings beyond this many are counted, not listed. */
  static final int MAX_FINDINGS = 10;

  private static final Map<Severity, String> ICONS =
      Map.of(
          Severity.CRITICAL, ":red_circle:",
          Severity.HIGH, ":large_orange_circle:",
          Severity.MEDIUM, ":large_yellow_circle:",
          Severity.LOW, ":white_circle:",
          Severity.INFO, ":information_source:");

  private SlackMessage() {}

  /** The message for a whole scan: every active finding and what could not be checked. */
  public static Message of(ScanReport report) {
    return alert(report, report.activeFindings(), incompleteStacks(report), "", Options.none());
  }

  /** Stacks of {@code report} with something that could not be checked. */
  public static List<StackResult> incompleteStacks(ScanReport report) {
    // A stack mid-deploy within its grace is not an incident: checked once it settles.
    return report.stacks().stream().filter(s -> !s.problems().isEmpty() && !s.deferred()).toList();
  }

  /**
   * An alert about {@code findings} (new ones, or all of them) and {@code incomplete} stacks.
   * {@code lead} starts the header: {@code "new "} or {@code ""}.
   */
  public static Message alert(
      ScanReport report,
      List<Finding> findings,
      List<StackResult> incomplete,
      String lead,
      Options options) {
    List<LayoutBlock> blocks = new ArrayList<>();
    List<Finding> sorted = report.bySeverity(findings);
    String title =
        truncate(
            "Netdrift: "
                + headline(findings.size(), incomplete.isEmpty(), lead)
                + " in "
                + where(report, findings, incomplete),
            150);
    blocks.add(header(h -> h.text(plainText(title))));
    StringBuilder counts = new StringBuilder(severityCounts(report, findings));
    Severity worst = sorted.isEmpty() ? null : report.assessment(sorted.get(0)).severity();
    if (worst != null && !options.mention().isBlank() && worst.atLeast(options.mentionAt())) {
      counts.insert(0, options.mention() + " ");
    }
    if (!report.suppressedFindings().isEmpty()) {
      counts.append(" · ").append(report.suppressedFindings().size()).append(" suppressed");
    }
    blocks.add(section(s -> s.text(markdownText(counts.toString()))));
    int shown = 0;
    for (Finding f : sorted) {
      if (shown++ == MAX_FINDINGS) {
        break;
      }
      blocks.add(divider());
      blocks.add(section(s -> s.text(markdownText(finding(report, f)))));
    }
    if (sorted.size() > MAX_FINDINGS) {
      int more = sorted.size() - MAX_FINDINGS;
      blocks.add(section(s -> s.text(markdownText("…and " + more + " more in the full report."))));
    }
    if (!incomplete.isEmpty()) {
      String problems =
          incomplete.stream()
              .flatMap(st -> st.problems().stream().map(p -> st.stackName() + ": " + p))
              .limit(5)
              .map(p -> "• " + escape(p))
              .collect(Collectors.joining("\n"));
      blocks.add(
          section(
              s ->
                  s.text(
                      markdownText(
                          truncate(
                              ":warning: *The scan is incomplete*: this does not prove the network is in sync.\n"
                                  + problems,
                              3000)))));
    }
    blocks.add(context(c -> c.elements(List.of(markdownText(footer(report, options))))));
    return new Message(title, blocks);
  }

  /** A reminder that {@code findings} are still open, first alerted at {@code since}. */
  public static Message reminder(
      ScanReport report,
      List<Finding> findings,
      List<StackResult> incomplete,
      Instant since,
      Options options) {
    Message alert = alert(report, findings, incomplete, "still open: ", options);
    List<LayoutBlock> blocks = new ArrayList<>(alert.blocks());
    blocks.add(
        1,
        section(
            s ->
                s.text(
                    markdownText(
                        ":alarm_clock: *Reminder*: first alerted "
                            + since
                            + ", not resolved since."))));
    return new Message("Reminder: " + alert.text(), blocks);
  }

  /**
   * A message of one section of {@code text} (mrkdwn, cut to Slack's 3,000), {@code fallback} its
   * notification.
   */
  public static Message plain(String fallback, String text) {
    return new Message(fallback, List.of(section(s -> s.text(markdownText(truncate(text, 3000))))));
  }

  /** The reply that says {@code entries} are as approved again. */
  public static Message resolved(List<AlertState.Entry> entries, Instant checkedAt) {
    String lines =
        entries.stream()
            .map(
                e ->
                    "• "
                        + escape(e.title())
                        + (e.reverted().isEmpty()
                            ? ""
                            : " (reverted " + escape(e.reverted()) + ")"))
            .limit(20)
            .collect(Collectors.joining("\n"));
    String text =
        ":white_check_mark: *Resolved*: "
            + entries.size()
            + (entries.size() == 1 ? " alert is" : " alerts are")
            + " no longer open (scan at "
            + checkedAt
            + ")\n"
            + lines;
    return plain("Netdrift: resolved " + entries.size() + " alert(s)", text);
  }

  /** The answer in an alert's thread when {@code revert} put the drift back. */
  public static Message reverted(AlertState.Entry entry) {
    String text =
        ":leftwards_arrow_with_hook: *Reverted* "
            + escape(entry.reverted())
            + ": "
            + escape(entry.title())
            + "\nread again: as approved. The next scan resolves the alert.";
    return plain("Netdrift: reverted " + entry.title(), text);
  }

  /** A part of the full report, as a code block. */
  public static Message reportPart(String part, int index, int count) {
    String text =
        "Full report"
            + (count > 1 ? " (" + index + "/" + count + ")" : "")
            + ":\n```"
            + part
            + "```";
    return plain("Netdrift full report", text);
  }

  /** The message as plain text, as printed when Slack is not configured. */
  public static String preview(Message message) {
    StringBuilder out = new StringBuilder();
    for (LayoutBlock block : message.blocks()) {
      if (block instanceof HeaderBlock h) {
        out.append("# ").append(h.getText().getText()).append('\n');
      } else if (block instanceof SectionBlock s) {
        out.append(text(s.getText())).append('\n');
      } else if (block instanceof ContextBlock c) {
        c.getElements().stream()
            .filter(TextObject.class::isInstance)
            .forEach(e -> out.append(text((TextObject) e)).append('\n'));
      } else {
        out.append("---\n");
      }
    }
    return out.toString();
  }

  /** The one-line title of a finding, as resolved replies and the state name it. */
  public static String title(Finding f) {
    return f.kind()
        + " "
        + f.resourceType()
        + " "
        + (f.physicalId().isEmpty() ? f.logicalId() : f.physicalId())
        + (f.property().isEmpty() ? "" : " " + f.property())
        + " in "
        + f.stack();
  }

  private static String text(TextObject t) {
    return t instanceof MarkdownTextObject m ? m.getText() : ((PlainTextObject) t).getText();
  }

  private static String headline(int findings, boolean complete, String lead) {
    if (findings == 0) {
      return complete ? "in sync" : "scan incomplete";
    }
    String drift = findings + " " + lead + "drift finding" + (findings == 1 ? "" : "s");
    return complete ? drift : drift + ", scan incomplete";
  }

  /** The environment, then the stacks that need attention with their account and region. */
  private static String where(
      ScanReport report, List<Finding> findings, List<StackResult> incomplete) {
    List<StackResult> named =
        report.stacks().stream()
            .filter(
                st ->
                    incomplete.contains(st)
                        || findings.stream().anyMatch(f -> f.stack().equals(st.stackName())))
            .toList();
    String stacks =
        (named.isEmpty() ? report.stacks() : named)
            .stream()
                .map(st -> st.stackName() + " (" + (st.accountLabel()) + ", " + st.region() + ")")
                .collect(Collectors.joining(", "));
    String environment = report.triage().environment();
    return environment.isEmpty() ? stacks : environment + ": " + stacks;
  }

  private static String severityCounts(ScanReport report, List<Finding> findings) {
    if (findings.isEmpty()) {
      return "*No drift found.*";
    }
    List<String> parts = new ArrayList<>();
    report
        .severityCounts(findings)
        .forEach(
            (s, n) -> {
              if (n > 0) {
                parts.add(ICONS.get(s) + " *" + n + " " + s.label() + "*");
              }
            });
    return String.join(" · ", parts);
  }

  private static String finding(ScanReport report, Finding f) {
    Assessment a = report.assessment(f);
    StringBuilder text = new StringBuilder();
    text.append(ICONS.get(a.severity()))
        .append(" *")
        .append(a.severity().name())
        .append("* · ")
        .append(f.kind())
        .append(" `")
        .append(f.resourceType())
        .append("` ");
    text.append(escape(f.logicalId().isEmpty() ? f.physicalId() : f.logicalId()));
    if (!f.logicalId().isEmpty() && !f.physicalId().isEmpty()) {
      text.append(" (").append(escape(f.physicalId())).append(')');
    }
    text.append(" in ").append(escape(f.stack())).append('\n');
    text.append(escape(f.summary())).append('\n');
    text.append("approved: `")
        .append(escape(f.approved().isEmpty() ? "(nothing)" : f.approved()))
        .append("` → live: `")
        .append(escape(f.live().isEmpty() ? "(nothing)" : f.live()))
        .append("`\n");
    text.append("exposure: ")
        .append(f.exposure().label())
        .append(" — ")
        .append(escape(f.exposure().reason()))
        .append('\n');
    Attribution by = report.attribution(f);
    text.append("who: ").append(escape(by.describe())).append('\n');
    if (a.suppressionExpired()) {
      text.append(":hourglass: suppression expired: ")
          .append(escape(a.suppression().get().describe()))
          .append('\n');
    }
    if (!a.remediation().commands().isEmpty()) {
      text.append("fix")
          .append(a.remediation().exact() ? "" : " (check first)")
          .append(":\n```")
          .append(escape(String.join("\n", a.remediation().commands())))
          .append("```\n");
    } else if (!a.remediation().note().isEmpty()) {
      text.append("fix: ").append(escape(a.remediation().note())).append('\n');
    }
    text.append("fingerprint `").append(f.fingerprint()).append('`');
    return truncate(text.toString(), 3000);
  }

  private static String footer(ScanReport report, Options options) {
    StringBuilder footer = new StringBuilder("Scan started " + report.startedAt());
    if (!report.triage().baselineCommit().isEmpty()) {
      footer
          .append(" · baseline commit `")
          .append(escape(report.triage().baselineCommit()))
          .append('`');
    }
    footer.append(" · baseline `").append(escape(report.baseline())).append('`');
    footer.append(" · exit ").append(report.exitCode());
    if (!options.reportLink().isEmpty()) {
      footer.append(" · <").append(options.reportLink()).append("|full report>");
    }
    return footer.toString();
  }

  /** Slack's mrkdwn treats &, < and > as control characters. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
