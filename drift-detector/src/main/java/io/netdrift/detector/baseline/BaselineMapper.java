package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps an approved template onto the canonical model, resolving intrinsics against the deployed
 * stack. Security groups with their inline rules and standalone {@code SecurityGroupIngress}/
 * {@code Egress} resources are mapped; other types are counted as not checked or out of scope.
 */
public final class BaselineMapper {
  private static final String SG = "AWS::EC2::SecurityGroup";
  private static final String INGRESS = "AWS::EC2::SecurityGroupIngress";
  private static final String EGRESS = "AWS::EC2::SecurityGroupEgress";

  private BaselineMapper() {}

  /** Maps {@code stack} as deployed in {@code account}/{@code region}. */
  public static ApprovedStack map(
      StackTemplate stack, DeployedStack deployed, String account, String region) {
    return map(stack, deployed, account, region, Map.of(), Map.of(), List.of());
  }

  /**
   * Maps {@code stack}; {@code liveAttributes} are the attributes only the service knows (a
   * firewall's endpoint ids), by logical id, read before mapping.
   */
  public static ApprovedStack map(
      StackTemplate written,
      DeployedStack deployed,
      String account,
      String region,
      Map<String, Map<String, JsonNode>> liveAttributes,
      Map<String, String> exports,
      List<String> zones) {
    return map(written, deployed, account, region, liveAttributes, exports, zones, Map.of());
  }

