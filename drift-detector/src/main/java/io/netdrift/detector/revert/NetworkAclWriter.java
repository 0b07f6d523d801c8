package io.netdrift.detector.revert;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Repair;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Runs a network ACL entry's repair through the SDK, as the printed command does: an entry added by
 * hand deleted, an approved one created again, an edited one replaced with the approved one.
 */
public final class NetworkAclWriter {
  private final Ec2Client ec2;

  public NetworkAclWriter(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Whether {@code repair} is an entry of a network ACL, the one part this writer puts back. */
  public static boolean handles(Repair repair) {
    return repair instanceof Repair.Document d
        && d.type().equals("AWS::EC2::NetworkAcl")
        && d.pointer().startsWith("/Entries/");
  }

  /** Applies {@code repair}, one of those {@link #handles} says yes to. */
  public void apply(Repair.Document repair) {
    String key = repair.pointer().split("/", 4)[2];
    String[] parts = key.split(" ");
    boolean egress = parts[0].equals("egress");
    int number = Integer.parseInt(parts[1]);
    JsonNode approved = repair.approvedDocument().at("/Entries/" + key);
    JsonNode live = repair.liveDocument().at("/Entries/" + key);
    String acl = repair.physicalId();
    if (approved.isMissingNode()) {
      ec2.deleteNetworkAclEntry(r -> r.networkAclId(acl).ruleNumber(number).egress(egress));
      return;
    }
    String protocol =
        Integer.toString(IpProtocol.parse(approved.path("Protocol").asText("all")).number());
    String action = approved.path("RuleAction").asText();
    String cidr = approved.path("CidrBlock").asText(null);
    String ipv6 = approved.path("Ipv6CidrBlock").asText(null);
    software.amazon.awssdk.services.ec2.model.PortRange ports =
        approved.has("PortRange")
            ? software.amazon.awssdk.services.ec2.model.PortRange.builder()
                .from(approved.at("/PortRange/From").asInt())
                .to(approved.at("/PortRange/To").asInt())
                .build()
            : null;
    software.amazon.awssdk.services.ec2.model.IcmpTypeCode icmp =
        approved.has("IcmpTypeCode")
            ? software.amazon.awssdk.services.ec2.model.IcmpTypeCode.builder()
                .type(approved.at("/IcmpTypeCode/Type").asInt())
                .code(approved.at("/IcmpTypeCode/Code").asInt())
                .build()
            : null;
    if (live.isMissingNode()) {
      ec2.createNetworkAclEntry(
          r ->
              r.networkAclId(acl)
                  .ruleNumber(number)
                  .egress(egress)
                  .protocol(protocol)
                  .ruleAction(action)
                  .cidrBlock(cidr)
                  .ipv6CidrBlock(ipv6)
                  .portRange(ports)
                  .icmpTypeCode(icmp));
    } else {
      ec2.replaceNetworkAclEntry(
          r ->
              r.networkAclId(acl)
                  .ruleNumber(number)
                  .egress(egress)
                  .protocol(protocol)
                  .ruleAction(action)
                  .cidrBlock(cidr)
                  .ipv6CidrBlock(ipv6)
                  .portRange(ports)
                  .icmpTypeCode(icmp));
    }
  }
}
