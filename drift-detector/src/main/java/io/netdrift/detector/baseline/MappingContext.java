package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Canonical;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.StackTemplate;
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

  /** Resources the stack owns that could not be mapped, by logical id, with why. */
  final Map<String, String> unmapped = new java.util.TreeMap<>();

  /**
   * Physical ids of approved groups and documents some of whose parts (a standalone rule, a NACL
   * entry, a route) could not be mapped: what they hold live is not all known to be unapproved.
   */
  final Set<String> partial = new java.util.TreeSet<>();

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
      unmapped.putIfAbsent(logicalId, e.reason());
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
    logicalId(pointer).ifPresent(id -> unmapped.putIfAbsent(id, reason));
  }

  /** The resource a JSON pointer into the template names, if it names one. */
  static Optional<String> logicalId(String pointer) {
    if (!pointer.startsWith("/Resources/")) {
      return Optional.empty();
    }
    String rest = pointer.substring("/Resources/".length());
    int slash = rest.indexOf('/');
    return Optional.of(slash < 0 ? rest : rest.substring(0, slash)).filter(id -> !id.isEmpty());
  }
}
