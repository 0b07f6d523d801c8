package io.netdrift.detector.baseline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One approved stack of a cloud assembly: its name, environment (where the assembly pins one) and
 * template.
 */
public record StackTemplate(
    String stackName,
    Optional<String> account,
    Optional<String> region,
    Path file,
    JsonNode template) {
  public StackTemplate {
    requireNonNull(stackName, "stackName");
    requireNonNull(account, "account");
    requireNonNull(region, "region");
    requireNonNull(file, "file");
    requireNonNull(template, "template");
  }
}
