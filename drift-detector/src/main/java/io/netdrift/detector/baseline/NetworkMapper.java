package io.netdrift.detector.baseline;

import static io.netdrift.detector.model.NetworkDocuments.FLOW_LOG;
import static io.netdrift.detector.model.NetworkDocuments.INTERNET_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NAT_GATEWAY;
import static io.netdrift.detector.model.NetworkDocuments.NETWORK_ACL;
import static io.netdrift.detector.model.NetworkDocuments.SUBNET;
import static io.netdrift.detector.model.NetworkDocuments.VPC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.live.DeployedStack;
import io.netdrift.detector.model.Canonical;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the EC2 network resources of a template onto canonical documents: VPCs, subnets, network
 * ACLs with their entries and subnet associations, internet gateways with their attachments, NAT
 * gateways and flow logs. Child resources (entries, associations, attachments) fold into their
 * parent, matched through the parent id they name, as their own physical ids are CloudFormation's.
 */
final class NetworkMapper {
  /** Resource types this mapper consumes, parents and children. */
  static final Set<String> TYPES =
      Set.of(
          VPC,
          SUBNET,
          NETWORK_ACL,
          "AWS::EC2::NetworkAclEntry",
          "AWS::EC2::SubnetNetworkAclAssociation",
          INTERNET_GATEWAY,
          "AWS::EC2::VPCGatewayAttachment",
          NAT_GATEWAY,
          "AWS::EC2::EIP",
          FLOW_LOG,
          "Custom::VpcRestrictDefaultSG");

  private final StackTemplate stack;
  private final DeployedStack deployed;
  private final TemplateResolver resolver;
  private final List<String> problems;
  private final List<String> notDeployed;

  NetworkMapper(
      StackTemplate stack,
      DeployedStack deployed,
      TemplateResolver resolver,
      List<String> problems,
      List<String> notDeployed) {
    this.stack = stack;
    this.deployed = deployed;
    this.resolver = resolver;
    this.problems = problems;
    this.notDeployed = notDeployed;
  }

  /** The approved documents by physical id, and the VPCs whose default group must stay empty. */
  record Result(Map<String, ManagedDocument> documents, Set<String> lockedDefaultGroupVpcs) {}

