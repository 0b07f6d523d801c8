package io.netdrift.emulator;

import io.netdrift.emulator.TransitGateways.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The EC2 Query API for Transit Gateway route tables: the describe and the three per-table reads
 * the detector makes ({@code GetTransitGatewayRouteTableAssociations}, {@code …Propagations},
 * {@code SearchTransitGatewayRoutes}), in EC2's spelling ({@code associations}, {@code
 * transitGatewayRouteTablePropagations}, {@code routeSet} with {@code additionalRoutesAvailable}),
 * and the changes an engineer makes by hand.
 */
final class TransitGatewayApi {
  private static final String NS = Ec2Api.NAMESPACE;

  private final TransitGateways tgw;
  private final IntSupplier pageCap;

  TransitGatewayApi(TransitGateways tgw, IntSupplier pageCap) {
    this.tgw = tgw;
    this.pageCap = pageCap;
  }

  /** The answer, or empty where the action is not one of these. */
  Optional<String> handle(QueryRequest r, String requestId) {
    synchronized (tgw) {
      return Optional.ofNullable(
          switch (r.action()) {
            case "DescribeTransitGatewayRouteTables" -> {
              List<String> ids = r.list("TransitGatewayRouteTableIds");
              ids.forEach(tgw::existing); // an unknown id given by id fails the call
              List<Table> tables =
                  tgw.tables.values().stream()
                      .filter(
                          t ->
                              (ids.isEmpty() || ids.contains(t.id))
                                  && match(r, "transit-gateway-id", t.gatewayId)
                                  && match(r, "transit-gateway-route-table-id", t.id)
                                  && match(r, "state", t.state))
                      .toList();
              yield list(r, requestId, "transitGatewayRouteTables", tables, this::table);
            }
            case "DescribeTransitGatewayAttachments" ->
                list(
                    r,
                    requestId,
                    "transitGatewayAttachments",
                    tgw.attachments.values().stream()
                        .filter(
                            a ->
                                match(r, "transit-gateway-id", a.gatewayId)
                                    && match(r, "resource-id", a.vpcId))
                        .toList(),
                    this::attachmentOf);
            case "CreateTransitGatewayVpcAttachment" -> {
              String id = tgw.attach(required(r, "TransitGatewayId"), required(r, "VpcId"));
              Xml xml =
                  new Xml()
                      .open("CreateTransitGatewayVpcAttachmentResponse", NS)
                      .element("requestId", requestId)
                      .open("transitGatewayVpcAttachment")
                      .element("transitGatewayAttachmentId", id)
                      .element("transitGatewayId", required(r, "TransitGatewayId"))
                      .element("vpcId", required(r, "VpcId"))
                      .element("state", "pending");
              yield xml.close("transitGatewayVpcAttachment")
                  .close("CreateTransitGatewayVpcAttachmentResponse")
                  .toString();
            }
            case "GetTransitGatewayRouteTableAssociations" ->
                list(
                    r,
                    requestId,
                    "associations",
                    List.copyOf(table(r).associations.entrySet()),
                    this::attachment);
            case "GetTransitGatewayRouteTablePropagations" ->
                list(
                    r,
                    requestId,
                    "transitGatewayRouteTablePropagations",
                    List.copyOf(table(r).propagations.entrySet()),
                    this::attachment);
            case "SearchTransitGatewayRoutes" -> search(r, requestId);
            case "EnableTransitGatewayRouteTablePropagation",
                "DisableTransitGatewayRouteTablePropagation" -> {
              boolean enable = r.action().startsWith("Enable");
              String table = required(r, "TransitGatewayRouteTableId");
              String attachment = required(r, "TransitGatewayAttachmentId");
              tgw.propagate(table, attachment, enable);
              yield changed(
                  r,
                  requestId,
                  "propagation",
                  table,
                  attachment,
                  enable ? "enabling" : "disabling");
            }
            case "AssociateTransitGatewayRouteTable", "DisassociateTransitGatewayRouteTable" -> {
              boolean associate = r.action().startsWith("Associate");
              String table = required(r, "TransitGatewayRouteTableId");
              String attachment = required(r, "TransitGatewayAttachmentId");
              if (associate) {
                tgw.associate(table, attachment);
              } else {
                tgw.disassociate(table, attachment);
              }
              yield changed(
                  r,
                  requestId,
                  "association",
                  table,
                  attachment,
                  associate ? "associating" : "disassociating");
            }
            case "CreateTransitGatewayRoute", "ReplaceTransitGatewayRoute" -> {
              String table = required(r, "TransitGatewayRouteTableId");
              String destination = required(r, "DestinationCidrBlock");
              boolean blackhole = r.get("Blackhole").map(Boolean::parseBoolean).orElse(false);
              String attachment = blackhole ? null : required(r, "TransitGatewayAttachmentId");
              tgw.route(table, destination, attachment, r.action().startsWith("Replace"));
              Xml xml = new Xml().open(r.action() + "Response", NS).element("requestId", requestId);
              xml.open("route");
              route(xml, Map.entry(destination, attachment == null ? "" : attachment));
              yield xml.close("route").close(r.action() + "Response").toString();
            }
            case "DeleteTransitGatewayRoute" -> {
              String table = required(r, "TransitGatewayRouteTableId");
              String destination = required(r, "DestinationCidrBlock");
              tgw.deleteRoute(table, destination);
              yield new Xml()
                  .open("DeleteTransitGatewayRouteResponse", NS)
                  .element("requestId", requestId)
                  .open("route")
                  .element("destinationCidrBlock", destination)
                  .element("type", "static")
                  .element("state", "deleted")
                  .close("route")
                  .close("DeleteTransitGatewayRouteResponse")
                  .toString();
            }
            case "CreateTransitGatewayRouteTable" -> {
              String id = tgw.createTable(required(r, "TransitGatewayId"));
              Xml xml =
                  new Xml()
                      .open("CreateTransitGatewayRouteTableResponse", NS)
                      .element("requestId", requestId)
                      .open("transitGatewayRouteTable");
              table(xml, tgw.existing(id));
              yield xml.close("transitGatewayRouteTable")
                  .close("CreateTransitGatewayRouteTableResponse")
                  .toString();
            }
            case "DeleteTransitGatewayRouteTable" -> {
              String table = required(r, "TransitGatewayRouteTableId");
              String gateway = tgw.existing(table).gatewayId;
              tgw.deleteTable(table);
              yield new Xml()
                  .open("DeleteTransitGatewayRouteTableResponse", NS)
                  .element("requestId", requestId)
                  .open("transitGatewayRouteTable")
                  .element("transitGatewayRouteTableId", table)
                  .element("transitGatewayId", gateway)
                  .element("state", "deleting")
                  .close("transitGatewayRouteTable")
                  .close("DeleteTransitGatewayRouteTableResponse")
                  .toString();
            }
            default -> null;
          });
    }
  }

