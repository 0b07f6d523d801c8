package io.netdrift.detector.baseline;

/** A template value Netdrift cannot resolve; the message names the JSON pointer and why. */
public final class UnresolvedValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnresolvedValueException(String pointer, String reason) {
    super(pointer + ": " + reason);
  }
}
