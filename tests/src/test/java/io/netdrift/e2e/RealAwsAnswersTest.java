package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers the real services give that a template does not spell: the scan of a clean deploy stays
 * clean, and nothing crashes on them.
 */
class RealAwsAnswersTest {
  @TempDir Path work;
  static Path assembly;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  @Test
  void anIpv6OnlySubnetIsComparedAndAnAddedIpv4BlockWouldShow() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.60.0.0/16"}},
                    "V6Only": {"Type": "AWS::EC2::Subnet", "Properties": {
                      "VpcId": {"Ref": "Vpc"}, "Ipv6Native": true,
                      "Ipv6CidrBlock": "2001:db8:60:1a00::/64", "AvailabilityZone": "eu-west-1a"}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Ipv6Edge", template, work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      JsonNode stack = scan.stack("Ipv6Edge");
      assertThat(stack.path("checked").path("AWS::EC2::Subnet").asInt()).isEqualTo(1);
      assertThat(stack.path("problems")).isEmpty();
    }
  }

  @Test
  void theRealAppScansCleanWhereWafAnswersEmptyDescriptions() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String[] id = lab.webAclId();
      assertThat(lab.webAcl(id).description()).as("the emulator answers as WAF does").isEmpty();

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.findings()).isEmpty();
    }
  }

  /**
   * A firewall with an endpoint in two zones and each zone's app route table sending 0.0.0.0/0 to
   * an endpoint chosen by {@code endpoint} (given the zone's letter and index).
   */
  static ObjectNode firewallStack(java.util.function.BiFunction<String, Integer, String> endpoint)
      throws Exception {
    String routes =
        """
        "RouteA": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "RtA"},
          "DestinationCidrBlock": "0.0.0.0/0", "VpcEndpointId": ENDPOINT_A}},
        "RouteB": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "RtB"},
          "DestinationCidrBlock": "0.0.0.0/0", "VpcEndpointId": ENDPOINT_B}},
        """
            .replace("ENDPOINT_A", endpoint.apply("a", 0))
            .replace("ENDPOINT_B", endpoint.apply("b", 1));
    return (ObjectNode)
        Lab.JSON.readTree(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.70.0.0/16"}},
              "FwA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.70.0.0/24", "AvailabilityZone": "eu-west-1a"}},
              "FwB": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.70.1.0/24", "AvailabilityZone": "eu-west-1b"}},
              "AppA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.70.10.0/24", "AvailabilityZone": "eu-west-1a"}},
              "AppB": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.70.11.0/24", "AvailabilityZone": "eu-west-1b"}},
              "RtA": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
              "RtB": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
              "RtAAssoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"RouteTableId": {"Ref": "RtA"}, "SubnetId": {"Ref": "AppA"}}},
              "RtBAssoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"RouteTableId": {"Ref": "RtB"}, "SubnetId": {"Ref": "AppB"}}},
              "Policy": {"Type": "AWS::NetworkFirewall::FirewallPolicy", "Properties": {"FirewallPolicyName": "zones-policy",
                "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"]}}},
              "Firewall": {"Type": "AWS::NetworkFirewall::Firewall", "Properties": {"FirewallName": "zones",
                "FirewallPolicyArn": {"Fn::GetAtt": ["Policy", "FirewallPolicyArn"]}, "VpcId": {"Ref": "Vpc"},
                "SubnetMappings": [{"SubnetId": {"Ref": "FwA"}}, {"SubnetId": {"Ref": "FwB"}}]}},
              ROUTES
              "Meta": {"Type": "AWS::CDK::Metadata"}
            }}
            """
                .replace("ROUTES", routes));
  }

  @Test
  void anEndpointPickedByItsPlaceInEndpointIdsIsACrossZoneFindingNotASpellingOne()
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      // The pattern of many templates: the i-th endpoint for the i-th zone.
      Path baseline =
          lab.assemblyWith(
              "Zones",
              firewallStack(
                  (zone, index) ->
                      "{\"Fn::Select\": [1, {\"Fn::Split\": [\":\", {\"Fn::Select\": ["
                          + index
                          + ", {\"Fn::GetAtt\": [\"Firewall\", \"EndpointIds\"]}]}]}]}"),
              work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.findings()).as(scan.report().toPrettyString()).hasSize(2);
      assertThat(scan.findings())
          .allSatisfy(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
                assertThat(f.path("logicalId").asText()).isIn("RtA", "RtB");
                assertThat(f.path("summary").asText()).contains("still inspected, across zones");
                assertThat(f.path("exposure").path("access").asText()).isEqualTo("unchanged");
                assertThat(f.path("remediation").path("exact").asBoolean()).isFalse();
              });
      JsonNode zoneA =
          scan.findings().stream()
              .filter(f -> f.path("logicalId").asText().equals("RtA"))
              .findFirst()
              .orElseThrow();
      assertThat(zoneA.path("approved").asText()).endsWith("(eu-west-1a)");
      assertThat(zoneA.path("live").asText()).endsWith("(eu-west-1b)");
    }
  }

  @Test
  void anEndpointPickedByItsZoneScansCleanWhateverOrderEndpointIdsHas() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline =
          lab.assemblyWith(
              "Zones", firewallStack(RealAwsAnswersTest::endpointByZone), work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }

  /**
   * The zone's endpoint picked by its zone from a firewall's EndpointIds, as the project's app
   * does.
   */
  static String endpointByZone(String zone, int index) {
    return "{\"Fn::Select\": [0, {\"Fn::Split\": [\",\", {\"Fn::Select\": [1,"
        + " {\"Fn::Split\": [\"eu-west-1"
        + zone
        + ":\", {\"Fn::Join\": [\",\", {\"Fn::GetAtt\": [\"Firewall\","
        + " \"EndpointIds\"]}]}]}]}]}]}";
  }

  /** A group in the production VPC, made the way an AWS service (or another stack) makes one. */
  static void group(Lab lab, String name, String tagKey, String tagValue) {
    lab.ec2.createSecurityGroup(
        r ->
            r.groupName(name)
                .description(name)
                .vpcId(lab.vpc())
                .tagSpecifications(
                    t ->
                        t.resourceType("security-group")
                            .tags(tag -> tag.key(tagKey).value(tagValue))));
  }

  @Test
  void groupsAwsServicesMakeInAManagedVpcAreTheirsButAnotherStacksAreNot() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      group(lab, "eks-cluster-sg-orders-1234567890", "aws:eks:cluster-name", "orders");
      group(lab, "GuardDutyManagedSecurityGroup-vpc-1", "GuardDutyManaged", "true");
      group(lab, "CloudFront-VPCOrigins-Service-SG", "Name", "cloudfront");
      group(lab, "other-team-sg", "aws:cloudformation:stack-name", "OtherTeam");

      Lab.Scan scan = lab.scan();

      // Only the group another team's stack made is in no template of this assembly.
      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
                assertThat(f.path("summary").asText()).contains("other-team-sg");
              });
    }
  }

  @Test
  void wafDefaultsAndSpellingsOfAWebAclScanClean() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String visibility =
          "\"VisibilityConfig\": {\"SampledRequestsEnabled\": true, \"CloudWatchMetricsEnabled\": true,"
              + " \"MetricName\": \"m\"}";
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Acl": {"Type": "AWS::WAFv2::WebACL", "Properties": {
                      "Name": "spellings", "Scope": "REGIONAL", "DefaultAction": {"Allow": {}}, VISIBILITY,
                      "Rules": [
                        {"Name": "rate", "Priority": 0, "Action": {"Block": {}}, VISIBILITY,
                         "Statement": {"RateBasedStatement": {"Limit": 1000, "AggregateKeyType": "IP"}}},
                        {"Name": "admin-header", "Priority": 1, "Action": {"Block": {}}, VISIBILITY,
                         "Statement": {"ByteMatchStatement": {"SearchString": "admin",
                           "FieldToMatch": {"SingleHeader": {"Name": "X-Admin-Token"}},
                           "TextTransformations": [{"Priority": 0, "Type": "NONE"}], "PositionalConstraint": "EXACTLY"}}},
                        {"Name": "debug-path", "Priority": 2, "Action": {"Block": {}}, VISIBILITY,
                         "Statement": {"ByteMatchStatement": {"SearchStringBase64": "L2RlYnVn",
                           "FieldToMatch": {"UriPath": {}},
                           "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}], "PositionalConstraint": "STARTS_WITH"}}}
                      ]}},
                    "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "aws-waf-logs-spellings"}},
                    "AclLogging": {"Type": "AWS::WAFv2::LoggingConfiguration", "Properties": {
                      "ResourceArn": {"Fn::GetAtt": ["Acl", "Arn"]},
                      "LogDestinationConfigs": [{"Fn::GetAtt": ["Logs", "Arn"]}],
                      "RedactedFields": [{"SingleHeader": {"Name": "Authorization"}}]}}
                  }}
                  """
                      .replace("VISIBILITY", visibility));
      Path baseline = lab.assemblyWith("WafSpellings", template, work.resolve("assembly"));
      String[] id = lab.aws.cloudFormation().physicalId("WafSpellings", "Acl").split("\\|");
      var answered = lab.webAcl(id);
      assertThat(answered.rules().get(0).statement().rateBasedStatement().evaluationWindowSec())
          .as("WAF fills in the window")
          .isEqualTo(300L);
      assertThat(
              answered
                  .rules()
                  .get(1)
                  .statement()
                  .byteMatchStatement()
                  .fieldToMatch()
                  .singleHeader()
                  .name())
          .isEqualTo("x-admin-token");

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }

  @Test
  void aRouteWhoseNatGatewayIsGoneIsABlackholeNotInSync() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String nat = lab.physical("AWS::EC2::NatGateway", "Vpcpublic");
      lab.ec2.deleteNatGateway(r -> r.natGatewayId(nat));

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .anySatisfy(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("MISSING");
                assertThat(f.path("physicalId").asText()).isEqualTo(nat);
              })
          .anySatisfy(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
                assertThat(f.path("property").asText()).endsWith(".NatGatewayId");
                assertThat(f.path("approved").asText()).isEqualTo(nat);
                assertThat(f.path("live").asText()).isEqualTo(nat + " (blackhole)");
              });
    }
  }

  @Test
  void anEdgeRouteTableIsComparedAndOneMadeByHandIsFound() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.80.0.0/16"}},
                    "Igw": {"Type": "AWS::EC2::InternetGateway"},
                    "Attach": {"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {"VpcId": {"Ref": "Vpc"}, "InternetGatewayId": {"Ref": "Igw"}}},
                    "Ingress": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
                    "IngressEdge": {"Type": "AWS::EC2::GatewayRouteTableAssociation", "Properties": {"RouteTableId": {"Ref": "Ingress"}, "GatewayId": {"Ref": "Igw"}}},
                    "Spare": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Edge", template, work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();

      String spare = lab.aws.cloudFormation().physicalId("Edge", "Spare");
      String igw = lab.aws.cloudFormation().physicalId("Edge", "Igw");
      lab.ec2.associateRouteTable(r -> r.routeTableId(spare).gatewayId(igw));

      Lab.Scan drifted = lab.scan(baseline);

      assertThat(drifted.findings())
          .as(drifted.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
                assertThat(f.path("logicalId").asText()).isEqualTo("Spare");
                assertThat(f.path("property").asText()).isEqualTo("Gateways");
                assertThat(f.path("live").asText()).contains(igw);
              });
    }
  }

  @Test
  void getAzsIsTheZonesWithADefaultSubnetNeverALocalZoneAsCloudFormationResolvesIt()
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      // The account's default VPC has subnets in zones b and c only; a Local Zone is opted in.
      String defaultVpc = lab.aws.ec2().createVpc("172.31.0.0/16").vpcId();
      lab.aws.ec2().network().createDefaultSubnet(defaultVpc, "172.31.16.0/20", "eu-west-1b");
      lab.aws.ec2().network().createDefaultSubnet(defaultVpc, "172.31.32.0/20", "eu-west-1c");
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.90.0.0/16"}},
                    "First": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"},
                      "CidrBlock": "10.90.0.0/24", "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Zones", template, work.resolve("assembly"));
      String vpc = lab.aws.cloudFormation().physicalId("Zones", "Vpc");
      assertThat(
              lab.ec2
                  .describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc)))
                  .subnets()
                  .get(0)
                  .availabilityZone())
          .as("as CloudFormation placed it")
          .isEqualTo("eu-west-1b");

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }

  @Test
  void aFirewallEndpointThatFailedIsDriftNotInSync() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String firewall = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
      lab.aws
          .networkFirewall()
          .setEndpointStatus(firewall, "eu-west-1a", "FAILED", "subnet has no free addresses");

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
                assertThat(f.path("physicalId").asText()).isEqualTo(firewall);
                assertThat(f.path("property").asText()).isEqualTo("Health");
                assertThat(f.path("approved").asText())
                    .isEqualTo("every endpoint ready, configuration applied");
                assertThat(f.path("live").asText())
                    .isEqualTo("eu-west-1a endpoint FAILED: subnet has no free addresses");
                assertThat(f.path("exposure").path("access").asText()).isEqualTo("widened");
              });
    }
  }

  @Test
  void theRealAppScansCleanAmongWhatAwsAddsToItsNetworkItself() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      // A DynamoDB gateway endpoint routes its prefix list in the data tier's table...
      String made =
          lab.ec2
              .createVpcEndpoint(
                  r ->
                      r.vpcEndpointType("Gateway")
                          .vpcId(lab.vpc())
                          .serviceName("com.amazonaws.eu-west-1.dynamodb")
                          .routeTableIds(lab.routeTable("VpcdataSubnet1")))
              .vpcEndpoint()
              .vpcEndpointId();
      // ...a Route Server advertises a prefix into the app tier's...
      lab.aws
          .ec2()
          .network()
          .advertise(lab.routeTable("VpcappSubnet1"), "192.168.50.0/24", "eni-0a1b2c3d4e5f60718");
      // ...EKS makes a cluster group, and WAF answers "" descriptions, endpoints out of zone order.
      group(lab, "eks-cluster-sg-orders-1234567890", "aws:eks:cluster-name", "orders");

      Lab.Scan scan = lab.scan();

      // The endpoint itself was made by hand: it is the one finding, its route is AWS's.
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isEqualTo(2);
      assertThat(scan.findings()).hasSize(1);
      JsonNode endpoint = scan.findings().get(0);
      assertThat(endpoint.path("kind").asText()).isEqualTo("UNMANAGED");
      assertThat(endpoint.path("resourceType").asText()).isEqualTo("AWS::EC2::VPCEndpoint");
      assertThat(endpoint.path("physicalId").asText()).isEqualTo(made);
      assertThat(endpoint.path("live").asText())
          .isEqualTo(
              "Gateway endpoint to com.amazonaws.eu-west-1.dynamodb in "
                  + lab.vpc()
                  + ", available");
      assertThat(endpoint.path("exposure").path("access").asText()).isEqualTo("widened");
      assertThat(endpoint.path("remediation").path("commands").get(0).asText())
          .isEqualTo("aws ec2 delete-vpc-endpoints --region eu-west-1 --vpc-endpoint-ids " + made);
    }
  }

  @Test
  void aPrefixListRouteToTheFirewallEndpointIsCustomersAndComparedNotTheGatewayEndpoints()
      throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String arn = lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
      String endpoint =
          lab.firewall
              .describeFirewall(r -> r.firewallArn(arn))
              .firewallStatus()
              .syncStates()
              .values()
              .iterator()
              .next()
              .attachment()
              .endpointId();
      String table = lab.routeTable("VpcdataSubnet1");
      lab.ec2.createRoute(
          r ->
              r.routeTableId(table)
                  .destinationPrefixListId("pl-0a1b2c3d4e5f60718")
                  .vpcEndpointId(endpoint));

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings())
          .as(scan.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("UNMANAGED");
                assertThat(f.path("physicalId").asText()).isEqualTo(table);
                assertThat(f.path("property").asText()).isEqualTo("Routes[pl-0a1b2c3d4e5f60718]");
                assertThat(f.path("live").asText()).contains(endpoint);
              });
    }
  }

  @Test
  void aTemplatedPrefixListRouteToAFirewallEndpointScansCleanAndItsLossIsFound() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template = firewallStack(RealAwsAnswersTest::endpointByZone);
      ObjectNode routeA = (ObjectNode) template.path("Resources").path("RouteA").path("Properties");
      routeA.remove("DestinationCidrBlock");
      routeA.put("DestinationPrefixListId", "pl-0a1b2c3d4e5f60718");
      Path baseline = lab.assemblyWith("Zones", template, work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();

      String table = lab.aws.cloudFormation().physicalId("Zones", "RtA");
      lab.ec2.deleteRoute(
          r -> r.routeTableId(table).destinationPrefixListId("pl-0a1b2c3d4e5f60718"));

      Lab.Scan drifted = lab.scan(baseline);

      assertThat(drifted.findings())
          .as(drifted.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("MISSING");
                assertThat(f.path("logicalId").asText()).isEqualTo("RtA");
                assertThat(f.path("property").asText()).isEqualTo("Routes[pl-0a1b2c3d4e5f60718]");
              });
    }
  }

  @Test
  void flowLogsOnASubnetAndOnAnInterfaceAreReadAndTheirLossIsFound() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.95.0.0/16"}},
                    "Sub": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"},
                      "CidrBlock": "10.95.0.0/24", "AvailabilityZone": "eu-west-1a"}},
                    "SubnetLog": {"Type": "AWS::EC2::FlowLog", "Properties": {"ResourceId": {"Ref": "Sub"},
                      "ResourceType": "Subnet", "TrafficType": "REJECT", "LogGroupName": "subnet-rejects"}},
                    "EniLog": {"Type": "AWS::EC2::FlowLog", "Properties": {"ResourceId": "eni-0f1e2d3c4b5a69788",
                      "ResourceType": "NetworkInterface", "TrafficType": "ALL", "LogGroupName": "eni-all"}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Logs", template, work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();
      assertThat(clean.stack("Logs").path("checked").path("AWS::EC2::FlowLog").asInt())
          .isEqualTo(2);

      String subnetLog = lab.aws.cloudFormation().physicalId("Logs", "SubnetLog");
      String eniLog = lab.aws.cloudFormation().physicalId("Logs", "EniLog");
      lab.ec2.deleteFlowLogs(r -> r.flowLogIds(subnetLog, eniLog));
      // A flow log added by hand watches more and opens nothing: flow logs are not in the
      // unmanaged scope (DocumentSetDiff.UNMANAGED_SCOPE).
      String subnet = lab.aws.cloudFormation().physicalId("Logs", "Sub");
      lab.ec2.createFlowLogs(
          r ->
              r.resourceIds(subnet)
                  .resourceType("Subnet")
                  .trafficType("ACCEPT")
                  .logGroupName("by-hand"));

      Lab.Scan drifted = lab.scan(baseline);

      assertThat(drifted.findings())
          .as(drifted.report().toPrettyString())
          .extracting(f -> f.path("kind").asText() + " " + f.path("logicalId").asText())
          .containsExactlyInAnyOrder("MISSING SubnetLog", "MISSING EniLog");
    }
  }

  @Test
  void aSubnetPlacedByZoneIdScansCleanThoughEc2AnswersItsZoneNameToo() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String template =
          """
          {"Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.97.0.0/16"}},
            "Sub": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"},
              "CidrBlock": "10.97.0.0/24", "AvailabilityZoneId": "ZONE"}}
          }}
          """;
      Path baseline =
          lab.assemblyWith(
              "ById",
              (ObjectNode) Lab.JSON.readTree(template.replace("ZONE", "euw1-az1")),
              work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();
      assertThat(clean.stack("ById").path("checked").path("AWS::EC2::Subnet").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aRuleThatReferencesAGroupOverAPeeringThatIsGoneIsStaleNotInSync() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      ObjectNode template =
          (ObjectNode)
              Lab.JSON.readTree(
                  """
                  {"Resources": {
                    "Here": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.98.0.0/16"}},
                    "There": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.99.0.0/16"}},
                    "Clients": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "clients",
                      "VpcId": {"Ref": "There"}}},
                    "Api": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "api",
                      "VpcId": {"Ref": "Here"},
                      "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                        "SourceSecurityGroupId": {"Fn::GetAtt": ["Clients", "GroupId"]}}]}}
                  }}
                  """);
      Path baseline = lab.assemblyWith("Peered", template, work.resolve("assembly"));
      String clients = lab.aws.cloudFormation().physicalId("Peered", "Clients");
      lab.aws.ec2().peered(clients, "pcx-0a1b2c3d4e5f60718", "active");

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();

      lab.aws.ec2().peered(clients, "pcx-0a1b2c3d4e5f60718", "deleted");

      Lab.Scan stale = lab.scan(baseline);

      String api = lab.aws.cloudFormation().physicalId("Peered", "Api");
      assertThat(stale.findings())
          .as(stale.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("CHANGED");
                assertThat(f.path("physicalId").asText()).isEqualTo(api);
                assertThat(f.path("approved").asText())
                    .isEqualTo("ingress tcp 443 from " + clients);
                assertThat(f.path("live").asText())
                    .isEqualTo("ingress tcp 443 from " + clients + " (stale: peering deleted)");
                assertThat(f.path("exposure").path("access").asText()).isEqualTo("narrowed");
                assertThat(f.path("remediation").path("exact").asBoolean()).isFalse();
                assertThat(f.path("remediation").path("note").asText())
                    .contains("re-create and accept the peering");
              });
    }
  }

  /** A stack with one web ACL of {@code scope}, associated with {@code resourceArn} if given. */
  static ObjectNode webAclStack(String scope, String resourceArn) throws Exception {
    ObjectNode template =
        (ObjectNode)
            Lab.JSON.readTree(
                """
                {"Resources": {
                  "Acl": {"Type": "AWS::WAFv2::WebACL", "Properties": {"Name": "edge-acl", "Scope": "SCOPE",
                    "DefaultAction": {"Allow": {}}, "Rules": [],
                    "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true,
                      "MetricName": "edge-acl"}}}
                }}
                """
                    .replace("SCOPE", scope));
    if (resourceArn != null) {
      ((ObjectNode) template.get("Resources"))
          .set(
              "Protects",
              Lab.JSON.readTree(
                  """
                  {"Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
                    "WebACLArn": {"Fn::GetAtt": ["Acl", "Arn"]}, "ResourceArn": "RESOURCE"}}
                  """
                      .replace("RESOURCE", resourceArn)));
    }
    return template;
  }

  @Test
  void aWebAclThatProtectsAnApiStageIsReadAsSuchAndItsLossIsFound() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String stage = "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod";
      Path baseline =
          lab.assemblyWith("Edge", webAclStack("REGIONAL", stage), work.resolve("assembly"));

      Lab.Scan clean = lab.scan(baseline);

      assertThat(clean.exitCode()).as(clean.report().toPrettyString()).isZero();

      lab.waf.disassociateWebACL(r -> r.resourceArn(stage));

      Lab.Scan drifted = lab.scan(baseline);

      assertThat(drifted.findings())
          .as(drifted.report().toPrettyString())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path("kind").asText()).isEqualTo("MISSING");
                assertThat(f.path("resourceType").asText()).isEqualTo("AWS::WAFv2::WebACL");
                assertThat(f.path("property").asText()).isEqualTo("Associations[" + stage + "]");
              });
    }
  }

  @Test
  void aCloudFrontScopeWebAclIsReadWhereWafAnswersThatScope() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      Path baseline =
          lab.assemblyWith("Global", webAclStack("CLOUDFRONT", null), work.resolve("assembly"));

      Lab.Scan scan = lab.scan(baseline);

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(scan.stack("Global").path("checked").path("AWS::WAFv2::WebACL").asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void ruleGroupsFirewallManagerPutsIntoTheWebAclAreItsPolicysSaidNotCompared() throws Exception {
    try (Lab lab = new Lab(assembly)) {
      String[] id = lab.webAclId();
      String arn = lab.webAcl(id).arn();
      lab.aws.waf().retrofitByFirewallManager(arn, "FMManagedWebACLV2-org-baseline-1733184000");

      Lab.Scan scan = lab.scan();

      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
      assertThat(
              scan.stack("NetdriftProductionNetwork")
                  .path("outOfScope")
                  .path("AWS::FMS::Policy")
                  .asInt())
          .isEqualTo(2);
    }
  }
}
