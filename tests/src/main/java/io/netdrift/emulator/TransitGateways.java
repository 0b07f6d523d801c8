package io.netdrift.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Transit Gateways as EC2 keeps them: route tables, VPC attachments, which table each attachment is
 * associated with (one at most), which attachments propagate into each table, and static routes (to
 * an attachment, or a blackhole). A gateway created with default association or propagation gets a
 * default route table of its own, and every new attachment is associated with or propagated into
 * it, as EC2 does.
 */
public final class TransitGateways {
  private final Ec2Model ec2;
  final Map<String, Gateway> gateways = new LinkedHashMap<>();
  final Map<String, Table> tables = new LinkedHashMap<>();
  final Map<String, Attachment> attachments = new LinkedHashMap<>();

  TransitGateways(Ec2Model ec2) {
    this.ec2 = ec2;
  }

  /** A gateway, with the default route table it associates and propagates new attachments into. */
  static final class Gateway {
    String id;
    String associationDefault;
    String propagationDefault;
  }

  /** A route table: its associations, propagations (attachment → state) and static routes. */
  static final class Table {
    String id;
    String gatewayId;
    boolean defaultAssociation;
    boolean defaultPropagation;
    String state = "available";
    final Map<String, String> associations = new LinkedHashMap<>();
    final Map<String, String> propagations = new LinkedHashMap<>();

    /** Destination → attachment id, or null for a blackhole. */
    final Map<String, String> routes = new TreeMap<>();
  }

  /** A VPC attachment. */
  static final class Attachment {
    String id;
    String gatewayId;
    String vpcId;
  }

  /**
   * A gateway; {@code defaultTable}, when not null, is its default route table (for association
   * where {@code associate}, for propagation where {@code propagate}).
   */
  synchronized void createGateway(
      String id, String defaultTable, boolean associate, boolean propagate) {
    Gateway gateway = new Gateway();
    gateway.id = id;
    gateways.put(id, gateway);
    if (defaultTable != null && (associate || propagate)) {
      Table table = table(id, defaultTable);
      table.defaultAssociation = associate;
      table.defaultPropagation = propagate;
      gateway.associationDefault = associate ? defaultTable : null;
      gateway.propagationDefault = propagate ? defaultTable : null;
    }
  }

  /** A new route table of {@code gatewayId}. */
  public synchronized String createTable(String gatewayId) {
    return table(gatewayId, ec2.newId("tgw-rtb")).id;
  }

  private Table table(String gatewayId, String id) {
    gateway(gatewayId);
    Table table = new Table();
    table.id = id;
    table.gatewayId = gatewayId;
    tables.put(id, table);
    return table;
  }

  /** A VPC attached, associated and propagated by the gateway's defaults. */
  public synchronized String attach(String gatewayId, String vpcId) {
    Gateway gateway = gateway(gatewayId);
    Attachment attachment = new Attachment();
    attachment.id = ec2.newId("tgw-attach");
    attachment.gatewayId = gatewayId;
    attachment.vpcId = vpcId;
    attachments.put(attachment.id, attachment);
    if (gateway.associationDefault != null) {
      associate(gateway.associationDefault, attachment.id);
    }
    if (gateway.propagationDefault != null) {
      propagate(gateway.propagationDefault, attachment.id, true);
    }
    return attachment.id;
  }

  /** EC2's AssociateTransitGatewayRouteTable: an attachment has one association at most. */
  public synchronized void associate(String tableId, String attachmentId) {
    Table table = existing(tableId);
    attachment(attachmentId);
    for (Table t : tables.values()) {
      if (t.associations.containsKey(attachmentId)) {
        throw new AwsError(
            400,
            "Resource.AlreadyAssociated",
            "Transit Gateway Attachment "
                + attachmentId
                + " is already associated to a route table.");
      }
    }
    table.associations.put(attachmentId, "associated");
  }

