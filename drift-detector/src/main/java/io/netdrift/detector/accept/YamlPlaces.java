package io.netdrift.detector.accept;

import io.netdrift.detector.model.DriftException;
import io.netdrift.rules.YamlNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits of one YAML rules file as splices into its text: an entry replaced, a list item removed
 * with its lines, an item appended under the last one with the same indentation, a key added to a
 * mapping. What is not touched keeps its bytes, comments included.
 */
final class YamlPlaces {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./ -]*");
  private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

  private final RulesFiles files;
  private final String name;
  private final String text;
  private final YamlNode root;

  YamlPlaces(RulesFiles files, String name) {
    this.files = files;
    this.name = name;
    this.text = files.text(name);
    this.root = YamlNode.parse(Path.of(name), text);
  }

  YamlNode root() {
    return root;
  }

  /** The node a recorded {@code line}:{@code column} names. */
  Optional<YamlNode> at(int line, int column) {
    return root.at(line, column);
  }

  /** The node at key path {@code path} ({@code segments.production.data.ingress[0]}). */
  Optional<YamlNode> node(String path) {
    YamlNode here = root;
    Matcher m = STEP.matcher(path.replace(".[", "["));
    while (m.find()) {
      if (m.group(1) != null) {
        if (!here.isMapping()) {
          return Optional.empty();
        }
        here = here.mapping().get(m.group(1));
      } else {
        List<YamlNode> items = here.sequence();
        int i = Integer.parseInt(m.group(2));
        here = i < items.size() ? items.get(i) : null;
      }
      if (here == null) {
        return Optional.empty();
      }
    }
    return Optional.of(here);
  }

  /** The key path of {@code node}'s parent mapping: {@code a.b.c[0]} → {@code a.b}. */
  static String parentOf(String path) {
    String trimmed = path.replaceAll("\\[\\d+]$", "");
    int dot = trimmed.lastIndexOf('.');
    return dot < 0 ? "" : trimmed.substring(0, dot);
  }

  /** The last key of a path: {@code segments.production.db} → {@code db}. */
  static String lastKey(String path) {
    String trimmed = path.replaceAll("\\[\\d+]$", "");
    return trimmed.substring(trimmed.lastIndexOf('.') + 1);
  }

  /** Replaces {@code node} (a scalar or a flow collection) with {@code replacement}. */
  void replace(YamlNode node, String replacement) {
    files.splice(name, index(node.start()), index(node.end()), replacement);
  }

  /** Removes the list item {@code item}: the lines from its dash to its last character. */
  void removeItem(YamlNode item) {
    files.splice(name, lineStart(index(item.start())), lineEnd(index(contentEnd(item)) - 1), "");
  }

  /** Appends {@code flowItem} to block list {@code list}, under its last item. */
  void appendItem(YamlNode list, String flowItem) {
    List<YamlNode> items = list.sequence();
    if (list.isFlow() || items.isEmpty()) {
      throw new DriftException(
          list.location() + ": a list written [in, flow, style]; accept adds to block lists only");
    }
    YamlNode last = items.get(items.size() - 1);
    int at = lineEnd(index(contentEnd(last)) - 1);
    String indent = leading(lineStart(index(last.start())));
    files.splice(name, at, at, newline(at) + indent + "- " + flowItem + "\n");
  }

  /**
   * Adds {@code key:} with one list item {@code flowItem} at the end of block mapping {@code map}.
   */
  void appendKeyWithItem(YamlNode map, String key, String flowItem) {
    int at = lineEnd(index(contentEnd(map)) - 1);
    String indent = " ".repeat(map.column() - 1);
    files.splice(
        name, at, at, newline(at) + indent + key + ":\n" + indent + "  - " + flowItem + "\n");
  }

  /** A flow mapping in the house's one-line style: {@code { protocol: tcp, ports: 443 }}. */
  static String flowMapping(Map<String, String> fields) {
    StringBuilder out = new StringBuilder("{ ");
    fields.forEach(
        (k, v) -> {
          if (out.length() > 2) {
            out.append(", ");
          }
          out.append(k).append(": ").append(scalar(v));
        });
    return out.append(" }").toString();
  }

  /** A scalar as plain text where YAML reads it back the same, else double-quoted. */
  static String scalar(String value) {
    if (PLAIN.matcher(value).matches()
        && !value.endsWith(" ")
        && !List.of("true", "false", "null", "yes", "no", "on", "off", "~")
            .contains(value.toLowerCase(java.util.Locale.ROOT))) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Where a block node's content ends: its last value's end, not the next token's start. */
  private static int contentEnd(YamlNode node) {
    if (!node.isFlow()) {
      if (node.isMapping() && !node.mapping().isEmpty()) {
        List<YamlNode> values = List.copyOf(node.mapping().values());
        return Math.max(node.start() + 1, contentEnd(values.get(values.size() - 1)));
      }
      if (!node.isMapping() && isSequence(node) && !node.sequence().isEmpty()) {
        List<YamlNode> items = node.sequence();
        return contentEnd(items.get(items.size() - 1));
      }
    }
    return node.end();
  }

  private static boolean isSequence(YamlNode node) {
    try {
      node.sequence();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private int index(int codePoints) {
    return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
  }

  private int lineStart(int index) {
    return text.lastIndexOf('\n', Math.max(0, index - 1)) + 1;
  }

  private int lineEnd(int index) {
    int nl = text.indexOf('\n', Math.max(0, index));
    return nl < 0 ? text.length() : nl + 1;
  }

  private String leading(int lineStart) {
    int i = lineStart;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return text.substring(lineStart, i);
  }

  private String newline(int at) {
    return at == text.length() && !text.isEmpty() && !text.endsWith("\n") ? "\n" : "";
  }
}
