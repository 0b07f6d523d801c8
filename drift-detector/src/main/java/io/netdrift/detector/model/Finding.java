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

  /**
   * Where a finding is: the stack, the resource's CloudFormation type, its logical id in the
   * template (empty for what no template has) and its physical id (empty for what does not exist).
   */
  public record Resource(String stack, String type, String logicalId, String physicalId) {}

  /** A managed resource whose live settings differ from the approved ones. */
  public static Builder changed(Resource at) {
    return new Builder(FindingKind.CHANGED, at);
  }

  /** Approved, but gone from live. */
  public static Builder missing(Resource at) {
    return new Builder(FindingKind.MISSING, at);
  }

  /** Live, inside a managed scope, in no template. */
  public static Builder unmanaged(Resource at) {
    return new Builder(FindingKind.UNMANAGED, at);
  }

  /** A deployed template that is not the approved one. */
  public static Builder unapprovedDeployment(Resource at) {
    return new Builder(FindingKind.UNAPPROVED_DEPLOYMENT, at);
  }

  /** An approved stack that does not exist. */
  public static Builder notDeployed(Resource at) {
    return new Builder(FindingKind.NOT_DEPLOYED, at);
  }

  /** A finding of a kind decided elsewhere (a document diff's change). */
  public static Builder of(FindingKind kind, Resource at) {
    return new Builder(kind, at);
  }

  /** Where this finding is. */
  public Resource resource() {
    return new Resource(stack, resourceType, logicalId, physicalId);
  }

  /**
   * The one way a finding is built: its kind and resource first, then what differs; a summary is
   * required, every other part defaults to empty (exposure to unclassified, repair to none).
   */
  public static final class Builder {
    private final FindingKind kind;
    private final Resource at;
    private String property = "";
    private String approved = "";
    private String live = "";
    private String summary;
    private String diff = "";
    private Exposure exposure;
    private Repair repair;

    private Builder(FindingKind kind, Resource at) {
      this.kind = requireNonNull(kind, "kind");
      this.at = requireNonNull(at, "resource");
    }

    /** The path inside the resource, e.g. {@code ingress[tcp 22 from 0.0.0.0/0]}. */
    public Builder property(String value) {
      property = value;
      return this;
    }

    /** The approved value, as text. */
    public Builder approved(String value) {
      approved = value;
      return this;
    }

    /** The live value, as text. */
    public Builder live(String value) {
      live = value;
      return this;
    }

    /** One line for a human. */
    public Builder summary(String value) {
      summary = value;
      return this;
    }

    /** A unified diff of approved against live. */
    public Builder diff(String value) {
      diff = value;
      return this;
    }

    /** What the difference does to access. */
    public Builder exposure(Exposure value) {
      exposure = value;
      return this;
    }

    /** What it takes to put the approved state back. */
    public Builder repair(Repair value) {
      repair = value;
      return this;
    }

    public Finding build() {
      return new Finding(
          kind,
          at.stack(),
          at.type(),
          at.logicalId(),
          at.physicalId(),
          property,
          approved,
          live,
          summary,
          diff,
          exposure,
          repair);
    }
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
   * can be de-duplicated. Built from what the drift is, never from when it was seen. A resource is
   * named by its physical id; one that has none (approved, never deployed) by its logical id, so
   * two such resources of one stack never share a fingerprint, a suppression or an alert.
   */
  public String fingerprint() {
    String resource = physicalId.isEmpty() ? "logical:" + logicalId : physicalId;
    String identity =
        String.join("\u001f", kind.name(), stack, resourceType, resource, property, approved, live);
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
