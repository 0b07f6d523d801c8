package io.netdrift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.demo.Demo;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** The emulator answers the AWS SDK the way AWS does: shapes, error codes, HTTP statuses. */
class AwsEmulatorTest {
  AwsEmulator aws;
  Ec2Client ec2;
  String vpc;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start("123456789012", "eu-west-1");
    ec2 = Demo.ec2(aws.endpoint());
    vpc = aws.ec2().createVpc("10.0.0.0/16").vpcId();
  }

  @AfterEach
  void stop() {
    ec2.close();
    aws.close();
  }

  @Test
  void aNewVpcHasADefaultGroupAndANewGroupAllowsAllEgress() {
    String sg =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web tier").vpcId(vpc))
            .groupId();

    List<SecurityGroup> groups =
        ec2.describeSecurityGroups(r -> r.filters(f -> f.name("vpc-id").values(vpc)))
            .securityGroups();

    assertThat(groups).extracting(SecurityGroup::groupName).containsExactly("default", "web");
    SecurityGroup web = groups.get(1);
    assertThat(web.groupId()).isEqualTo(sg).startsWith("sg-");
    assertThat(web.description()).isEqualTo("web tier");
    assertThat(web.ipPermissionsEgress())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ipProtocol()).isEqualTo("-1");
              assertThat(p.ipRanges())
                  .singleElement()
                  .satisfies(r -> assertThat(r.cidrIp()).isEqualTo("0.0.0.0/0"));
            });
  }

  @Test
  void rulesComeBackOnePerSgrWithProtocolNames() {
    String sg =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(sg)
                .ipPermissions(
                    p ->
                        p.ipProtocol("6")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(
                                i -> i.cidrIp("10.0.0.0/8").description("corp"),
                                i -> i.cidrIp("192.168.0.0/16"))));

    List<SecurityGroupRule> rules =
        ec2
            .describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(sg)))
            .securityGroupRules()
            .stream()
            .filter(r -> !r.isEgress())
            .toList();

    assertThat(rules)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.securityGroupRuleId()).startsWith("sgr-");
              assertThat(r.ipProtocol()).isEqualTo("tcp");
              assertThat(r.fromPort()).isEqualTo(443);
              assertThat(r.groupOwnerId()).isEqualTo("123456789012");
            });
    assertThat(rules)
        .extracting(SecurityGroupRule::cidrIpv4)
        .containsExactly("10.0.0.0/8", "192.168.0.0/16");
    assertThat(rules.get(0).description()).isEqualTo("corp");
  }

  @Test
  void anUnknownGroupIsInvalidGroupNotFound() {
    assertThatThrownBy(() -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0000000000000dead")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  @Test
  void aDuplicateRuleIsInvalidPermissionDuplicate() {
    String sg =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();
    ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(sg).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("10.0.0.0/8"));

    assertThatThrownBy(
            () ->
                ec2.authorizeSecurityGroupIngress(
                    r ->
                        r.groupId(sg)
                            .ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .cidrIp("10.0.0.0/8")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidPermission.Duplicate"));
  }

  @Test
  void throttlingIsRequestLimitExceededWithHttp503() {
    aws.failNext("DescribeSecurityGroups", 1, AwsEmulator.Fault.THROTTLE);
    try (Ec2Client noRetries =
        Ec2Client.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("netdrift-test", "netdrift-test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
            .build()) {
      assertThatThrownBy(() -> noRetries.describeSecurityGroups())
          .isInstanceOfSatisfying(
              Ec2Exception.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.isThrottlingException()).isTrue();
              });
    }
  }

  @Test
  void aMissingStackIsCloudFormationsValidationError() {
    try (CloudFormationClient cfn = aws.client(CloudFormationClient.builder(), "netdrift-test")) {
      assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("Nope")))
          .isInstanceOfSatisfying(
              CloudFormationException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Stack with id Nope does not exist");
              });
    }
  }

  @Test
  void unsignedRequestsAreRefused() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(aws.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "Action=DescribeSecurityGroups&Version=2016-11-15"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
  }

  @Test
  void aRulesCidrIsKeptWithItsHostBitsClearedAsEc2Does() {
    String sg =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(sg)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(i -> i.cidrIp("10.1.2.3/16"))
                            .ipv6Ranges(i -> i.cidrIpv6("2001:db8:0:0:0:0:0:1/64"))));

    List<SecurityGroupRule> rules =
        ec2
            .describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(sg)))
            .securityGroupRules()
            .stream()
            .filter(r -> !r.isEgress())
            .toList();

    assertThat(rules)
        .extracting(r -> r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6())
        .containsExactlyInAnyOrder("10.1.0.0/16", "2001:db8::/64");
  }

  @Test
  void protocolAllIsNotAnInputEc2Takes() {
    String sg =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();

    assertThatThrownBy(
            () ->
                ec2.authorizeSecurityGroupIngress(
                    r -> r.groupId(sg).ipProtocol("all").cidrIp("10.0.0.0/8")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void describeRouteTablesTakesAtMostOneHundredAPage() {
    assertThatThrownBy(() -> ec2.describeRouteTables(r -> r.maxResults(1000)))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    assertThat(ec2.describeRouteTables(r -> r.maxResults(100)).routeTables()).isNotEmpty();
    assertThat(ec2.describeSubnets(r -> r.maxResults(1000)).subnets()).isNotNull();
  }

  @Test
  void wafRefusesAnIpSetAddressWithHostBits() throws Exception {
    try (software.amazon.awssdk.services.wafv2.Wafv2Client waf =
        software.amazon.awssdk.services.wafv2.Wafv2Client.builder()
            .endpointOverride(aws.endpoint())
            .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "netdrift-test", "netdrift-test")))
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .build()) {
      String[] set = aws.waf().createIpSetForTest("blocked", List.of("203.0.113.0/24"));
      String token =
          waf.getIPSet(
                  r ->
                      r.name(set[0])
                          .id(set[1])
                          .scope(software.amazon.awssdk.services.wafv2.model.Scope.REGIONAL))
              .lockToken();

      assertThatThrownBy(
              () ->
                  waf.updateIPSet(
                      r ->
                          r.name(set[0])
                              .id(set[1])
                              .scope(software.amazon.awssdk.services.wafv2.model.Scope.REGIONAL)
                              .addresses("203.0.113.7/24")
                              .lockToken(token)))
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.wafv2.model.Wafv2Exception.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("WAFInvalidParameterException"));
    }
  }

  /**
   * A service's own latency is charged to its requests, the one given to all to the others: the
   * timeline keeps when each came and was answered.
   */
  @Test
  void eachServiceIsChargedItsOwnLatency() {
    aws.costs(
        new Costs(java.time.Duration.ZERO, java.time.Duration.ZERO, 0)
            .latency("cloudformation", java.time.Duration.ofMillis(400), java.time.Duration.ZERO));
    try (CloudFormationClient cfn = aws.client(CloudFormationClient.builder(), "netdrift-test")) {
      ec2.describeVpcs();
      cfn.listExports();
    }

    List<Costs.Served> served = aws.costs().timeline();
    assertThat(served)
        .extracting(Costs.Served::operation)
        .containsExactly("ec2:DescribeVpcs", "cloudformation:ListExports");
    assertThat(served.get(1).endNanos() - served.get(1).startNanos())
        .as("CloudFormation's 400 ms")
        .isGreaterThanOrEqualTo(400_000_000L);
    assertThat(served.get(0).endNanos() - served.get(0).startNanos())
        .as("EC2's none")
        .isLessThan(400_000_000L);
  }

  /** S3's requests are charged latency too: a function's baseline and state are on its path. */
  @Test
  void s3IsChargedItsLatency() {
    aws.s3().createBucket("netdrift-state");
    aws.costs(
        new Costs(java.time.Duration.ZERO, java.time.Duration.ZERO, 0)
            .latency("s3", java.time.Duration.ofMillis(300), java.time.Duration.ZERO));
    try (software.amazon.awssdk.services.s3.S3Client s3 =
        aws.client(
            software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true),
            "netdrift-test")) {
      s3.putObject(
          r -> r.bucket("netdrift-state").key("alert-state.json"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));
    }

    assertThat(aws.costs().timeline())
        .singleElement()
        .satisfies(
            put ->
                assertThat(put.endNanos() - put.startNanos())
                    .as("S3's 300 ms")
                    .isGreaterThanOrEqualTo(300_000_000L));
  }
}
