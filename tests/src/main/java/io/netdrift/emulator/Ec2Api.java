package io.netdrift.emulator;

import io.netdrift.emulator.Ec2Model.Group;
import io.netdrift.emulator.Ec2Model.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The EC2 Query API (version 2016-11-15) over {@link Ec2Model}: form-encoded requests, XML answers
 * in the EC2 namespace with {@code item} lists, pages through {@code MaxResults}/{@code NextToken}.
 */
final class Ec2Api {
  static final String VERSION = "2016-11-15";
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private final Ec2Model ec2;
  private final IntSupplier pageCap;
  private final Ec2NetworkApi network;
  private final TransitGatewayApi transitGateways;

  Ec2Api(Ec2Model ec2, IntSupplier pageCap) {
    this.ec2 = ec2;
    this.pageCap = pageCap;
    this.network = new Ec2NetworkApi(ec2, pageCap);
    this.transitGateways = new TransitGatewayApi(ec2.transitGateways(), pageCap);
  }

  String handle(QueryRequest request, String requestId) {
    return switch (request.action()) {
      case "DescribeSecurityGroups" -> describeSecurityGroups(request, requestId);
      case "DescribeSecurityGroupRules" -> describeSecurityGroupRules(request, requestId);
      case "AuthorizeSecurityGroupIngress" -> authorize(request, requestId, false);
      case "AuthorizeSecurityGroupEgress" -> authorize(request, requestId, true);
      case "RevokeSecurityGroupIngress" -> revoke(request, requestId, false);
      case "RevokeSecurityGroupEgress" -> revoke(request, requestId, true);
      case "CreateSecurityGroup" -> createSecurityGroup(request, requestId);
      case "DeleteSecurityGroup" -> deleteSecurityGroup(request, requestId);
      default ->
          network
              .handle(request, requestId)
              .or(() -> transitGateways.handle(request, requestId))
              .orElseThrow(
                  () ->
                      new AwsError(
                          400,
                          "InvalidAction",
                          "The action "
                              + request.action()
                              + " is not valid for this web service."));
    };
  }

  /** EC2's error document: {@code Response/Errors/Error} and a {@code RequestID}. */
  static String error(AwsError e, String requestId) {
    return new Xml()
        .open("Response")
        .open("Errors")
        .open("Error")
        .element("Code", e.code)
        .element("Message", e.getMessage())
        .close("Error")
        .close("Errors")
        .element("RequestID", requestId)
        .close("Response")
        .toString();
  }

  private String describeSecurityGroups(QueryRequest request, String requestId) {
    List<String> ids = request.list("GroupId");
    Map<String, List<String>> filters = request.filters();
    for (String id : ids) {
      ec2.group(id); // EC2 fails the whole call for an unknown id given as GroupId.N
    }
    List<Group> matching = new ArrayList<>();
    for (Group g : ec2.groups()) {
      if (!ids.isEmpty() && !ids.contains(g.groupId)) {
        continue;
      }
      if (matches(filters, "vpc-id", g.vpcId)
          && matches(filters, "group-id", g.groupId)
          && matches(filters, "group-name", g.name)) {
        matching.add(g);
      }
    }
    Page<Group> page = Page.of(matching, request, 5, 1000, pageCap.getAsInt());
    Xml xml =
        new Xml().open("DescribeSecurityGroupsResponse", NAMESPACE).element("requestId", requestId);
    xml.open("securityGroupInfo");
    for (Group g : page.items()) {
      xml.open("item")
          .element("ownerId", ec2.account())
          .element("groupId", g.groupId)
          .element("groupName", g.name)
          .element("groupDescription", g.description)
          .element("vpcId", g.vpcId)
          .element(
              "securityGroupArn",
              "arn:aws:ec2:" + ec2.region() + ":" + ec2.account() + ":security-group/" + g.groupId);
      permissions(xml, "ipPermissions", g, false);
      permissions(xml, "ipPermissionsEgress", g, true);
      tags(xml, g.tags);
      xml.close("item");
    }
    xml.close("securityGroupInfo").element("nextToken", page.nextToken());
    return xml.close("DescribeSecurityGroupsResponse").toString();
  }

