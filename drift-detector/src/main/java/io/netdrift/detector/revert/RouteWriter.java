package io.netdrift.detector.revert;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Repair;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteRequest;

/**
 * Runs a route's repair through the SDK, as the printed command does: a route added by hand
 * deleted, an approved one created again, an edited one replaced in place ({@code ReplaceRoute}
 * takes the destination and target {@code CreateRoute} does, so the request is built once).
 */
public final class RouteWriter {
  /** The route's target, as the canonical document names it, set on a create request. */
  private static final Map<String, BiConsumer<CreateRouteRequest.Builder, String>> TARGETS =
      Map.of(
          "NatGatewayId", CreateRouteRequest.Builder::natGatewayId,
          "TransitGatewayId", CreateRouteRequest.Builder::transitGatewayId,
          "VpcPeeringConnectionId", CreateRouteRequest.Builder::vpcPeeringConnectionId,
          "NetworkInterfaceId", CreateRouteRequest.Builder::networkInterfaceId,
          "InstanceId", CreateRouteRequest.Builder::instanceId,
          "EgressOnlyInternetGatewayId", CreateRouteRequest.Builder::egressOnlyInternetGatewayId,
          "CarrierGatewayId", CreateRouteRequest.Builder::carrierGatewayId,
          "LocalGatewayId", CreateRouteRequest.Builder::localGatewayId,
          "CoreNetworkArn", CreateRouteRequest.Builder::coreNetworkArn);

  private final Ec2Client ec2;

  public RouteWriter(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Whether {@code repair} is a route of a route table, the one part this writer puts back. */
  public static boolean handles(Repair repair) {
    return repair instanceof Repair.Document d
        && d.type().equals("AWS::EC2::RouteTable")
        && d.pointer().startsWith("/Routes/");
  }

  /** Applies {@code repair}, one of those {@link #handles} says yes to. */
  public void apply(Repair.Document repair) {
    String escaped = repair.pointer().split("/", 4)[2];
    String key = escaped.replace("~1", "/");
    JsonNode approved = repair.approvedDocument().at("/Routes/" + escaped);
    JsonNode live = repair.liveDocument().at("/Routes/" + escaped);
    String table = repair.physicalId();
    if (approved.isMissingNode()) {
      DeleteRouteRequest.Builder delete = DeleteRouteRequest.builder().routeTableId(table);
      if (key.startsWith("pl-")) {
        delete.destinationPrefixListId(key);
      } else if (key.contains(":")) {
        delete.destinationIpv6CidrBlock(key);
      } else {
        delete.destinationCidrBlock(key);
      }
      ec2.deleteRoute(delete.build());
      return;
    }
    CreateRouteRequest.Builder route = CreateRouteRequest.builder().routeTableId(table);
    if (key.startsWith("pl-")) {
      route.destinationPrefixListId(key);
    } else if (key.contains(":")) {
      route.destinationIpv6CidrBlock(key);
    } else {
      route.destinationCidrBlock(key);
    }
    approved
        .fields()
        .forEachRemaining(
            e -> {
              String value = e.getValue().asText();
              if (e.getKey().equals("GatewayId") || !TARGETS.containsKey(e.getKey())) {
                if (value.startsWith("vpce-")) {
                  route.vpcEndpointId(value);
                } else {
                  route.gatewayId(value);
                }
              } else {
                TARGETS.get(e.getKey()).accept(route, value);
              }
            });
    CreateRouteRequest create = route.build();
    if (live.isMissingNode()) {
      ec2.createRoute(create);
    } else {
      ec2.replaceRoute(
          r ->
              r.routeTableId(create.routeTableId())
                  .destinationCidrBlock(create.destinationCidrBlock())
                  .destinationIpv6CidrBlock(create.destinationIpv6CidrBlock())
                  .destinationPrefixListId(create.destinationPrefixListId())
                  .gatewayId(create.gatewayId())
                  .vpcEndpointId(create.vpcEndpointId())
                  .natGatewayId(create.natGatewayId())
                  .transitGatewayId(create.transitGatewayId())
                  .vpcPeeringConnectionId(create.vpcPeeringConnectionId())
                  .networkInterfaceId(create.networkInterfaceId())
                  .instanceId(create.instanceId())
                  .egressOnlyInternetGatewayId(create.egressOnlyInternetGatewayId())
                  .carrierGatewayId(create.carrierGatewayId())
                  .localGatewayId(create.localGatewayId())
                  .coreNetworkArn(create.coreNetworkArn()));
    }
  }
}
