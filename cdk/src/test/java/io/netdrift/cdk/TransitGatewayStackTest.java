package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.rules.RulesFixture;
import io.netdrift.rules.RulesLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/** The segments' Transit Gateway as rules/network.yaml builds it: every path one the rules name. */
class TransitGatewayStackTest {
  static Template gateway;

  @BeforeAll
  static void synthesizeOnce() {
    App app = new App(AppProps.builder().analyticsReporting(false).build());
    NetworkApp.wire(app, RulesLoader.load(RulesFixture.RULES));
    gateway =
        Template.fromStack(
            (TransitGatewayStack) app.getNode().findChild(TransitGatewayStack.STACK_NAME));
  }

  @Test
  void theGatewayJoinsNothingOnItsOwn() {
    gateway.resourceCountIs("AWS::EC2::TransitGateway", 1);
    gateway.hasResourceProperties(
        "AWS::EC2::TransitGateway",
        Map.of(
            "AmazonSideAsn", 64512,
            "AutoAcceptSharedAttachments", "disable",
            "DefaultRouteTableAssociation", "disable",
            "DefaultRouteTablePropagation", "disable"));
  }

  @Test
  void eachSegmentAttachesFromItsPrivateTierAndRoutesByATableOfItsOwn() {
    gateway.resourceCountIs("AWS::EC2::TransitGatewayVpcAttachment", 2);
    gateway.resourceCountIs("AWS::EC2::TransitGatewayRouteTable", 2);
    Map<String, Map<String, Object>> associations =
        gateway.findResources("AWS::EC2::TransitGatewayRouteTableAssociation", Map.of());
    assertThat(associations.keySet())
        .containsExactlyInAnyOrder(
            "ProductionRoutesProductionAssociation", "InternalRoutesInternalAssociation");
    assertThat(associations.get("ProductionRoutesProductionAssociation").toString())
        .contains("ProductionRoutes")
        .contains("ProductionAttachment")
        .doesNotContain("Internal");
    Map<String, Map<String, Object>> propagations =
        gateway.findResources("AWS::EC2::TransitGatewayRouteTablePropagation", Map.of());
    assertThat(propagations.keySet())
        .containsExactlyInAnyOrder(
            "ProductionRoutesProductionPropagation", "InternalRoutesInternalPropagation");
    // The production attachment sits in the app tier's two subnets, the internal one in tools'.
    String attachments =
        gateway.findResources("AWS::EC2::TransitGatewayVpcAttachment", Map.of()).toString();
    assertThat(attachments).contains("appSubnet1").contains("toolsSubnet2");
  }

  @Test
  void eachTableDropsTheOtherSegmentsBlock() {
    Map<String, Map<String, Object>> routes =
        gateway.findResources("AWS::EC2::TransitGatewayRoute", Map.of());
    assertThat(routes).hasSize(2);
    Map<String, Object> productionDrops =
        (Map<String, Object>) routes.get("ProductionRoutesDropsInternal").get("Properties");
    assertThat(productionDrops)
        .containsEntry("DestinationCidrBlock", "10.20.0.0/16")
        .containsEntry("Blackhole", true);
    Map<String, Object> internalDrops =
        (Map<String, Object>) routes.get("InternalRoutesDropsProduction").get("Properties");
    assertThat(internalDrops)
        .containsEntry("DestinationCidrBlock", "10.10.0.0/16")
        .containsEntry("Blackhole", true);
    assertThat(List.copyOf(routes.values()).toString())
        .doesNotContain("TransitGatewayAttachmentId");
  }
}
