package io.netdrift.detector.report;

import java.util.List;

/** A {@link DocWriter} that writes GitHub-flavoured Markdown. */
public final class MarkdownDoc implements DocWriter {
  private final StringBuilder out = new StringBuilder();

  @Override
  public DocWriter heading(int level, String text) {
    out.append("#".repeat(level)).append(' ').append(inline(text)).append("\n\n");
    return this;
  }

  @Override
  public DocWriter paragraph(String text) {
    out.append(inline(text)).append("\n\n");
    return this;
  }

  @Override
  public DocWriter table(List<String> headers, List<List<String>> rows) {
    out.append(row(headers));
    out.append('|').append(" --- |".repeat(headers.size())).append('\n');
    rows.forEach(r -> out.append(row(r)));
    out.append('\n');
    return this;
  }

  @Override
  public DocWriter list(List<String> items) {
    items.forEach(i -> out.append("- ").append(inline(i)).append('\n'));
    out.append('\n');
    return this;
  }

  @Override
  public DocWriter code(String text) {
    String fence = text.contains("```") ? "~~~~" : "```";
    out.append(fence).append('\n').append(text).append('\n').append(fence).append("\n\n");
    return this;
  }

  @Override
  public String render() {
    return out.toString();
  }

  private static String row(List<String> cells) {
    StringBuilder row = new StringBuilder("|");
    for (String cell : cells) {
      row.append(' ').append(cell(cell)).append(" |");
    }
    return row.append('\n').toString();
  }

  /** Table cells hold no pipes or line breaks. */
  private static String cell(String text) {
    return inline(text).replace("|", "\\|").replace("\n", "<br>");
  }

  /** Text that Markdown must not read as markup: HTML and emphasis characters are escaped. */
  static String inline(String text) {
    return text.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`");
  }
}