  /** The grouped view: one IpPermission per protocol and port pair, with all its peers. */
  private void permissions(Xml xml, String name, Group g, boolean egress) {
    xml.open(name);
    Map<List<Object>, List<Rule>> byPorts = new LinkedHashMap<>();
    for (Rule r : g.rules) {
      if (r.egress() == egress) {
        byPorts
            .computeIfAbsent(
                Arrays.asList(r.protocol(), r.fromPort(), r.toPort()), k -> new ArrayList<>())
            .add(r);
      }
    }
    for (List<Rule> same : byPorts.values()) {
      Rule r = same.get(0);
      xml.open("item")
          .element("ipProtocol", r.protocol())
          .element("fromPort", r.fromPort())
          .element("toPort", r.toPort());
      xml.open("groups");
      same.stream()
          .filter(o -> o.referencedGroupId() != null)
          .forEach(
              o ->
                  xml.open("item")
                      .element("description", o.description())
                      .element("groupId", Ec2Model.referencedGroup(o.referencedGroupId()))
                      .element("userId", ec2.referencedOwner(o.referencedGroupId()))
                      .close("item"));
      xml.close("groups").open("ipRanges");
      same.stream()
          .filter(o -> o.cidrIpv4() != null)
          .forEach(
              o ->
                  xml.open("item")
                      .element("cidrIp", o.cidrIpv4())
                      .element("description", o.description())
                      .close("item"));
      xml.close("ipRanges").open("ipv6Ranges");
      same.stream()
          .filter(o -> o.cidrIpv6() != null)
          .forEach(
              o ->
                  xml.open("item")
                      .element("cidrIpv6", o.cidrIpv6())
                      .element("description", o.description())
                      .close("item"));
      xml.close("ipv6Ranges").open("prefixListIds");
      same.stream()
          .filter(o -> o.prefixListId() != null)
          .forEach(
              o ->
                  xml.open("item")
                      .element("prefixListId", o.prefixListId())
                      .element("description", o.description())
                      .close("item"));
      xml.close("prefixListIds").close("item");
    }
    xml.close(name);
  }

  private String describeSecurityGroupRules(QueryRequest request, String requestId) {
    List<String> ids = request.list("SecurityGroupRuleId");
    Map<String, List<String>> filters = request.filters();
    List<Rule> matching = new ArrayList<>();
    for (Group g : ec2.groups()) {
      if (!matches(filters, "group-id", g.groupId)) {
        continue;
      }
      for (Rule r : g.rules) {
        if ((ids.isEmpty() || ids.contains(r.ruleId()))
            && matches(filters, "security-group-rule-id", r.ruleId())) {
          matching.add(r);
        }
      }
    }
    Page<Rule> page = Page.of(matching, request, 5, 1000, pageCap.getAsInt());
    Xml xml =
        new Xml()
            .open("DescribeSecurityGroupRulesResponse", NAMESPACE)
            .element("requestId", requestId);
    xml.open("securityGroupRuleSet");
    for (Rule r : page.items()) {
      rule(xml, r);
    }
    xml.close("securityGroupRuleSet").element("nextToken", page.nextToken());
    return xml.close("DescribeSecurityGroupRulesResponse").toString();
  }

  private void rule(Xml xml, Rule r) {
    boolean all = r.protocol().equals("-1");
    xml.open("item")
        .element("securityGroupRuleId", r.ruleId())
        .element("groupId", r.groupId())
        .element("groupOwnerId", ec2.account())
        .element("isEgress", r.egress())
        .element("ipProtocol", r.protocol())
        // DescribeSecurityGroupRules answers -1 for the ports of an all-traffic rule.
        .element("fromPort", all ? Integer.valueOf(-1) : r.fromPort())
        .element("toPort", all ? Integer.valueOf(-1) : r.toPort())
        .element("cidrIpv4", r.cidrIpv4())
        .element("cidrIpv6", r.cidrIpv6())
        .element("prefixListId", r.prefixListId());
    if (r.referencedGroupId() != null) {
      xml.open("referencedGroupInfo")
          .element("groupId", Ec2Model.referencedGroup(r.referencedGroupId()));
      String[] peering = ec2.peering(r.referencedGroupId());
      if (peering != null) {
        xml.element("peeringStatus", peering[1])
            .element("vpcPeeringConnectionId", peering[0])
            .element("vpcId", ec2.group(r.referencedGroupId()).vpcId);
      }
      xml.element("userId", ec2.referencedOwner(r.referencedGroupId()))
          .close("referencedGroupInfo");
    }
    xml.element("description", r.description())
        .open("tagSet")
        .close("tagSet")
        .element(
            "securityGroupRuleArn",
            "arn:aws:ec2:"
                + ec2.region()
                + ":"
                + ec2.account()
                + ":security-group-rule/"
                + r.ruleId())
        .close("item");
  }

