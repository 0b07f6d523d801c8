package io.netdrift.detector.baseline;

/** A template value Netdrift cannot resolve; the message names the JSON pointer and why. */
public final class UnresolvedValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String reason;

  UnresolvedValueException(String pointer, String reason) {
    super(pointer + ": " + reason);
    this.pointer = pointer;
    this.reason = reason;
  }

  /** The JSON pointer of the value inside the template. */
  public String pointer() {
    return pointer;
  }

  /** Why it cannot be resolved. */
  public String reason() {
    return reason;
  }
}
