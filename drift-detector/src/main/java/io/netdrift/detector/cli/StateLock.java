package io.netdrift.detector.cli;

import io.netdrift.detector.model.DriftException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock beside a state file ({@code state.json.lock}), held while a run uses the state:
 * a second process (an overlapping cron run, a second watch) is refused instead of alerting twice.
 * The operating system releases it when the process dies, so a crash leaves no stale lock.
 */
final class StateLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code state}, or fails with who to look for. */
  static StateLock acquire(Path state) {
    Path file = state.resolveSibling(state.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new DriftException(
            file
                + " is held by another Netdrift run using the same state; this run exits without"
                + " scanning (the other one alerts)");
      }
      return new StateLock(channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // Closing a channel we could not use: nothing more to say.
      }
      throw new DriftException(file + ": the state lock cannot be taken: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
