package io.netdrift.detector.cli;

/** The process exit codes, in one place (like {@code terraform plan -detailed-exitcode}). */
public final class ExitCodes {
  /** Everything checked, and in sync. */
  public static final int IN_SYNC = 0;

  /** A command that did what was asked (a revert planned, or run and converged). */
  public static final int OK = 0;

  /** An error, or a scan that could not check everything. */
  public static final int ERROR = 1;

  /** Drift found. */
  public static final int DRIFT = 2;

  /** Bad usage: unknown flag, missing argument. */
  public static final int USAGE = 64;

  private ExitCodes() {}
}
