package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CloudFormation's view of one stack: its status, parameters and logical→physical map, and when it
 * last changed (its last update, or its creation).
 */
public record DeployedStack(
    String stackName,
    String stackId,
    String status,
    Map<String, String> parameters,
    Map<String, Resource> resources,
    Optional<java.time.Instant> changedAt,
    Map<String, String> outputs) {
  private static final Set<String> SETTLED =
      Set.of(
          "CREATE_COMPLETE",
          "UPDATE_COMPLETE",
          "UPDATE_ROLLBACK_COMPLETE",
          "IMPORT_COMPLETE",
          "IMPORT_ROLLBACK_COMPLETE");

  public DeployedStack {
    requireNonNull(stackName, "stackName");
    requireNonNull(stackId, "stackId");
    requireNonNull(status, "status");
    parameters = Map.copyOf(parameters);
    resources = Map.copyOf(resources);
    requireNonNull(changedAt, "changedAt");
    outputs = Map.copyOf(outputs);
  }

  /** A stack whose last change time is not known. */
  public DeployedStack(
      String stackName,
      String stackId,
      String status,
      Map<String, String> parameters,
      Map<String, Resource> resources) {
    this(stackName, stackId, status, parameters, resources, Optional.empty(), Map.of());
  }

  /**
   * True where the stack is at rest. Mid-update the live state is neither the old nor the new
   * template, and after a failed create it is half built: comparing either would mislead.
   */
  public boolean settled() {
    return SETTLED.contains(status);
  }

  /**
   * The account the stack lives in, read from its ARN ({@code
   * arn:aws:cloudformation:region:account:stack/…}).
   */
  public Optional<String> account() {
    String[] parts = stackId.split(":");
    return parts.length > 4 && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
  }

  /** The physical id of a logical resource, if CloudFormation created it. */
  public Optional<String> physicalId(String logicalId) {
    Resource resource = resources.get(logicalId);
    return resource == null || resource.physicalId().isEmpty()
        ? Optional.empty()
        : Optional.of(resource.physicalId());
  }

  /** One row of ListStackResources. */
  public record Resource(String logicalId, String type, String physicalId, String status) {
    public Resource {
      requireNonNull(logicalId, "logicalId");
      requireNonNull(type, "type");
      physicalId = physicalId == null ? "" : physicalId;
      status = status == null ? "" : status;
    }
  }
}
