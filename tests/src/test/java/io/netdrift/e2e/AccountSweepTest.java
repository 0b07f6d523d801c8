package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.demo.Demo;
import io.netdrift.detector.DriftScan;
import io.netdrift.detector.ScanOptions;
import io.netdrift.detector.baseline.StackSelection;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import io.netdrift.emulator.AwsEmulator;
import io.netdrift.emulator.Costs;
import io.netdrift.estate.Estate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Stacks of one account and region share one EC2 read (groups, rules, the network of all their
 * VPCs), and each is cut its own part: a scan of two stacks together reports exactly what a scan of
 * each alone reports, with hand-made changes in both VPCs and a peering between them, seen from
 * each side by that side's stack.
 */
class AccountSweepTest {
  @TempDir Path work;

  @Test
  void twoStacksScannedTogetherReportWhatEachReportsAlone() throws Exception {
    Estate.writeStacks(2, work);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1");
        Ec2Client ec2 = Demo.ec2(aws.endpoint())) {
      aws.deployAssembly(work);
      String first = aws.cloudFormation().physicalId("BenchEstate0", "Vpc");
      String second = aws.cloudFormation().physicalId("BenchEstate1", "Vpc");
      String peering =
          ec2.createVpcPeeringConnection(r -> r.vpcId(first).peerVpcId(second))
              .vpcPeeringConnection()
              .vpcPeeringConnectionId();
      String group =
          ec2.createSecurityGroup(
                  r -> r.vpcId(second).groupName("by-hand").description("made by hand"))
              .groupId();
      ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(aws.cloudFormation().physicalId("BenchEstate0", "Group7"))
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(22)
                              .toPort(22)
                              .ipRanges(range -> range.cidrIp("0.0.0.0/0"))));
      String table = ec2.createRouteTable(r -> r.vpcId(second)).routeTable().routeTableId();

      CallCounter together = new CallCounter();
      ScanReport both = scan(aws, together, StackSelection.all());
      List<Finding> alone = new ArrayList<>();
      long aloneRequests = 0;
      for (String stack : List.of("BenchEstate0", "BenchEstate1")) {
        CallCounter counter = new CallCounter();
        ScanReport one = scan(aws, counter, new StackSelection(List.of(stack), List.of()));
        assertThat(one.problems()).isEmpty();
        alone.addAll(one.findings());
        aloneRequests += counter.counts().getOrDefault("Ec2.DescribeSecurityGroupRules", 0L);
      }

      assertThat(both.status()).isEqualTo(ScanStatus.DRIFT);
      assertThat(both.problems()).isEmpty();
      assertThat(both.findings())
          .as("the findings of the stacks scanned together, as each alone reports them")
          .containsExactlyInAnyOrderElementsOf(alone);
      assertThat(both.findings())
          .extracting(Finding::stack, Finding::physicalId)
          .contains(
              org.assertj.core.groups.Tuple.tuple("BenchEstate0", peering),
              org.assertj.core.groups.Tuple.tuple("BenchEstate1", peering),
              org.assertj.core.groups.Tuple.tuple("BenchEstate1", group),
              org.assertj.core.groups.Tuple.tuple("BenchEstate1", table))
          .doesNotContain(
              org.assertj.core.groups.Tuple.tuple("BenchEstate0", group),
              org.assertj.core.groups.Tuple.tuple("BenchEstate0", table));
      assertThat(together.counts())
          .as("one read of the account's groups and its network for both stacks")
          .containsEntry("Ec2.DescribeSecurityGroups", 1L)
          .containsEntry("Ec2.DescribeVpcs", 1L)
          .containsEntry("Ec2.DescribeRouteTables", 1L)
          .containsEntry("Ec2.DescribeVpcPeeringConnections", 2L);
      assertThat(together.counts().get("Ec2.DescribeSecurityGroupRules"))
          .as("the rules of both stacks' groups in fewer pages than each stack's own")
          .isLessThan(aloneRequests);
    }
  }

  /**
   * The account's groups depend on no stack: they are read, with their rules where the scanned
   * stacks' own groups hold all the account's rule pages but one, while the stacks are still being
   * prepared (each stack's resources answered two seconds late here); a scan of one stack of two,
   * whose groups hold three pages of the account's five, waits for its groups to be known and reads
   * only their rules.
   */
  @Test
  void theAccountsRulesAreReadWhileTheStacksArePrepared() throws Exception {
    Estate.writeStacks(2, work);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      aws.deployAssembly(work);
      aws.failNext("ListStackResources", 2, AwsEmulator.Fault.SLOW);
      int before = aws.calls().size();
      CallCounter both = new CallCounter();
      ScanReport report = scan(aws, both, StackSelection.all());
      List<String> calls = aws.calls().subList(before, aws.calls().size());

      assertThat(report.status()).isEqualTo(ScanStatus.IN_SYNC);
      assertThat(calls.lastIndexOf("DescribeSecurityGroupRules"))
          .as("the last page of rules, read before the last page of the stacks' resources")
          .isLessThan(calls.lastIndexOf("ListStackResources"));
      // 2 x (100 groups of 20 rules and their default egress rule, a default group's 2): 4,204.
      assertThat(both.counts())
          .containsEntry("Ec2.DescribeSecurityGroups", 1L)
          .containsEntry("Ec2.DescribeSecurityGroupRules", 5L);

      CallCounter one = new CallCounter();
      scan(aws, one, new StackSelection(List.of("BenchEstate0"), List.of()));
      assertThat(one.counts())
          .as(
              "one stack's 2,102 rules, filtered by its groups: three pages, not the account's five")
          .containsEntry("Ec2.DescribeSecurityGroupRules", 3L);
    }
  }

  /**
   * A scan of every stack of the app reads the account's rules with its groups, not after them:
   * with the groups' one page answered two seconds late, every page of rules has been answered
   * before it. The rules are kept (the stacks' groups hold all the account's pages but one), so no
   * page is read twice.
   */
  @Test
  void aScanOfEveryStackReadsTheAccountsRulesWithItsGroupsNotAfterThem() throws Exception {
    Estate.writeStacks(2, work);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      aws.deployAssembly(work);
      // A millisecond a request: the emulator then keeps when each request came and was answered.
      aws.costs(new Costs(Duration.ofMillis(1), Duration.ZERO, 0));
      aws.failNext("DescribeSecurityGroups", 1, AwsEmulator.Fault.SLOW);
      CallCounter counter = new CallCounter();
      ScanReport report = scan(aws, counter, StackSelection.all());

      assertThat(report.status()).isEqualTo(ScanStatus.IN_SYNC);
      List<Costs.Served> timeline = aws.costs().timeline();
      long groupsAnswered =
          timeline.stream()
              .filter(s -> s.operation().equals("ec2:DescribeSecurityGroups"))
              .mapToLong(Costs.Served::endNanos)
              .max()
              .orElseThrow();
      assertThat(
              timeline.stream()
                  .filter(s -> s.operation().equals("ec2:DescribeSecurityGroupRules"))
                  .mapToLong(Costs.Served::endNanos))
          .as("every page of rules answered before the groups' page")
          .hasSize(5)
          .allMatch(end -> end < groupsAnswered);
      assertThat(counter.counts()).containsEntry("Ec2.DescribeSecurityGroupRules", 5L);
    }
  }

  /**
   * The account's rules read ahead are dropped where the groups show that the scanned stacks' own
   * rules cost fewer pages filtered: two more stacks outside the app hold half the account's 8,408
   * rules (nine pages unfiltered), the app's two stacks' 202 groups six pages filtered. With the
   * first page read ahead answered two seconds late, the drop waits for it and asks for no other:
   * one page ahead and six filtered, where keeping the read ahead would cost nine.
   */
  @Test
  void rulesReadAheadAreDroppedWhereTheStacksOwnRulesCostFewerPages() throws Exception {
    Path account = work.resolve("account");
    Path app = work.resolve("app");
    Estate.writeStacks(4, account);
    Estate.writeStacks(2, app);
    try (AwsEmulator aws = AwsEmulator.start("123456789012", "eu-west-1")) {
      aws.deployAssembly(account);
      aws.failNext("DescribeSecurityGroupRules", 1, AwsEmulator.Fault.SLOW);
      CallCounter counter = new CallCounter();
      ScanReport report =
          new DriftScan(Clock.systemUTC(), LiveSource.aws(counter), counter)
              .run(options(app, aws).withStacks(StackSelection.all()));

      assertThat(report.status()).isEqualTo(ScanStatus.IN_SYNC);
      assertThat(report.problems()).isEmpty();
      assertThat(counter.counts())
          .as("one page read ahead, then the app's groups' rules filtered in six")
          .containsEntry("Ec2.DescribeSecurityGroups", 1L)
          .containsEntry("Ec2.DescribeSecurityGroupRules", 7L);
    }
  }

  private ScanReport scan(AwsEmulator aws, CallCounter counter, StackSelection stacks) {
    return new DriftScan(Clock.systemUTC(), LiveSource.aws(counter), counter)
        .run(options(work, aws).withStacks(stacks));
  }

  /** A scan of {@code assembly} against the emulator, with the defaults. */
  static ScanOptions options(Path assembly, AwsEmulator aws) {
    return new ScanOptions(
        assembly,
        Optional.empty(),
        Optional.empty(),
        Optional.of(aws.endpoint()),
        Optional.empty());
  }
}