  /**
   * As above; {@code stackOutputs} are the outputs of the stacks the template reads with {@code
   * Fn::GetStackOutput}, by stack name.
   */
  public static ApprovedStack map(
      StackTemplate written,
      DeployedStack deployed,
      String account,
      String region,
      Map<String, Map<String, JsonNode>> liveAttributes,
      Map<String, String> exports,
      List<String> zones,
      Map<String, Map<String, String>> stackOutputs) {
    // Fn::ForEach loops first: what they make is what CloudFormation deployed.
    StackTemplate stack =
        LanguageExtensions.expand(
            written,
            new TemplateResolver(written, deployed, account, region, liveAttributes, exports, zones)
                .withStackOutputs(stackOutputs));
    TemplateResolver resolver =
        new TemplateResolver(stack, deployed, account, region, liveAttributes, exports, zones)
            .withStackOutputs(stackOutputs);
    JsonNode resources = stack.template().path("Resources");
    Map<String, Integer> coverage = new TreeMap<>();
    Map<String, Integer> notChecked = new TreeMap<>();
    Map<String, Integer> outOfScope = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<String> notDeployed = new ArrayList<>();
    MappingContext context = new MappingContext(stack, deployed, resolver, problems, notDeployed);
    List<ApprovedStack.ForeignRule> foreignRules = new ArrayList<>();
    Map<String, GroupDraft> drafts = new LinkedHashMap<>();
    Set<String> vpcIds = new TreeSet<>();

    // Groups first, so standalone rules can find the group they belong to.
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String logicalId = entry.getKey();
      String type = entry.getValue().path("Type").asText();
      if (logicalId.startsWith("Fn::ForEach::")) {
        // AWS::LanguageExtensions: a loop that makes resources at deploy time.
        context.problem(
            "/Resources/" + logicalId,
            "Fn::ForEach whose collection cannot be resolved; the resources it makes are not"
                + " checked");
        continue;
      }
      ResourceCoverage kind = ResourceCoverage.of(type);
      if (kind == ResourceCoverage.OUT_OF_SCOPE) {
        outOfScope.merge(type, 1, Integer::sum);
        continue;
      }
      if (kind == ResourceCoverage.GENERIC) {
        // Compared generically below.
        continue;
      }
      String pointer = "/Resources/" + logicalId;
      if (!context.included(logicalId, entry.getValue())) {
        continue;
      }
      if (!type.equals(SG)) {
        continue;
      }
      if (deployed.physicalId(logicalId).isEmpty()) {
        notDeployed.add(logicalId);
        continue;
      }
      try {
        GroupDraft draft =
            group(resolver, logicalId, entry.getValue().path("Properties"), pointer, deployed);
        drafts.put(draft.groupId, draft);
        vpcIds.add(draft.vpcId);
      } catch (UnresolvedValueException e) {
        context.problem(e.pointer(), e.reason());
      } catch (IllegalArgumentException e) {
        context.problem(pointer, e.getMessage());
      }
    }

    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String type = entry.getValue().path("Type").asText();
      if (!type.equals(INGRESS) && !type.equals(EGRESS)) {
        continue;
      }
      String pointer = "/Resources/" + entry.getKey() + "/Properties";
      if (!context.included(entry.getKey(), entry.getValue())) {
        continue;
      }
      Direction direction = type.equals(INGRESS) ? Direction.INGRESS : Direction.EGRESS;
      try {
        JsonNode properties = entry.getValue().path("Properties");
        String groupId = resolver.text(properties.path("GroupId"), pointer + "/GroupId");
        GroupDraft draft = drafts.get(groupId);
        if (draft == null) {
          // A rule on a group of another stack: compared where that group is, see DriftScan.
          foreignRules.add(
              new ApprovedStack.ForeignRule(
                  groupId,
                  entry.getKey(),
                  type.equals(EGRESS),
                  rule(resolver, direction, properties, pointer)));
          continue;
        }
        draft.rules.add(rule(resolver, direction, properties, pointer));
        if (direction == Direction.EGRESS) {
          draft.declaresEgress = true;
        }
      } catch (UnresolvedValueException e) {
        context.problem(e.pointer(), e.reason());
        partialGroup(resolver, drafts, entry.getValue().path("Properties"), pointer, context);
      } catch (IllegalArgumentException e) {
        context.problem(pointer, e.getMessage());
        partialGroup(resolver, drafts, entry.getValue().path("Properties"), pointer, context);
      }
    }

    Map<String, ApprovedStack.ManagedGroup> groups = new TreeMap<>();
    for (GroupDraft draft : drafts.values()) {
      if (!draft.declaresEgress) {
        draft.rules.add(SecurityGroupRule.DEFAULT_EGRESS);
      }
      groups.put(
          draft.groupId,
          new ApprovedStack.ManagedGroup(
              draft.logicalId,
              new SecurityGroup(
                  draft.groupId, draft.vpcId, draft.name, draft.description, draft.rules)));
    }
    NetworkMapper.Result network = new NetworkMapper(context).map();
    Map<String, ManagedDocument> documents = new TreeMap<>(network.documents());
    documents.putAll(new SecurityMapper(context).map());
    documents.putAll(new EmbeddedMapper(context).map());
    documents.putAll(new GenericMapper(context).map());
    // Only what was mapped counts as checked; what the stack owns but could not map is named.
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String type = entry.getValue().path("Type").asText();
      if (ResourceCoverage.of(type) != ResourceCoverage.OUT_OF_SCOPE) {
        (context.unmapped.containsKey(entry.getKey()) ? notChecked : coverage)
            .merge(type, 1, Integer::sum);
      }
    }
    network.documents().values().stream()
        .filter(d -> d.document().type().equals(NetworkDocuments.VPC))
        .forEach(d -> vpcIds.add(d.document().physicalId()));
    return new ApprovedStack(
        stack,
        groups,
        foreignRules,
        documents,
        vpcIds,
        network.lockedDefaultGroupVpcs(),
        coverage,
        notChecked,
        outOfScope,
        notDeployed,
        problems,
        context.unmapped,
        context.partial);
  }

  /**
   * A standalone rule that could not be mapped leaves its group's rules partly unknown; where even
   * its group cannot be told, every group of the stack is.
   */
  private static void partialGroup(
      TemplateResolver resolver,
      Map<String, GroupDraft> drafts,
      JsonNode properties,
      String pointer,
      MappingContext context) {
    try {
      String groupId = resolver.text(properties.path("GroupId"), pointer + "/GroupId");
      if (drafts.containsKey(groupId)) {
        context.partial.add(groupId);
      }
    } catch (UnresolvedValueException | IllegalArgumentException e) {
      context.partial.addAll(drafts.keySet());
    }
  }

  /**
   * The template's Outputs as a parent stack reads them ({@code Fn::GetAtt [Nested, Outputs.X]}),
   * resolved against the deployed stack; an output that cannot be resolved is left out, so a parent
   * that uses it says so.
   */
  public static Map<String, JsonNode> outputs(
      StackTemplate stack,
      DeployedStack deployed,
      String account,
      String region,
      Map<String, Map<String, JsonNode>> liveAttributes,
      Map<String, String> exports,
      List<String> zones) {
    TemplateResolver resolver =
        new TemplateResolver(stack, deployed, account, region, liveAttributes, exports, zones);
    Map<String, JsonNode> outputs = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stack.template().path("Outputs").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> output = it.next();
      try {
        if (!output.getValue().has("Condition")
            || resolver.condition(
                output.getValue().get("Condition").asText(),
                "/Outputs/" + output.getKey() + "/Condition")) {
          outputs.put(
              "Outputs." + output.getKey(),
              resolver.resolve(
                  output.getValue().path("Value"), "/Outputs/" + output.getKey() + "/Value"));
        }
      } catch (UnresolvedValueException | IllegalArgumentException e) {
        // Left out: a parent that reads it cannot resolve it and says so.
      }
    }
    return outputs;
  }

  private static GroupDraft group(
      TemplateResolver resolver,
      String logicalId,
      JsonNode properties,
      String pointer,
      DeployedStack deployed) {
    GroupDraft draft = new GroupDraft();
    draft.logicalId = logicalId;
    draft.groupId = deployed.physicalId(logicalId).orElseThrow();
    String at = pointer + "/Properties";
    if (properties.path("VpcId").isMissingNode()) {
      throw new UnresolvedValueException(
          at + "/VpcId", "a group without VpcId lands in the default VPC; not supported yet");
    }
    draft.vpcId = resolver.text(properties.path("VpcId"), at + "/VpcId");
    draft.description =
        resolver.text(properties.path("GroupDescription"), at + "/GroupDescription");
    draft.name =
        properties.has("GroupName")
            ? Optional.of(resolver.text(properties.path("GroupName"), at + "/GroupName"))
            : Optional.empty();
    JsonNode ingress =
        resolver.resolve(properties.path("SecurityGroupIngress"), at + "/SecurityGroupIngress");
    if (ingress != null && ingress.isArray()) {
      for (int i = 0; i < ingress.size(); i++) {
        draft.rules.add(
            rule(resolver, Direction.INGRESS, ingress.get(i), at + "/SecurityGroupIngress/" + i));
      }
    }
    JsonNode egress =
        resolver.resolve(properties.path("SecurityGroupEgress"), at + "/SecurityGroupEgress");
    if (egress != null && egress.isArray() && egress.size() > 0) {
      draft.declaresEgress = true;
      for (int i = 0; i < egress.size(); i++) {
        draft.rules.add(
            rule(resolver, Direction.EGRESS, egress.get(i), at + "/SecurityGroupEgress/" + i));
      }
    }
    return draft;
  }

  /** One template rule, inline or standalone; both spell peers with the same property names. */
  private static SecurityGroupRule rule(
      TemplateResolver resolver, Direction direction, JsonNode rule, String pointer) {
    JsonNode r = resolver.resolve(rule, pointer);
    String prefix = direction == Direction.INGRESS ? "Source" : "Destination";
    List<Peer> peers = new ArrayList<>();
    if (r.hasNonNull("CidrIp")) {
      peers.add(new Peer.CidrPeer(Cidr.parse(r.get("CidrIp").asText())));
    }
    if (r.hasNonNull("CidrIpv6")) {
      peers.add(new Peer.CidrPeer(Cidr.parse(r.get("CidrIpv6").asText())));
    }
    if (r.hasNonNull(prefix + "PrefixListId")) {
      peers.add(new Peer.PrefixListPeer(r.get(prefix + "PrefixListId").asText()));
    }
    if (r.hasNonNull(prefix + "SecurityGroupId")) {
      peers.add(new Peer.GroupPeer(r.get(prefix + "SecurityGroupId").asText()));
    }
    if (r.hasNonNull(prefix + "SecurityGroupName")) {
      throw new UnresolvedValueException(
          pointer + "/" + prefix + "SecurityGroupName",
          "peers named by group name are not supported yet");
    }
    if (peers.size() != 1) {
      throw new UnresolvedValueException(
          pointer, "a rule names exactly one peer; found " + peers.size());
    }
    if (!r.hasNonNull("IpProtocol")) {
      throw new UnresolvedValueException(pointer + "/IpProtocol", "IpProtocol is required");
    }
    return SecurityGroupRule.of(
        direction,
        r.get("IpProtocol").asText(),
        r.hasNonNull("FromPort") ? r.get("FromPort").asInt() : null,
        r.hasNonNull("ToPort") ? r.get("ToPort").asInt() : null,
        peers.get(0),
        r.path("Description").asText(""));
  }

  /** A group while its standalone rules are being collected. */
  private static final class GroupDraft {
    String logicalId;
    String groupId;
    String vpcId;
    String description;
    Optional<String> name = Optional.empty();
    final List<SecurityGroupRule> rules = new ArrayList<>();
    boolean declaresEgress;
  }
}
