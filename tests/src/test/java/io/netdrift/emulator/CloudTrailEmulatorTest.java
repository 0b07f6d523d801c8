package io.netdrift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.demo.Demo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The emulator keeps a CloudTrail history of the mutating calls it serves and answers LookupEvents
 * through the SDK as CloudTrail does: newest first, paged, one lookup attribute, read calls left
 * out.
 */
class CloudTrailEmulatorTest {
  static final ObjectMapper JSON = new ObjectMapper();

  AwsEmulator aws;
  Ec2Client ec2;
  CloudTrailClient cloudTrail;
  String group;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start("123456789012", "eu-west-1");
    ec2 = Demo.ec2(aws.endpoint());
    cloudTrail = aws.client(CloudTrailClient.builder(), "netdrift-reader");
    String vpc = aws.ec2().createVpc("10.0.0.0/16").vpcId();
    aws.cloudTrail().identify("netdrift-demo", "arn:aws:iam::123456789012:user/jane.doe");
    group =
        ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpc)).groupId();
  }

  @AfterEach
  void stop() {
    cloudTrail.close();
    ec2.close();
    aws.close();
  }

  List<Event> lookup(String resource, int max) {
    return cloudTrail
        .lookupEvents(
            r ->
                r.lookupAttributes(
                        a ->
                            a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                                .attributeValue(resource))
                    .maxResults(max))
        .events();
  }

  @Test
  void aChangeIsFoundByItsResourceWithWhoWhenAndFromWhere() throws Exception {
    ec2.authorizeSecurityGroupIngress(
        r -> r.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
    ec2.describeSecurityGroups(r -> r.groupIds(group));

    List<Event> events = lookup(group, 50);

    assertThat(events)
        .extracting(Event::eventName)
        .containsExactly("AuthorizeSecurityGroupIngress", "CreateSecurityGroup");
    Event newest = events.get(0);
    assertThat(newest.eventSource()).isEqualTo("ec2.amazonaws.com");
    assertThat(newest.readOnly()).isEqualTo("false");
    assertThat(newest.username()).isEqualTo("jane.doe");
    assertThat(newest.eventTime()).isBeforeOrEqualTo(Instant.now());
    assertThat(newest.resources()).anySatisfy(r -> assertThat(r.resourceName()).isEqualTo(group));
    JsonNode detail = JSON.readTree(newest.cloudTrailEvent());
    assertThat(detail.at("/userIdentity/arn").asText())
        .isEqualTo("arn:aws:iam::123456789012:user/jane.doe");
    assertThat(detail.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(detail.path("userAgent").asText()).startsWith("aws-sdk-java/");
    assertThat(aws.cloudTrail().events())
        .extracting(CloudTrailApi.Event::name)
        .doesNotContain("DescribeSecurityGroups");
  }

  @Test
  void pagesFollowNextToken() {
    for (int port = 1; port <= 5; port++) {
      int p = port;
      ec2.authorizeSecurityGroupIngress(
          r -> r.groupId(group).ipProtocol("tcp").fromPort(p).toPort(p).cidrIp("10.0.0.0/8"));
    }

    LookupEventsResponse first =
        cloudTrail.lookupEvents(
            r ->
                r.lookupAttributes(
                        a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(group))
                    .maxResults(4));
    assertThat(first.events()).hasSize(4);
    assertThat(first.nextToken()).isNotNull();
    LookupEventsResponse second =
        cloudTrail.lookupEvents(
            r ->
                r.lookupAttributes(
                        a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(group))
                    .maxResults(4)
                    .nextToken(first.nextToken()));
    assertThat(second.events()).hasSize(2);
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void moreThanFiftyResultsOrTwoAttributesAreRefusedAsCloudTrailDoes() {
    assertThatThrownBy(() -> lookup(group, 51))
        .isInstanceOf(CloudTrailException.class)
        .satisfies(
            e ->
                assertThat(((CloudTrailException) e).awsErrorDetails().errorCode())
                    .isEqualTo("InvalidMaxResultsException"));
    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r ->
                        r.lookupAttributes(
                            a ->
                                a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                                    .attributeValue(group),
                            a ->
                                a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("x"))))
        .isInstanceOf(CloudTrailException.class)
        .satisfies(
            e ->
                assertThat(((CloudTrailException) e).awsErrorDetails().errorCode())
                    .isEqualTo("InvalidLookupAttributesException"));
  }
}
