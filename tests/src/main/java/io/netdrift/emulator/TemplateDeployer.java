package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.emulator.CloudFormationModel.Resource;
import io.netdrift.emulator.CloudFormationModel.Stack;
import io.netdrift.emulator.Ec2Model.Group;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deploys a synthesized template the way CloudFormation would: resources in dependency order,
 * security groups created through {@link Ec2Model} with CloudFormation's tags and generated names,
 * inline and standalone rules applied, and the logical→physical map recorded. Types the emulator
 * does not model get a physical id and nothing else.
 */
public final class TemplateDeployer {
  private static final Map<String, String> ID_PREFIX =
      Map.of(
          "AWS::EC2::Subnet", "subnet",
          "AWS::EC2::RouteTable", "rtb",
          "AWS::EC2::InternetGateway", "igw",
          "AWS::EC2::NatGateway", "nat",
          "AWS::EC2::EIP", "eipalloc",
          "AWS::EC2::SubnetRouteTableAssociation", "rtbassoc");

  private final Ec2Model ec2;
  private final CloudFormationModel cloudFormation;

  TemplateDeployer(Ec2Model ec2, CloudFormationModel cloudFormation) {
    this.ec2 = ec2;
    this.cloudFormation = cloudFormation;
  }

  /** Creates stack {@code name} from {@code template} and returns it. */
  public Stack deploy(String name, JsonNode template) {
    String stackId =
        "arn:aws:cloudformation:"
            + ec2.region()
            + ":"
            + ec2.account()
            + ":stack/"
            + name
            + "/"
            + ec2.newId("stack").substring(6);
    Stack stack = new Stack(name, stackId, template.toString());
    template
        .path("Parameters")
        .fields()
        .forEachRemaining(
            p -> stack.parameters.put(p.getKey(), p.getValue().path("Default").asText("")));
    JsonNode resources = template.path("Resources");
    Deployment deployment = new Deployment(stack, template);
    for (String logicalId : order(resources)) {
      deployment.create(logicalId, resources.get(logicalId));
    }
    cloudFormation.put(stack);
    return stack;
  }

