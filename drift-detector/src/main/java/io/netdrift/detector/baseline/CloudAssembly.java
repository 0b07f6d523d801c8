package io.netdrift.detector.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.StackTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the approved stacks of a synthesized cloud assembly ({@code cdk.out}). */
public final class CloudAssembly {
  private static final String STACK = "aws:cloudformation:stack";
  private static final Pattern ENVIRONMENT = Pattern.compile("aws://([^/]+)/([^/]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudAssembly() {}

  /**
   * One stack artifact of a manifest: its id, the stack name CloudFormation knows, its template
   * file (empty where the manifest names none), its environment ({@code aws://account/region}),
   * display name, construct metadata (path → entries) and the file CDK wrote more metadata to.
   */
  public record StackArtifact(
      String id,
      String stackName,
      String templateFile,
      String environment,
      String displayName,
      JsonNode metadata,
      String metadataFile) {}

  /** The manifest of the assembly in {@code dir}; an error names the file and what is wrong. */
  public static JsonNode manifest(Path dir) {
    Path file = dir.resolve("manifest.json");
    JsonNode manifest = readJson(file);
    if (!manifest.path("artifacts").isObject()) {
      throw new DriftException(
          file + ": /artifacts is missing; is this a cloud assembly written by cdk synth?");
    }
    return manifest;
  }

  /** The stack artifacts of a manifest, in manifest order: the one reading of its shape. */
  public static List<StackArtifact> stacks(JsonNode manifest) {
    List<StackArtifact> stacks = new ArrayList<>();
    for (Map.Entry<String, JsonNode> named : manifest.path("artifacts").properties()) {
      JsonNode artifact = named.getValue();
      if (!STACK.equals(artifact.path("type").asText())) {
        continue;
      }
      JsonNode properties = artifact.path("properties");
      String stackName = properties.path("stackName").asText(named.getKey());
      stacks.add(
          new StackArtifact(
              named.getKey(),
              stackName,
              properties.path("templateFile").asText(""),
              artifact.path("environment").asText(""),
              artifact.path("displayName").asText(stackName),
              artifact.path("metadata"),
              artifact.path("additionalMetadataFile").asText("")));
    }
    return stacks;
  }

  /**
   * The construct metadata entries of a stack: those in the manifest and, since CDK 2.1xx, those in
   * a file of its own. An unreadable metadata file leaves its entries out: metadata only locates.
   */
  public static List<JsonNode> metadata(Path dir, StackArtifact stack) {
    List<JsonNode> entries = new ArrayList<>();
    stack.metadata().forEach(entries::add);
    if (!stack.metadataFile().isEmpty()) {
      try {
        readJson(dir.resolve(stack.metadataFile())).forEach(entries::add);
      } catch (DriftException unreadable) {
        // Those resources are not located; nothing else changes.
      }
    }
    return entries;
  }

  /** Every stack of the assembly in {@code dir} with its template, in manifest order. */
  public static List<StackTemplate> read(Path dir) {
    Path manifestFile = dir.resolve("manifest.json");
    List<StackTemplate> stacks = new ArrayList<>();
    for (StackArtifact artifact : stacks(manifest(dir))) {
      if (artifact.templateFile().isEmpty()) {
        throw new DriftException(
            manifestFile + ": /artifacts/" + artifact.id() + "/properties/templateFile is missing");
      }
      Optional<String> account = Optional.empty();
      Optional<String> region = Optional.empty();
      Matcher m = ENVIRONMENT.matcher(artifact.environment());
      if (m.matches()) {
        // Environment-agnostic stacks say unknown-account/unknown-region: the caller decides.
        account = Optional.of(m.group(1)).filter(a -> !a.startsWith("unknown-"));
        region = Optional.of(m.group(2)).filter(r -> !r.startsWith("unknown-"));
      }
      Path templateFile = dir.resolve(artifact.templateFile());
      JsonNode template = readJson(templateFile);
      if (!template.path("Resources").isObject()) {
        throw new DriftException(templateFile + ": /Resources is missing or not an object");
      }
      stacks.add(
          new StackTemplate(
              artifact.stackName(),
              account,
              region,
              templateFile,
              template,
              artifact.displayName()));
    }
    if (stacks.isEmpty()) {
      throw new DriftException(manifestFile + ": the assembly holds no CloudFormation stack");
    }
    return stacks;
  }

  /**
   * Every file of the assembly a scan reads, relative to it: each stack's template and metadata
   * file, and the templates of its nested stacks, however deep. {@code template} reads a template
   * file (a nested stack's template names further files); the manifest itself is not listed.
   */
  public static List<String> files(
      JsonNode manifest, java.util.function.Function<String, JsonNode> template) {
    java.util.LinkedHashSet<String> files = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<String> templates = new java.util.ArrayDeque<>();
    for (StackArtifact artifact : stacks(manifest)) {
      if (!artifact.templateFile().isEmpty() && files.add(artifact.templateFile())) {
        templates.add(artifact.templateFile());
      }
      if (!artifact.metadataFile().isEmpty()) {
        files.add(artifact.metadataFile());
      }
    }
    while (!templates.isEmpty()) {
      for (JsonNode resource : template.apply(templates.poll()).path("Resources")) {
        String nested = resource.path("Metadata").path("aws:asset:path").asText("");
        if (NESTED_STACK.equals(resource.path("Type").asText())
            && nested.endsWith(".json")
            && files.add(nested)) {
          templates.add(nested);
        }
      }
    }
    return List.copyOf(files);
  }

  /** The type of a nested stack in a template. */
  public static final String NESTED_STACK = "AWS::CloudFormation::Stack";

  /** A nested stack's approved template, and the file it was read from. */
  public record NestedTemplate(Path file, JsonNode template) {}

  /**
   * Where CDK put the template of nested stack {@code logicalId} of {@code parent}: the {@code
   * aws:asset:path} metadata of its {@code AWS::CloudFormation::Stack} resource, relative to the
   * assembly.
   */
  public static Optional<String> assetPath(StackTemplate parent, String logicalId) {
    String path =
        parent
            .template()
            .path("Resources")
            .path(logicalId)
            .path("Metadata")
            .path("aws:asset:path")
            .asText("");
    return path.isEmpty() ? Optional.empty() : Optional.of(path);
  }

  /**
   * The approved template of nested stack {@code logicalId} of {@code parent}, read from the
   * assembly the parent's template is in; empty where the assembly does not hold it.
   */
  public static Optional<NestedTemplate> nested(StackTemplate parent, String logicalId) {
    Optional<String> asset = assetPath(parent, logicalId);
    if (asset.isEmpty()) {
      return Optional.empty();
    }
    Path dir = parent.file().toAbsolutePath().getParent();
    Path file = dir.resolve(asset.get()).normalize();
    if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode template = readJson(file);
    if (!template.path("Resources").isObject()) {
      throw new DriftException(file + ": /Resources is missing or not an object");
    }
    return Optional.of(new NestedTemplate(file, template));
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new DriftException(
          file
              + ": not found; point --baseline at a cloud assembly (the cdk.out folder of cdk synth)",
          e);
    } catch (JsonProcessingException e) {
      throw new DriftException(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ":"
              + e.getLocation().getColumnNr()
              + ": not valid JSON: "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new DriftException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
