package io.netdrift.detector.live;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.route53resolver.Route53ResolverClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.wafv2.Wafv2Client;

/**
 * The SDK clients of one account and region, built one way: the default credential chain (or a
 * named profile), the adaptive retry mode, one shared HTTP client. Close it when the scan is done.
 */
public final class AwsClients implements AutoCloseable {
  /** The region whose WAF answers CloudFront-scope resources. */
  static final String GLOBAL_WAF_REGION = "us-east-1";

  /** Attempts of one call, the first included. */
  static final int MAX_ATTEMPTS = 8;

  private final PageGuard pages;
  private final RequestPacer pacer = new RequestPacer();
  private final SdkHttpClient http;
  private final Ec2Client ec2;
  private final CloudFormationClient cloudFormation;
  private final NetworkFirewallClient networkFirewall;
  private final Wafv2Client waf;
  private final java.util.function.Supplier<Wafv2Client> wafGlobal;
  private Wafv2Client wafGlobalBuilt;
  private final StsClient sts;
  private final CloudTrailClient cloudTrail;
  private final CloudControlClient cloudControl;
  private final Route53ResolverClient resolver;
  private final CallCounter counter;
  private final Map<String, com.fasterxml.jackson.databind.JsonNode> schemas =
      new java.util.concurrent.ConcurrentHashMap<>();
  private AccountSweep sweep;

  /** Builds the clients for {@code target}. */
  public AwsClients(AwsTarget target) {
    this(target, new CallCounter());
  }

  /**
   * Builds the clients for {@code target}; every request they send is counted by {@code counter}.
   */
  public AwsClients(AwsTarget target, CallCounter counter) {
    this.counter = counter;
    this.pages = new PageGuard();
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    AwsCredentialsProvider base =
        target
            .profile()
            .<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    AwsCredentialsProvider credentials = base;
    if (target.roleArn().isPresent()) {
      // The reader role of the stack's account, assumed with the caller's credentials and
      // refreshed by the SDK before it expires.
      this.sts = configure(StsClient.builder(), target, base).build();
      credentials =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(
                  r -> r.roleArn(target.roleArn().get()).roleSessionName("netdrift-scan"))
              .build();
    } else {
      this.sts = null;
    }
    this.ec2 = configure(Ec2Client.builder(), target, credentials).build();
    this.cloudFormation = configure(CloudFormationClient.builder(), target, credentials).build();
    this.networkFirewall = configure(NetworkFirewallClient.builder(), target, credentials).build();
    this.waf = configure(Wafv2Client.builder(), target, credentials).build();
    AwsCredentialsProvider signer = credentials;
    this.wafGlobal =
        target.region().equals(GLOBAL_WAF_REGION)
            ? () -> waf
            : () -> {
              synchronized (this) {
                if (wafGlobalBuilt == null) {
                  wafGlobalBuilt =
                      configure(Wafv2Client.builder(), target, signer)
                          .region(Region.of(GLOBAL_WAF_REGION))
                          .build();
                }
                return wafGlobalBuilt;
              }
            };
    this.cloudTrail = configure(CloudTrailClient.builder(), target, credentials).build();
    this.cloudControl = configure(CloudControlClient.builder(), target, credentials).build();
    this.resolver = configure(Route53ResolverClient.builder(), target, credentials).build();
    AwsCredentialsProvider caller = credentials;
    this.callerArn =
        () -> {
          try (StsClient identity = configure(StsClient.builder(), target, caller).build()) {
            return identity.getCallerIdentity().arn();
          }
        };
  }

  private final java.util.function.Supplier<String> callerArn;

  /** Who these clients act as: STS GetCallerIdentity's ARN (the role, where one is assumed). */
  public String callerArn() {
    return callerArn.get();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(
      B builder, AwsTarget target, AwsCredentialsProvider credentials) {
    builder.region(Region.of(target.region())).credentialsProvider(credentials);
    target.endpoint().ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(
        o ->
            o.retryStrategy(
                    // Adaptive (it slows the client once throttled), with more attempts than the
                    // SDK's 3: a scan shares the account's buckets with every other caller, and a
                    // throttled read it gives up on leaves the scan incomplete.
                    software.amazon.awssdk.awscore.retry.AwsRetryStrategy.adaptiveRetryStrategy()
                        .toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .build())
                .apiCallTimeout(target.apiTimeout())
                .apiCallAttemptTimeout(target.attemptTimeout())
                .addExecutionInterceptor(counter)
                .addExecutionInterceptor(pacer)
                .addExecutionInterceptor(pages));
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder;
  }

  /** EC2. */
  public Ec2Client ec2() {
    return ec2;
  }

  /** The EC2 reads this account and region's stacks share. */
  synchronized AccountSweep sweep() {
    if (sweep == null) {
      sweep = new AccountSweep(ec2);
    }
    return sweep;
  }

  /** CloudFormation. */
  public CloudFormationClient cloudFormation() {
    return cloudFormation;
  }

  /** AWS Network Firewall. */
  public NetworkFirewallClient networkFirewall() {
    return networkFirewall;
  }

  /** WAFv2. */
  public Wafv2Client waf() {
    return waf;
  }

  /** WAFv2 where it answers the CLOUDFRONT scope: us-east-1, built on first use. */
  public Wafv2Client wafGlobal() {
    return wafGlobal.get();
  }

  /** Cloud Control, for the network settings of application resources. */
  /** Registry schemas read so far, by type: once per type for the whole scan. */
  Map<String, com.fasterxml.jackson.databind.JsonNode> schemas() {
    return schemas;
  }

  public CloudControlClient cloudControl() {
    return cloudControl;
  }

  /** Route 53 Resolver, for the DNS Firewall associations of the managed VPCs. */
  public Route53ResolverClient resolver() {
    return resolver;
  }

  /** CloudTrail, for who made a change. */
  public CloudTrailClient cloudTrail() {
    return cloudTrail;
  }

  @Override
  public void close() {
    cloudTrail.close();
    cloudControl.close();
    resolver.close();
    ec2.close();
    cloudFormation.close();
    networkFirewall.close();
    waf.close();
    synchronized (this) {
      if (wafGlobalBuilt != null) {
        wafGlobalBuilt.close();
      }
    }
    if (sts != null) {
      sts.close();
    }
    http.close();
  }
}
