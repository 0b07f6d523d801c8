package io.netdrift.detector.guard;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a deploy would do to the out-of-band changes of a stack: the changes found between the
 * deployed template and live, judged against the template about to be deployed, the way
 * CloudFormation updates. A resource whose template stays the same is not updated, so its drift
 * stays (a plain deploy never repairs it). One whose template changes is updated with the
 * template's values, which writes over a changed or removed setting; a security group applies only
 * the rules its template adds or drops, so a rule added or taken away by hand stays; what no
 * template declares is never touched. A resource the deploy deletes or replaces (a create-only
 * property changed) takes its changes with it. A change made after the stack's last deploy that the
 * deploy would undo may be an incident fix: the team decides before deploying.
 */
public final class DeployGuard {
  private static final Pattern ENTRY = Pattern.compile("Entries\\[(ingress|egress) (\\d+)]");

  /** Properties whose change makes CloudFormation replace the resource, for the types here. */
  private static final Map<String, List<String>> CREATE_ONLY =
      Map.of(
          "AWS::EC2::SecurityGroup", List.of("GroupDescription", "GroupName", "VpcId"),
          "AWS::EC2::NetworkAcl", List.of("VpcId"),
          "AWS::EC2::Subnet", List.of("VpcId", "CidrBlock", "AvailabilityZone"),
          "AWS::EC2::RouteTable", List.of("VpcId"),
          "AWS::WAFv2::WebACL", List.of("Name", "Scope"),
          "AWS::WAFv2::IPSet", List.of("Name", "Scope"),
          "AWS::NetworkFirewall::RuleGroup", List.of("RuleGroupName", "Type", "Capacity"),
          "AWS::NetworkFirewall::FirewallPolicy", List.of("FirewallPolicyName"));

  private DeployGuard() {}

  /** What the deploy does to one out-of-band change. */
  public enum Effect {
    /** The resource is updated with the template's values, written over the change. */
    OVERWRITTEN,
    /** The resource is replaced: the change goes with the old one. */
    REPLACED,
    /** The resource leaves the template: the deploy deletes it, change and all. */
    DELETED,
    /** The change survives the deploy: it must be reverted or accepted. */
    KEPT,
    /** In no template: the deploy does not touch it. */
    UNTOUCHED;

    /** True where the deploy undoes the change. */
    public boolean undoes() {
      return this == OVERWRITTEN || this == REPLACED || this == DELETED;
    }
  }

  /**
   * One change and its fate.
   *
   * @param why how the deploy comes to that
   * @param incidentFix why the team must decide first (made after the last deploy, or when is not
   *     known), or empty
   */
  public record Verdict(Finding finding, Effect effect, String why, Optional<String> incidentFix) {}

