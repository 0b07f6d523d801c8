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
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.webhook.Payload;
import io.netdrift.detector.diff.Finding;
import io.netdrift.detector.diff.FindingKind;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import io.netdrift.detector.report.StackResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The Block Kit message for a scan: what drifted, where, and how many. */
public final class SlackMessage {
  /** Slack shows at most 50 blocks; findings beyond this many are counted, not listed. */
  static final int MAX_FINDINGS = 10;

  private SlackMessage() {}

  /** The message for {@code report}. */
  public static Payload of(ScanReport report) {
    List<LayoutBlock> blocks = new ArrayList<>();
    // Name the stacks that need attention; an all-clear names every stack checked.
    List<StackResult> named =
        report.stacks().stream()
            .filter(
                st ->
                    !st.problems().isEmpty()
                        || report.findings().stream()
                            .anyMatch(f -> f.stack().equals(st.stackName())))
            .toList();
    String where =
        (named.isEmpty() ? report.stacks() : named)
            .stream()
                .map(
                    st ->
                        st.stackName()
                            + " ("
                            + (st.account().isEmpty() ? "?" : st.account())
                            + ", "
                            + st.region()
                            + ")")
                .collect(Collectors.joining(", "));
    String title = truncate("Netdrift: " + headline(report) + " in " + where, 150);
    blocks.add(header(h -> h.text(plainText(title))));
    blocks.add(section(s -> s.text(markdownText(counts(report)))));
    int shown = 0;
    for (Finding f : report.findings()) {
      if (shown++ == MAX_FINDINGS) {
        break;
      }
      blocks.add(divider());
      blocks.add(section(s -> s.text(markdownText(finding(f)))));
    }
    if (report.findings().size() > MAX_FINDINGS) {
      int more = report.findings().size() - MAX_FINDINGS;
      blocks.add(section(s -> s.text(markdownText("…and " + more + " more in the full report."))));
    }
    if (report.status() == ScanStatus.INCOMPLETE) {
      String problems =
          report.problems().stream()
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
    blocks.add(
        context(
            c ->
                c.elements(
                    List.of(
                        markdownText(
                            "Scan started "
                                + report.startedAt()
                                + " · baseline `"
                                + escape(report.baseline())
                                + "` · exit "
                                + report.status().exitCode())))));
    return Payload.builder().text(title).blocks(blocks).build();
  }

  /** The message as plain text, as printed when Slack is not configured. */
  public static String preview(Payload payload) {
    StringBuilder out = new StringBuilder();
    for (LayoutBlock block : payload.getBlocks()) {
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

  private static String text(TextObject t) {
    return t instanceof MarkdownTextObject m
        ? m.getText()
        : ((com.slack.api.model.block.composition.PlainTextObject) t).getText();
  }

  private static String headline(ScanReport report) {
    return switch (report.status()) {
      case IN_SYNC -> "in sync";
      case DRIFT -> "drift";
      case INCOMPLETE -> report.findings().isEmpty() ? "scan incomplete" : "drift, scan incomplete";
    };
  }

  private static String counts(ScanReport report) {
    if (report.findings().isEmpty()) {
      return "*No drift found.*";
    }
    String byKind =
        java.util.Arrays.stream(FindingKind.values())
            .map(
                k ->
                    new Object[] {k, report.findings().stream().filter(f -> f.kind() == k).count()})
            .filter(a -> (long) a[1] > 0)
            .map(a -> a[1] + " " + a[0])
            .collect(Collectors.joining(", "));
    int n = report.findings().size();
    return "*" + n + " finding" + (n == 1 ? "" : "s") + "*: " + byKind;
  }

  private static String finding(Finding f) {
    StringBuilder text = new StringBuilder();
    text.append('*').append(f.kind()).append("* `").append(f.resourceType()).append("` ");
    text.append(escape(f.logicalId().isEmpty() ? f.physicalId() : f.logicalId()));
    if (!f.logicalId().isEmpty() && !f.physicalId().isEmpty()) {
      text.append(" (").append(escape(f.physicalId())).append(')');
    }
    text.append(" in ").append(escape(f.stack())).append('\n');
    text.append(escape(f.summary())).append('\n');
    text.append("approved: `")
        .append(escape(f.approved().isEmpty() ? "(nothing)" : f.approved()))
        .append("`\n");
    text.append("live: `")
        .append(escape(f.live().isEmpty() ? "(nothing)" : f.live()))
        .append("`\n");
    text.append("fingerprint `").append(f.fingerprint()).append('`');
    return truncate(text.toString(), 3000);
  }

  /** Slack's mrkdwn treats &, < and > as control characters. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
