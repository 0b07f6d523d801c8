package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.emulator.Costs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The emulator charging what AWS charges: a latency per request and a token of the API's bucket,
 * answering the service's own throttling error when it is empty. Netdrift's full scan stays inside
 * AWS's documented limits; against buckets far smaller it is throttled, retries as the SDK does and
 * still checks everything; where retries cannot get through, the scan is incomplete and says which
 * read, never in sync.
 */
class ThrottlingTest extends LabTest {
  Lab.Scan scan() throws Exception {
    return lab.scan(assembly, "--policy", AcceptTest.RULES.resolve("drift-policy.yaml").toString());
  }

  @Test
  void aFullScanAt50msStaysInsideAwsDocumentedLimits() throws Exception {
    lab.aws.costs(new Costs(Duration.ofMillis(50), Duration.ofMillis(20), 1));

    Lab.Scan scan = scan();

    assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(0);
    assertThat(scan.report().path("status").asText()).isEqualTo("IN_SYNC");
    assertThat(lab.aws.costs().throttled()).as("Netdrift itself causes no throttling").isEmpty();
  }

  @Test
  void bucketsTwentyTimesSmallerThrottleTheScanWhichRetriesAndChecksEverything() throws Exception {
    lab.aws.costs(new Costs(Duration.ZERO, Duration.ZERO, 0.05));

    Lab.Scan scan = scan();

    assertThat(lab.aws.costs().throttled()).as("the emulator did throttle").isNotEmpty();
    assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(0);
    assertThat(scan.report().path("status").asText()).isEqualTo("IN_SYNC");
  }

  @Test
  void bucketsNoRetryGetsThroughMakeTheScanIncompleteNeverInSync() throws Exception {
    lab.aws.costs(new Costs(Duration.ZERO, Duration.ZERO, 0.0001));

    Lab.Scan scan = scan();

    assertThat(lab.aws.costs().throttled()).isNotEmpty();
    assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(1);
    assertThat(scan.report().path("status").asText()).isEqualTo("INCOMPLETE");
    assertThat(scan.problems())
        .as("the throttled read, in its service's own words (whichever bucket emptied first)")
        .anySatisfy(
            p ->
                assertThat(p)
                    .containsAnyOf("Request limit exceeded", "Rate exceeded")
                    // Netdrift's 8 attempts (the SDK's default is 3): a scan shares the
                    // account's buckets with every other caller.
                    .contains("SDK Attempt Count: 8"));
  }
}
