package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * One difference between approved and live. {@code property} is a path inside the resource ({@code
 * ingress[tcp 22 from 0.0.0.0/0]}); {@code approved}/{@code live} are empty where that side has
 * nothing. {@code exposure} is derived from the change and is not part of the fingerprint.
 */
public record Finding(
    FindingKind kind,
    String stack,
    String resourceType,
    String logicalId,
    String physicalId,
    String property,
    String approved,
    String live,
    String summary,
    String diff,
    Exposure exposure,
    Repair repair) {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::stack)
          .thenComparing(Finding::resourceType)
          .thenComparing(Finding::physicalId)
          .thenComparing(Finding::property)
          .thenComparing(Finding::kind);

  public Finding {
    requireNonNull(kind, "kind");
    stack = nullToEmpty(stack);
    requireNonNull(resourceType, "resourceType");
    logicalId = nullToEmpty(logicalId);
    physicalId = nullToEmpty(physicalId);
    property = nullToEmpty(property);
    approved = nullToEmpty(approved);
    live = nullToEmpty(live);
    requireNonNull(summary, "summary");
    diff = nullToEmpty(diff);
    exposure = exposure == null ? Exposure.unknown("not classified") : exposure;
    repair = repair == null ? Repair.NONE : repair;
  }

  /** A finding with what it does to access, and no specific remediation. */
  public Finding(
      FindingKind kind,
      String stack,
      String resourceType,
      String logicalId,
      String physicalId,
      String property,
      String approved,
      String live,
      String summary,
      String diff,
      Exposure exposure) {
    this(
        kind,
        stack,
        resourceType,
        logicalId,
        physicalId,
        property,
        approved,
        live,
        summary,
        diff,
        exposure,
        null);
  }

  /** A finding whose effect on access is not classified. */
  public Finding(
      FindingKind kind,
      String stack,
      String resourceType,
      String logicalId,
      String physicalId,
      String property,
      String approved,
      String live,
      String summary,
      String diff) {
    this(
        kind,
        stack,
        resourceType,
        logicalId,
        physicalId,
        property,
        approved,
        live,
        summary,
        diff,
        null,
        null);
  }

  /** A finding without a unified diff. */
  public Finding(
      FindingKind kind,
      String stack,
      String resourceType,
      String logicalId,
      String physicalId,
      String property,
      String approved,
      String live,
      String summary) {
    this(kind, stack, resourceType, logicalId, physicalId, property, approved, live, summary, "");
  }

  /** This finding, with what it does to access. */
  public Finding withExposure(Exposure value) {
    return with(value, repair);
  }

  /** This finding, with what it takes to put it back. */
  public Finding withRepair(Repair value) {
    return with(exposure, value);
  }

  private Finding with(Exposure newExposure, Repair newRepair) {
    return new Finding(
        kind,
        stack,
        resourceType,
        logicalId,
        physicalId,
        property,
        approved,
        live,
        summary,
        diff,
        newExposure,
        newRepair);
  }

  /**
   * Stable across runs and machines: the same drift has the same fingerprint tomorrow, so alerts
   * can be de-duplicated. Built from what the drift is, never from when it was seen.
   */
  public String fingerprint() {
    String identity =
        String.join(
            "\u001f", kind.name(), stack, resourceType, physicalId, property, approved, live);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The order reports use, so output is deterministic. */
  public static Comparator<Finding> order() {
    return ORDER;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
