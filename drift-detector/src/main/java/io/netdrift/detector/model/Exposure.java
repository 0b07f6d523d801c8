package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

/**
 * What a drift does to access: whether more traffic (or a wider audience) now gets through than
 * approved, less, the same, or Netdrift cannot tell. The severity policy matches on it.
 *
 * @param internet the widened (or narrowed) part is reachable from or to internet-routable
 *     addresses
 * @param reason one short sentence for the report: why this direction
 */
public record Exposure(Access access, boolean internet, String reason) {
  /** The direction of a change in access. */
  public enum Access {
    /** More is let through than approved: a wider CIDR or port range, allow instead of deny. */
    WIDENED,
    /** Less is let through than approved. */
    NARROWED,
    /** No change to who can reach what: descriptions, names, logging. */
    UNCHANGED,
    /** Netdrift cannot tell from the change alone. */
    UNKNOWN
  }

  public Exposure {
    requireNonNull(access, "access");
    requireNonNull(reason, "reason");
  }

  /** Netdrift cannot tell. */
  public static Exposure unknown(String reason) {
    return new Exposure(Access.UNKNOWN, false, reason);
  }

  /** More gets through. */
  public static Exposure widened(boolean internet, String reason) {
    return new Exposure(Access.WIDENED, internet, reason);
  }

  /** Less gets through. */
  public static Exposure narrowed(boolean internet, String reason) {
    return new Exposure(Access.NARROWED, internet, reason);
  }

  /** Who reaches what is the same. */
  public static Exposure unchanged(String reason) {
    return new Exposure(Access.UNCHANGED, false, reason);
  }

  /** For reports: {@code widened, internet}. */
  public String label() {
    return access.name().toLowerCase(java.util.Locale.ROOT) + (internet ? ", internet" : "");
  }
}
