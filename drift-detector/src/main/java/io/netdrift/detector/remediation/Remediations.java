package io.netdrift.detector.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.GenericDocuments;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.Remediation;
import io.netdrift.detector.model.Repair;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI commands that restore an approved state, built from the structured values of a drift:
 * a security group rule, a NACL entry, a route, an IP set. Where one call cannot restore it (a WAF
 * web ACL is replaced whole, under a lock token), the remediation says what to do and is marked as
 * not exact. Out-of-band changes are never repaired by a plain {@code cdk deploy}: CloudFormation
 * applies template changes only.
 */
public final class Remediations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String> ROUTE_TARGET_FLAGS =
      Map.of(
          "NatGatewayId", "--nat-gateway-id",
          "TransitGatewayId", "--transit-gateway-id",
          "VpcPeeringConnectionId", "--vpc-peering-connection-id",
          "NetworkInterfaceId", "--network-interface-id",
          "InstanceId", "--instance-id",
          "EgressOnlyInternetGatewayId", "--egress-only-internet-gateway-id",
          "CarrierGatewayId", "--carrier-gateway-id",
          "LocalGatewayId", "--local-gateway-id");

  private Remediations() {}

  /**
   * The remediation of {@code finding}, in {@code region}: the commands its {@link Repair} calls
   * for, or, where it names none, what the kind of finding calls for.
   */
  public static Remediation of(Finding finding, String region) {
    Remediation specific = of(finding.repair());
    return (specific.isEmpty() ? fallback(finding) : specific).inRegion(region);
  }

  /** The commands {@code repair} calls for; empty where it names none. */
  static Remediation of(Repair repair) {
    if (repair instanceof Repair.Rule r) {
      return switch (r.action()) {
        case AUTHORIZE -> authorize(r.groupId(), r.approved());
        case REVOKE -> revoke(r.groupId(), r.live());
        case REPLACE -> replace(r.groupId(), r.approved(), r.live());
        case DESCRIBE -> describe(r.groupId(), r.approved());
      };
    }
    if (repair instanceof Repair.Document d) {
      return document(
          d.type(), d.physicalId(), d.path(), d.pointer(), d.approvedDocument(), d.liveDocument());
    }
    if (repair instanceof Repair.Manual m) {
      return Remediation.manual(m.note(), m.commands().toArray(String[]::new));
    }
    return Remediation.NONE;
  }

  private static Remediation fallback(Finding f) {
    String deploy = "cdk deploy --app cdk.out " + f.stack();
    if (f.kind() == FindingKind.NOT_DEPLOYED || f.kind() == FindingKind.UNAPPROVED_DEPLOYMENT) {
      return Remediation.exact(deploy);
    }
    if (f.kind() == FindingKind.MISSING && f.property().isEmpty()) {
      return Remediation.manual(
          "CloudFormation still lists the deleted resource, so a plain deploy changes nothing:"
              + " remove the resource from the stack and add it back in two reviewed deploys, or"
              + " recreate it by hand and import it (cdk import)",
          deploy);
    }
    if (f.kind() == FindingKind.UNMANAGED && f.property().isEmpty()) {
      String delete = deleteCommand(f.resourceType(), f.physicalId());
      return delete.isEmpty()
          ? Remediation.manual("delete " + f.physicalId() + " once nothing depends on it")
          : Remediation.manual("check that nothing depends on it first", delete);
    }
    return Remediation.manual(
        "set "
            + f.property()
            + " back to "
            + (f.approved().isEmpty() ? "(absent)" : f.approved())
            + "; a plain cdk deploy does not repair an out-of-band change");
  }

  private static String deleteCommand(String type, String id) {
    return switch (type) {
      case "AWS::EC2::SecurityGroup" -> "aws ec2 delete-security-group --group-id " + id;
      case "AWS::EC2::NetworkAcl" -> "aws ec2 delete-network-acl --network-acl-id " + id;
      case "AWS::EC2::RouteTable" -> "aws ec2 delete-route-table --route-table-id " + id;
      case "AWS::EC2::VPCEndpoint" -> "aws ec2 delete-vpc-endpoints --vpc-endpoint-ids " + id;
      case "AWS::Route53Resolver::FirewallRuleGroupAssociation" ->
          "aws route53resolver disassociate-firewall-rule-group"
              + " --firewall-rule-group-association-id "
              + id;
      case "AWS::EC2::VPCPeeringConnection" ->
          "aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id " + id;
      case "AWS::EC2::TransitGatewayVpcAttachment" ->
          "aws ec2 delete-transit-gateway-vpc-attachment --transit-gateway-attachment-id " + id;
      case "AWS::EC2::TransitGatewayRouteTable" ->
          "aws ec2 delete-transit-gateway-route-table --transit-gateway-route-table-id " + id;
      case "AWS::EC2::Subnet" -> "aws ec2 delete-subnet --subnet-id " + id;
      default -> "";
    };
  }

  // --- security groups ---

  /** Removes a live rule no template declares. */
  public static Remediation revoke(String groupId, SecurityGroupRule rule) {
    return Remediation.exact(ruleCommand("revoke", groupId, rule, false));
  }

  /** Puts an approved rule back. */
  public static Remediation authorize(String groupId, SecurityGroupRule rule) {
    return Remediation.exact(ruleCommand("authorize", groupId, rule, true));
  }

  /** Replaces an edited rule with the approved one: the approved rule first, so nothing breaks. */
  public static Remediation replace(
      String groupId, SecurityGroupRule approved, SecurityGroupRule live) {
    return Remediation.exact(
        ruleCommand("authorize", groupId, approved, true),
        ruleCommand("revoke", groupId, live, false));
  }

  /** Puts an approved rule description back. */
  public static Remediation describe(String groupId, SecurityGroupRule approved) {
    return Remediation.exact(
        "aws ec2 update-security-group-rule-descriptions-"
            + approved.direction().label()
            + " --group-id "
            + groupId
            + " --ip-permissions '"
            + ipPermissions(approved, true)
            + "'");
  }

  private static String ruleCommand(
      String verb, String groupId, SecurityGroupRule rule, boolean withDescription) {
    return "aws ec2 "
        + verb
        + "-security-group-"
        + rule.direction().label()
        + " --group-id "
        + groupId
        + " --ip-permissions '"
        + ipPermissions(rule, withDescription)
        + "'";
  }

  /** The rule as the EC2 API's IpPermissions JSON. */
  public static String ipPermissions(SecurityGroupRule rule, boolean withDescription) {
    ObjectNode p = JSON.createObjectNode();
    p.put("IpProtocol", rule.protocol().equals(IpProtocol.ALL) ? "-1" : rule.protocol().toString());
    if (rule.protocol().hasPorts() || rule.protocol().isIcmp()) {
      p.put("FromPort", rule.ports().from());
      p.put("ToPort", rule.ports().to());
    }
    ObjectNode peer;
    String description = withDescription ? rule.description() : "";
    if (rule.peer() instanceof Peer.CidrPeer c) {
      peer =
          p.putArray(c.cidr().ipv6() ? "Ipv6Ranges" : "IpRanges")
              .addObject()
              .put(c.cidr().ipv6() ? "CidrIpv6" : "CidrIp", c.cidr().block());
    } else if (rule.peer() instanceof Peer.PrefixListPeer pl) {
      peer = p.putArray("PrefixListIds").addObject().put("PrefixListId", pl.prefixListId());
    } else {
      peer =
          p.putArray("UserIdGroupPairs")
              .addObject()
              .put("GroupId", ((Peer.GroupPeer) rule.peer()).groupId());
    }
    if (!description.isEmpty()) {
      peer.put("Description", description);
    }
    ArrayNode list = JSON.createArrayNode().add(p);
    return list.toString().replace("'", "'\\''");
  }

  // --- documents: NACL entries, routes, IP sets, firewall settings ---

  /**
   * The remediation of one change in a canonical document; {@code pointer} is where it is, {@code
   * approvedDoc}/{@code liveDoc} the whole documents.
   */
  public static Remediation document(
      String type,
      String physicalId,
      String path,
      String pointer,
      JsonNode approvedDoc,
      JsonNode liveDoc) {
    return switch (type) {
      case "AWS::EC2::NetworkAcl" -> networkAcl(physicalId, pointer, approvedDoc, liveDoc);
      case "AWS::EC2::RouteTable" -> route(physicalId, pointer, approvedDoc, liveDoc);
      case "AWS::EC2::TransitGatewayRouteTable" ->
          transitGatewayRouteTable(physicalId, pointer, approvedDoc, liveDoc);
      case "AWS::WAFv2::IPSet" -> ipSet(physicalId, approvedDoc);
      case "AWS::EC2::PrefixList" -> prefixList(physicalId, path, approvedDoc, liveDoc);
      case "AWS::EC2::VPC" -> vpcBlock(physicalId, pointer, approvedDoc);
      case "AWS::WAFv2::WebACL", "AWS::WAFv2::RuleGroup" -> wafManual(type, physicalId, path);
      case "AWS::NetworkFirewall::Firewall" -> firewall(physicalId, path, approvedDoc);
      case "AWS::NetworkFirewall::RuleGroup" ->
          Remediation.manual(
              "restore "
                  + path
                  + " as approved and send update-network-firewall rule group with the"
                  + " UpdateToken the describe call answers",
              "aws network-firewall describe-rule-group --rule-group-arn " + physicalId);
      case "AWS::NetworkFirewall::FirewallPolicy" ->
          Remediation.manual(
              "restore "
                  + path
                  + " as approved and send update-firewall-policy with the UpdateToken the"
                  + " describe call answers",
              "aws network-firewall describe-firewall-policy --firewall-policy-arn " + physicalId);
      default ->
          EmbeddedDocuments.TYPES.contains(type)
              ? embedded(type, physicalId, path, approvedDoc)
              : GenericDocuments.isGeneric(type)
                  ? generic(type, physicalId, pointer, approvedDoc)
                  : Remediation.NONE;
    };
  }

  /**
   * A block associated by hand is disassociated (EC2 refuses while a subnet uses it). An approved
   * block put back by hand is another association, which CloudFormation does not know: the stack
   * must recreate its own.
   */
  private static Remediation vpcBlock(String vpcId, String pointer, JsonNode approvedDoc) {
    String[] at = pointer.split("/", 3);
    if (at.length < 3 || !at[1].endsWith("CidrBlocks")) {
      return Remediation.NONE;
    }
    String association = at[2].replace("~1", "/").replace("~0", "~");
    JsonNode approved = approvedDoc.path(at[1]).get(association);
    if (approved == null) {
      return Remediation.manual(
          "check that no subnet uses the block first",
          "aws ec2 disassociate-vpc-cidr-block --association-id " + association);
    }
    return Remediation.manual(
        "an approved block put back by hand is a new association CloudFormation does not know:"
            + " remove its AWS::EC2::VPCCidrBlock from the stack and add it back in two reviewed"
            + " deploys",
        "aws ec2 describe-vpcs --vpc-ids " + vpcId);
  }

  /**
   * A prefix list's entry put back: a block added by hand removed, an approved one added again with
   * its description, at the list's current version. A description alone is changed by hand.
   */
  private static Remediation prefixList(
      String physicalId, String path, JsonNode approvedDoc, JsonNode liveDoc) {
    if (!path.startsWith("Entries[") || !path.endsWith("]")) {
      return Remediation.manual(
          "restore " + path + " as approved, or redeploy the stack with cdk deploy",
          "aws ec2 get-managed-prefix-list-entries --prefix-list-id " + physicalId);
    }
    String block = path.substring("Entries[".length(), path.length() - 1);
    JsonNode approved = approvedDoc.path("Entries").get(block);
    ArrayNode entries = JSON.createArrayNode();
    ObjectNode entry = entries.addObject().put("Cidr", block);
    if (approved != null && approved.hasNonNull("Description")) {
      entry.put("Description", approved.get("Description").asText());
    }
    String change =
        (approved == null ? " --remove-entries '" : " --add-entries '")
            + entries.toString().replace("'", "'\\''")
            + "'";
    return Remediation.exact(
        "aws ec2 modify-managed-prefix-list --prefix-list-id "
            + physicalId
            + change
            + " --current-version \"$(aws ec2 describe-managed-prefix-lists --prefix-list-ids "
            + physicalId
            + " --query 'PrefixLists[0].Version' --output text)\"");
  }

  /**
   * A property of a type compared generically, put back through Cloud Control with a JSON Patch of
   * the approved value (or its removal, where the template leaves it to its default).
   */
  private static Remediation generic(
      String type, String physicalId, String pointer, JsonNode approvedDoc) {
    JsonNode approved = approvedDoc.at(pointer);
    com.fasterxml.jackson.databind.node.ObjectNode op =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    op.put("op", approved.isMissingNode() ? "remove" : "add").put("path", pointer);
    if (!approved.isMissingNode()) {
      op.set("value", approved);
    }
    return Remediation.manual(
        "a generic comparison: Cloud Control applies the patch unless the property can only be"
            + " set when the resource is created; then redeploy the stack with cdk deploy",
        "aws cloudcontrol update-resource --type-name "
            + type
            + " --identifier "
            + physicalId
            + " --patch-document '["
            + op.toString().replace("'", "'\\''")
            + "]'");
  }

  /** The network settings of an application resource, put back with its own service's call. */
  private static Remediation embedded(
      String type, String physicalId, String path, JsonNode approvedDoc) {
    String groups = words(approvedDoc.path("SecurityGroups"));
    String subnets = words(approvedDoc.path("Subnets"));
    return switch (type + "." + path) {
      case EmbeddedDocuments.RDS_INSTANCE + ".PubliclyAccessible" ->
          Remediation.exact(
              "aws rds modify-db-instance --db-instance-identifier "
                  + physicalId
                  + (approvedDoc.path("PubliclyAccessible").asBoolean()
                      ? " --publicly-accessible"
                      : " --no-publicly-accessible")
                  + " --apply-immediately");
      case EmbeddedDocuments.RDS_INSTANCE + ".SecurityGroups" ->
          Remediation.exact(
              "aws rds modify-db-instance --db-instance-identifier "
                  + physicalId
                  + " --vpc-security-group-ids "
                  + groups
                  + " --apply-immediately");
      case EmbeddedDocuments.RDS_CLUSTER + ".SecurityGroups" ->
          Remediation.exact(
              "aws rds modify-db-cluster --db-cluster-identifier "
                  + physicalId
                  + " --vpc-security-group-ids "
                  + groups
                  + " --apply-immediately");
      case EmbeddedDocuments.LAMBDA_FUNCTION + ".SecurityGroups",
          EmbeddedDocuments.LAMBDA_FUNCTION + ".Subnets" ->
          Remediation.exact(
              "aws lambda update-function-configuration --function-name "
                  + physicalId
                  + " --vpc-config SubnetIds="
                  + subnets.replace(' ', ',')
                  + ",SecurityGroupIds="
                  + groups.replace(' ', ','));
      case EmbeddedDocuments.ECS_SERVICE + ".SecurityGroups",
          EmbeddedDocuments.ECS_SERVICE + ".Subnets",
          EmbeddedDocuments.ECS_SERVICE + ".AssignPublicIp" -> {
        String[] id = EmbeddedDocuments.identifier(type, physicalId).split("\\|");
        yield Remediation.exact(
            "aws ecs update-service"
                + (id.length == 2 ? " --cluster " + id[1] : "")
                + " --service "
                + physicalId
                + " --network-configuration 'awsvpcConfiguration={subnets=["
                + subnets.replace(' ', ',')
                + "],securityGroups=["
                + groups.replace(' ', ',')
                + "],assignPublicIp="
                + approvedDoc.path("AssignPublicIp").asText()
                + "}'");
      }
      case EmbeddedDocuments.LOAD_BALANCER + ".SecurityGroups" ->
          Remediation.exact(
              "aws elbv2 set-security-groups --load-balancer-arn "
                  + physicalId
                  + " --security-groups "
                  + groups);
      case EmbeddedDocuments.LOAD_BALANCER + ".Subnets" ->
          Remediation.exact(
              "aws elbv2 set-subnets --load-balancer-arn " + physicalId + " --subnets " + subnets);
      case EmbeddedDocuments.LISTENER + ".Port", EmbeddedDocuments.LISTENER + ".Protocol" ->
          Remediation.exact(
              "aws elbv2 modify-listener --listener-arn "
                  + physicalId
                  + " --port "
                  + approvedDoc.path("Port").asText()
                  + (approvedDoc.has("Protocol")
                      ? " --protocol " + approvedDoc.path("Protocol").asText()
                      : ""));
      case EmbeddedDocuments.CACHE_CLUSTER + ".SecurityGroups" ->
          Remediation.exact(
              "aws elasticache modify-cache-cluster --cache-cluster-id "
                  + physicalId
                  + " --security-group-ids "
                  + groups
                  + " --apply-immediately");
      case EmbeddedDocuments.CACHE_REPLICATION_GROUP + ".SecurityGroups" ->
          Remediation.exact(
              "aws elasticache modify-replication-group --replication-group-id "
                  + physicalId
                  + " --security-group-ids "
                  + groups
                  + " --apply-immediately");
      default ->
          Remediation.manual(
              "a load balancer's scheme cannot change in place: delete the changed one and run"
                  + " cdk deploy, or restore "
                  + path
                  + " as approved by hand");
    };
  }

  /** Values of a JSON list, space separated, as the AWS CLI takes a list. */
  private static String words(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(v -> out.add(v.asText()));
    return String.join(" ", out);
  }

  private static Remediation networkAcl(
      String aclId, String pointer, JsonNode approvedDoc, JsonNode liveDoc) {
    if (pointer.startsWith("/Subnets")) {
      return Remediation.manual(
          "find the subnet's current association id, then point it back at " + aclId,
          "aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=<subnet-id>",
          "aws ec2 replace-network-acl-association --association-id <association-id>"
              + " --network-acl-id "
              + aclId);
    }
    if (!pointer.startsWith("/Entries/")) {
      return Remediation.NONE;
    }
    String key = pointer.split("/", 4)[2];
    String[] parts = key.split(" ");
    String direction = parts[0].equals("egress") ? "--egress" : "--ingress";
    String number = parts[1];
    JsonNode approved = approvedDoc.at("/Entries/" + key);
    JsonNode live = liveDoc.at("/Entries/" + key);
    String target = " --network-acl-id " + aclId + " --rule-number " + number + " " + direction;
    if (approved.isMissingNode()) {
      return Remediation.exact("aws ec2 delete-network-acl-entry" + target);
    }
    String verb = live.isMissingNode() ? "create" : "replace";
    StringBuilder command = new StringBuilder("aws ec2 " + verb + "-network-acl-entry" + target);
    IpProtocol protocol = IpProtocol.parse(approved.path("Protocol").asText("all"));
    command.append(" --protocol ").append(protocol.number());
    command.append(" --rule-action ").append(approved.path("RuleAction").asText());
    if (approved.hasNonNull("CidrBlock")) {
      command.append(" --cidr-block ").append(approved.get("CidrBlock").asText());
    }
    if (approved.hasNonNull("Ipv6CidrBlock")) {
      command.append(" --ipv6-cidr-block ").append(approved.get("Ipv6CidrBlock").asText());
    }
    if (approved.has("PortRange")) {
      command
          .append(" --port-range From=")
          .append(approved.at("/PortRange/From").asInt())
          .append(",To=")
          .append(approved.at("/PortRange/To").asInt());
    }
    if (approved.has("IcmpTypeCode")) {
      command
          .append(" --icmp-type-code Type=")
          .append(approved.at("/IcmpTypeCode/Type").asInt())
          .append(",Code=")
          .append(approved.at("/IcmpTypeCode/Code").asInt());
    }
    return Remediation.exact(command.toString());
  }

  private static Remediation route(
      String tableId, String pointer, JsonNode approvedDoc, JsonNode liveDoc) {
    if (!pointer.startsWith("/Routes/")) {
      return pointer.startsWith("/Subnets")
          ? Remediation.manual(
              "find the subnet's current association id, then point it back at " + tableId,
              "aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<subnet-id>",
              "aws ec2 replace-route-table-association --association-id <association-id>"
                  + " --route-table-id "
                  + tableId)
          : Remediation.NONE;
    }
    String key = pointer.split("/", 4)[2].replace("~1", "/");
    JsonNode approved = approvedDoc.at("/Routes/" + key.replace("/", "~1"));
    JsonNode live = liveDoc.at("/Routes/" + key.replace("/", "~1"));
    String destination =
        key.startsWith("pl-")
            ? " --destination-prefix-list-id " + key
            : key.contains(":")
                ? " --destination-ipv6-cidr-block " + key
                : " --destination-cidr-block " + key;
    String target = " --route-table-id " + tableId + destination;
    if (approved.isMissingNode()) {
      return Remediation.exact("aws ec2 delete-route" + target);
    }
    List<String> flags = new ArrayList<>();
    approved
        .fields()
        .forEachRemaining(
            e -> {
              String value = e.getValue().asText();
              String flag =
                  e.getKey().equals("GatewayId")
                      ? value.startsWith("vpce-") ? "--vpc-endpoint-id" : "--gateway-id"
                      : ROUTE_TARGET_FLAGS.getOrDefault(e.getKey(), "--gateway-id");
              flags.add(" " + flag + " " + value);
            });
    String verb = live.isMissingNode() ? "create-route" : "replace-route";
    return Remediation.exact("aws ec2 " + verb + target + String.join("", flags));
  }

  /**
   * A Transit Gateway route table put back one part at a time: a propagation or association added
   * by hand taken away, an approved one made again, a static route deleted, created or replaced. An
   * attachment is associated with one table at most: one associated elsewhere by hand is taken from
   * there first (that table's finding says so).
   */
  private static Remediation transitGatewayRouteTable(
      String tableId, String pointer, JsonNode approvedDoc, JsonNode liveDoc) {
    String[] at = pointer.split("/", 3);
    if (at.length < 3) {
      return Remediation.manual(
          "a route table cannot move to another Transit Gateway: redeploy the stack with cdk"
              + " deploy",
          "aws ec2 describe-transit-gateway-route-tables --transit-gateway-route-table-ids "
              + tableId);
    }
    String key = at[2].replace("~1", "/");
    boolean approved = !approvedDoc.at(pointer).isMissingNode();
    String table = " --transit-gateway-route-table-id " + tableId;
    return switch (at[1]) {
      case "Propagations" ->
          Remediation.exact(
              "aws ec2 "
                  + (approved ? "enable" : "disable")
                  + "-transit-gateway-route-table-propagation"
                  + table
                  + " --transit-gateway-attachment-id "
                  + key);
      case "Associations" ->
          Remediation.exact(
              "aws ec2 "
                  + (approved ? "associate" : "disassociate")
                  + "-transit-gateway-route-table"
                  + table
                  + " --transit-gateway-attachment-id "
                  + key);
      case "Routes" -> {
        String route = table + " --destination-cidr-block " + key;
        if (!approved) {
          yield Remediation.exact("aws ec2 delete-transit-gateway-route" + route);
        }
        JsonNode target = approvedDoc.at(pointer);
        String to =
            target.path("Blackhole").asBoolean()
                ? " --blackhole"
                : " --transit-gateway-attachment-id "
                    + target.path("TransitGatewayAttachmentId").asText();
        boolean live = !liveDoc.at(pointer).isMissingNode();
        yield Remediation.exact(
            "aws ec2 " + (live ? "replace" : "create") + "-transit-gateway-route" + route + to);
      }
      default -> Remediation.NONE;
    };
  }

  private static Remediation ipSet(String physicalId, JsonNode approvedDoc) {
    String[] id = physicalId.split("\\|");
    if (id.length != 3) {
      return Remediation.NONE;
    }
    String which = " --name " + id[0] + " --id " + id[1] + " --scope " + id[2];
    List<String> addresses = new ArrayList<>();
    approvedDoc.path("Addresses").forEach(a -> addresses.add(a.asText()));
    return Remediation.exact(
        "aws wafv2 update-ip-set"
            + which
            + " --addresses "
            + (addresses.isEmpty() ? "[]" : String.join(" ", addresses))
            + " --lock-token \"$(aws wafv2 get-ip-set"
            + which
            + " --query LockToken --output text)\"");
  }

  private static Remediation wafManual(String type, String physicalId, String path) {
    String[] id = physicalId.split("\\|");
    String get =
        id.length == 3
            ? "aws wafv2 get-"
                + (type.endsWith("WebACL") ? "web-acl" : "rule-group")
                + " --name "
                + id[0]
                + " --id "
                + id[1]
                + " --scope "
                + id[2]
            : "aws wafv2 list-web-acls --scope REGIONAL";
    return Remediation.manual(
        "WAF replaces a web ACL whole: restore "
            + path
            + " as approved in what the get call answers and send it back with update-"
            + (type.endsWith("WebACL") ? "web-acl" : "rule-group")
            + " and its LockToken",
        get);
  }

  private static Remediation firewall(String arn, String path, JsonNode approvedDoc) {
    String flag =
        switch (path) {
          case "DeleteProtection" -> "update-firewall-delete-protection --delete-protection";
          case "SubnetChangeProtection" ->
              "update-subnet-change-protection --subnet-change-protection";
          case "FirewallPolicyChangeProtection" ->
              "update-firewall-policy-change-protection --firewall-policy-change-protection";
          default -> "";
        };
    if (flag.isEmpty()) {
      return Remediation.NONE;
    }
    boolean on = approvedDoc.path(path).asBoolean();
    String[] words = flag.split(" ");
    String value = on ? words[1] : words[1].replace("--", "--no-");
    return Remediation.exact(
        "aws network-firewall " + words[0] + " --firewall-arn " + arn + " " + value);
  }
}
