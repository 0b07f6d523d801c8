package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing of a developer's shell reaches a test: with a real Slack token, channel or AWS profile
 * exported, a test would post to a real workspace or read a real account. The build clears them
 * (surefire's excludedEnvironmentVariables); this fails if one gets through. Bounded: every test
 * runs under a default timeout, so one that hangs fails by name.
 */
class HermeticTest {
  /** The AWS settings the SDK reads to find an account, a region or credentials. */
  static final List<String> AWS_SETTINGS =
      List.of(
          "AWS_PROFILE",
          "AWS_DEFAULT_PROFILE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "AWS_ENDPOINT_URL",
          "AWS_CONFIG_FILE",
          "AWS_SHARED_CREDENTIALS_FILE",
          "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

  static String timeout;

  @RegisterExtension
  static final BeforeEachCallback READ_TIMEOUT =
      context ->
          timeout =
              context
                  .getConfigurationParameter("junit.jupiter.execution.timeout.default")
                  .orElse("");

  @Test
  void everyTestRunsUnderADefaultTimeout() {
    assertThat(timeout).isEqualTo("5 m");
  }

  @Test
  void noSlackNetdriftOrAwsSettingOfTheShellReachesATest() {
    assertThat(System.getenv().keySet())
        .noneMatch(name -> name.startsWith("SLACK_"))
        .noneMatch(name -> name.startsWith("NETDRIFT_"))
        .doesNotContainAnyElementsOf(AWS_SETTINGS);
    assertThat(System.getenv("AWS_EC2_METADATA_DISABLED")).isEqualTo("true");
  }
}