  private String authorize(QueryRequest request, String requestId, boolean egress) {
    Group group = ec2.group(required(request, "GroupId"));
    List<Rule> added = new ArrayList<>();
    for (Rule wanted : permissions(request, group, egress)) {
      added.add(
          ec2.addRule(
              group,
              egress,
              wanted.protocol(),
              wanted.fromPort(),
              wanted.toPort(),
              wanted.cidrIpv4(),
              wanted.cidrIpv6(),
              wanted.prefixListId(),
              wanted.referencedGroupId(),
              wanted.description()));
    }
    String name =
        egress ? "AuthorizeSecurityGroupEgressResponse" : "AuthorizeSecurityGroupIngressResponse";
    Xml xml =
        new Xml().open(name, NAMESPACE).element("requestId", requestId).element("return", true);
    xml.open("securityGroupRuleSet");
    added.forEach(r -> rule(xml, r));
    return xml.close("securityGroupRuleSet").close(name).toString();
  }

  private String revoke(QueryRequest request, String requestId, boolean egress) {
    Group group = ec2.group(required(request, "GroupId"));
    List<String> ruleIds = request.list("SecurityGroupRuleId");
    for (String ruleId : ruleIds) {
      if (!ec2.removeRuleById(group, ruleId)) {
        throw new AwsError(
            400,
            "InvalidSecurityGroupRuleId.NotFound",
            "The security group rule ID '" + ruleId + "' does not exist");
      }
    }
    List<Rule> unknown = new ArrayList<>();
    for (Rule wanted : permissions(request, group, egress)) {
      if (!ec2.removeRule(group, wanted)) {
        unknown.add(wanted);
      }
    }
    if (!unknown.isEmpty()) {
      // EC2 says so instead of failing: the unknown permissions come back in
      // unknownIpPermissionSet.
      throw new AwsError(
          400,
          "InvalidPermission.NotFound",
          "The specified rule does not exist in this security group.");
    }
    String name =
        egress ? "RevokeSecurityGroupEgressResponse" : "RevokeSecurityGroupIngressResponse";
    return new Xml()
        .open(name, NAMESPACE)
        .element("requestId", requestId)
        .element("return", true)
        .close(name)
        .toString();
  }

  private String createSecurityGroup(QueryRequest request, String requestId) {
    String vpcId = required(request, "VpcId");
    Group group =
        ec2.createSecurityGroup(
            required(request, "GroupName"), required(request, "GroupDescription"), vpcId);
    for (String spec : request.members("TagSpecification")) {
      for (String tag : request.members(spec.substring(0, spec.length() - 1) + ".Tag")) {
        group.tags.put(request.get(tag + "Key").orElse(""), request.get(tag + "Value").orElse(""));
      }
    }
    return new Xml()
        .open("CreateSecurityGroupResponse", NAMESPACE)
        .element("requestId", requestId)
        .element("groupId", group.groupId)
        .element(
            "securityGroupArn",
            "arn:aws:ec2:"
                + ec2.region()
                + ":"
                + ec2.account()
                + ":security-group/"
                + group.groupId)
        .close("CreateSecurityGroupResponse")
        .toString();
  }

  private String deleteSecurityGroup(QueryRequest request, String requestId) {
    String groupId = required(request, "GroupId");
    ec2.deleteSecurityGroup(groupId);
    return new Xml()
        .open("DeleteSecurityGroupResponse", NAMESPACE)
        .element("requestId", requestId)
        .element("return", true)
        .element("groupId", groupId)
        .close("DeleteSecurityGroupResponse")
        .toString();
  }

