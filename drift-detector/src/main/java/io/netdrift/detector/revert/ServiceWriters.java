package io.netdrift.detector.revert;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.live.AwsClients;
import io.netdrift.detector.model.Repair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs, through the SDK, the repairs whose printed command is one call of a service other than a
 * group rule, an ACL entry or a route: a Transit Gateway route table's propagation, association or
 * route; a WAF IP set's addresses (with the lock token the get call answers); a firewall's
 * protection settings. Each does what its printed command says, nothing else.
 */
public final class ServiceWriters {
  private static final Set<String> FIREWALL_SETTINGS =
      Set.of("DeleteProtection", "SubnetChangeProtection", "FirewallPolicyChangeProtection");

  private final AwsClients clients;

  public ServiceWriters(AwsClients clients) {
    this.clients = clients;
  }

  /** Whether {@code repair} is one of those these writers put back. */
  public static boolean handles(Repair repair) {
    if (!(repair instanceof Repair.Document d)) {
      return false;
    }
    return switch (d.type()) {
      case "AWS::EC2::TransitGatewayRouteTable" ->
          d.pointer().matches("/(Propagations|Associations|Routes)/.+");
      case "AWS::WAFv2::IPSet" ->
          d.path().equals("Addresses") && d.physicalId().split("\\|").length == 3;
      case "AWS::NetworkFirewall::Firewall" -> FIREWALL_SETTINGS.contains(d.path());
      default -> false;
    };
  }

  /** Applies {@code repair}, one of those {@link #handles} says yes to. */
  public void apply(Repair.Document repair) {
    switch (repair.type()) {
      case "AWS::EC2::TransitGatewayRouteTable" -> transitGatewayRouteTable(repair);
      case "AWS::WAFv2::IPSet" -> ipSet(repair);
      default -> firewall(repair);
    }
  }

  private void transitGatewayRouteTable(Repair.Document repair) {
    String[] at = repair.pointer().split("/", 3);
    String key = at[2].replace("~1", "/");
    JsonNode approved = repair.approvedDocument().at(repair.pointer());
    boolean wanted = !approved.isMissingNode();
    String table = repair.physicalId();
    var ec2 = clients.ec2();
    switch (at[1]) {
      case "Propagations" -> {
        if (wanted) {
          ec2.enableTransitGatewayRouteTablePropagation(
              r -> r.transitGatewayRouteTableId(table).transitGatewayAttachmentId(key));
        } else {
          ec2.disableTransitGatewayRouteTablePropagation(
              r -> r.transitGatewayRouteTableId(table).transitGatewayAttachmentId(key));
        }
      }
      case "Associations" -> {
        if (wanted) {
          ec2.associateTransitGatewayRouteTable(
              r -> r.transitGatewayRouteTableId(table).transitGatewayAttachmentId(key));
        } else {
          ec2.disassociateTransitGatewayRouteTable(
              r -> r.transitGatewayRouteTableId(table).transitGatewayAttachmentId(key));
        }
      }
      default -> {
        if (!wanted) {
          ec2.deleteTransitGatewayRoute(
              r -> r.transitGatewayRouteTableId(table).destinationCidrBlock(key));
          return;
        }
        boolean blackhole = approved.path("Blackhole").asBoolean();
        String attachment = approved.path("TransitGatewayAttachmentId").asText(null);
        if (repair.liveDocument().at(repair.pointer()).isMissingNode()) {
          ec2.createTransitGatewayRoute(
              r ->
                  r.transitGatewayRouteTableId(table)
                      .destinationCidrBlock(key)
                      .blackhole(blackhole ? true : null)
                      .transitGatewayAttachmentId(blackhole ? null : attachment));
        } else {
          ec2.replaceTransitGatewayRoute(
              r ->
                  r.transitGatewayRouteTableId(table)
                      .destinationCidrBlock(key)
                      .blackhole(blackhole ? true : null)
                      .transitGatewayAttachmentId(blackhole ? null : attachment));
        }
      }
    }
  }

  private void ipSet(Repair.Document repair) {
    String[] id = repair.physicalId().split("\\|");
    var waf = id[2].equalsIgnoreCase("CLOUDFRONT") ? clients.wafGlobal() : clients.waf();
    String lockToken =
        waf.getIPSet(r -> r.name(id[0]).id(id[1]).scope(id[2].toUpperCase(java.util.Locale.ROOT)))
            .lockToken();
    List<String> addresses = new ArrayList<>();
    repair.approvedDocument().path("Addresses").forEach(a -> addresses.add(a.asText()));
    waf.updateIPSet(
        r ->
            r.name(id[0])
                .id(id[1])
                .scope(id[2].toUpperCase(java.util.Locale.ROOT))
                .addresses(addresses)
                .lockToken(lockToken));
  }

  private void firewall(Repair.Document repair) {
    boolean on = repair.approvedDocument().path(repair.path()).asBoolean();
    String arn = repair.physicalId();
    var nfw = clients.networkFirewall();
    switch (repair.path()) {
      case "DeleteProtection" ->
          nfw.updateFirewallDeleteProtection(r -> r.firewallArn(arn).deleteProtection(on));
      case "SubnetChangeProtection" ->
          nfw.updateSubnetChangeProtection(r -> r.firewallArn(arn).subnetChangeProtection(on));
      default ->
          nfw.updateFirewallPolicyChangeProtection(
              r -> r.firewallArn(arn).firewallPolicyChangeProtection(on));
    }
  }
}
