package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.route53resolver.CfnFirewallDomainList;
import software.amazon.awscdk.services.route53resolver.CfnFirewallRuleGroup;
import software.amazon.awscdk.services.route53resolver.CfnFirewallRuleGroupAssociation;
import software.constructs.Construct;

/**
 * Route 53 Resolver DNS Firewall on a segment's VPC: the allowed names resolve (priority 100), the
 * blocked ones get no answer (priority 200, NODATA). The egress control by name that sits beside
 * Network Firewall's by address.
 */
public final class DnsFirewall extends Construct {
  /** Builds the lists, the rule group and its association with the VPC. */
  public DnsFirewall(
      Construct scope, String id, IVpc vpc, String segment, Segment.DnsFirewall rules) {
    super(scope, id);
    CfnFirewallDomainList allow =
        CfnFirewallDomainList.Builder.create(this, "Allowed")
            .name("netdrift-" + segment + "-allowed")
            .domains(rules.allow())
            .build();
    CfnFirewallDomainList block =
        CfnFirewallDomainList.Builder.create(this, "Blocked")
            .name("netdrift-" + segment + "-blocked")
            .domains(rules.block())
            .build();
    CfnFirewallRuleGroup group =
        CfnFirewallRuleGroup.Builder.create(this, "Rules")
            .name("netdrift-" + segment + "-dns")
            .firewallRules(
                List.of(
                    CfnFirewallRuleGroup.FirewallRuleProperty.builder()
                        .firewallDomainListId(allow.getAttrId())
                        .priority(100)
                        .action("ALLOW")
                        .build(),
                    CfnFirewallRuleGroup.FirewallRuleProperty.builder()
                        .firewallDomainListId(block.getAttrId())
                        .priority(200)
                        .action("BLOCK")
                        .blockResponse("NODATA")
                        .build()))
            .build();
    CfnFirewallRuleGroupAssociation.Builder.create(this, "OnVpc")
        .name("netdrift-" + segment + "-dns")
        .firewallRuleGroupId(group.getAttrId())
        .vpcId(vpc.getVpcId())
        .priority(101)
        .build();
  }
}
