package io.netdrift.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * The internet-facing application load balancer in the public tier, with the edge security group
 * and access logs. Listeners belong to the applications behind it.
 */
public final class EdgeLoadBalancer extends Construct {
  private final ApplicationLoadBalancer loadBalancer;

  /** Builds the load balancer. */
  public EdgeLoadBalancer(Construct scope, String id, IVpc vpc, ISecurityGroup edgeGroup) {
    super(scope, id);
    Bucket accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    NagSuppressions.addResourceSuppressions(
        accessLogs,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "this bucket is the access-log destination; logging it into itself would loop")
                .build()));
    this.loadBalancer =
        ApplicationLoadBalancer.Builder.create(this, "Resource")
            .vpc(vpc)
            .internetFacing(true)
            .securityGroup(edgeGroup)
            .vpcSubnets(SubnetSelection.builder().subnetGroupName("public").build())
            .dropInvalidHeaderFields(true)
            .deletionProtection(true)
            .build();
    loadBalancer.logAccessLogs(accessLogs, "alb");
  }

  /** The load balancer. */
  public ApplicationLoadBalancer loadBalancer() {
    return loadBalancer;
  }
}
