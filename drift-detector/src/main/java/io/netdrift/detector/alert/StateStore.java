package io.netdrift.detector.alert;

import io.netdrift.detector.model.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the alert state lives between runs: a local file (cron, systemd, watch) or an S3 object
 * (the detector's Lambda function). Nothing found is the empty state; anything unreadable is an
 * error, never silently replaced.
 */
public interface StateStore extends AutoCloseable {
  /** The state as last saved, or the empty state. */
  AlertState load();

  /** Saves the state whole or not at all. */
  void save(AlertState state);

  /** Lets go of what the store holds (an S3 client and its threads); a file store holds nothing. */
  @Override
  default void close() {}

  /** For messages: the file or {@code s3://bucket/key}. */
  String describe();

  /**
   * The store {@code location} names: {@code s3://bucket/key} or a file path; S3 is reached in
   * {@code region} (else the SDK's default) through {@code endpoint} (tests, LocalStack) where set.
   */
  static StateStore of(String location, Optional<String> region, Optional<URI> endpoint) {
    if (location.startsWith("s3://")) {
      return S3StateStore.of(location, region, endpoint);
    }
    return new FileStateStore(Path.of(location));
  }

  /** A local file, written through a temporary file and an atomic rename. */
  record FileStateStore(Path file) implements StateStore {
    @Override
    public AlertState load() {
      try {
        return AlertState.parse(Files.readString(file), file.toString());
      } catch (NoSuchFileException e) {
        return AlertState.empty();
      } catch (IOException e) {
        throw new AlertException(
            file + ": the alert state cannot be read (" + e.getClass().getSimpleName() + ")", e);
      }
    }

    @Override
    public void save(AlertState state) {
      AtomicFiles.write(file, state.toJson(), "alert state");
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }
}
