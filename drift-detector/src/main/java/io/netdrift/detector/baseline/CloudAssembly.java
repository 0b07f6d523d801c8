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
import java.util.Iterator;
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

  /** Every stack artifact of the assembly in {@code dir}, in manifest order. */
  public static List<StackTemplate> read(Path dir) {
    Path manifestFile = dir.resolve("manifest.json");
    JsonNode manifest = readJson(manifestFile);
    JsonNode artifacts = manifest.path("artifacts");
    if (!artifacts.isObject()) {
      throw new DriftException(
          manifestFile + ": /artifacts is missing; is this a cloud assembly written by cdk synth?");
    }
    List<StackTemplate> stacks = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = artifacts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> artifact = it.next();
      if (!STACK.equals(artifact.getValue().path("type").asText())) {
        continue;
      }
      String pointer = "/artifacts/" + artifact.getKey();
      JsonNode properties = artifact.getValue().path("properties");
      String templateName = properties.path("templateFile").asText("");
      if (templateName.isEmpty()) {
        throw new DriftException(
            manifestFile + ": " + pointer + "/properties/templateFile is missing");
      }
      String stackName = properties.path("stackName").asText(artifact.getKey());
      Optional<String> account = Optional.empty();
      Optional<String> region = Optional.empty();
      String environment = artifact.getValue().path("environment").asText("");
      Matcher m = ENVIRONMENT.matcher(environment);
      if (m.matches()) {
        // Environment-agnostic stacks say unknown-account/unknown-region: the caller decides.
        account = Optional.of(m.group(1)).filter(a -> !a.startsWith("unknown-"));
        region = Optional.of(m.group(2)).filter(r -> !r.startsWith("unknown-"));
      }
      Path templateFile = dir.resolve(templateName);
      JsonNode template = readJson(templateFile);
      if (!template.path("Resources").isObject()) {
        throw new DriftException(templateFile + ": /Resources is missing or not an object");
      }
      stacks.add(
          new StackTemplate(
              stackName,
              account,
              region,
              templateFile,
              template,
              artifact.getValue().path("displayName").asText(stackName)));
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
    for (JsonNode artifact : manifest.path("artifacts")) {
      if (!STACK.equals(artifact.path("type").asText())) {
        continue;
      }
      String file = artifact.at("/properties/templateFile").asText("");
      if (!file.isEmpty() && files.add(file)) {
        templates.add(file);
      }
      String metadata = artifact.path("additionalMetadataFile").asText("");
      if (!metadata.isEmpty()) {
        files.add(metadata);
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
