package io.netdrift.detector.alert;

import io.netdrift.detector.live.SdkErrors;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The alert state as one S3 object ({@code s3://bucket/key}): a whole-object PUT is atomic in S3,
 * so readers see the old state or the new one. The bucket is the detector stack's (versioned,
 * encrypted, TLS only): an earlier state can always be recovered.
 */
public final class S3StateStore implements StateStore {
  private final S3Client s3;
  private final String bucket;
  private final String key;

  S3StateStore(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  /** The store at {@code s3://bucket/key}. */
  static S3StateStore of(String location, Optional<String> region, Optional<URI> endpoint) {
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new AlertException(location + ": an S3 state location is s3://BUCKET/KEY");
    }
    return new S3StateStore(
        client(region, endpoint), rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * An S3 client for the detector's own objects (state, baseline) in {@code region} (else the SDK's
   * default), path-style through {@code endpoint} where one is set (tests, LocalStack).
   */
  public static S3Client client(Optional<String> region, Optional<URI> endpoint) {
    return io.netdrift.detector.live.S3Files.client(region, endpoint);
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public AlertState load() {
    try {
      String json =
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
      return AlertState.parse(json, describe());
    } catch (NoSuchKeyException e) {
      return AlertState.empty();
    } catch (SdkException e) {
      throw new AlertException(
          describe() + ": the alert state cannot be read (" + SdkErrors.code(e) + ")", e);
    }
  }

  @Override
  public void save(AlertState state) {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType("application/json"),
          RequestBody.fromString(state.toJson(), StandardCharsets.UTF_8));
    } catch (SdkException e) {
      throw new AlertException(
          describe() + ": the alert state cannot be written (" + SdkErrors.code(e) + ")", e);
    }
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + key;
  }
}