  /**
   * Static or propagated routes of a table, filtered by {@code type}; at most {@code MaxResults}
   * (1,000 by default), with {@code additionalRoutesAvailable} saying whether more matched.
   */
  private String search(QueryRequest r, String requestId) {
    Table table = table(r);
    if (r.filters().isEmpty()) {
      throw new AwsError(400, "MissingParameter", "The request must contain the parameter Filters");
    }
    List<Map.Entry<String, String>> routes = new ArrayList<>();
    if (match(r, "type", "static")) {
      table.routes.forEach(
          (destination, attachment) -> {
            String state = attachment == null ? "blackhole" : "active";
            if (match(r, "state", state)) {
              routes.add(Map.entry(destination, attachment == null ? "" : attachment));
            }
          });
    }
    int max = r.get("MaxResults").map(Integer::parseInt).orElse(1000);
    max = Math.min(max, pageCap.getAsInt());
    Xml xml =
        new Xml()
            .open("SearchTransitGatewayRoutesResponse", NS)
            .element("requestId", requestId)
            .open("routeSet");
    for (Map.Entry<String, String> route : routes.subList(0, Math.min(max, routes.size()))) {
      xml.open("item");
      route(xml, route);
      xml.close("item");
    }
    return xml.close("routeSet")
        .element("additionalRoutesAvailable", routes.size() > max)
        .close("SearchTransitGatewayRoutesResponse")
        .toString();
  }

