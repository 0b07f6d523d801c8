package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.VpcEndpoint;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A segment's private paths to AWS services. A gateway endpoint (S3, DynamoDB) joins the named
 * tiers' route tables. An interface endpoint puts an address in each of the tiers' subnets behind a
 * group of its own that lets in HTTPS from those subnets and nothing else, with private DNS, so the
 * service's usual name resolves to it. One limited to the account's own resources carries a policy
 * that allows nothing else ({@code aws:ResourceAccount} is the account).
 */
public final class PrivateEndpoints extends Construct {
  /** Builds one endpoint per rule. */
  public PrivateEndpoints(
      Construct scope, String id, SegmentedVpc vpc, List<Segment.Endpoint> rules) {
    super(scope, id);
    for (Segment.Endpoint rule : rules) {
      List<SubnetSelection> tiers =
          rule.tiers().stream()
              .map(t -> SubnetSelection.builder().subnetGroupName(t).build())
              .toList();
      VpcEndpoint endpoint =
          rule.type().equals("gateway")
              ? vpc.vpc()
                  .addGatewayEndpoint(
                      capitalized(rule.service()),
                      GatewayVpcEndpointOptions.builder()
                          .service(
                              rule.service().equals("s3")
                                  ? GatewayVpcEndpointAwsService.S3
                                  : GatewayVpcEndpointAwsService.DYNAMODB)
                          .subnets(tiers)
                          .build())
              : interfaceEndpoint(vpc, rule, tiers);
      if (rule.ownAccountOnly()) {
        endpoint.addToPolicy(
            PolicyStatement.Builder.create()
                .sid("OwnAccountOnly")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceAccount", Aws.ACCOUNT_ID)))
                .build());
      }
    }
  }

  /** The endpoint in the tiers' subnets, reached over HTTPS from those subnets only. */
  private InterfaceVpcEndpoint interfaceEndpoint(
      SegmentedVpc vpc, Segment.Endpoint rule, List<SubnetSelection> tiers) {
    String name = capitalized(rule.service());
    SecurityGroup group =
        SecurityGroup.Builder.create(this, name + "Group")
            .vpc(vpc.vpc())
            .description("HTTPS to the " + rule.service() + " endpoint from " + rule.tiers())
            .allowAllOutbound(false)
            .build();
    for (SubnetSelection tier : tiers) {
      for (ISubnet subnet : vpc.vpc().selectSubnets(tier).getSubnets()) {
        group.addIngressRule(
            Peer.ipv4(subnet.getIpv4CidrBlock()),
            Port.tcp(443),
            "HTTPS from " + tier.getSubnetGroupName() + " " + subnet.getAvailabilityZone());
      }
    }
    List<ISubnet> subnets =
        tiers.stream().flatMap(t -> vpc.vpc().selectSubnets(t).getSubnets().stream()).toList();
    return InterfaceVpcEndpoint.Builder.create(this, name)
        .vpc(vpc.vpc())
        .service(new InterfaceVpcEndpointAwsService(rule.service()))
        .subnets(SubnetSelection.builder().subnets(subnets).build())
        .securityGroups(List.of(group))
        .open(false)
        .privateDnsEnabled(true)
        .build();
  }

  private static String capitalized(String service) {
    StringBuilder name = new StringBuilder();
    for (String part : service.split("[.-]")) {
      name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return name.toString();
  }
}
