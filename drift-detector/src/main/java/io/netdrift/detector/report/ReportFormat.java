package io.netdrift.detector.report;

/** The report formats. */
public enum ReportFormat {
  /** For people at a terminal. */
  TEXT,
  /** For machines: stable keys and a {@code schemaVersion}. */
  JSON,
  /** For tickets and pull requests. */
  MARKDOWN,
  /** SARIF 2.1.0, for code-scanning dashboards. */
  SARIF,
  /** Audit evidence, Markdown. */
  EVIDENCE,
  /** Audit evidence, one HTML page. */
  EVIDENCE_HTML
}
