package io.netdrift.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.StackTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateResolverTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TEMPLATE =
      """
      {
        "Parameters": {
          "Env": { "Type": "String", "Default": "prod" },
          "Cidr": { "Type": "String", "Default": "10.0.0.0/8" },
          "Secret": { "Type": "String", "NoEcho": true }
        },
        "Mappings": {
          "Zones": { "eu-west-1": { "Count": "2", "Cidrs": ["10.0.0.0/24", "10.0.1.0/24"] } }
        },
        "Conditions": {
        "IsProd": { "Fn::Equals": [{ "Ref": "Env" }, "prod"] },
        "IsDev": { "Fn::Not": [{ "Condition": "IsProd" }] },
        "ProdInRegion": { "Fn::And": [{ "Condition": "IsProd" }, { "Fn::Equals": [{ "Ref": "AWS::Region" }, "eu-west-1"] }] }
      },
      "Resources": {
          "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.10.0.0/16" } },
          "Sg": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "VpcId": { "Ref": "Vpc" } } },
          "Lb": { "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer" }
        }
      }
      """;

  static final TemplateResolver RESOLVER = resolver();

  static TemplateResolver resolver() {
    try {
      StackTemplate stack =
          new StackTemplate(
              "Net",
              Optional.empty(),
              Optional.empty(),
              Path.of("Net.template.json"),
              JSON.readTree(TEMPLATE));
      DeployedStack deployed =
          new DeployedStack(
              "Net",
              "arn:aws:cloudformation:eu-west-1:123456789012:stack/Net/1",
              "CREATE_COMPLETE",
              Map.of("Cidr", "192.168.0.0/16", "Secret", "****"),
              Map.of(
                  "Vpc", new DeployedStack.Resource("Vpc", "AWS::EC2::VPC", "vpc-1", ""),
                  "Sg", new DeployedStack.Resource("Sg", "AWS::EC2::SecurityGroup", "sg-1", "")));
      return new TemplateResolver(
              stack,
              deployed,
              "123456789012",
              "eu-west-1",
              Map.of(),
              Map.of("SharedVpcId", "vpc-shared"),
              List.of("eu-west-1a", "eu-west-1b"))
          .withStackOutputs(Map.of("SharedNetwork", Map.of("VpcId", "vpc-from-output")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0} resolves to {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Ref\": \"Sg\"} | sg-1",
        "{\"Fn::GetAtt\": [\"Sg\", \"GroupId\"]} | sg-1",
        "{\"Fn::GetAtt\": \"Sg.GroupId\"} | sg-1",
        "{\"Fn::GetAtt\": [\"Sg\", \"VpcId\"]} | vpc-1",
        "{\"Fn::GetAtt\": [\"Vpc\", \"CidrBlock\"]} | 10.10.0.0/16",
        "{\"Ref\": \"AWS::Region\"} | eu-west-1",
        "{\"Ref\": \"AWS::AccountId\"} | 123456789012",
        "{\"Ref\": \"AWS::Partition\"} | aws",
        "{\"Ref\": \"AWS::StackName\"} | Net",
        "{\"Ref\": \"Env\"} | prod",
        "{\"Ref\": \"Cidr\"} | 192.168.0.0/16",
        "{\"Fn::Join\": [\"-\", [\"a\", {\"Ref\": \"Sg\"}]]} | a-sg-1",
        "{\"Fn::Select\": [1, [\"a\", \"b\"]]} | b",
        "{\"Fn::Select\": [0, {\"Fn::Split\": [\",\", \"x,y\"]}]} | x",
        "{\"Fn::Sub\": \"${Sg}/${AWS::Region}/${Vpc.CidrBlock}/${!Literal}\"} | sg-1/eu-west-1/10.10.0.0/16/${Literal}",
        "{\"Fn::Sub\": [\"${A}-${Env}\", {\"A\": {\"Ref\": \"Vpc\"}}]} | vpc-1-prod",
        "{\"Fn::If\": [\"IsProd\", \"prod-value\", \"dev-value\"]} | prod-value",
        "{\"Fn::If\": [\"IsDev\", \"prod-value\", \"dev-value\"]} | dev-value",
        "{\"Fn::If\": [\"ProdInRegion\", {\"Ref\": \"Sg\"}, \"none\"]} | sg-1",
        "{\"Fn::ImportValue\": \"SharedVpcId\"} | vpc-shared",
        "{\"Fn::Select\": [1, {\"Fn::GetAZs\": \"\"}]} | eu-west-1b",
        "{\"Fn::FindInMap\": [\"Zones\", {\"Ref\": \"AWS::Region\"}, \"Count\"]} | 2",
        "{\"Fn::Select\": [1, {\"Fn::FindInMap\": [\"Zones\", \"eu-west-1\", \"Cidrs\"]}]} | 10.0.1.0/24",
        "{\"Fn::FindInMap\": [\"Zones\", \"us-east-1\", \"Count\", {\"DefaultValue\": \"3\"}]} | 3",
        "{\"Fn::Base64\": {\"Fn::Sub\": \"id=${Sg}\"}} | aWQ9c2ctMQ==",
        "{\"Fn::Select\": [2, {\"Fn::Cidr\": [{\"Fn::GetAtt\": [\"Vpc\", \"CidrBlock\"]}, 4, 8]}]} | 10.10.2.0/24",
        "{\"Fn::Select\": [5, {\"Fn::Cidr\": [\"192.168.0.0/24\", 6, 5]}]} | 192.168.0.160/27",
        "{\"Fn::Select\": [1, {\"Fn::Cidr\": [\"2001:db8:0:ab00::/56\", 2, 64]}]} | 2001:db8:0:ab01::/64",
        "{\"Fn::Length\": [1, {\"Ref\": \"Sg\"}, 3]} | 3",
        "{\"Fn::ToJsonString\": {\"a\": {\"Ref\": \"Sg\"}}} | {\"a\":\"sg-1\"}",
        "{\"Fn::GetStackOutput\": {\"StackName\": \"SharedNetwork\", \"OutputName\": \"VpcId\"}} | vpc-from-output",
        "{\"Fn::GetStackOutput\": {\"StackName\": \"SharedNetwork\", \"OutputName\": \"VpcId\", \"Region\": \"eu-west-1\"}} | vpc-from-output"
      })
  void intrinsicsResolveAgainstTheDeployedStack(String value, String expected) throws Exception {
    assertThat(RESOLVER.text(JSON.readTree(value), "/Resources/X/Properties/P"))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is unresolved: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Ref\": \"Nope\"} | Ref to unknown name Nope",
        "{\"Ref\": \"Lb\"} | resource Lb has no physical id",
        "{\"Fn::GetAtt\": [\"Lb\", \"DNSName\"]} | a value only AWS knows",
        "{\"Fn::ImportValue\": \"Shared\"} | no stack exports Shared",
        "{\"Fn::If\": [\"NoSuchCondition\", 1, 2]} | unknown condition NoSuchCondition",
        "{\"Fn::Select\": [5, [\"a\"]]} | out of range",
        "{\"Fn::FindInMap\": [\"Zones\", \"us-east-1\", \"Count\"]} | Mappings has no Zones/us-east-1/Count",
        "{\"Fn::Cidr\": [\"10.0.0.0/24\", 3, 7]} | holds fewer than 3 blocks of /25",
        "{\"Fn::ForEach::Subnets\": [\"X\", [], {}]} | Fn::ForEach::Subnets is not supported yet",
        "{\"Fn::GetStackOutput\": {\"StackName\": \"SharedNetwork\", \"OutputName\": \"Nope\"}} | stack SharedNetwork has no output Nope",
        "{\"Ref\": \"Secret\"} | parameter Secret is NoEcho: CloudFormation does not tell its value",
        "{\"Fn::GetStackOutput\": {\"StackName\": \"SharedNetwork\", \"OutputName\": \"VpcId\", \"Region\": \"us-east-1\"}} | another region or account is not read yet"
      })
  void whatCannotBeResolvedIsSaidWithItsPointer(String value, String reason) throws Exception {
    JsonNode node = JSON.readTree(value);
    assertThatThrownBy(() -> RESOLVER.text(node, "/Resources/X/Properties/P"))
        .isInstanceOf(UnresolvedValueException.class)
        .hasMessageStartingWith("/Resources/X/Properties/P")
        .hasMessageContaining(reason);
  }
}
