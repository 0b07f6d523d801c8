package io.netdrift.detector.report;

import java.io.IOException;
import java.io.Writer;

/** Writes a scan report in one format. */
public interface ReportWriter {
  /** Writes {@code report} to {@code out}. */
  void write(ScanReport report, Writer out) throws IOException;

  /** The writer for a format, without colour. */
  static ReportWriter of(ReportFormat format) {
    return of(format, false);
  }

  /** The writer for a format; {@code colour} only matters to text. */
  static ReportWriter of(ReportFormat format, boolean colour) {
    return switch (format) {
      case TEXT -> new TextReport(colour);
      case JSON -> new JsonReport();
      case MARKDOWN -> new MarkdownReport();
      case SARIF -> new SarifReport();
      case EVIDENCE -> new EvidenceReport(MarkdownDoc::new);
      case EVIDENCE_HTML -> new EvidenceReport(HtmlDoc::new);
    };
  }
}