  /**
   * Judges {@code drift} (deployed template against live) of one stack: {@code deployed} and {@code
   * next} are the two templates' {@code Resources}, {@code lastDeploy} when the stack last changed,
   * {@code who} each change's CloudTrail attribution.
   */
  public static List<Verdict> judge(
      List<Finding> drift,
      JsonNode deployed,
      JsonNode next,
      Optional<Instant> lastDeploy,
      Function<Finding, Attribution> who) {
    List<Verdict> verdicts = new ArrayList<>();
    for (Finding f : drift) {
      Effect effect;
      String why;
      String id = f.logicalId();
      if (id.isEmpty() || !deployed.has(id)) {
        effect = Effect.UNTOUCHED;
        why = "in no template: the deploy leaves it";
      } else if (!next.has(id)) {
        effect = Effect.DELETED;
        why = "the deploy deletes " + id + ", and the change with it";
      } else if (replaced(f.resourceType(), deployed.get(id), next.get(id))) {
        effect = Effect.REPLACED;
        why =
            "the deploy replaces "
                + id
                + " (a create-only property changes): the change goes"
                + " with the old one";
      } else if (f.kind() == FindingKind.UNMANAGED) {
        effect = Effect.KEPT;
        why = "no template declares it, so no update removes it: revert or accept it";
      } else if (f.resourceType().equals("AWS::EC2::SecurityGroup")) {
        effect = Effect.KEPT;
        why =
            "a security group's update applies only the rules its template adds or drops:"
                + " revert or accept it";
      } else if (updated(f, deployed, next)) {
        effect = Effect.OVERWRITTEN;
        why = "the deploy updates it with the template's values, written over the change";
      } else {
        effect = Effect.KEPT;
        why = "its template stays the same, so the deploy does not repair it: revert or accept it";
      }
      Optional<String> incident = Optional.empty();
      if (effect.undoes()) {
        Attribution a = who.apply(f);
        if (!a.known()) {
          incident =
              Optional.of("who made it and when is not known (" + a.note() + "): decide first");
        } else if (lastDeploy.isEmpty() || a.time().isAfter(lastDeploy.get())) {
          incident =
              Optional.of(
                  "made by "
                      + a.principal()
                      + " at "
                      + a.time()
                      + ", after the last deploy"
                      + lastDeploy.map(t -> " (" + t + ")").orElse("")
                      + ": an incident fix? decide first");
        }
      }
      verdicts.add(new Verdict(f, effect, why, incident));
    }
    return verdicts;
  }

  private static boolean replaced(String type, JsonNode before, JsonNode after) {
    for (String property : CREATE_ONLY.getOrDefault(type, List.of())) {
      if (!before
          .path("Properties")
          .path(property)
          .equals(after.path("Properties").path(property))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True where the update reaches what the finding is about: the entry's own resource for a network
   * ACL entry; else the resource or one that belongs to it (names it by Ref or GetAtt).
   */
  private static boolean updated(Finding f, JsonNode deployed, JsonNode next) {
    Matcher entry = ENTRY.matcher(f.property());
    if (f.resourceType().equals("AWS::EC2::NetworkAcl") && entry.lookingAt()) {
      boolean egress = entry.group(1).equals("egress");
      int number = Integer.parseInt(entry.group(2));
      return !aclEntry(deployed, f.logicalId(), egress, number)
          .equals(aclEntry(next, f.logicalId(), egress, number));
    }
    return !belonging(deployed, f.logicalId()).equals(belonging(next, f.logicalId()));
  }

  private static JsonNode aclEntry(JsonNode resources, String acl, boolean egress, int number) {
    for (JsonNode r : (Iterable<JsonNode>) resources::elements) {
      JsonNode p = r.path("Properties");
      if (r.path("Type").asText().equals("AWS::EC2::NetworkAclEntry")
          && p.path("NetworkAclId").path("Ref").asText().equals(acl)
          && p.path("Egress").asBoolean(false) == egress
          && p.path("RuleNumber").asInt(-1) == number) {
        return r;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** The resource and those that name it, by logical id. */
  private static Map<String, JsonNode> belonging(JsonNode resources, String id) {
    Map<String, JsonNode> out = new TreeMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              String json = e.getValue().toString();
              if (e.getKey().equals(id)
                  || json.contains("{\"Ref\":\"" + id + "\"}")
                  || json.contains("[\"" + id + "\",")) {
                out.put(e.getKey(), e.getValue());
              }
            });
    return out;
  }

  /**
   * Why CloudFormation's own drift revert ({@code REVERT_DRIFT} change sets, {@code cdk deploy
   * --revert-drift}) would be unsafe for a template, or empty.
   */
  public static Optional<String> revertDriftWarning(JsonNode template) {
    if (template.toString().contains("\"Fn::GetStackOutput\"")) {
      return Optional.of(
          "the template uses Fn::GetStackOutput: CloudFormation's REVERT_DRIFT reports"
              + " replacements that are not real for such stacks; do not revert drift with it");
    }
    return Optional.empty();
  }
}
