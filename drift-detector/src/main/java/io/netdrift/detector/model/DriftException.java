package io.netdrift.detector.model;

/** Netdrift cannot go on; the message says what, where (file and path) and what to do. */
public class DriftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DriftException(String message) {
    super(message);
  }

  public DriftException(String message, Throwable cause) {
    super(message, cause);
  }
}
