package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.live.DeployedStack;
import io.netdrift.detector.model.Canonical;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every mapper shares while it reads one template: the resolver, the deployed stack, and the
 * lists of problems (each makes the scan incomplete) and of approved resources not deployed.
 */
final class MappingContext {
  final StackTemplate stack;
  final DeployedStack deployed;
  final TemplateResolver resolver;
  final List<String> problems;
  final List<String> notDeployed;

  MappingContext(
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

  /** The template's resources of these types, in template order; conditional ones are left out. */
  List<Map.Entry<String, JsonNode>> resources(String... types) {
    Set<String> wanted = Set.of(types);
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stack.template().path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (wanted.contains(r.getValue().path("Type").asText())
          && included(r.getKey(), r.getValue())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Whether CloudFormation created the resource: no Condition, or a condition that holds. One that
   * cannot be evaluated is a problem, and the resource is left uncompared.
   */
  boolean included(String logicalId, JsonNode resource) {
    try {
      return resolver.included(logicalId, resource);
    } catch (UnresolvedValueException e) {
      problem(e.pointer(), e.reason());
      return false;
    }
  }

  /** The physical id, or empty after noting the resource as not deployed. */
  Optional<String> physicalId(String logicalId) {
    Optional<String> physical = deployed.physicalId(logicalId);
    if (physical.isEmpty()) {
      notDeployed.add(logicalId);
    }
    return physical;
  }

  /**
   * Only the named properties, resolved: a property the comparison does not use is never resolved.
   */
  ObjectNode subset(JsonNode properties, String pointer, String... keys) {
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

  /** Records why a resource could not be mapped: file, JSON pointer, reason. */
  void problem(String pointer, String reason) {
    problems.add(stack.file() + "#" + pointer + ": " + reason);
  }
}
