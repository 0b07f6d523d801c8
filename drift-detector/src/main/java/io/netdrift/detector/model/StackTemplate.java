package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One approved stack of a cloud assembly: its name, environment (where the assembly pins one),
 * template, and the path the assembly displays it under ({@code Stage/Network}; its name where the
 * assembly gives none).
 */
public record StackTemplate(
    String stackName,
    Optional<String> account,
    Optional<String> region,
    Path file,
    JsonNode template,
    String displayPath) {
  public StackTemplate {
    requireNonNull(stackName, "stackName");
    requireNonNull(account, "account");
    requireNonNull(region, "region");
    requireNonNull(file, "file");
    requireNonNull(template, "template");
    displayPath = displayPath == null || displayPath.isEmpty() ? stackName : displayPath;
  }

  /** A stack displayed under its name. */
  public StackTemplate(
      String stackName,
      Optional<String> account,
      Optional<String> region,
      Path file,
      JsonNode template) {
    this(stackName, account, region, file, template, stackName);
  }
}
