package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The network settings of application resources as a template writes them and as Cloud Control
 * answers them (with the service's defaults filled in): equal where the setting is the same,
 * different where it is not.
 */
class EmbeddedDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}: {1} equals {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AWS::RDS::DBInstance | {\"VPCSecurityGroups\": [\"sg-b\", \"sg-a\"]} | {\"VPCSecurityGroups\": [\"sg-a\", \"sg-b\"], \"PubliclyAccessible\": false, \"DBInstanceIdentifier\": \"db\"}",
        "AWS::RDS::DBCluster | {\"VpcSecurityGroupIds\": [\"sg-a\"]} | {\"VpcSecurityGroupIds\": [\"sg-a\"], \"Engine\": \"aurora-postgresql\"}",
        "AWS::Lambda::Function | {\"Runtime\": \"java17\"} | {\"VpcConfig\": {\"SecurityGroupIds\": [], \"SubnetIds\": [], \"Ipv6AllowedForDualStack\": false}}",
        "AWS::Lambda::Function | {\"VpcConfig\": {\"SubnetIds\": [\"subnet-2\", \"subnet-1\"], \"SecurityGroupIds\": [\"sg-a\"]}} | {\"VpcConfig\": {\"SecurityGroupIds\": [\"sg-a\"], \"SubnetIds\": [\"subnet-1\", \"subnet-2\"], \"Ipv6AllowedForDualStack\": false}}",
        "AWS::ECS::Service | {\"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"SecurityGroups\": [\"sg-a\"], \"Subnets\": [\"subnet-1\"]}}} | {\"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"AssignPublicIp\": \"DISABLED\", \"SecurityGroups\": [\"sg-a\"], \"Subnets\": [\"subnet-1\"]}}}",
        "AWS::ElasticLoadBalancingV2::LoadBalancer | {\"SecurityGroups\": [\"sg-a\"], \"Subnets\": [\"subnet-1\", \"subnet-2\"]} | {\"Scheme\": \"internet-facing\", \"Type\": \"application\", \"SecurityGroups\": [\"sg-a\"], \"Subnets\": [\"subnet-2\", \"subnet-1\"]}",
        "AWS::ElasticLoadBalancingV2::LoadBalancer | {\"Scheme\": \"internal\", \"SubnetMappings\": [{\"SubnetId\": \"subnet-1\"}]} | {\"Scheme\": \"internal\", \"SubnetMappings\": [{\"SubnetId\": \"subnet-1\"}], \"Subnets\": [\"subnet-1\"]}",
        "AWS::ElasticLoadBalancingV2::Listener | {\"Port\": \"443\", \"Protocol\": \"https\"} | {\"Port\": 443, \"Protocol\": \"HTTPS\", \"ListenerArn\": \"arn:l\"}",
        "AWS::ElastiCache::ReplicationGroup | {\"SecurityGroupIds\": [\"sg-a\"]} | {\"SecurityGroupIds\": [\"sg-a\"], \"ReplicationGroupId\": \"cache\"}"
      })
  void theSameSettingsInTheServicesSpellingAreEqual(String type, String template, String live)
      throws Exception {
    assertThat(EmbeddedDocuments.of(type, JSON.readTree(live)))
        .isEqualTo(EmbeddedDocuments.of(type, JSON.readTree(template)));
  }

  @ParameterizedTest(name = "{0}: {1} differs from {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AWS::RDS::DBInstance | {\"VPCSecurityGroups\": [\"sg-a\"]} | {\"VPCSecurityGroups\": [\"sg-a\"], \"PubliclyAccessible\": true}",
        "AWS::RDS::DBInstance | {\"VPCSecurityGroups\": [\"sg-a\", \"sg-b\"]} | {\"VPCSecurityGroups\": [\"sg-a\"]}",
        "AWS::Lambda::Function | {\"VpcConfig\": {\"SecurityGroupIds\": [\"sg-a\"], \"SubnetIds\": [\"subnet-1\"]}} | {\"VpcConfig\": {\"SecurityGroupIds\": [\"sg-a\", \"sg-x\"], \"SubnetIds\": [\"subnet-1\"]}}",
        "AWS::ECS::Service | {\"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"Subnets\": [\"subnet-1\"]}}} | {\"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"AssignPublicIp\": \"ENABLED\", \"Subnets\": [\"subnet-1\"]}}}",
        "AWS::ElasticLoadBalancingV2::LoadBalancer | {\"Scheme\": \"internal\"} | {\"Scheme\": \"internet-facing\"}",
        "AWS::ElasticLoadBalancingV2::Listener | {\"Port\": 443, \"Protocol\": \"HTTPS\"} | {\"Port\": 80, \"Protocol\": \"HTTP\"}"
      })
  void aChangedSettingIsADifference(String type, String template, String live) throws Exception {
    JsonNode approved = EmbeddedDocuments.of(type, JSON.readTree(template));
    assertThat(EmbeddedDocuments.of(type, JSON.readTree(live))).isNotEqualTo(approved);
  }

  @ParameterizedTest(name = "{0} {1} is read as {2}")
  @CsvSource({
    "AWS::ECS::Service, arn:aws:ecs:eu-west-1:123456789012:service/orders/api, arn:aws:ecs:eu-west-1:123456789012:service/orders/api|orders",
    "AWS::RDS::DBInstance, orders-db, orders-db",
    "AWS::ElasticLoadBalancingV2::LoadBalancer, arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1, arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1"
  })
  void cloudControlReadsAResourceByItsIdentifier(String type, String physicalId, String expected) {
    assertThat(EmbeddedDocuments.identifier(type, physicalId)).isEqualTo(expected);
  }
}