  /** EC2's DisassociateTransitGatewayRouteTable. */
  public synchronized void disassociate(String tableId, String attachmentId) {
    if (existing(tableId).associations.remove(attachmentId) == null) {
      throw new AwsError(
          400,
          "InvalidAssociation.NotFound",
          "Association not found for " + attachmentId + " and " + tableId + ".");
    }
  }

  /** EC2's Enable/DisableTransitGatewayRouteTablePropagation. */
  public synchronized void propagate(String tableId, String attachmentId, boolean enable) {
    Table table = existing(tableId);
    attachment(attachmentId);
    if (enable) {
      if (table.propagations.containsKey(attachmentId)) {
        throw new AwsError(
            400,
            "TransitGatewayRouteTablePropagation.Duplicate",
            "Propagation for " + attachmentId + " already exists in " + tableId + ".");
      }
      table.propagations.put(attachmentId, "enabled");
    } else if (table.propagations.remove(attachmentId) == null) {
      throw new AwsError(
          400,
          "InvalidRouteTableID.NotFound",
          "Propagation for " + attachmentId + " not found in " + tableId + ".");
    }
  }

  /**
   * EC2's Create/ReplaceTransitGatewayRoute: {@code attachmentId} null is a blackhole; {@code
   * replace} says whether the route must exist (replace) or must not (create).
   */
  public synchronized void route(
      String tableId, String destination, String attachmentId, boolean replace) {
    Table table = existing(tableId);
    if (attachmentId != null) {
      attachment(attachmentId);
    }
    if (replace != table.routes.containsKey(destination)) {
      throw new AwsError(
          400,
          replace ? "InvalidRoute.NotFound" : "RouteAlreadyExists",
          "Route " + destination + (replace ? " not found in " : " already exists in ") + tableId);
    }
    table.routes.put(destination, attachmentId);
  }

  /** EC2's DeleteTransitGatewayRoute. */
  public synchronized void deleteRoute(String tableId, String destination) {
    Table table = existing(tableId);
    if (!table.routes.containsKey(destination)) {
      throw new AwsError(
          400, "InvalidRoute.NotFound", "Route " + destination + " not found in " + tableId);
    }
    table.routes.remove(destination);
  }

  /** EC2's DeleteTransitGatewayRouteTable: refused while attachments are associated with it. */
  public synchronized void deleteTable(String tableId) {
    Table table = existing(tableId);
    if (!table.associations.isEmpty()) {
      throw new AwsError(
          400,
          "IncorrectState",
          "Transit Gateway Route Table " + tableId + " has associations and cannot be deleted.");
    }
    tables.remove(tableId);
  }

  /** The account the gateways are in. */
  String account() {
    return ec2.account();
  }

  /** The table an attachment is associated with, if any. */
  synchronized java.util.Optional<String> associationOf(String attachmentId) {
    return tables.values().stream()
        .filter(t -> t.associations.containsKey(attachmentId))
        .map(t -> t.id)
        .findFirst();
  }

  /** The VPC an attachment attaches. */
  synchronized String vpcOf(String attachmentId) {
    return attachment(attachmentId).vpcId;
  }

  private Gateway gateway(String id) {
    Gateway gateway = gateways.get(id);
    if (gateway == null) {
      throw new AwsError(
          400,
          "InvalidTransitGatewayID.NotFound",
          "Transit Gateway " + id + " was deleted or does not exist.");
    }
    return gateway;
  }

  Table existing(String id) {
    Table table = tables.get(id);
    if (table == null) {
      throw new AwsError(
          400,
          "InvalidRouteTableID.NotFound",
          "Transit Gateway Route Table " + id + " was deleted or does not exist.");
    }
    return table;
  }

  private Attachment attachment(String id) {
    Attachment attachment = attachments.get(id);
    if (attachment == null) {
      throw new AwsError(
          400,
          "InvalidTransitGatewayAttachmentID.NotFound",
          "Transit Gateway Attachment " + id + " was deleted or does not exist.");
    }
    return attachment;
  }
}
