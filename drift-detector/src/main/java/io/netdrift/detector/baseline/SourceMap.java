package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an approved value is written: the {@code rules/} file and line the CDK app recorded for
 * each resource (construct metadata {@code netdrift:source}, members such as {@code ingress 100} or
 * {@code sid 1000001} to their own line), else the line of the resource in its synthesized
 * template. Also the git commit the baseline was synthesized from ({@code
 * netdrift:baseline-commit}). Reading never fails: what is not recorded is not located.
 */
public final class SourceMap {
  /**
   * A file (relative, as written in the metadata or to the working directory) and a 1-based line.
   */
  public record Location(String uri, int line, int column) {
    /** A line, its column not recorded. */
    public Location(String uri, int line) {
      this(uri, line, 0);
    }
  }

  static final String SOURCE = "netdrift:source";
  static final String COMMIT = "netdrift:baseline-commit";
  private static final String LOGICAL_ID = "aws:cdk:logicalId";
  private static final Pattern MEMBER = Pattern.compile("\\[([^]]+)]");
  private static final Pattern FILE_LINE = Pattern.compile("(.+?):(\\d+)(?::(\\d+))?");

  private final Map<String, JsonNode> sources;
  private final Map<String, Path> templates;
  private final Map<Path, List<String>> templateLines = new HashMap<>();
  private final String commit;

  private SourceMap(Map<String, JsonNode> sources, Map<String, Path> templates, String commit) {
    this.sources = sources;
    this.templates = templates;
    this.commit = commit;
  }

  /** Nothing located. */
  public static SourceMap empty() {
    return new SourceMap(Map.of(), Map.of(), "");
  }

  /** Reads the manifest of the assembly in {@code dir}; a missing or odd manifest is empty. */
  public static SourceMap read(Path dir) {
    JsonNode manifest;
    try {
      manifest = CloudAssembly.manifest(dir);
    } catch (DriftException e) {
      return empty();
    }
    Map<String, JsonNode> sources = new HashMap<>();
    Map<String, Path> templates = new HashMap<>();
    String commit = "";
    for (CloudAssembly.StackArtifact stackArtifact : CloudAssembly.stacks(manifest)) {
      if (stackArtifact.templateFile().isEmpty()) {
        continue;
      }
      String stack = stackArtifact.stackName();
      templates.put(stack, dir.resolve(stackArtifact.templateFile()));
      for (JsonNode entries : CloudAssembly.metadata(dir, stackArtifact)) {
        String logicalId = "";
        JsonNode source = null;
        for (JsonNode entry : entries) {
          switch (entry.path("type").asText()) {
            case LOGICAL_ID -> logicalId = entry.path("data").asText();
            case SOURCE -> source = entry.path("data");
            case COMMIT -> commit = entry.path("data").asText();
            default -> {}
          }
        }
        if (source != null && !logicalId.isEmpty()) {
          sources.put(stack + "/" + logicalId, source);
        }
      }
    }
    return new SourceMap(sources, templates, commit);
  }

  /** The git commit the assembly was synthesized from, or empty. */
  public String baselineCommit() {
    return commit;
  }

  /** The rules line of the finding's approved value, the most specific one recorded. */
  public Optional<Location> rules(Finding finding) {
    JsonNode source = sources.get(finding.stack() + "/" + finding.logicalId());
    if (source == null) {
      return Optional.empty();
    }
    Matcher member = MEMBER.matcher(finding.property());
    if (member.find() && source.path("members").has(member.group(1))) {
      return parse(source.path("members").get(member.group(1)).asText());
    }
    return parse(source.path("resource").asText());
  }

  /** Where the rules write resource {@code logicalId} of {@code stack}, as recorded. */
  public Optional<Location> resource(String stack, String logicalId) {
    JsonNode source = sources.get(stack + "/" + logicalId);
    return source == null ? Optional.empty() : parse(source.path("resource").asText());
  }

  /** Every resource of {@code stack} whose place in the rules is recorded, by logical id. */
  public Map<String, Location> resources(String stack) {
    Map<String, Location> out = new java.util.TreeMap<>();
    sources.forEach(
        (key, source) -> {
          if (key.startsWith(stack + "/")) {
            parse(source.path("resource").asText())
                .ifPresent(l -> out.put(key.substring(stack.length() + 1), l));
          }
        });
    return out;
  }

  /** Where the rules write member {@code member} ({@code ingress 100}, {@code sid 1000001}). */
  public Optional<Location> member(String stack, String logicalId, String member) {
    JsonNode source = sources.get(stack + "/" + logicalId);
    return source == null || !source.path("members").has(member)
        ? Optional.empty()
        : parse(source.path("members").get(member).asText());
  }

  /** The line of the finding's resource in its synthesized template. */
  public Optional<Location> template(Finding finding) {
    Path file = templates.get(finding.stack());
    if (file == null || finding.logicalId().isEmpty()) {
      return Optional.empty();
    }
    List<String> lines =
        templateLines.computeIfAbsent(
            file,
            f -> {
              try {
                return Files.readAllLines(f);
              } catch (IOException e) {
                return List.of();
              }
            });
    String key = "\"" + finding.logicalId() + "\": {";
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(key)) {
        return Optional.of(new Location(relative(file), i + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<Location> parse(String text) {
    Matcher m = FILE_LINE.matcher(text);
    return m.matches()
        ? Optional.of(
            new Location(
                m.group(1),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))))
        : Optional.empty();
  }

  private static String relative(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = file.toAbsolutePath().normalize();
    return (absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute)
        .toString()
        .replace('\\', '/');
  }
}
