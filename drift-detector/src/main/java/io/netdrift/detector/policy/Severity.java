package io.netdrift.detector.policy;

import java.util.Locale;

/** How dangerous a drift is, from the most to the least. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  /** True when this is {@code other} or worse. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** Parses {@code critical}, {@code HIGH} and so on. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "'; one of critical, high, medium, low, info", e);
    }
  }

  /** Lower case, as the policy file and reports spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
