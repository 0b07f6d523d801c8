package io.netdrift.detector.model;

/** What the user asked for cannot be done as asked: the command line is wrong (exit 64). */
public class UsageException extends DriftException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
