package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.cdk.DriftDetectorStack;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reader role the detector stack ships allows exactly what a scan calls: every request of a
 * scan with drift (so CloudTrail is asked too) is in the policy, and the policy holds nothing a
 * scan of this network does not call but the calls only some templates need.
 */
class ReaderPolicyTest extends LabTest {
  /**
   * Called only for templates that use them (Fn::ImportValue, Fn::GetAZs, WAF rule groups, a
   * network type compared generically) or for networks that have them (a prefix list, a prefix-list
   * route to an endpoint).
   */
  static final Set<String> CONDITIONAL =
      Set.of(
          "ListExports",
          "DescribeAvailabilityZones",
          "GetRuleGroup",
          "DescribeType",
          "DescribeManagedPrefixLists",
          "GetManagedPrefixListEntries",
          "DescribeTransitGatewayRouteTables",
          "DescribeTransitGatewayAttachments",
          "GetTransitGatewayRouteTableAssociations",
          "GetTransitGatewayRouteTablePropagations",
          "SearchTransitGatewayRoutes");

  @Test
  void theReaderPolicyAllowsExactlyTheCallsAScanMakes() throws Exception {
    lab.ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsApp"))
                .ipProtocol("tcp")
                .fromPort(22)
                .toPort(22)
                .cidrIp("0.0.0.0/0"));
    int before = lab.aws.calls().size();

    Lab.Scan scan = lab.scan();

    assertThat(scan.exitCode()).isEqualTo(2);
    Set<String> called = new TreeSet<>(lab.aws.calls().subList(before, lab.aws.calls().size()));
    Set<String> allowed = new TreeSet<>();
    DriftDetectorStack.READ_ACTIONS.forEach(a -> allowed.add(a.substring(a.indexOf(':') + 1)));
    assertThat(called).contains("LookupEvents").isSubsetOf(allowed);
    Set<String> unused = new TreeSet<>(allowed);
    unused.removeAll(called);
    assertThat(unused).isSubsetOf(CONDITIONAL);
  }
}
