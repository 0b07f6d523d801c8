package io.netdrift.detector.live;

import io.netdrift.detector.model.DriftException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Text objects of an S3 bucket: the approved assembly the function scans against, an organisation
 * run's items and results.
 */
public final class S3Files implements AutoCloseable {
  private final S3Client s3;

  /** Reads through a client for {@code region} and {@code endpoint}, where given. */
  public S3Files(Optional<String> region, Optional<URI> endpoint) {
    this.s3 = client(region, endpoint);
  }

  /** An S3 client for plain PUTs and GETs, as Netdrift's stores and the function use S3. */
  public static S3Client client(Optional<String> region, Optional<URI> endpoint) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o ->
                    o.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(AwsTarget.DEFAULT_API_TIMEOUT)
                        .apiCallAttemptTimeout(AwsTarget.DEFAULT_API_TIMEOUT.dividedBy(3)))
            // Plain PUTs and GETs: no streaming checksums an S3-compatible endpoint may not speak.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
    return builder.build();
  }

  /**
   * The text of {@code s3://bucket/key}; a {@link DriftException} naming {@code location} and the
   * key where it is absent or cannot be read.
   */
  public String text(String bucket, String key, String location) {
    try {
      return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      throw new DriftException(location + ": " + key + " is not in the baseline bucket");
    } catch (SdkException e) {
      throw new DriftException(
          location + ": " + key + " cannot be read (" + SdkErrors.code(e) + ")", e);
    }
  }

  /**
   * The text of {@code s3://bucket/key}, or empty where there is no such object; a {@link
   * DriftException} naming {@code location} where it cannot be read.
   */
  public Optional<String> find(String bucket, String key, String location) {
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new DriftException(
          location + ": " + key + " cannot be read (" + SdkErrors.code(e) + ")", e);
    }
  }

  /**
   * Writes {@code text} as {@code s3://bucket/key} (JSON), whole or not at all, as S3 writes an
   * object; a {@link DriftException} naming {@code location} where it cannot be written.
   */
  public void put(String bucket, String key, String text, String location) {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType("application/json"),
          software.amazon.awssdk.core.sync.RequestBody.fromString(text, StandardCharsets.UTF_8));
    } catch (SdkException e) {
      throw new DriftException(
          location + ": " + key + " cannot be written (" + SdkErrors.code(e) + ")", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
