package io.netdrift.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the real rules/ in a temporary folder, for tests that change one thing in it. */
public final class RulesFixture {
  /** The approved rules of the repository. */
  public static final Path RULES = Path.of("..", "rules");

  private final Path dir;

  private RulesFixture(Path dir) {
    this.dir = dir;
  }

  /** Copies rules/ into {@code into}. */
  public static RulesFixture copy(Path into) {
    try (Stream<Path> files = Files.walk(RULES)) {
      for (Path source : files.toList()) {
        Path target = into.resolve(RULES.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
      return new RulesFixture(into);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the one occurrence of {@code text} in {@code file}; fails where it is not there once.
   */
  public RulesFixture replace(String file, String text, String replacement) {
    try {
      String content = Files.readString(dir.resolve(file));
      int at = content.indexOf(text);
      if (at < 0 || content.indexOf(text, at + 1) >= 0) {
        throw new IllegalArgumentException("'" + text + "' is not in " + file + " exactly once");
      }
      Files.writeString(dir.resolve(file), content.replace(text, replacement));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code file} whole. */
  public RulesFixture write(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }
}
