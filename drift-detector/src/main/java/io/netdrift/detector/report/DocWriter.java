package io.netdrift.detector.report;

import java.util.List;

/**
 * A document written as headings, paragraphs, tables, lists and code: the Markdown report and the
 * evidence report say the same thing in Markdown or HTML through one of these.
 */
public interface DocWriter {
  /** A heading; level 1 is the title. */
  DocWriter heading(int level, String text);

  /** A paragraph of plain text. */
  DocWriter paragraph(String text);

  /** A table; every row has as many cells as {@code headers}. */
  DocWriter table(List<String> headers, List<List<String>> rows);

  /** A bulleted list. */
  DocWriter list(List<String> items);

  /** A block of code or command lines, shown as written. */
  DocWriter code(String text);

  /** The document so far, finished. */
  String render();
}
