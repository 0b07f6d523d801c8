package io.netdrift.rules;

/**
 * The rules in {@code rules/} cannot be loaded: the message names the file, line, column and key
 * path.
 */
public final class RulesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RulesException(String message) {
    super(message);
  }

  public RulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
