package io.netdrift.detector.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written whole or not at all: a temporary file beside the target, then an atomic rename. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code file}; readers see the old file or the new one, never half.
   */
  public static void write(Path file, String content, String what) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
      try {
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new DriftException(file + ": cannot write the " + what + ": " + e.getMessage(), e);
    }
  }
}