  private void route(Xml xml, Map.Entry<String, String> route) {
    xml.element("destinationCidrBlock", route.getKey());
    if (!route.getValue().isEmpty()) {
      xml.open("transitGatewayAttachments")
          .open("item")
          .element("resourceId", tgw.vpcOf(route.getValue()))
          .element("transitGatewayAttachmentId", route.getValue())
          .element("resourceType", "vpc")
          .close("item")
          .close("transitGatewayAttachments");
    }
    xml.element("type", "static")
        .element("state", route.getValue().isEmpty() ? "blackhole" : "active");
  }

  private void table(Xml xml, Table t) {
    xml.element("transitGatewayRouteTableId", t.id)
        .element("transitGatewayId", t.gatewayId)
        .element("state", t.state)
        .element("defaultAssociationRouteTable", t.defaultAssociation)
        .element("defaultPropagationRouteTable", t.defaultPropagation)
        .element("creationTime", "2026-11-30T00:00:00.000Z")
        .open("tagSet")
        .close("tagSet");
  }

  /** As the AWS CLI's example of describe-transit-gateway-attachments shows one. */
  private void attachmentOf(Xml xml, TransitGateways.Attachment a) {
    xml.element("transitGatewayAttachmentId", a.id)
        .element("transitGatewayId", a.gatewayId)
        .element("transitGatewayOwnerId", tgw.account())
        .element("resourceOwnerId", tgw.account())
        .element("resourceType", "vpc")
        .element("resourceId", a.vpcId)
        .element("state", "available");
    tgw.associationOf(a.id)
        .ifPresent(
            table ->
                xml.open("association")
                    .element("transitGatewayRouteTableId", table)
                    .element("state", "associated")
                    .close("association"));
    xml.element("creationTime", "2026-11-30T00:00:00.000Z").open("tagSet").close("tagSet");
  }

  private void attachment(Xml xml, Map.Entry<String, String> a) {
    xml.element("transitGatewayAttachmentId", a.getKey())
        .element("resourceId", tgw.vpcOf(a.getKey()))
        .element("resourceType", "vpc")
        .element("state", a.getValue());
  }

  private String changed(
      QueryRequest r,
      String requestId,
      String element,
      String table,
      String attachment,
      String state) {
    return new Xml()
        .open(r.action() + "Response", NS)
        .element("requestId", requestId)
        .open(element)
        .element("transitGatewayRouteTableId", table)
        .element("transitGatewayAttachmentId", attachment)
        .element("resourceId", tgw.vpcOf(attachment))
        .element("resourceType", "vpc")
        .element("state", state)
        .close(element)
        .close(r.action() + "Response")
        .toString();
  }

  private <T> String list(
      QueryRequest r,
      String requestId,
      String set,
      List<T> items,
      java.util.function.BiConsumer<Xml, T> render) {
    return Xml.page(
        r.action() + "Response",
        requestId,
        set,
        Page.of(items, r, 5, 1000, pageCap.getAsInt()),
        render);
  }

  private Table table(QueryRequest r) {
    return tgw.existing(required(r, "TransitGatewayRouteTableId"));
  }

  private static boolean match(QueryRequest r, String filter, String value) {
    List<String> values = r.filters().get(filter);
    return values == null || values.contains(value);
  }

  private static String required(QueryRequest r, String key) {
    return r.get(key)
        .orElseThrow(
            () ->
                new AwsError(
                    400, "MissingParameter", "The request must contain the parameter " + key));
  }
}