  Result map() {
    Map<String, ManagedDocument> documents = new LinkedHashMap<>();
    Map<String, NaclDraft> nacls = new LinkedHashMap<>();
    Map<String, IgwDraft> igws = new LinkedHashMap<>();
    Set<String> locked = new java.util.TreeSet<>();
    for (Map.Entry<String, JsonNode> r :
        resources(VPC, SUBNET, NETWORK_ACL, INTERNET_GATEWAY, NAT_GATEWAY, FLOW_LOG)) {
      String logicalId = r.getKey();
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + logicalId + "/Properties";
      String physical = deployed.physicalId(logicalId).orElse(null);
      if (physical == null) {
        notDeployed.add(logicalId);
        continue;
      }
      try {
        JsonNode p = r.getValue().path("Properties");
        switch (type) {
          case VPC ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.vpc(subset(p, pointer, "CidrBlock", "InstanceTenancy")),
                  Set.of());
          case SUBNET ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.subnet(
                      subset(
                          p,
                          pointer,
                          "VpcId",
                          "CidrBlock",
                          "AvailabilityZone",
                          "MapPublicIpOnLaunch")),
                  Set.of());
          case NETWORK_ACL ->
              nacls.put(
                  physical,
                  new NaclDraft(logicalId, resolver.text(p.path("VpcId"), pointer + "/VpcId")));
          case INTERNET_GATEWAY -> igws.put(physical, new IgwDraft(logicalId));
          case NAT_GATEWAY ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.natGateway(subset(p, pointer, "SubnetId", "ConnectivityType")),
                  Set.of());
          default ->
              put(
                  documents,
                  logicalId,
                  type,
                  physical,
                  NetworkDocuments.flowLog(
                      subset(
                          p,
                          pointer,
                          "ResourceId",
                          "TrafficType",
                          "LogDestinationType",
                          "LogGroupName",
                          "LogDestination",
                          "MaxAggregationInterval")),
                  Set.of());
        }
      } catch (UnresolvedValueException e) {
        problems.add(stack.file() + "#" + e.pointer() + ": " + e.reason());
      } catch (IllegalArgumentException e) {
        problems.add(stack.file() + "#" + pointer + ": " + e.getMessage());
      }
    }
    for (Map.Entry<String, JsonNode> r :
        resources(
            "AWS::EC2::NetworkAclEntry",
            "AWS::EC2::SubnetNetworkAclAssociation",
            "AWS::EC2::VPCGatewayAttachment",
            "Custom::VpcRestrictDefaultSG")) {
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + r.getKey() + "/Properties";
      JsonNode p = r.getValue().path("Properties");
      try {
        switch (type) {
          case "AWS::EC2::NetworkAclEntry" ->
              naclOf(nacls, p, pointer)
                  .entries
                  .add(
                      subset(
                          p,
                          pointer,
                          "RuleNumber",
                          "Egress",
                          "Protocol",
                          "RuleAction",
                          "CidrBlock",
                          "Ipv6CidrBlock",
                          "PortRange",
                          "Icmp"));
          case "AWS::EC2::SubnetNetworkAclAssociation" ->
              naclOf(nacls, p, pointer)
                  .subnets
                  .add(resolver.text(p.path("SubnetId"), pointer + "/SubnetId"));
          case "AWS::EC2::VPCGatewayAttachment" -> {
            if (p.has("InternetGatewayId")) {
              String igw =
                  resolver.text(p.path("InternetGatewayId"), pointer + "/InternetGatewayId");
              IgwDraft draft = igws.get(igw);
              if (draft == null) {
                problems.add(
                    stack.file()
                        + "#"
                        + pointer
                        + ": attaches "
                        + igw
                        + ", which this stack does not manage; not checked yet");
              } else {
                draft.vpcs.add(resolver.text(p.path("VpcId"), pointer + "/VpcId"));
              }
            }
          }
          default -> {
            // CDK's custom resource strips the rules of the VPC's default group: expect it empty.
            JsonNode getAtt = p.path("DefaultSecurityGroupId").path("Fn::GetAtt");
            String vpcLogicalId = getAtt.path(0).asText();
            String vpc =
                deployed
                    .physicalId(vpcLogicalId)
                    .orElseThrow(
                        () ->
                            new UnresolvedValueException(
                                pointer + "/DefaultSecurityGroupId",
                                "not the default group of a VPC in this stack"));
            locked.add(vpc);
          }
        }
      } catch (UnresolvedValueException e) {
        problems.add(stack.file() + "#" + e.pointer() + ": " + e.reason());
      } catch (IllegalArgumentException e) {
        problems.add(stack.file() + "#" + pointer + ": " + e.getMessage());
      }
    }
    nacls.forEach(
        (physical, d) ->
            put(
                documents,
                d.logicalId,
                NETWORK_ACL,
                physical,
                NetworkDocuments.networkAcl(d.vpcId, d.entries, d.subnets),
                NetworkDocuments.NACL_COLLECTIONS));
    igws.forEach(
        (physical, d) ->
            put(
                documents,
                d.logicalId,
                INTERNET_GATEWAY,
                physical,
                NetworkDocuments.internetGateway(d.vpcs),
                Set.of("/Attachments")));
    return new Result(documents, locked);
  }

  private NaclDraft naclOf(Map<String, NaclDraft> nacls, JsonNode p, String pointer) {
    String acl = resolver.text(p.path("NetworkAclId"), pointer + "/NetworkAclId");
    NaclDraft draft = nacls.get(acl);
    if (draft == null) {
      throw new UnresolvedValueException(
          pointer + "/NetworkAclId",
          "network ACL "
              + acl
              + " is not managed by this stack; cross-stack entries are not checked yet");
    }
    return draft;
  }

  /**
   * Only the named properties, resolved: a property the comparison does not use is never resolved.
   */
  private ObjectNode subset(JsonNode properties, String pointer, String... keys) {
    ObjectNode out = Canonical.object();
    for (String key : keys) {
      if (properties.has(key)) {
        JsonNode value = resolver.resolve(properties.get(key), pointer + "/" + key);
        if (value != null && !value.isNull()) {
          out.set(key, value);
        }
      }
    }
    return out;
  }

  private static void put(
      Map<String, ManagedDocument> documents,
      String logicalId,
      String type,
      String physical,
      ObjectNode doc,
      Set<String> collections) {
    documents.put(
        physical,
        new ManagedDocument(logicalId, new ResourceDocument(type, physical, doc, collections)));
  }

  private List<Map.Entry<String, JsonNode>> resources(String... types) {
    Set<String> wanted = Set.of(types);
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stack.template().path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (wanted.contains(r.getValue().path("Type").asText()) && !r.getValue().has("Condition")) {
        out.add(r);
      }
    }
    return out;
  }

  private static final class NaclDraft {
    final String logicalId;
    final String vpcId;
    final List<JsonNode> entries = new ArrayList<>();
    final List<String> subnets = new ArrayList<>();

    NaclDraft(String logicalId, String vpcId) {
      this.logicalId = logicalId;
      this.vpcId = vpcId;
    }
  }

  private static final class IgwDraft {
    final String logicalId;
    final List<String> vpcs = new ArrayList<>();

    IgwDraft(String logicalId) {
      this.logicalId = logicalId;
    }
  }
}
