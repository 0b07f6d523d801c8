package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AWS answers some settings in another spelling than a template writes them; each pair here is one
 * setting, so its two canonical documents are equal. The live side is as the AWS CLI's example
 * outputs show it.
 */
class AwsAnswersTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  /**
   * The AWS CLI's {@code create-vpc} example 3: a VPC with an Amazon-provided IPv6 block, still
   * being associated, its block answered empty. The template's {@code VPCCidrBlock} asks for an
   * Amazon-provided block; the primary block's association is the VPC's own CidrBlock.
   */
  @Test
  void aVpcWithAnAmazonIpv6BlockIsTheTemplatesBlockWhateverItsAddress() throws Exception {
    JsonNode live =
        json(
            """
            {"CidrBlock": "10.0.0.0/16", "DhcpOptionsId": "dopt-dEXAMPLE", "State": "pending",
             "VpcId": "vpc-0fc5e3406bEXAMPLE", "OwnerId": "123456789012", "InstanceTenancy": "default",
             "Ipv6CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-068432c60bEXAMPLE",
               "Ipv6CidrBlock": "", "Ipv6CidrBlockState": {"State": "associating"},
               "Ipv6Pool": "Amazon", "NetworkBorderGroup": "us-west-2"}],
             "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0669f8f9f5EXAMPLE",
               "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
             "IsDefault": false}
            """);
    JsonNode template = json("{\"CidrBlock\": \"10.0.0.0/16\"}");
    JsonNode amazon =
        json(
            "{\"AssociationId\": \"vpc-cidr-assoc-068432c60bEXAMPLE\","
                + " \"AmazonProvidedIpv6CidrBlock\": true}");
    JsonNode another =
        json("{\"AssociationId\": \"vpc-cidr-assoc-1\", \"AmazonProvidedIpv6CidrBlock\": true}");

    assertThat(NetworkDocuments.vpc(live))
        .isEqualTo(NetworkDocuments.vpc(template, List.of(amazon)))
        .isNotEqualTo(NetworkDocuments.vpc(template, List.of(another)))
        .isNotEqualTo(NetworkDocuments.vpc(template, List.of()));
    assertThat(NetworkDocuments.vpc(live).path("CidrBlocks").size()).isZero();
  }

  @Test
  void aManagedRuleExcludedIsTheSameAsOneOverriddenToCount() throws Exception {
    String rule =
        """
        {"Name": "edge", "DefaultAction": {"Allow": {}}, "Rules": [{"Name": "common", "Priority": 1,
         "OverrideAction": {"None": {}},
         "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "common", %s}},
         "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "c"}}],
         "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "edge"}}
        """;
    JsonNode overridden =
        json(
            rule.formatted(
                "\"RuleActionOverrides\": [{\"Name\": \"SizeRestrictions_BODY\", \"ActionToUse\": {\"Count\": {}}}]"));
    JsonNode excluded =
        json(rule.formatted("\"ExcludedRules\": [{\"Name\": \"SizeRestrictions_BODY\"}]"));
    JsonNode blocked =
        json(
            rule.formatted(
                "\"RuleActionOverrides\": [{\"Name\": \"SizeRestrictions_BODY\", \"ActionToUse\": {\"Block\": {}}}]"));

    assertThat(SecurityDocuments.webAcl(excluded, List.of(), null))
        .isEqualTo(SecurityDocuments.webAcl(overridden, List.of(), null))
        .isNotEqualTo(SecurityDocuments.webAcl(blocked, List.of(), null));
  }

  @Test
  void aPolicyAnsweredWithTheEngineDefaultsIsTheSameAsOneWithout() throws Exception {
    JsonNode template =
        json(
            """
            {"FirewallPolicyName": "p", "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"],
             "StatefulEngineOptions": {"RuleOrder": "STRICT_ORDER"}}}
            """);
    JsonNode live =
        json(
            """
            {"FirewallPolicyName": "p", "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"],
             "StatefulEngineOptions": {"RuleOrder": "STRICT_ORDER", "StreamExceptionPolicy": "DROP",
              "FlowTimeouts": {"TcpIdleTimeoutSeconds": 350}}}}
            """);
    JsonNode continues =
        json(
            """
            {"FirewallPolicyName": "p", "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"],
             "StatefulEngineOptions": {"RuleOrder": "STRICT_ORDER", "StreamExceptionPolicy": "CONTINUE",
              "FlowTimeouts": {"TcpIdleTimeoutSeconds": 60}}}}
            """);

    assertThat(SecurityDocuments.firewallPolicy(live))
        .isEqualTo(SecurityDocuments.firewallPolicy(template))
        .isNotEqualTo(SecurityDocuments.firewallPolicy(continues));
  }

  @Test
  void aWebAclWithoutDescriptionIsAnsweredWithAnEmptyOne() throws Exception {
    JsonNode template =
        json(
            """
            {"Name": "edge", "DefaultAction": {"Allow": {}}, "Rules": [],
             "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "edge"}}
            """);
    JsonNode live =
        json(
            """
            {"Name": "edge", "Id": "a1b2", "Description": "", "DefaultAction": {"Allow": {}}, "Rules": [],
             "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "edge"},
             "Capacity": 3}
            """);

    assertThat(SecurityDocuments.webAcl(live, List.of(), null))
        .isEqualTo(SecurityDocuments.webAcl(template, List.of(), null));
  }

  @Test
  void anIpSetAndARuleGroupWithoutDescriptionAreAnsweredWithAnEmptyOne() throws Exception {
    assertThat(
            SecurityDocuments.ipSet(
                json(
                    "{\"Name\": \"block\", \"IPAddressVersion\": \"IPV4\", \"Description\": \"\", \"Addresses\": [\"192.0.2.0/24\"]}")))
        .isEqualTo(
            SecurityDocuments.ipSet(
                json(
                    "{\"Name\": \"block\", \"IPAddressVersion\": \"IPV4\", \"Addresses\": [\"192.0.2.0/24\"]}")));
    assertThat(
            SecurityDocuments.wafRuleGroup(
                json("{\"Name\": \"g\", \"Capacity\": 10, \"Description\": \"\", \"Rules\": []}")))
        .isEqualTo(
            SecurityDocuments.wafRuleGroup(
                json("{\"Name\": \"g\", \"Capacity\": 10, \"Rules\": []}")));
  }

  @Test
  void aDescriptionThatWasSetIsStillCompared() throws Exception {
    assertThat(
            SecurityDocuments.ipSet(
                json(
                    "{\"Name\": \"b\", \"IPAddressVersion\": \"IPV4\", \"Description\": \"x\", \"Addresses\": []}")))
        .isNotEqualTo(
            SecurityDocuments.ipSet(
                json(
                    "{\"Name\": \"b\", \"IPAddressVersion\": \"IPV4\", \"Description\": \"\", \"Addresses\": []}")));
  }

  @Test
  void anIpv6OnlySubnetHasNoIpv4BlockAndItsIpv6BlockIsAnsweredAsAnAssociation() throws Exception {
    JsonNode template =
        json(
            """
            {"VpcId": "vpc-1", "Ipv6Native": true, "Ipv6CidrBlock": "2001:db8:1234:1a00:0::/64",
             "AvailabilityZone": "eu-west-1a"}
            """);
    JsonNode live =
        json(
            """
            {"AvailabilityZone": "eu-west-1a", "AvailabilityZoneId": "euw1-az1", "AvailableIpAddressCount": 0,
             "DefaultForAz": false, "MapPublicIpOnLaunch": false, "State": "available", "SubnetId": "subnet-1",
             "VpcId": "vpc-1", "OwnerId": "123456789012", "AssignIpv6AddressOnCreation": false,
             "Ipv6CidrBlockAssociationSet": [
               {"AssociationId": "subnet-cidr-assoc-1", "Ipv6CidrBlock": "2001:db8:1234:1a00::/64",
                "Ipv6CidrBlockState": {"State": "associated"}},
               {"AssociationId": "subnet-cidr-assoc-0", "Ipv6CidrBlock": "2001:db8:1234:1b00::/64",
                "Ipv6CidrBlockState": {"State": "disassociated"}}],
             "Ipv6Native": true}
            """);

    assertThat(asCompared(template, live)).isEqualTo(asCompared(template, template));
    assertThat(NetworkDocuments.subnet(live).has("CidrBlock")).isFalse();
  }

  /** The live subnet's document as the diff compares it with the template's. */
  private static JsonNode asCompared(JsonNode template, JsonNode live) {
    ResourceDocument approved =
        new ResourceDocument(
            NetworkDocuments.SUBNET, "subnet-1", NetworkDocuments.subnet(template), Set.of());
    return AsApproved.live(
            approved,
            new ResourceDocument(
                NetworkDocuments.SUBNET, "subnet-1", NetworkDocuments.subnet(live), Set.of()))
        .document();
  }

  @Test
  void aSubnetWhoseTemplateNamesNoZoneIsInTheZoneEc2Chose() throws Exception {
    // A false positive an organisation's region-agnostic template showed: AvailabilityZone
    // "differs", approved (nothing), live us-east-1a.
    JsonNode template = json("{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.20.0.0/24\"}");
    JsonNode live =
        json(
            """
            {"VpcId": "vpc-1", "CidrBlock": "10.20.0.0/24", "AvailabilityZone": "us-east-1a",
             "AvailabilityZoneId": "use1-az2", "MapPublicIpOnLaunch": false}
            """);
    JsonNode moved =
        json(
            """
            {"VpcId": "vpc-1", "CidrBlock": "10.20.1.0/24", "AvailabilityZone": "us-east-1a",
             "AvailabilityZoneId": "use1-az2", "MapPublicIpOnLaunch": false}
            """);

    assertThat(asCompared(template, live)).isEqualTo(asCompared(template, template));
    assertThat(asCompared(template, moved))
        .as("everything else is still compared")
        .isNotEqualTo(asCompared(template, template));
  }

  @Test
  void aSubnetPlacedByZoneIdIsComparedByZoneIdAndByNameWhereNamed() throws Exception {
    JsonNode live =
        json(
            """
            {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a",
             "AvailabilityZoneId": "euw1-az3", "MapPublicIpOnLaunch": false}
            """);
    JsonNode byId =
        json(
            "{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\", \"AvailabilityZoneId\": \"euw1-az3\"}");
    JsonNode byName =
        json(
            "{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\", \"AvailabilityZone\": \"eu-west-1a\"}");
    JsonNode elsewhere =
        json(
            "{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\", \"AvailabilityZoneId\": \"euw1-az1\"}");

    assertThat(asCompared(byId, live)).isEqualTo(asCompared(byId, byId));
    assertThat(asCompared(byName, live)).isEqualTo(asCompared(byName, byName));
    assertThat(asCompared(elsewhere, live)).isNotEqualTo(asCompared(elsewhere, elsewhere));
  }

  @Test
  void anIpv6BlockAddedByHandToASubnetIsADifference() throws Exception {
    JsonNode template =
        json(
            "{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\", \"AvailabilityZone\": \"eu-west-1a\"}");
    JsonNode live =
        json(
            """
            {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a",
             "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/64",
               "Ipv6CidrBlockState": {"State": "associated"}}], "Ipv6Native": false}
            """);

    assertThat(NetworkDocuments.subnet(live)).isNotEqualTo(NetworkDocuments.subnet(template));
  }

  @Test
  void aRouteToAnInstanceIsAnsweredWithItsInterfaceToo() throws Exception {
    JsonNode template =
        json("{\"DestinationCidrBlock\": \"0.0.0.0/0\", \"InstanceId\": \"i-0abc\"}");
    JsonNode live =
        json(
            """
            {"DestinationCidrBlock": "0.0.0.0/0", "InstanceId": "i-0abc", "InstanceOwnerId": "123456789012",
             "NetworkInterfaceId": "eni-0def", "Origin": "CreateRoute", "State": "active"}
            """);

    assertThat(NetworkDocuments.route(live)).isEqualTo(NetworkDocuments.route(template));
    assertThat(NetworkDocuments.route(json("{\"NetworkInterfaceId\": \"eni-0def\"}")))
        .isNotEqualTo(NetworkDocuments.route(template));
  }

  @Test
  void aGroupAnAwsServiceMadeIsToldByItsReservedTagsOrName() {
    assertThat(SecurityGroup.madeBy(java.util.Map.of("aws:eks:cluster-name", "orders"), "eks-x"))
        .contains("Amazon EKS (tag aws:eks:cluster-name)");
    assertThat(SecurityGroup.madeBy(java.util.Map.of("GuardDutyManaged", "true"), "gd"))
        .contains("Amazon GuardDuty (tag GuardDutyManaged)");
    assertThat(SecurityGroup.madeBy(java.util.Map.of(), "CloudFront-VPCOrigins-Service-SG"))
        .contains("Amazon CloudFront VPC origins");
    // A stack's resources carry aws:cloudformation: tags: made by a template, not a service.
    assertThat(
            SecurityGroup.madeBy(
                java.util.Map.of("aws:cloudformation:stack-name", "Other", "Name", "x"), "x"))
        .isEmpty();
    assertThat(SecurityGroup.madeBy(java.util.Map.of("GuardDutyManaged", "false"), "x")).isEmpty();
  }

  @Test
  void aFlowLogsLogGroupIsTheSameByNameOrByArn() throws Exception {
    JsonNode byName =
        json(
            """
            {"ResourceId": "vpc-1", "TrafficType": "ALL", "LogDestinationType": "cloud-watch-logs",
             "LogGroupName": "flow-logs"}
            """);
    // EC2 answers the group both ways; a template may name it by ARN only.
    JsonNode answered =
        json(
            """
            {"ResourceId": "vpc-1", "TrafficType": "ALL", "LogDestinationType": "cloud-watch-logs",
             "LogGroupName": "flow-logs", "MaxAggregationInterval": 600,
             "LogDestination": "arn:aws:logs:eu-west-1:123456789012:log-group:flow-logs"}
            """);
    JsonNode byArn =
        json(
            """
            {"ResourceId": "vpc-1", "TrafficType": "ALL",
             "LogDestination": "arn:aws:logs:eu-west-1:123456789012:log-group:flow-logs:*"}
            """);
    JsonNode elsewhere =
        json(
            """
            {"ResourceId": "vpc-1", "TrafficType": "ALL", "LogDestinationType": "cloud-watch-logs",
             "LogDestination": "arn:aws:logs:eu-west-1:123456789012:log-group:other"}
            """);

    assertThat(NetworkDocuments.flowLog(answered))
        .isEqualTo(NetworkDocuments.flowLog(byName))
        .isEqualTo(NetworkDocuments.flowLog(byArn))
        .isNotEqualTo(NetworkDocuments.flowLog(elsewhere));
    assertThat(NetworkDocuments.flowLog(byName).path("LogGroupName").asText())
        .isEqualTo("flow-logs");
  }

  @Test
  void aFlowLogToAnotherBucketIsADifference() throws Exception {
    String s3 =
        """
        {"ResourceId": "vpc-1", "TrafficType": "ALL", "LogDestinationType": "s3",
         "LogDestination": "%s"}
        """;
    assertThat(NetworkDocuments.flowLog(json(s3.formatted("arn:aws:s3:::flow-logs"))))
        .isNotEqualTo(NetworkDocuments.flowLog(json(s3.formatted("arn:aws:s3:::elsewhere"))));
  }

  @Test
  void aPrefixListsEntriesAreASetKeyedByBlock() throws Exception {
    JsonNode template =
        json(
            """
            {"PrefixListName": "partners", "AddressFamily": "IPv4", "MaxEntries": 10}
            """);
    JsonNode answered =
        json(
            """
            {"PrefixListId": "pl-0123456abcabcabc1", "PrefixListName": "partners",
             "AddressFamily": "IPv4", "MaxEntries": 25, "Version": 3, "State": "modify-complete"}
            """);
    List<JsonNode> written =
        List.of(
            json("{\"Cidr\": \"10.0.0.0/16\", \"Description\": \"vpc-a\"}"),
            json("{\"Cidr\": \"10.2.0.0/16\"}"));
    List<JsonNode> read =
        List.of(
            json("{\"Cidr\": \"10.2.0.0/16\", \"Description\": \"\"}"),
            json("{\"Cidr\": \"10.0.0.0/16\", \"Description\": \"vpc-a\"}"));

    assertThat(NetworkDocuments.prefixList(answered, read))
        .isEqualTo(NetworkDocuments.prefixList(template, written));
    assertThat(NetworkDocuments.prefixList(answered, read.subList(0, 1)))
        .isNotEqualTo(NetworkDocuments.prefixList(template, written));
  }
}
