package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.StackTemplate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics in template values against the deployed stack: {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::Sub},
 * {@code Fn::If} with the template's Conditions, {@code Fn::ImportValue} through the exports of the
 * deployed stacks, {@code Fn::FindInMap} (with its default value), {@code Fn::Base64}, {@code
 * Fn::Cidr}, {@code Fn::Length}, {@code Fn::ToJsonString}, pseudo parameters and parameter values.
 * What it cannot resolve it says, never guesses.
 */
public final class TemplateResolver {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private final StackTemplate stack;
  private final DeployedStack deployed;
  private final String account;
  private final String region;
  private final Map<String, Map<String, JsonNode>> liveAttributes;
  private final Map<String, String> exports;
  private final List<String> zones;
  private final Map<String, Map<String, String>> stackOutputs;

  /** Resolves values of {@code stack}, deployed as {@code deployed} in account/region. */
  public TemplateResolver(
      StackTemplate stack, DeployedStack deployed, String account, String region) {
    this(stack, deployed, account, region, Map.of(), Map.of(), List.of());
  }

  /**
   * As above, with attributes only the live service knows (a firewall's endpoint ids), read before
   * mapping, by logical id and attribute name.
   */
  public TemplateResolver(
      StackTemplate stack,
      DeployedStack deployed,
      String account,
      String region,
      Map<String, Map<String, JsonNode>> liveAttributes,
      Map<String, String> exports,
      List<String> zones) {
    this.stack = stack;
    this.deployed = deployed;
    this.account = account;
    this.region = region;
    this.liveAttributes = Map.copyOf(liveAttributes);
    this.exports = Map.copyOf(exports);
    this.zones = List.copyOf(zones);
    this.stackOutputs = Map.of();
  }

  private TemplateResolver(TemplateResolver base, Map<String, Map<String, String>> stackOutputs) {
    this.stack = base.stack;
    this.deployed = base.deployed;
    this.account = base.account;
    this.region = base.region;
    this.liveAttributes = base.liveAttributes;
    this.exports = base.exports;
    this.zones = base.zones;
    this.stackOutputs = Map.copyOf(stackOutputs);
  }

  /**
   * A resolver like this one that answers {@code Fn::GetStackOutput} from the outputs of the stacks
   * it names, by stack name, read from CloudFormation in the stack's own account and region.
   */
  public TemplateResolver withStackOutputs(Map<String, Map<String, String>> outputs) {
    return new TemplateResolver(this, outputs);
  }

  /** Whether the template's condition {@code name} holds, as CloudFormation evaluated it. */
  public boolean condition(String name, String pointer) {
    JsonNode definition = stack.template().path("Conditions").path(name);
    if (definition.isMissingNode()) {
      throw new UnresolvedValueException(pointer, "unknown condition " + name);
    }
    return evaluate(definition, "/Conditions/" + name);
  }

  /** Whether a resource is deployed at all: it has no Condition, or its condition holds. */
  public boolean included(String logicalId, JsonNode resource) {
    return !resource.has("Condition")
        || condition(resource.get("Condition").asText(), "/Resources/" + logicalId + "/Condition");
  }

