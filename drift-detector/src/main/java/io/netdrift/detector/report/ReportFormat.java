package io.netdrift.detector.report;

/** The report formats. */
public enum ReportFormat {
  /** For people at a terminal. */
  TEXT,
  /** For machines: stable keys and a {@code schemaVersion}. */
  JSON
}