  /** The rules an {@code IpPermissions.N} list names: one per range, group pair and prefix list. */
  private List<Rule> permissions(QueryRequest request, Group group, boolean egress) {
    List<Rule> rules = new ArrayList<>();
    for (String p : request.members("IpPermissions")) {
      String protocol =
          request
              .get(p + "IpProtocol")
              .orElseThrow(
                  () ->
                      new AwsError(
                          400,
                          "MissingParameter",
                          "The request must contain the parameter ipProtocol"));
      Integer from = request.get(p + "FromPort").map(Integer::valueOf).orElse(null);
      Integer to = request.get(p + "ToPort").map(Integer::valueOf).orElse(null);
      for (String r : request.members(p + "IpRanges")) {
        rules.add(
            new Rule(
                "",
                group.groupId,
                egress,
                Ec2Model.canonicalProtocol(protocol),
                from,
                to,
                request.get(r + "CidrIp").orElseThrow(),
                null,
                null,
                null,
                request.get(r + "Description").orElse(null)));
      }
      for (String r : request.members(p + "Ipv6Ranges")) {
        rules.add(
            new Rule(
                "",
                group.groupId,
                egress,
                Ec2Model.canonicalProtocol(protocol),
                from,
                to,
                null,
                request.get(r + "CidrIpv6").orElseThrow(),
                null,
                null,
                request.get(r + "Description").orElse(null)));
      }
      for (String r : request.members(p + "PrefixListIds")) {
        rules.add(
            new Rule(
                "",
                group.groupId,
                egress,
                Ec2Model.canonicalProtocol(protocol),
                from,
                to,
                null,
                null,
                request.get(r + "PrefixListId").orElseThrow(),
                null,
                request.get(r + "Description").orElse(null)));
      }
      for (String r : request.members(p + "Groups")) {
        rules.add(
            new Rule(
                "",
                group.groupId,
                egress,
                Ec2Model.canonicalProtocol(protocol),
                from,
                to,
                null,
                null,
                null,
                ec2.reference(
                    request.get(r + "UserId").orElse(null),
                    request.get(r + "GroupId").orElseThrow()),
                request.get(r + "Description").orElse(null)));
      }
    }
    // The short form (what `aws ec2 authorize-security-group-ingress --protocol --port --cidr`
    // sends).
    if (request.get("IpProtocol").isPresent() && request.get("CidrIp").isPresent()) {
      rules.add(
          new Rule(
              "",
              group.groupId,
              egress,
              Ec2Model.canonicalProtocol(request.get("IpProtocol").get()),
              request.get("FromPort").map(Integer::valueOf).orElse(null),
              request.get("ToPort").map(Integer::valueOf).orElse(null),
              request.get("CidrIp").get(),
              null,
              null,
              null,
              null));
    }
    if (rules.isEmpty() && request.list("SecurityGroupRuleId").isEmpty()) {
      throw new AwsError(400, "MissingParameter", "No IpPermissions or SecurityGroupRuleIds given");
    }
    return rules.stream()
        .map(
            r ->
                r.protocol().equals("-1")
                    ? new Rule(
                        "",
                        r.groupId(),
                        r.egress(),
                        "-1",
                        null,
                        null,
                        r.cidrIpv4(),
                        r.cidrIpv6(),
                        r.prefixListId(),
                        r.referencedGroupId(),
                        r.description())
                    : r)
        .toList();
  }

  private static void tags(Xml xml, Map<String, String> tags) {
    xml.open("tagSet");
    tags.forEach((k, v) -> xml.open("item").element("key", k).element("value", v).close("item"));
    xml.close("tagSet");
  }

  private static String required(QueryRequest request, String key) {
    return request
        .get(key)
        .orElseThrow(
            () ->
                new AwsError(
                    400, "MissingParameter", "The request must contain the parameter " + key));
  }

  private static boolean matches(Map<String, List<String>> filters, String name, String value) {
    List<String> values = filters.get(name);
    return values == null || values.contains(value);
  }
}
