package io.netdrift.detector.accept;

import io.netdrift.detector.model.DriftException;
import java.util.function.Predicate;

/**
 * A rules file of one entry a line (Suricata rules, domains, addresses), edited line by line:
 * comments and blank lines are kept, a new entry goes after the last line.
 */
final class LineFile {
  private final RulesFiles files;
  private final String name;
  private final String text;

  LineFile(RulesFiles files, String name) {
    this.files = files;
    this.name = name;
    this.text = files.text(name);
  }

  /** Replaces the text of 1-based {@code line}, keeping its line break. */
  void replace(int line, String replacement) {
    int start = start(line);
    files.splice(name, start, contentEnd(start), replacement);
  }

  /** Removes 1-based {@code line} with its line break. */
  void remove(int line) {
    int start = start(line);
    int end = contentEnd(start);
    files.splice(name, start, end < text.length() ? end + 1 : end, "");
  }

  /** Appends {@code entry} as a line of its own at the end. */
  void append(String entry) {
    int at = text.length();
    files.splice(name, at, at, (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + entry + "\n");
  }

  /** The 1-based line whose trimmed text, comments aside, matches. */
  int lineOf(Predicate<String> matches) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.startsWith("#") && matches.test(line)) {
        return i + 1;
      }
    }
    throw new DriftException(name + ": no line holds the entry any more; scan again");
  }

  private int start(int line) {
    int at = 0;
    for (int i = 1; i < line; i++) {
      at = text.indexOf('\n', at) + 1;
      if (at == 0) {
        throw new DriftException(name + " has no line " + line + "; scan again");
      }
    }
    return at;
  }

  private int contentEnd(int start) {
    int nl = text.indexOf('\n', start);
    return nl < 0 ? text.length() : nl;
  }
}
