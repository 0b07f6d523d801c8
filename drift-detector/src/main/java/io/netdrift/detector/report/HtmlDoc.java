package io.netdrift.detector.report;

import java.util.List;

/** A {@link DocWriter} that writes one self-contained HTML page (no scripts, no remote assets). */
public final class HtmlDoc implements DocWriter {
  private final StringBuilder body = new StringBuilder();
  private String title = "Netdrift";

  @Override
  public DocWriter heading(int level, String text) {
    if (level == 1) {
      title = text;
    }
    body.append("<h")
        .append(level)
        .append('>')
        .append(escape(text))
        .append("</h")
        .append(level)
        .append(">\n");
    return this;
  }

  @Override
  public DocWriter paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  @Override
  public DocWriter table(List<String> headers, List<List<String>> rows) {
    body.append("<table>\n<thead><tr>");
    headers.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      row.forEach(c -> body.append("<td>").append(escape(c).replace("\n", "<br>")).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    return this;
  }

  @Override
  public DocWriter list(List<String> items) {
    body.append("<ul>\n");
    items.forEach(i -> body.append("<li>").append(escape(i)).append("</li>\n"));
    body.append("</ul>\n");
    return this;
  }

  @Override
  public DocWriter code(String text) {
    body.append("<pre><code>").append(escape(text)).append("</code></pre>\n");
    return this;
  }

  @Override
  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
        + "table{border-collapse:collapse;margin:0 0 1rem}"
        + "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}"
        + "pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}\n"
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
