package io.netdrift.detector.live;

import io.netdrift.detector.model.DriftException;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/** The Slack bot token from Secrets Manager, read at run time and held only in memory. */
public final class SecretToken {
  private SecretToken() {}

  /** The secret's value, stripped; a {@code DriftException} naming the secret (never its value). */
  public static String read(String secretId, Optional<String> region, Optional<URI> endpoint) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(AwsTarget.DEFAULT_API_TIMEOUT)
                        .apiCallAttemptTimeout(AwsTarget.DEFAULT_API_TIMEOUT.dividedBy(3)));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    try (SecretsManagerClient secrets = builder.build()) {
      String value = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
      if (value == null || value.isBlank()) {
        throw new DriftException(secretId + ": the Slack token secret is empty");
      }
      return value.strip();
    } catch (SdkException e) {
      String code = SdkErrors.code(e);
      // The secret's id is not a secret; its value never reaches a message.
      throw new DriftException(secretId + ": the Slack token secret cannot be read (" + code + ")");
    }
  }
}
