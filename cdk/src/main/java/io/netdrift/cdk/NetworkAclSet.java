package io.netdrift.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.netdrift.rules.NetworkAclRules;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.AclCidr;
import software.amazon.awscdk.services.ec2.AclIcmp;
import software.amazon.awscdk.services.ec2.AclTraffic;
import software.amazon.awscdk.services.ec2.Action;
import software.amazon.awscdk.services.ec2.CommonNetworkAclEntryOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.NetworkAcl;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.TrafficDirection;
import software.constructs.Construct;

/**
 * One network ACL per tier listed in rules/network-acls.yaml, associated with that tier's subnets.
 */
public final class NetworkAclSet extends Construct {
  /** Builds the ACLs. Tiers not listed keep the VPC's default ACL. */
  public NetworkAclSet(Construct scope, String id, IVpc vpc, NetworkAclRules rules) {
    super(scope, id);
    for (Map.Entry<String, List<NetworkAclRules.Entry>> tier :
        new java.util.TreeMap<>(rules.tiers()).entrySet()) {
      NetworkAcl acl =
          NetworkAcl.Builder.create(this, SecurityGroupSet.constructId(tier.getKey()))
              .vpc(vpc)
              .networkAclName(tier.getKey())
              .subnetSelection(SubnetSelection.builder().subnetGroupName(tier.getKey()).build())
              .build();
      Map<String, String> members = new java.util.LinkedHashMap<>();
      for (NetworkAclRules.Entry entry : tier.getValue()) {
        members.put(
            (entry.egress() ? "egress " : "ingress ") + entry.ruleNumber(), entry.location());
      }
      if (!members.isEmpty()) {
        SourceMetadata.record(acl, members.values().iterator().next(), members);
      }
      for (NetworkAclRules.Entry entry : tier.getValue()) {
        acl.addEntry(
            (entry.egress() ? "Out" : "In") + entry.ruleNumber(),
            CommonNetworkAclEntryOptions.builder()
                .ruleNumber(entry.ruleNumber())
                .direction(entry.egress() ? TrafficDirection.EGRESS : TrafficDirection.INGRESS)
                .ruleAction(entry.allow() ? Action.ALLOW : Action.DENY)
                .cidr(
                    entry.cidr().contains(":")
                        ? AclCidr.ipv6(entry.cidr())
                        : AclCidr.ipv4(entry.cidr()))
                .traffic(traffic(entry))
                .build());
      }
    }
    // Applied last: suppressions reach only the children that exist when they are added.
    NagSuppressions.addResourceSuppressions(
        this,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-VPC3")
                .reason(
                    "NACLs are a deliberate second layer under the security groups, reviewed in"
                        + " rules/network-acls.yaml and guarded at synth")
                .build()),
        true);
  }

  private static AclTraffic traffic(NetworkAclRules.Entry entry) {
    return switch (entry.protocol()) {
      case "tcp" ->
          entry.fromPort() == entry.toPort()
              ? AclTraffic.tcpPort(entry.fromPort())
              : AclTraffic.tcpPortRange(entry.fromPort(), entry.toPort());
      case "udp" ->
          entry.fromPort() == entry.toPort()
              ? AclTraffic.udpPort(entry.fromPort())
              : AclTraffic.udpPortRange(entry.fromPort(), entry.toPort());
      case "icmp" -> AclTraffic.icmp(AclIcmp.builder().type(-1).code(-1).build());
      case "all" -> AclTraffic.allTraffic();
      default ->
          throw new IllegalArgumentException("unsupported NACL protocol " + entry.protocol());
    };
  }
}
