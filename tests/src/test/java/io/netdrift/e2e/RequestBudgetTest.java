package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.DriftScan;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.estate.Estate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's request count, in every build: a scan of three of the reference estate's stacks
 * in one account and region (each 100 groups with 2,000 rules, 10 ACLs, 20 route tables, a web ACL,
 * 2 IP sets; the first with a 5,000-rule Suricata group and a Transit Gateway) makes exactly the
 * fewest requests a correct scan can make, operation by operation. The bound is the account's: EC2
 * lists read once for all three stacks at their largest page, one call per resource where the API
 * has no batch read. A change that adds a call per resource or per stack fails here, not in a
 * benchmark nobody ran.
 */
class RequestBudgetTest {
  @TempDir Path work;

  @Test
  void aScanOfThreeStacksOfOneAccountMakesTheFewestRequestsPerOperation() throws Exception {
    Map<String, ObjectNode> stacks = Estate.writeStacks(3, work);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      stacks.forEach(aws::deploy);
      CallCounter counter = new CallCounter();

      ScanReport report =
          new DriftScan(Clock.systemUTC(), LiveSource.aws(counter), counter)
              .run(AccountSweepTest.options(work, aws));

      assertThat(report.status()).as("the estate scans in sync").isEqualTo(ScanStatus.IN_SYNC);
      assertThat(report.findings()).isEmpty();
      assertThat(report.problems()).isEmpty();
      assertThat(new TreeMap<>(counter.counts()))
          .as("requests by operation, against the account-level lower bound")
          .isEqualTo(Estate.accountBound(stacks.size()));
    }
  }
}
