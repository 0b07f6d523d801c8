package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.rules.NetworkRules;
import io.netdrift.rules.RulesLoader;
import io.netdrift.rules.SecurityGroupRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ProductionNetworkStackTest {
  static final Path RULES = Path.of("..", "rules");
  static NetworkRules rules;
  static Template template;

  @BeforeAll
  static void synthesizeOnce() {
    rules = RulesLoader.load(RULES);
    App app = new App(AppProps.builder().analyticsReporting(false).build());
    NetworkApp.wire(app, rules);
    template =
        Template.fromStack(
            (ProductionNetworkStack) app.getNode().findChild(NetworkApp.PRODUCTION_STACK));
  }

  @Test
  void theVpcHasTheApprovedCidr() {
    template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.10.0.0/16"));
  }

  @Test
  void everyTierHasOneSubnetPerZone() {
    template.resourceCountIs("AWS::EC2::Subnet", 6);
  }

  @Test
  void subnetsUseTheNamedZonesNotALookup() {
    template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1a"));
    template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1b"));
  }

  @Test
  void onlyPublicAndAppSubnetsHaveADefaultRoute() {
    // Two public routes to the internet gateway, two app routes to the NAT gateway, none for data.
    template.resourceCountIs("AWS::EC2::Route", 4);
  }

  @Test
  void theLoadBalancerAcceptsHttpsFromTheInternet() {
    template.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "GroupDescription",
                "Internet-facing load balancer",
                "SecurityGroupIngress",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443)))))));
  }

  @Test
  void theAppAcceptsOnlyTheLoadBalancerOn8080() {
    template.hasResourceProperties(
        "AWS::EC2::SecurityGroupIngress",
        Match.objectLike(
            Map.of(
                "FromPort",
                8080,
                "ToPort",
                8080,
                "IpProtocol",
                "tcp",
                "SourceSecurityGroupId",
                Map.of(
                    "Fn::GetAtt",
                    List.of(logicalIdOf("Internet-facing load balancer"), "GroupId")))));
  }

  @Test
  void theDatabaseAcceptsOnlyTheAppOn5432() {
    template.hasResourceProperties(
        "AWS::EC2::SecurityGroupIngress",
        Match.objectLike(
            Map.of(
                "FromPort", 5432,
                "GroupId",
                    Map.of("Fn::GetAtt", List.of(logicalIdOf("PostgreSQL databases"), "GroupId")),
                "SourceSecurityGroupId",
                    Map.of("Fn::GetAtt", List.of(logicalIdOf("Application servers"), "GroupId")))));
  }

  @Test
  void theDatabaseMaySendNothing() {
    template.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "GroupDescription",
                "PostgreSQL databases",
                "SecurityGroupEgress",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "CidrIp",
                            "255.255.255.255/32",
                            "Description",
                            "Disallow all traffic"))))));
  }

  @Test
  void noRuleOpensSsh() {
    Map<String, Map<String, Object>> ingress =
        template.findResources("AWS::EC2::SecurityGroupIngress");
    assertThat(ingress.values()).noneMatch(r -> r.toString().contains("FromPort=22,"));
    Map<String, Map<String, Object>> groups = template.findResources("AWS::EC2::SecurityGroup");
    assertThat(groups.values()).noneMatch(r -> r.toString().contains("FromPort=22,"));
  }

  @Test
  void everyRuleInTheRulesIsInTheTemplate() {
    String all = template.toJSON().toString();
    for (SecurityGroupRules.Group group : rules.securityGroups().groups()) {
      for (SecurityGroupRules.Rule rule : group.ingress()) {
        assertThat(all).as(rule.source()).contains("Description=" + rule.description());
      }
      for (SecurityGroupRules.Rule rule : group.egress()) {
        assertThat(all).as(rule.source()).contains("Description=" + rule.description());
      }
    }
  }

  @Test
  void theSameRulesSynthesizeByteIdenticalTemplates(@TempDir Path dir) throws IOException {
    NetworkApp.synthesize(RULES, dir.resolve("a"));
    NetworkApp.synthesize(RULES, dir.resolve("b"));

    String file = NetworkApp.PRODUCTION_STACK + ".template.json";
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
  }

  private static String logicalIdOf(String description) {
    return template
        .findResources(
            "AWS::EC2::SecurityGroup",
            Map.of("Properties", Map.of("GroupDescription", description)))
        .keySet()
        .iterator()
        .next();
  }
}
