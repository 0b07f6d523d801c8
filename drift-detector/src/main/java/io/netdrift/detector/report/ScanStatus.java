package io.netdrift.detector.report;

/** The outcome of a scan, and the process exit code that goes with it. */
public enum ScanStatus {
  /** Everything checked, and equal. */
  IN_SYNC(0),
  /** Something could not be read or understood: never reported as clean. */
  INCOMPLETE(1),
  /** Checked, and different. */
  DRIFT(2);

  private final int exitCode;

  ScanStatus(int exitCode) {
    this.exitCode = exitCode;
  }

  /** 0 in sync, 1 incomplete, 2 drift. */
  public int exitCode() {
    return exitCode;
  }
}
