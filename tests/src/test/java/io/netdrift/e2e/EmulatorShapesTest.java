package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.cloudcontrol.model.GetResourceResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListExportsResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallPolicyResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeLoggingConfigurationResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.wafv2.model.GetIpSetResponse;
import software.amazon.awssdk.services.wafv2.model.GetLoggingConfigurationResponse;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.ListResourcesForWebAclResponse;

/**
 * Every read the detector makes, answered by the emulator, checked against the SDK's own model of
 * that answer: an element or field the model does not know is a spelling AWS does not use (the SDK
 * drops it silently, so a reader could never see it, and a test built on it proves nothing). Page
 * sizes are held to each operation's documented bounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatorShapesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Lab lab;

  @BeforeAll
  void deployTheRealApp() {
    lab = new Lab(SynthesizedApp.assembly());
    // So that every answer has something in it: a gateway endpoint and a service-made group.
    lab.ec2.createVpcEndpoint(
        r ->
            r.vpcEndpointType("Gateway")
                .vpcId(lab.vpc())
                .serviceName("com.amazonaws.eu-west-1.dynamodb")
                .routeTableIds(lab.routeTable("VpcdataSubnet1")));
  }

  @AfterAll
  void close() {
    lab.close();
  }

  Stream<Arguments> ec2Reads() {
    return Stream.of(
        Arguments.of("DescribeVpcs", DescribeVpcsResponse.builder()),
        Arguments.of("DescribeSubnets", DescribeSubnetsResponse.builder()),
        Arguments.of("DescribeNetworkAcls", DescribeNetworkAclsResponse.builder()),
        Arguments.of("DescribeRouteTables", DescribeRouteTablesResponse.builder()),
        Arguments.of("DescribeInternetGateways", DescribeInternetGatewaysResponse.builder()),
        Arguments.of("DescribeNatGateways", DescribeNatGatewaysResponse.builder()),
        Arguments.of("DescribeFlowLogs", DescribeFlowLogsResponse.builder()),
        Arguments.of("DescribeSecurityGroups", DescribeSecurityGroupsResponse.builder()),
        Arguments.of("DescribeSecurityGroupRules", DescribeSecurityGroupRulesResponse.builder()),
        Arguments.of("DescribeAvailabilityZones", DescribeAvailabilityZonesResponse.builder()),
        Arguments.of("DescribeVpcEndpoints", DescribeVpcEndpointsResponse.builder()));
  }

  @ParameterizedTest(name = "EC2 {0}")
  @MethodSource("ec2Reads")
  void everyEc2ElementIsOneTheSdkModelKnows(String action, SdkPojo shape) throws Exception {
    Element root = xml(query(Map.of("Action", action, "Version", "2016-11-15")));

    assertThat(root.getTagName()).isEqualTo(action + "Response");
    assertThat(root.getChildNodes().getLength()).as("an answer with content").isGreaterThan(1);
    assertThat(SdkShapes.unknownXml(shape, root, action, List.of("requestId"))).isEmpty();
  }

  /**
   * The Transit Gateway, peering and VPC reads, answered for the application team's segments (three
   * route tables with associations, propagations, static routes and blackholes; a partner peering;
   * a VPC with a second IPv4 block and an Amazon-provided IPv6 one), and a block associated.
   */
  @Test
  void everyTransitGatewayElementIsOneTheSdkModelKnows() throws Exception {
    try (Lab segments = new Lab(OrdersAppTest.assembly())) {
      String table =
          OrdersAppTest.physical(segments, OrdersSegmentsTest.SEGMENTS, "ProductionRoutes");
      Map<String, SdkPojo> reads =
          Map.of(
              "DescribeTransitGatewayRouteTables",
              software.amazon.awssdk.services.ec2.model.DescribeTransitGatewayRouteTablesResponse
                  .builder(),
              "GetTransitGatewayRouteTableAssociations",
              software.amazon.awssdk.services.ec2.model
                  .GetTransitGatewayRouteTableAssociationsResponse.builder(),
              "GetTransitGatewayRouteTablePropagations",
              software.amazon.awssdk.services.ec2.model
                  .GetTransitGatewayRouteTablePropagationsResponse.builder(),
              "SearchTransitGatewayRoutes",
              software.amazon.awssdk.services.ec2.model.SearchTransitGatewayRoutesResponse
                  .builder(),
              "DescribeTransitGatewayAttachments",
              software.amazon.awssdk.services.ec2.model.DescribeTransitGatewayAttachmentsResponse
                  .builder(),
              "DescribeVpcPeeringConnections",
              software.amazon.awssdk.services.ec2.model.DescribeVpcPeeringConnectionsResponse
                  .builder(),
              "DescribeVpcs",
              DescribeVpcsResponse.builder(),
              "AssociateVpcCidrBlock",
              software.amazon.awssdk.services.ec2.model.AssociateVpcCidrBlockResponse.builder());
      for (Map.Entry<String, SdkPojo> read : reads.entrySet()) {
        Map<String, String> params = new java.util.HashMap<>();
        params.put("Action", read.getKey());
        params.put("Version", "2016-11-15");
        if (read.getKey().startsWith("Get") || read.getKey().startsWith("Search")) {
          params.put("TransitGatewayRouteTableId", table);
        }
        if (read.getKey().startsWith("Associate")) {
          params.put(
              "VpcId", OrdersAppTest.physical(segments, OrdersSegmentsTest.SEGMENTS, "SharedVpc"));
          params.put("AmazonProvidedIpv6CidrBlock", "true");
        }
        if (read.getKey().startsWith("Search")) {
          params.put("Filter.1.Name", "type");
          params.put("Filter.1.Value.1", "static");
        }
        Element root = xml(query(segments, params));

        assertThat(root.getTagName()).isEqualTo(read.getKey() + "Response");
        assertThat(root.getChildNodes().getLength()).as("an answer with content").isGreaterThan(1);
        assertThat(SdkShapes.unknownXml(read.getValue(), root, read.getKey(), List.of("requestId")))
            .isEmpty();
      }
    }
  }

  /** The DNS Firewall associations of the application team's production VPC. */
  @Test
  void everyResolverFieldIsOneTheSdkModelKnows() throws Exception {
    try (Lab segments = new Lab(OrdersAppTest.assembly())) {
      String vpc = OrdersAppTest.physical(segments, OrdersAppTest.NETWORK, "Vpc");
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(segments.aws.endpoint())
                  .header(
                      "Authorization", "AWS4-HMAC-SHA256 Credential=shapes/20261203/eu-west-1/x")
                  .header("X-Amz-Target", "Route53Resolver.ListFirewallRuleGroupAssociations")
                  .header("Content-Type", "application/x-amz-json-1.1")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"VpcId\":\"" + vpc + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = SdkShapes.JSON.readTree(response.body());
      assertThat(answer.path("FirewallRuleGroupAssociations").size()).isEqualTo(1);
      assertThat(
              SdkShapes.unknownJson(
                  software.amazon.awssdk.services.route53resolver.model
                      .ListFirewallRuleGroupAssociationsResponse.builder(),
                  answer,
                  "ListFirewallRuleGroupAssociations"))
          .isEmpty();
    }
  }

  Stream<Arguments> cloudFormationReads() {
    String stack = "NetdriftProductionNetwork";
    return Stream.of(
        Arguments.of("DescribeStacks", stack, DescribeStacksResponse.builder()),
        Arguments.of("ListStackResources", stack, ListStackResourcesResponse.builder()),
        Arguments.of("GetTemplate", stack, GetTemplateResponse.builder()),
        Arguments.of("ListExports", null, ListExportsResponse.builder()));
  }

  @ParameterizedTest(name = "CloudFormation {0}")
  @MethodSource("cloudFormationReads")
  void everyCloudFormationElementIsOneTheSdkModelKnows(String action, String stack, SdkPojo shape)
      throws Exception {
    Map<String, String> params =
        stack == null
            ? Map.of("Action", action, "Version", "2010-05-15")
            : Map.of("Action", action, "Version", "2010-05-15", "StackName", stack);
    Element root = xml(query(params));

    assertThat(root.getTagName()).isEqualTo(action + "Response");
    Element result = (Element) root.getElementsByTagName(action + "Result").item(0);
    assertThat(result).as("the %sResult wrapper", action).isNotNull();
    assertThat(SdkShapes.unknownXml(shape, result, action, List.of())).isEmpty();
  }

  Stream<Arguments> jsonReads() {
    String[] acl = lab.webAclId();
    String aclArn = lab.webAcl(acl).arn();
    String[] set = lab.physical("AWS::WAFv2::IPSet", "WebAcl").split("\\|");
    String firewall = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
    String policy = lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall");
    String ruleGroup = lab.physical("AWS::NetworkFirewall::RuleGroup", "Firewall");
    String balancer = lab.physical("AWS::ElasticLoadBalancingV2::LoadBalancer", "Edge");
    return Stream.of(
        Arguments.of(
            "AWSWAF_20190729.GetWebACL",
            "{\"Name\":\"" + acl[0] + "\",\"Id\":\"" + acl[1] + "\",\"Scope\":\"REGIONAL\"}",
            GetWebAclResponse.builder()),
        Arguments.of(
            "AWSWAF_20190729.GetIPSet",
            "{\"Name\":\"" + set[0] + "\",\"Id\":\"" + set[1] + "\",\"Scope\":\"REGIONAL\"}",
            GetIpSetResponse.builder()),
        Arguments.of(
            "AWSWAF_20190729.ListResourcesForWebACL",
            "{\"WebACLArn\":\"" + aclArn + "\"}",
            ListResourcesForWebAclResponse.builder()),
        Arguments.of(
            "AWSWAF_20190729.GetLoggingConfiguration",
            "{\"ResourceArn\":\"" + aclArn + "\"}",
            GetLoggingConfigurationResponse.builder()),
        Arguments.of(
            "NetworkFirewall_20201112.DescribeFirewall",
            "{\"FirewallArn\":\"" + firewall + "\"}",
            DescribeFirewallResponse.builder()),
        Arguments.of(
            "NetworkFirewall_20201112.DescribeFirewallPolicy",
            "{\"FirewallPolicyArn\":\"" + policy + "\"}",
            DescribeFirewallPolicyResponse.builder()),
        Arguments.of(
            "NetworkFirewall_20201112.DescribeRuleGroup",
            "{\"RuleGroupArn\":\"" + ruleGroup + "\"}",
            DescribeRuleGroupResponse.builder()),
        Arguments.of(
            "NetworkFirewall_20201112.DescribeLoggingConfiguration",
            "{\"FirewallArn\":\"" + firewall + "\"}",
            DescribeLoggingConfigurationResponse.builder()),
        Arguments.of(
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
            "{}",
            LookupEventsResponse.builder()),
        Arguments.of(
            "CloudApiService.GetResource",
            "{\"TypeName\":\"AWS::ElasticLoadBalancingV2::LoadBalancer\",\"Identifier\":\""
                + balancer
                + "\"}",
            GetResourceResponse.builder()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonReads")
  void everyJsonFieldIsOneTheSdkModelKnows(String target, String body, SdkPojo shape)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(lab.aws.endpoint())
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=shapes/20261203/eu-west-1/x")
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = SdkShapes.JSON.readTree(response.body());
    assertThat(answer.size()).as("an answer with content").isPositive();
    assertThat(SdkShapes.unknownJson(shape, answer, target)).isEmpty();
  }

  @Test
  void theCheckSeesANameTheModelDoesNotKnow() throws Exception {
    Element answer =
        xml(
            "<DescribeSubnetsResponse><requestId>r</requestId><subnetSet><item>"
                + "<subnetId>subnet-1</subnetId><zoneName>eu-west-1a</zoneName>"
                + "</item></subnetSet></DescribeSubnetsResponse>");

    assertThat(
            SdkShapes.unknownXml(
                DescribeSubnetsResponse.builder(), answer, "DescribeSubnets", List.of("requestId")))
        .containsExactly("DescribeSubnets/subnetSet/item/zoneName");
    assertThat(
            SdkShapes.unknownJson(
                GetWebAclResponse.builder(),
                SdkShapes.JSON.readTree("{\"WebACL\": {\"Name\": \"a\", \"Desc\": \"\"}}"),
                "GetWebACL"))
        .containsExactly("GetWebACL/WebACL/Desc");
  }

  /** Each bounded describe with its documented MaxResults bounds (EC2 API reference). */
  Stream<Arguments> pageBounds() {
    return Stream.of(
        Arguments.of("DescribeVpcs", 5, 1000),
        Arguments.of("DescribeSubnets", 5, 1000),
        Arguments.of("DescribeNetworkAcls", 5, 1000),
        Arguments.of("DescribeRouteTables", 5, 100),
        Arguments.of("DescribeInternetGateways", 5, 1000),
        Arguments.of("DescribeNatGateways", 5, 1000),
        Arguments.of("DescribeSecurityGroups", 5, 1000),
        Arguments.of("DescribeSecurityGroupRules", 5, 1000));
  }

  @ParameterizedTest(name = "{0} takes MaxResults {1}-{2}")
  @MethodSource("pageBounds")
  void aPageSizeOutsideTheDocumentedBoundsIsRefusedAsEc2RefusesIt(String action, int min, int max)
      throws Exception {
    for (int size : new int[] {min, max}) {
      assertThat(xml(page(action, size)).getTagName()).isEqualTo(action + "Response");
    }
    for (int size : new int[] {min - 1, max + 1}) {
      Element error = xml(page(action, size));
      assertThat(error.getElementsByTagName("Code").item(0).getTextContent())
          .as("%s MaxResults=%d", action, size)
          .isEqualTo("InvalidParameterValue");
    }
  }

  @Test
  void flowLogsAndEndpointsTakeAnyPageSizeAndAnswerAtMostAThousand() throws Exception {
    for (String action : List.of("DescribeFlowLogs", "DescribeVpcEndpoints")) {
      assertThat(xml(page(action, 1)).getTagName()).isEqualTo(action + "Response");
      assertThat(xml(page(action, 5000)).getTagName()).isEqualTo(action + "Response");
    }
  }

  private String page(String action, int size) throws Exception {
    return query(
        Map.of("Action", action, "Version", "2016-11-15", "MaxResults", Integer.toString(size)));
  }

  private String query(Map<String, String> params) throws Exception {
    return query(lab, params);
  }

  private static String query(Lab lab, Map<String, String> params) throws Exception {
    String form =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(lab.aws.endpoint() + "/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=shapes/20261203/eu-west-1/x")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Element xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }
}
