package io.netdrift.cdk;

import io.netdrift.rules.Segment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A segment's gateway endpoints: S3 or DynamoDB reached from the named tiers' route tables without
 * the internet. One limited to the account's own resources carries a policy that allows nothing
 * else ({@code aws:ResourceAccount} is the account).
 */
public final class PrivateEndpoints extends Construct {
  /** Builds one gateway endpoint per rule. */
  public PrivateEndpoints(
      Construct scope, String id, SegmentedVpc vpc, List<Segment.Endpoint> rules) {
    super(scope, id);
    for (Segment.Endpoint rule : rules) {
      GatewayVpcEndpoint endpoint =
          vpc.vpc()
              .addGatewayEndpoint(
                  capitalized(rule.service()),
                  GatewayVpcEndpointOptions.builder()
                      .service(
                          rule.service().equals("s3")
                              ? GatewayVpcEndpointAwsService.S3
                              : GatewayVpcEndpointAwsService.DYNAMODB)
                      .subnets(
                          rule.tiers().stream()
                              .map(t -> SubnetSelection.builder().subnetGroupName(t).build())
                              .toList())
                      .build());
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

  private static String capitalized(String service) {
    return service.substring(0, 1).toUpperCase(Locale.ROOT) + service.substring(1);
  }
}
