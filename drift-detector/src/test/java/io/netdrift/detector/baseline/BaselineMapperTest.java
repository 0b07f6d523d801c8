package io.netdrift.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineMapperTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ApprovedStack map(String template) throws Exception {
    Map<String, DeployedStack.Resource> resources = new LinkedHashMap<>();
    JSON.readTree(template)
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              String type = e.getValue().path("Type").asText();
              String physical =
                  type.equals("AWS::EC2::VPC")
                      ? "vpc-1"
                      : type.equals("AWS::EC2::SecurityGroup")
                          ? "sg-" + e.getKey().toLowerCase()
                          : e.getKey() + "-id";
              if (!e.getKey().startsWith("Undeployed")) {
                resources.put(
                    e.getKey(),
                    new DeployedStack.Resource(e.getKey(), type, physical, "CREATE_COMPLETE"));
              }
            });
    return map(template, resources);
  }

  /** The template mapped against a stack CloudFormation deployed with {@code resources}. */
  static ApprovedStack map(String template, Map<String, DeployedStack.Resource> resources)
      throws Exception {
    StackTemplate stack =
        new StackTemplate(
            "Net",
            Optional.empty(),
            Optional.of("eu-west-1"),
            Path.of("Net.template.json"),
            JSON.readTree(template));
    DeployedStack deployed =
        new DeployedStack(
            "Net",
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/Net/1",
            "CREATE_COMPLETE",
            Map.of(),
            resources);
    return BaselineMapper.map(stack, deployed, "123456789012", "eu-west-1");
  }

  static List<String> rules(ApprovedStack stack, String groupId) {
    return stack.groups().get(groupId).group().rules().stream()
        .map(SecurityGroupRule::describe)
        .toList();
  }

  @Test
  void inlineAndStandaloneRulesLandOnTheirGroup() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupDescription": "web", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}],
                "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": {"Fn::GetAtt": ["Vpc", "CidrBlock"]}}]}},
              "Db": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupEgress": [{"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "255.255.255.255/32"}]}},
              "DbFromWeb": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
                "GroupId": {"Fn::GetAtt": ["Db", "GroupId"]}, "IpProtocol": "6", "FromPort": "5432", "ToPort": "5432",
                "SourceSecurityGroupId": {"Fn::GetAtt": ["Web", "GroupId"]}}}
            }}
            """);

    assertThat(rules(stack, "sg-web"))
        .containsExactly("ingress tcp 443 from 0.0.0.0/0", "egress tcp 5432 to 10.0.0.0/16");
    assertThat(rules(stack, "sg-db")).containsExactly("ingress tcp 5432 from sg-web");
    assertThat(stack.vpcIds()).containsExactly("vpc-1");
    assertThat(stack.problems()).isEmpty();
  }

  @Test
  void aGroupDeclaringNoEgressKeepsEc2sAllowAllEgress() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Open": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "open", "VpcId": {"Ref": "Vpc"}}}
            }}
            """);

    assertThat(rules(stack, "sg-open")).containsExactly("egress all to 0.0.0.0/0");
  }

  @Test
  void aStandaloneEgressRuleReplacesTheDefaultEgress() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Alb": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "alb", "VpcId": {"Ref": "Vpc"}}},
              "AlbOut": {"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {
                "GroupId": {"Fn::GetAtt": ["Alb", "GroupId"]}, "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
                "DestinationSecurityGroupId": {"Fn::GetAtt": ["Alb", "GroupId"]}}}
            }}
            """);

    assertThat(rules(stack, "sg-alb")).containsExactly("egress tcp 8080 to sg-alb");
  }

  @Test
  void typesAreCountedAsCheckedOrOutOfScope() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "x", "VpcId": {"Ref": "Vpc"}}},
              "Tgw": {"Type": "AWS::EC2::TransitGateway"},
              "Meta": {"Type": "AWS::CDK::Metadata"},
              "Role": {"Type": "AWS::IAM::Role"}
            }}
            """);

    // A network type with no model of its own is compared generically: its declared properties.
    assertThat(stack.coverage())
        .containsExactly(
            Map.entry("AWS::EC2::SecurityGroup", 1),
            Map.entry("AWS::EC2::TransitGateway", 1),
            Map.entry("AWS::EC2::VPC", 1));
    assertThat(stack.documents().get("Tgw-id").document().document().toString()).isEqualTo("{}");
    assertThat(stack.notChecked()).isEmpty();
    assertThat(stack.problems()).isEmpty();
    assertThat(stack.outOfScope()).containsOnlyKeys("AWS::CDK::Metadata", "AWS::IAM::Role");
  }

  @Test
  void anUnresolvableValueIsAProblemNamingFileAndPointer() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "x", "VpcId": {"Fn::ImportValue": "SharedVpc"}}}
            }}
            """);

    assertThat(stack.groups()).isEmpty();
    assertThat(stack.problems())
        .singleElement()
        .asString()
        .contains("Net.template.json#/Resources/Sg/Properties/VpcId")
        .contains("Fn::ImportValue");
  }

  @Test
  void aVpcsBlocksFoldIntoItByAssociationAndOneFromAnIpamPoolIsAProblemNotAGuess()
      throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Pods": {"Type": "AWS::EC2::VPCCidrBlock", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "100.64.0.0/16"}},
              "V6": {"Type": "AWS::EC2::VPCCidrBlock", "Properties": {"VpcId": {"Ref": "Vpc"}, "AmazonProvidedIpv6CidrBlock": true}},
              "Pooled": {"Type": "AWS::EC2::VPCCidrBlock", "Properties": {"VpcId": {"Ref": "Vpc"}, "Ipv4IpamPoolId": "ipam-pool-1", "Ipv4NetmaskLength": 20}}
            }}
            """);

    assertThat(stack.documents().get("vpc-1").document().document().toString())
        .isEqualTo(
            "{\"CidrBlock\":\"10.0.0.0/16\","
                + "\"CidrBlocks\":{\"Pods-id\":{\"CidrBlock\":\"100.64.0.0/16\"}},"
                + "\"InstanceTenancy\":\"default\",\"Ipv6CidrBlocks\":{\"V6-id\":{\"AmazonProvidedIpv6CidrBlock\":true}}}");
    assertThat(stack.problems())
        .singleElement()
        .asString()
        .contains("Net.template.json#/Resources/Pooled/Properties")
        .contains("IPAM pool (Ipv4IpamPoolId)");
    // What the pool allocated is live on the VPC; it must not be called unapproved.
    assertThat(stack.partial()).containsExactly("vpc-1");
  }

  @Test
  void aRuleOnAGroupOfAnotherStackIsKeptForThatGroupNotSkipped() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "In": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
                "GroupId": "sg-elsewhere", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"}}
            }}
            """);

    assertThat(stack.problems()).isEmpty();
    assertThat(stack.foreignRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.groupId()).isEqualTo("sg-elsewhere");
              assertThat(r.logicalId()).isEqualTo("In");
              assertThat(r.rule().describe()).isEqualTo("ingress tcp 22 from 10.0.0.0/8");
            });
  }

  @Test
  void anApprovedGroupCloudFormationNeverCreatedIsListed() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "UndeployedSg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "x", "VpcId": {"Ref": "Vpc"}}}
            }}
            """);

    assertThat(stack.notDeployed()).containsExactly("UndeployedSg");
  }

  @Test
  void aResourceWhoseConditionIsFalseIsNotExpectedAndOneWhoseConditionHoldsIs() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Parameters": {"Env": {"Type": "String", "Default": "prod"}},
             "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                            "IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]}},
             "Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Prod": {"Type": "AWS::EC2::SecurityGroup", "Condition": "IsProd",
                "Properties": {"GroupDescription": "prod", "VpcId": {"Ref": "Vpc"}}},
              "Dev": {"Type": "AWS::EC2::SecurityGroup", "Condition": "IsDev",
                "Properties": {"GroupDescription": "dev", "VpcId": {"Ref": "Vpc"}}}
            }}
            """);

    assertThat(stack.groups()).containsOnlyKeys("sg-prod");
    assertThat(stack.problems()).isEmpty();
  }

  @Test
  void applicationTypesAreOutOfScopeAndNetworkTypesOfAnyNamespaceAreComparedGenerically()
      throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Table": {"Type": "AWS::DynamoDB::Table"},
              "Queue": {"Type": "AWS::SQS::Queue"},
              "Db": {"Type": "AWS::RDS::DBInstance"},
              "Service": {"Type": "AWS::ECS::Service"},
              "Api": {"Type": "AWS::ApiGateway::RestApi"},
              "Server": {"Type": "AWS::EC2::Instance"},
              "Nested": {"Type": "AWS::CloudFormation::Stack"},
              "Endpoint": {"Type": "AWS::EC2::VPCEndpoint"},
              "DnsRules": {"Type": "AWS::Route53Resolver::FirewallRuleGroup"}
            }}
            """);

    assertThat(stack.outOfScope())
        .containsOnlyKeys(
            "AWS::DynamoDB::Table",
            "AWS::SQS::Queue",
            "AWS::ApiGateway::RestApi",
            "AWS::EC2::Instance",
            "AWS::CloudFormation::Stack");
    // Application resources with network settings: those settings are compared.
    assertThat(stack.coverage())
        .containsExactly(
            Map.entry("AWS::EC2::VPCEndpoint", 1),
            Map.entry("AWS::ECS::Service", 1),
            Map.entry("AWS::RDS::DBInstance", 1),
            Map.entry("AWS::Route53Resolver::FirewallRuleGroup", 1));
    assertThat(stack.documents().get("Db-id").document().document().toString())
        .isEqualTo("{\"PubliclyAccessible\":false}");
    // Network types of any namespace with no model of their own: compared generically.
    assertThat(stack.documents().get("DnsRules-id").document().type())
        .isEqualTo("AWS::Route53Resolver::FirewallRuleGroup");
    assertThat(stack.documents()).containsKey("Endpoint-id");
    assertThat(stack.notChecked()).isEmpty();
    assertThat(stack.problems()).isEmpty();
  }

  @Test
  void anUnmappableEntryIsNotCheckedAndLeavesItsAclPartlyKnown() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Acl": {"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": {"Ref": "Vpc"}}},
              "Known": {"Type": "AWS::EC2::NetworkAclEntry", "Properties": {
                "NetworkAclId": {"Ref": "Acl"}, "RuleNumber": 100, "Protocol": 6, "RuleAction": "allow",
                "Egress": false, "CidrBlock": "10.0.0.0/16", "PortRange": {"From": 443, "To": 443}}},
              "Unknown": {"Type": "AWS::EC2::NetworkAclEntry", "Properties": {
                "NetworkAclId": {"Ref": "Acl"}, "RuleNumber": 110, "Protocol": 6, "RuleAction": "allow",
                "Egress": false, "CidrBlock": {"Fn::Transform": {"Name": "X"}}}}
            }}
            """);

    assertThat(stack.coverage())
        .containsExactly(
            Map.entry("AWS::EC2::NetworkAcl", 1),
            Map.entry("AWS::EC2::NetworkAclEntry", 1),
            Map.entry("AWS::EC2::VPC", 1));
    assertThat(stack.notChecked()).containsExactly(Map.entry("AWS::EC2::NetworkAclEntry", 1));
    assertThat(stack.unmapped()).containsOnlyKeys("Unknown");
    assertThat(stack.partial()).containsExactly("Acl-id");
  }

  @Test
  void anUnmappableStandaloneRuleLeavesItsGroupPartlyKnown() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
              "Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "web", "VpcId": {"Ref": "Vpc"}}},
              "Db": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db", "VpcId": {"Ref": "Vpc"}}},
              "In": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
                "GroupId": {"Ref": "Db"}, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                "CidrIp": {"Fn::Transform": {"Name": "X"}}}}
            }}
            """);

    assertThat(stack.partial()).containsExactly("sg-db");
    assertThat(stack.notChecked()).containsExactly(Map.entry("AWS::EC2::SecurityGroupIngress", 1));
    assertThat(stack.coverage()).containsEntry("AWS::EC2::SecurityGroup", 2);
  }

  @Test
  void aForEachLoopIsExpandedAsCloudFormationExpandsIt() throws Exception {
    ApprovedStack stack =
        mapExpanded(
            """
            {"Transform": "AWS::LanguageExtensions", "Resources": {
              "Fn::ForEach::Groups": ["Name", ["app-a", "b"], {"Sg&{Name}": {"Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": {"Fn::Sub": "tier ${Name}"}, "VpcId": "vpc-1",
                  "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "CidrIp": "10.0.0.0/8", "Description": {"Ref": "Name"}}]}}}]
            }}
            """,
            "Sgappa",
            "Sgb");

    assertThat(stack.problems()).isEmpty();
    assertThat(stack.groups()).containsOnlyKeys("sg-sgappa", "sg-sgb");
    assertThat(stack.groups().get("sg-sgappa").group().description()).isEqualTo("tier app-a");
    assertThat(stack.groups().get("sg-sgb").group().rules())
        .filteredOn(r -> r.describe().equals("ingress tcp 443 from 10.0.0.0/8"))
        .singleElement()
        .satisfies(r -> assertThat(r.description()).isEqualTo("b"));
  }

  @Test
  void aForEachLoopOverAnUnresolvableCollectionIsNamedNeverSkipped() throws Exception {
    ApprovedStack stack =
        map(
            """
            {"Transform": "AWS::LanguageExtensions", "Resources": {
              "Fn::ForEach::Groups": ["Name", {"Fn::ImportValue": "group-names"}, {"Sg${Name}": {"Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": {"Ref": "Name"}, "VpcId": "vpc-1"}}}]
            }}
            """);

    assertThat(stack.problems())
        .singleElement()
        .asString()
        .contains("#/Resources/Fn::ForEach::Groups")
        .contains("Fn::ForEach whose collection cannot be resolved");
    assertThat(stack.outOfScope()).isEmpty();
  }

  /** As {@link #map}, with the groups a loop makes deployed under these logical ids. */
  static ApprovedStack mapExpanded(String template, String... logicalIds) throws Exception {
    Map<String, DeployedStack.Resource> resources = new LinkedHashMap<>();
    for (String id : logicalIds) {
      resources.put(
          id,
          new DeployedStack.Resource(
              id, "AWS::EC2::SecurityGroup", "sg-" + id.toLowerCase(), "CREATE_COMPLETE"));
    }
    return map(template, resources);
  }
}
