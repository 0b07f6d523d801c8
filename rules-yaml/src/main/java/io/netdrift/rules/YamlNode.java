package io.netdrift.rules;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file, line, column and key path, so that every error about the
 * rules can say exactly where the reviewer has to look.
 */
public final class YamlNode {
  private final Path file;
  private final String path;
  private final Node node;

  private YamlNode(Path file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** Parses one YAML document; an empty file or a syntax error is a {@link RulesException}. */
  public static YamlNode load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return compose(file, reader);
    } catch (NoSuchFileException e) {
      throw new RulesException(file + ": file not found", e);
    } catch (IOException e) {
      throw new RulesException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /** Parses {@code text}, the content of {@code file}, as {@link #load} parses the file. */
  public static YamlNode parse(Path file, String text) {
    try {
      return compose(file, new java.io.StringReader(text));
    } catch (IOException e) {
      throw new RulesException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static YamlNode compose(Path file, Reader reader) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      Node root = new Yaml(options).compose(reader);
      if (root == null) {
        throw new RulesException(file + ": the file is empty; it must hold a YAML mapping");
      }
      return new YamlNode(file, "", root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new RulesException(
          file + where + ": not valid YAML: " + e.getProblem() + ". Fix the syntax at that place.",
          e);
    }
  }

  /** The file this node was read from. */
  public Path file() {
    return file;
  }

  /** The key path inside the file, e.g. {@code groups.app.ingress[0]}. */
  public String path() {
    return path.isEmpty() ? "(top level)" : path;
  }

  /** {@code file:line:column}, 1-based, as editors and compilers print it. */
  public String location() {
    Mark mark = node.getStartMark();
    return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }

  /** The 1-based line the node starts on. */
  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  /** The 1-based column the node starts at. */
  public int column() {
    return node.getStartMark().getColumn() + 1;
  }

  /** Where the node starts in the text, in code points from its beginning. */
  public int start() {
    return node.getStartMark().getIndex();
  }

  /** Where the node ends in the text (exclusive), in code points from its beginning. */
  public int end() {
    return node.getEndMark().getIndex();
  }

  /** True for a mapping. */
  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** True for a sequence written in flow style ({@code [a, b]}). */
  public boolean isFlow() {
    return (node instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.FLOW)
        || (node instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW);
  }

  /**
   * The node starting at {@code line}:{@code column} (1-based), this one or one inside it, as
   * {@link #location()} would name it; the outermost where several start there.
   */
  public Optional<YamlNode> at(int line, int column) {
    if (line() == line && column() == column) {
      return Optional.of(this);
    }
    List<YamlNode> children = new ArrayList<>();
    if (node instanceof MappingNode) {
      children.addAll(mapping().values());
    } else if (node instanceof SequenceNode) {
      children.addAll(sequence());
    }
    for (YamlNode child : children) {
      Optional<YamlNode> found = child.at(line, column);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** An error at this node: location, key path and what to do. */
  public RulesException error(String message) {
    return new RulesException(location() + ": " + path() + ": " + message);
  }

  /** The entries of a mapping, in file order; keys outside {@code allowed} are rejected. */
  public Map<String, YamlNode> mapping(Set<String> allowed) {
    Map<String, YamlNode> entries = mapping();
    for (Map.Entry<String, YamlNode> entry : entries.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw entry
            .getValue()
            .error(
                "unknown key '"
                    + entry.getKey()
                    + "'; allowed here: "
                    + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return entries;
  }

  /** The entries of a mapping whose keys are names chosen by the author, in file order. */
  public Map<String, YamlNode> mapping() {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error("expected a mapping (key: value), found " + describe());
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new YamlNode(file, path, tuple.getKeyNode()).error("keys must be plain strings");
      }
      String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
      entries.put(key.getValue(), new YamlNode(file, childPath, tuple.getValueNode()));
    }
    return entries;
  }

  /**
   * The items of a sequence; a missing or {@code null} value is read as an empty list by callers.
   */
  public List<YamlNode> sequence() {
    if (!(node instanceof SequenceNode sequenceNode)) {
      throw error("expected a list, found " + describe());
    }
    List<YamlNode> items = new ArrayList<>();
    List<Node> values = sequenceNode.getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(new YamlNode(file, path + "[" + i + "]", values.get(i)));
    }
    return items;
  }

  /** The text of a scalar. */
  public String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("expected a single value, found " + describe());
    }
    return scalar.getValue();
  }

  /** The scalar as an integer. */
  public int integer() {
    String text = text();
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw error("expected a whole number, found '" + text + "'");
    }
  }

  /** True for a YAML null ({@code ~}, {@code null} or nothing after the colon). */
  public boolean isNull() {
    return node instanceof ScalarNode scalar
        && "tag:yaml.org,2002:null".equals(scalar.getTag().getValue());
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  /** A required key of a mapping. */
  public static YamlNode required(Map<String, YamlNode> entries, YamlNode parent, String key) {
    YamlNode child = entries.get(key);
    if (child == null || child.isNull()) {
      throw parent.error("missing required key '" + key + "'");
    }
    return child;
  }

  /** An optional key of a mapping; a null value counts as absent. */
  public static Optional<YamlNode> optional(Map<String, YamlNode> entries, String key) {
    YamlNode child = entries.get(key);
    return child == null || child.isNull() ? Optional.empty() : Optional.of(child);
  }
}