  private boolean evaluate(JsonNode node, String at) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (!node.isObject() || node.size() != 1) {
      throw new UnresolvedValueException(at, "not a condition function");
    }
    String function = node.fieldNames().next();
    JsonNode args = node.get(function);
    String here = at + "/" + function.replace("/", "~1");
    switch (function) {
      case "Fn::Equals":
        return text(args.get(0), here + "/0").equals(text(args.get(1), here + "/1"));
      case "Fn::Not":
        return !evaluate(args.get(0), here + "/0");
      case "Fn::And":
        for (int i = 0; i < args.size(); i++) {
          if (!evaluate(args.get(i), here + "/" + i)) {
            return false;
          }
        }
        return true;
      case "Fn::Or":
        for (int i = 0; i < args.size(); i++) {
          if (evaluate(args.get(i), here + "/" + i)) {
            return true;
          }
        }
        return false;
      case "Condition":
        return condition(args.asText(), here);
      default:
        throw new UnresolvedValueException(here, function + " is not a condition function");
    }
  }

  /** The resolved value at {@code pointer} (a JSON pointer into the template, for messages). */
  public JsonNode resolve(JsonNode value, String pointer) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return value;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = resolve(value.get(i), pointer + "/" + i);
        if (!isNoValue(item)) {
          out.add(item);
        }
      }
      return out;
    }
    if (!value.isObject()) {
      return value;
    }
    if (value.size() == 1) {
      String function = value.fieldNames().next();
      JsonNode argument = value.get(function);
      String at = pointer + "/" + function.replace("~", "~0").replace("/", "~1");
      switch (function) {
        case "Ref":
          return ref(argument.asText(), at);
        case "Fn::GetAtt":
          return getAtt(argument, at);
        case "Fn::Join":
          return join(argument, at);
        case "Fn::Select":
          return select(argument, at);
        case "Fn::Split":
          return split(argument, at);
        case "Fn::Sub":
          return sub(argument, at);
        case "Fn::GetAZs":
          if (zones.isEmpty()) {
            throw new UnresolvedValueException(
                at, "Fn::GetAZs: the region's zones could not be read");
          }
          ArrayNode azs = NODES.arrayNode();
          zones.forEach(azs::add);
          return azs;
        case "Fn::If":
          if (!argument.isArray() || argument.size() != 3) {
            throw new UnresolvedValueException(at, "Fn::If takes [condition, then, else]");
          }
          return resolve(
              condition(argument.get(0).asText(), at) ? argument.get(1) : argument.get(2),
              at + (condition(argument.get(0).asText(), at) ? "/1" : "/2"));
        case "Fn::FindInMap":
          return findInMap(argument, at);
        case "Fn::Base64":
          return TextNode.valueOf(
              java.util.Base64.getEncoder()
                  .encodeToString(
                      text(argument, at).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        case "Fn::Cidr":
          return cidr(argument, at);
        case "Fn::Length":
          {
            JsonNode list = resolve(argument, at);
            if (list == null || !list.isArray()) {
              throw new UnresolvedValueException(at, "Fn::Length takes a list");
            }
            return NODES.numberNode(list.size());
          }
        case "Fn::ToJsonString":
          return TextNode.valueOf(resolve(argument, at).toString());
        case "Fn::GetStackOutput":
          return stackOutput(argument, at);
        case "Fn::ImportValue":
          String export = text(argument, at);
          if (!exports.containsKey(export)) {
            throw new UnresolvedValueException(at, "no stack exports " + export);
          }
          return TextNode.valueOf(exports.get(export));
        default:
          if (function.startsWith("Fn::") || function.equals("Condition")) {
            throw new UnresolvedValueException(at, function + " is not supported yet");
          }
      }
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode resolved = resolve(field.getValue(), pointer + "/" + field.getKey());
      if (!isNoValue(resolved)) {
        out.set(field.getKey(), resolved);
      }
    }
    return out;
  }

  /** The resolved value as text, for properties that are strings. */
  public String text(JsonNode value, String pointer) {
    JsonNode resolved = resolve(value, pointer);
    if (resolved == null || !resolved.isValueNode()) {
      throw new UnresolvedValueException(pointer, "expected a single value");
    }
    return resolved.asText();
  }

  private static boolean isNoValue(JsonNode node) {
    return node != null && node.isTextual() && node.textValue().equals(NO_VALUE);
  }

  /** Marker for AWS::NoValue: the property is removed. */
  private static final String NO_VALUE = "\u0000AWS::NoValue";

  private JsonNode ref(String name, String at) {
    switch (name) {
      case "AWS::Region":
        return TextNode.valueOf(region);
      case "AWS::AccountId":
        return TextNode.valueOf(account);
      case "AWS::StackName":
        return TextNode.valueOf(stack.stackName());
      case "AWS::Partition":
        return TextNode.valueOf(partition());
      case "AWS::URLSuffix":
        return TextNode.valueOf(region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
      case "AWS::NoValue":
        return TextNode.valueOf(NO_VALUE);
      default:
        break;
    }
    if (deployed.parameters().containsKey(name)) {
      if (stack.template().path("Parameters").path(name).path("NoEcho").asBoolean(false)
          || stack
              .template()
              .path("Parameters")
              .path(name)
              .path("NoEcho")
              .asText()
              .equals("true")) {
        // CloudFormation answers a NoEcho parameter as ****, never its value.
        throw new UnresolvedValueException(
            at, "parameter " + name + " is NoEcho: CloudFormation does not tell its value");
      }
      return TextNode.valueOf(deployed.parameters().get(name));
    }
    JsonNode parameter = stack.template().path("Parameters").path(name);
    if (!parameter.isMissingNode()) {
      JsonNode fallback = parameter.path("Default");
      if (fallback.isMissingNode()) {
        throw new UnresolvedValueException(
            at, "parameter " + name + " has no deployed value and no default");
      }
      return fallback;
    }
    if (stack.template().path("Resources").has(name)) {
      return deployed
          .physicalId(name)
          .<JsonNode>map(TextNode::valueOf)
          .orElseThrow(
              () ->
                  new UnresolvedValueException(
                      at, "resource " + name + " has no physical id in the deployed stack"));
    }
    throw new UnresolvedValueException(at, "Ref to unknown name " + name);
  }

  private JsonNode getAtt(JsonNode argument, String at) {
    String logicalId;
    String attribute;
    if (argument.isTextual() && argument.asText().contains(".")) {
      logicalId = argument.asText().substring(0, argument.asText().indexOf('.'));
      attribute = argument.asText().substring(argument.asText().indexOf('.') + 1);
    } else if (argument.isArray() && argument.size() == 2) {
      logicalId = argument.get(0).asText();
      attribute = resolve(argument.get(1), at + "/1").asText();
    } else {
      throw new UnresolvedValueException(at, "Fn::GetAtt takes [LogicalId, Attribute]");
    }
    JsonNode resource = stack.template().path("Resources").path(logicalId);
    if (resource.isMissingNode()) {
      throw new UnresolvedValueException(at, "Fn::GetAtt of unknown resource " + logicalId);
    }
    String type = resource.path("Type").asText();
    String properties = "/Resources/" + logicalId + "/Properties/";
    JsonNode live = liveAttributes.getOrDefault(logicalId, Map.of()).get(attribute);
    if (live != null) {
      return live;
    }
    switch (type + "." + attribute) {
      case "AWS::EC2::SecurityGroup.GroupId":
      case "AWS::EC2::VPC.VpcId":
      case "AWS::EC2::Subnet.SubnetId":
        return ref(logicalId, at);
      // The attribute that is the type's primary identifier: what Ref answers, the physical id.
      case "AWS::EC2::RouteTable.RouteTableId":
      case "AWS::EC2::NetworkAcl.Id":
      case "AWS::EC2::InternetGateway.InternetGatewayId":
      case "AWS::EC2::NatGateway.NatGatewayId":
      case "AWS::EC2::PrefixList.PrefixListId":
      case "AWS::EC2::VPCEndpoint.Id":
      case "AWS::EC2::VPCPeeringConnection.Id":
      case "AWS::EC2::EgressOnlyInternetGateway.Id":
      case "AWS::EC2::TransitGateway.Id":
      case "AWS::EC2::TransitGatewayAttachment.Id":
      case "AWS::EC2::TransitGatewayVpcAttachment.Id":
      case "AWS::EC2::TransitGatewayRouteTable.TransitGatewayRouteTableId":
      case "AWS::Route53Resolver::FirewallDomainList.Id":
      case "AWS::Route53Resolver::FirewallRuleGroup.Id":
      case "AWS::Route53Resolver::FirewallRuleGroupAssociation.Id":
        return ref(logicalId, at);
      case "AWS::NetworkFirewall::Firewall.FirewallArn":
      case "AWS::NetworkFirewall::FirewallPolicy.FirewallPolicyArn":
      case "AWS::NetworkFirewall::RuleGroup.RuleGroupArn":
      case "AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerArn":
        return ref(logicalId, at);
      case "AWS::WAFv2::WebACL.Arn":
      case "AWS::WAFv2::IPSet.Arn":
      case "AWS::WAFv2::RuleGroup.Arn":
      case "AWS::WAFv2::WebACL.Id":
      case "AWS::WAFv2::IPSet.Id":
      case "AWS::WAFv2::RuleGroup.Id":
        return wafAttribute(type, attribute, ref(logicalId, at).asText(), at);
      case "AWS::Logs::LogGroup.Arn":
        return TextNode.valueOf(
            "arn:"
                + partition()
                + ":logs:"
                + region
                + ":"
                + account
                + ":log-group:"
                + ref(logicalId, at).asText()
                + ":*");
      case "AWS::EC2::SecurityGroup.VpcId":
        return resolve(resource.path("Properties").path("VpcId"), properties + "VpcId");
      case "AWS::EC2::Subnet.CidrBlock":
      case "AWS::EC2::VPC.CidrBlock":
        return resolve(resource.path("Properties").path("CidrBlock"), properties + "CidrBlock");
      default:
        throw new UnresolvedValueException(
            at,
            "Fn::GetAtt "
                + type
                + "."
                + attribute
                + " is a value only AWS knows; not supported yet");
    }
  }

  /**
   * CloudFormation's physical id of a WAFv2 resource is {@code name|id|scope}; its ARN is built
   * from the same parts, so both attributes follow from the deployed stack without a call.
   */
  private JsonNode wafAttribute(String type, String attribute, String physicalId, String at) {
    String[] parts = physicalId.split("\\|");
    if (parts.length != 3) {
      throw new UnresolvedValueException(at, "unexpected WAFv2 physical id " + physicalId);
    }
    if (attribute.equals("Id")) {
      return TextNode.valueOf(parts[1]);
    }
    String kind =
        switch (type) {
          case "AWS::WAFv2::WebACL" -> "webacl";
          case "AWS::WAFv2::IPSet" -> "ipset";
          default -> "rulegroup";
        };
    String scope = parts[2].equals("CLOUDFRONT") ? "global" : "regional";
    String arnRegion = scope.equals("global") ? "us-east-1" : region;
    return TextNode.valueOf(
        "arn:"
            + partition()
            + ":wafv2:"
            + arnRegion
            + ":"
            + account
            + ":"
            + scope
            + "/"
            + kind
            + "/"
            + parts[0]
            + "/"
            + parts[1]);
  }

  /**
   * {@code [MapName, TopLevelKey, SecondLevelKey]} from the template's Mappings; under {@code
   * AWS::LanguageExtensions} a fourth element {@code {"DefaultValue": …}} answers a missing key.
   */
  private JsonNode findInMap(JsonNode argument, String at) {
    if (!argument.isArray() || argument.size() < 3 || argument.size() > 4) {
      throw new UnresolvedValueException(
          at, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey(, {DefaultValue})]");
    }
    String map = text(argument.get(0), at + "/0");
    String top = text(argument.get(1), at + "/1");
    String second = text(argument.get(2), at + "/2");
    JsonNode value = stack.template().path("Mappings").path(map).path(top).path(second);
    if (!value.isMissingNode()) {
      return resolve(value, "/Mappings/" + map + "/" + top + "/" + second);
    }
    if (argument.size() == 4 && argument.get(3).has("DefaultValue")) {
      return resolve(argument.get(3).get("DefaultValue"), at + "/3/DefaultValue");
    }
    throw new UnresolvedValueException(
        at, "Fn::FindInMap: Mappings has no " + map + "/" + top + "/" + second);
  }

  /**
   * {@code [ipBlock, count, cidrBits]}: the first {@code count} blocks of {@code cidrBits} host
   * bits inside {@code ipBlock}, in address order, as CloudFormation lists them.
   */
  private JsonNode cidr(JsonNode argument, String at) {
    if (!argument.isArray() || argument.size() != 3) {
      throw new UnresolvedValueException(at, "Fn::Cidr takes [ipBlock, count, cidrBits]");
    }
    io.netdrift.detector.model.Cidr block;
    int count;
    int hostBits;
    try {
      block = io.netdrift.detector.model.Cidr.parse(text(argument.get(0), at + "/0"));
      count = Integer.parseInt(text(argument.get(1), at + "/1"));
      hostBits = Integer.parseInt(text(argument.get(2), at + "/2"));
    } catch (IllegalArgumentException e) {
      throw new UnresolvedValueException(at, "Fn::Cidr: " + e.getMessage());
    }
    int width = block.ipv6() ? 128 : 32;
    int prefix = width - hostBits;
    if (hostBits < 0 || prefix < block.prefixLength() || count < 1 || count > 256) {
      throw new UnresolvedValueException(
          at, "Fn::Cidr: " + count + " blocks of " + hostBits + " bits do not fit " + block);
    }
    if (prefix - block.prefixLength() < 31 && count > (1L << (prefix - block.prefixLength()))) {
      throw new UnresolvedValueException(
          at, "Fn::Cidr: " + block + " holds fewer than " + count + " blocks of /" + prefix);
    }
    String address = block.block().substring(0, block.block().indexOf('/'));
    java.math.BigInteger start;
    try {
      start = new java.math.BigInteger(1, java.net.InetAddress.getByName(address).getAddress());
    } catch (java.net.UnknownHostException e) {
      throw new UnresolvedValueException(at, "Fn::Cidr: " + address + " is not an address");
    }
    java.math.BigInteger step = java.math.BigInteger.ONE.shiftLeft(hostBits);
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < count; i++) {
      byte[] raw = start.add(step.multiply(java.math.BigInteger.valueOf(i))).toByteArray();
      byte[] bytes = new byte[width / 8];
      int copy = Math.min(raw.length, bytes.length);
      System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
      try {
        String text = java.net.InetAddress.getByAddress(bytes).getHostAddress();
        out.add(io.netdrift.detector.model.Cidr.parse(text + "/" + prefix).block());
      } catch (java.net.UnknownHostException e) {
        throw new UnresolvedValueException(at, "Fn::Cidr: " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * {@code {"StackName", "OutputName", "Region", "RoleArn"}}: another stack's output, as
   * CloudFormation resolved it at deploy time. One in another region or reached through a role is
   * not read, and said so.
   */
  private JsonNode stackOutput(JsonNode argument, String at) {
    if (!argument.isObject()) {
      throw new UnresolvedValueException(at, "Fn::GetStackOutput takes {StackName, OutputName}");
    }
    String name = text(argument.path("StackName"), at + "/StackName");
    String output = text(argument.path("OutputName"), at + "/OutputName");
    if ((argument.has("Region") && !text(argument.get("Region"), at + "/Region").equals(region))
        || argument.has("RoleArn")) {
      throw new UnresolvedValueException(
          at, "Fn::GetStackOutput of another region or account is not read yet");
    }
    Map<String, String> outputs = stackOutputs.get(name);
    if (outputs == null || !outputs.containsKey(output)) {
      throw new UnresolvedValueException(
          at, "Fn::GetStackOutput: stack " + name + " has no output " + output);
    }
    return TextNode.valueOf(outputs.get(output));
  }

  private JsonNode join(JsonNode argument, String at) {
    if (!argument.isArray() || argument.size() != 2) {
      throw new UnresolvedValueException(at, "Fn::Join takes [delimiter, [values]]");
    }
    JsonNode values = resolve(argument.get(1), at + "/1");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(argument.get(0).asText());
      }
      out.append(values.get(i).asText());
    }
    return TextNode.valueOf(out.toString());
  }

  private JsonNode select(JsonNode argument, String at) {
    if (!argument.isArray() || argument.size() != 2) {
      throw new UnresolvedValueException(at, "Fn::Select takes [index, [values]]");
    }
    int index = resolve(argument.get(0), at + "/0").asInt(-1);
    JsonNode values = resolve(argument.get(1), at + "/1");
    if (!values.isArray() || index < 0 || index >= values.size()) {
      throw new UnresolvedValueException(at, "Fn::Select index " + index + " is out of range");
    }
    return values.get(index);
  }

  private JsonNode split(JsonNode argument, String at) {
    if (!argument.isArray() || argument.size() != 2) {
      throw new UnresolvedValueException(at, "Fn::Split takes [delimiter, string]");
    }
    String delimiter = argument.get(0).asText();
    String source = resolve(argument.get(1), at + "/1").asText();
    ArrayNode out = NODES.arrayNode();
    for (String part : source.split(Pattern.quote(delimiter), -1)) {
      out.add(part);
    }
    return out;
  }

  private JsonNode sub(JsonNode argument, String at) {
    String template;
    JsonNode variables = NODES.objectNode();
    if (argument.isTextual()) {
      template = argument.asText();
    } else if (argument.isArray() && argument.size() == 2) {
      template = argument.get(0).asText();
      variables = argument.get(1);
    } else {
      throw new UnresolvedValueException(at, "Fn::Sub takes a string or [string, {variables}]");
    }
    Matcher m = SUB_VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      JsonNode value;
      if (variables.has(name)) {
        value = resolve(variables.get(name), at + "/1/" + name);
      } else if (name.contains(".")) {
        String[] parts = name.split("\\.", 2);
        JsonNode getAtt = NODES.arrayNode().add(parts[0]).add(parts[1]);
        value = getAtt(getAtt, at);
      } else {
        value = ref(name, at);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
    }
    m.appendTail(out);
    // ${!Literal} is how a template writes a literal ${Literal}.
    return TextNode.valueOf(out.toString().replace("${!", "${"));
  }

  private String partition() {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