  /** Dependency order: every resource after those it names in Ref, Fn::GetAtt or DependsOn. */
  static List<String> order(JsonNode resources) {
    Map<String, Set<String>> dependencies = new LinkedHashMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              Set<String> deps = new LinkedHashSet<>();
              collectReferences(e.getValue().path("Properties"), deps);
              JsonNode dependsOn = e.getValue().path("DependsOn");
              if (dependsOn.isTextual()) {
                deps.add(dependsOn.asText());
              } else {
                dependsOn.forEach(d -> deps.add(d.asText()));
              }
              deps.retainAll(iterable(resources.fieldNames()));
              dependencies.put(e.getKey(), deps);
            });
    List<String> ordered = new ArrayList<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String id : dependencies.keySet()) {
      visit(id, dependencies, ordered, visiting);
    }
    return ordered;
  }

  private static void visit(
      String id, Map<String, Set<String>> deps, List<String> ordered, Set<String> visiting) {
    if (ordered.contains(id)) {
      return;
    }
    if (!visiting.add(id)) {
      throw new IllegalArgumentException("circular dependency at " + id);
    }
    for (String dep : deps.get(id)) {
      visit(dep, deps, ordered, visiting);
    }
    visiting.remove(id);
    ordered.add(id);
  }

  private static Set<String> iterable(Iterator<String> names) {
    Set<String> set = new LinkedHashSet<>();
    names.forEachRemaining(set::add);
    return set;
  }

  private static void collectReferences(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      if (node.has("Ref")) {
        into.add(node.get("Ref").asText());
      }
      if (node.has("Fn::GetAtt")) {
        JsonNode target = node.get("Fn::GetAtt");
        into.add(target.isArray() ? target.get(0).asText() : target.asText().split("\\.")[0]);
      }
      node.elements().forEachRemaining(child -> collectReferences(child, into));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectReferences(child, into));
    }
  }

  /** One run of a template: the resources created so far. */
  private final class Deployment {
    private final Stack stack;
    private final JsonNode template;
    private final Map<String, String> vpcCidrs = new LinkedHashMap<>();
    private final Map<String, String> vpcDefaultGroups = new LinkedHashMap<>();

    Deployment(Stack stack, JsonNode template) {
      this.stack = stack;
      this.template = template;
    }

    void create(String logicalId, JsonNode resource) {
      String type = resource.path("Type").asText();
      JsonNode p = resource.path("Properties");
      String physicalId =
          switch (type) {
            case "AWS::EC2::VPC" -> {
              Ec2Model.Vpc vpc = ec2.createVpc(text(p.path("CidrBlock")));
              vpcCidrs.put(logicalId, vpc.cidrBlock());
              vpcDefaultGroups.put(logicalId, vpc.defaultGroupId());
              yield vpc.vpcId();
            }
            case "AWS::EC2::SecurityGroup" -> securityGroup(logicalId, p);
            case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress" ->
                standaloneRule(type, p);
            default -> ec2.newId(ID_PREFIX.getOrDefault(type, logicalId.toLowerCase(Locale.ROOT)));
          };
      stack.resources.put(logicalId, new Resource(logicalId, type, physicalId));
    }

    private String securityGroup(String logicalId, JsonNode p) {
      // CloudFormation names unnamed groups <stack>-<logical id>-<random suffix>.
      String name =
          p.has("GroupName")
              ? text(p.get("GroupName"))
              : stack.name
                  + "-"
                  + logicalId
                  + "-"
                  + ec2.newId("x").substring(8).toUpperCase(Locale.ROOT);
      Group group =
          ec2.createSecurityGroup(name, text(p.path("GroupDescription")), text(p.path("VpcId")));
      group.tags.put("aws:cloudformation:stack-name", stack.name);
      group.tags.put("aws:cloudformation:logical-id", logicalId);
      group.tags.put("aws:cloudformation:stack-id", stack.stackId);
      for (JsonNode rule : p.path("SecurityGroupIngress")) {
        addRule(group, false, rule);
      }
      if (p.path("SecurityGroupEgress").size() > 0) {
        // Declared egress replaces EC2's allow-all default.
        ec2.removeDefaultEgress(group);
        for (JsonNode rule : p.path("SecurityGroupEgress")) {
          addRule(group, true, rule);
        }
      }
      return group.groupId;
    }

    private String standaloneRule(String type, JsonNode p) {
      Group group = ec2.group(text(p.path("GroupId")));
      boolean egress = type.endsWith("Egress");
      if (egress) {
        // CloudFormation drops the default allow-all egress once an egress rule is added.
        ec2.removeDefaultEgress(group);
      }
      return addRule(group, egress, p).ruleId();
    }

    private Ec2Model.Rule addRule(Group group, boolean egress, JsonNode rule) {
      String peerPrefix = egress ? "Destination" : "Source";
      return ec2.addRule(
          group,
          egress,
          text(rule.path("IpProtocol")),
          rule.has("FromPort") ? Integer.valueOf(text(rule.get("FromPort"))) : null,
          rule.has("ToPort") ? Integer.valueOf(text(rule.get("ToPort"))) : null,
          rule.has("CidrIp") ? text(rule.get("CidrIp")) : null,
          rule.has("CidrIpv6") ? text(rule.get("CidrIpv6")) : null,
          rule.has(peerPrefix + "PrefixListId")
              ? text(rule.get(peerPrefix + "PrefixListId"))
              : null,
          rule.has(peerPrefix + "SecurityGroupId")
              ? text(rule.get(peerPrefix + "SecurityGroupId"))
              : null,
          rule.has("Description") ? text(rule.get("Description")) : null);
    }

    /** Resolves the intrinsics a network template uses to plain text. */
    private String text(JsonNode value) {
      if (value == null || value.isMissingNode() || value.isNull()) {
        throw new IllegalArgumentException("missing property in template of " + stack.name);
      }
      if (value.isValueNode()) {
        return value.asText();
      }
      if (value.has("Ref")) {
        String name = value.get("Ref").asText();
        return switch (name) {
          case "AWS::Region" -> ec2.region();
          case "AWS::AccountId" -> ec2.account();
          case "AWS::StackName" -> stack.name;
          case "AWS::Partition" -> "aws";
          default -> {
            Resource resource = stack.resources.get(name);
            if (resource != null) {
              yield resource.physicalId();
            }
            if (stack.parameters.containsKey(name)) {
              yield stack.parameters.get(name);
            }
            throw new IllegalArgumentException("Ref to " + name + " before it exists");
          }
        };
      }
      if (value.has("Fn::GetAtt")) {
        JsonNode target = value.get("Fn::GetAtt");
        String logicalId = target.get(0).asText();
        String attribute = target.get(1).asText();
        return switch (attribute) {
          case "GroupId", "VpcId", "SubnetId" -> stack.resources.get(logicalId).physicalId();
          case "CidrBlock" -> vpcCidrs.get(logicalId);
          case "DefaultSecurityGroup" -> vpcDefaultGroups.get(logicalId);
          default -> logicalId + "." + attribute;
        };
      }
      if (value.has("Fn::Join")) {
        JsonNode args = value.get("Fn::Join");
        List<String> parts = new ArrayList<>();
        args.get(1).forEach(part -> parts.add(text(part)));
        return String.join(args.get(0).asText(), parts);
      }
      if (value.has("Fn::Select")) {
        JsonNode args = value.get("Fn::Select");
        return text(args.get(1).get(args.get(0).asInt()));
      }
      throw new IllegalArgumentException(
          "the emulator does not resolve "
              + value
              + " in "
              + stack.name
              + " ("
              + template.path("Description").asText()
              + ")");
    }
  }
}
