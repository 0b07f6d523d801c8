package io.netdrift.detector.accept;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.netdrift.detector.model.AtomicFiles;
import io.netdrift.detector.model.DriftException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a {@code rules/} folder being edited: each read once, changed only by splices into
 * its original text (so comments, blank lines and layout stay byte for byte), then shown as a patch
 * or written atomically. Files are named as the assembly records them ({@code
 * rules/security-groups.yaml}).
 */
final class RulesFiles {
  private final Path dir;
  private final Map<String, String> originals = new TreeMap<>();
  private final Map<String, List<Splice>> splices = new TreeMap<>();

  /** A range {@code [from, to)} of a file's original text (chars) and what replaces it. */
  record Splice(int from, int to, String text) {}

  RulesFiles(Path dir) {
    this.dir = dir;
  }

  /** The path of {@code name} ({@code rules/x.yaml}) inside the rules folder. */
  Path path(String name) {
    String inside = name.startsWith("rules/") ? name.substring("rules/".length()) : name;
    return dir.resolve(inside);
  }

  /** The original text of {@code name}; a file that cannot be read is a {@link DriftException}. */
  String text(String name) {
    return originals.computeIfAbsent(
        name,
        n -> {
          try {
            return Files.readString(path(n), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new DriftException(
                "cannot read " + path(n) + " (" + e.getClass().getSimpleName() + ")", e);
          }
        });
  }

  /**
   * Replaces {@code [from, to)} of {@code name}'s original text. The same splice twice is one (two
   * findings about one entry); two different splices that overlap are an error, never a guess.
   */
  void splice(String name, int from, int to, String replacement) {
    text(name);
    List<Splice> list = splices.computeIfAbsent(name, n -> new ArrayList<>());
    Splice next = new Splice(from, to, replacement);
    for (Splice s : list) {
      if (s.equals(next)) {
        return;
      }
      boolean overlaps = from < s.to() && s.from() < to;
      boolean sameInsertPoint = from == to && s.from() == s.to() && from == s.from();
      if (overlaps || (sameInsertPoint && !s.text().equals(replacement))) {
        if (sameInsertPoint) {
          list.set(list.indexOf(s), new Splice(from, to, s.text() + replacement));
          return;
        }
        throw new DriftException(
            name + ": two accepted findings change the same place differently; accept them apart");
      }
    }
    list.add(next);
  }

  /** The edited text of {@code name}. */
  String edited(String name) {
    StringBuilder out = new StringBuilder(text(name));
    List<Splice> list = new ArrayList<>(splices.getOrDefault(name, List.of()));
    list.sort((a, b) -> Integer.compare(b.from(), a.from()));
    for (Splice s : list) {
      out.replace(s.from(), s.to(), s.text());
    }
    return out.toString();
  }

  /** The files whose text changes, by name. */
  List<String> changed() {
    return splices.keySet().stream().filter(n -> !edited(n).equals(text(n))).toList();
  }

  /** A unified diff of every changed file, as {@code git apply} takes it. */
  String patch() {
    StringBuilder out = new StringBuilder();
    for (String name : changed()) {
      List<String> before = lines(text(name));
      List<String> after = lines(edited(name));
      UnifiedDiffUtils.generateUnifiedDiff(
              "a/" + name, "b/" + name, before, DiffUtils.diff(before, after), 3)
          .forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  /** Writes every changed file in place, each atomically; returns their names. */
  List<String> write() {
    List<String> names = changed();
    for (String name : names) {
      AtomicFiles.write(path(name), edited(name), "the accepted rules file");
    }
    return names;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
