package io.netdrift.detector.report;

import java.io.IOException;
import java.io.Writer;

/** Writes a scan report in one format. */
public interface ReportWriter {
  /** Writes {@code report} to {@code out}. */
  void write(ScanReport report, Writer out) throws IOException;

  /** The writer for a format name: {@code text} or {@code json}. */
  static ReportWriter of(ReportFormat format) {
    return switch (format) {
      case TEXT -> new TextReport();
      case JSON -> new JsonReport();
    };
  }
}
