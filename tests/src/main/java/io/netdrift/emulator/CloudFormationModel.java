package io.netdrift.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The stacks the emulator has "deployed": status, parameters, logical→physical resources. */
public final class CloudFormationModel {
  private final Map<String, Stack> stacks = new TreeMap<>();
  final Map<String, String[]> exports = new TreeMap<>();

  /** A deployed stack. */
  public static final class Stack {
    final String name;
    final String stackId;
    volatile String status = "CREATE_COMPLETE";

    /** When the stack last changed: its last update, if any. */
    volatile java.time.Instant lastUpdated;

    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, Resource> resources = new LinkedHashMap<>();
    final Map<String, String> outputs = new LinkedHashMap<>();
    volatile String templateBody;

    Stack(String name, String stackId, String templateBody) {
      this.name = name;
      this.stackId = stackId;
      this.templateBody = templateBody;
    }

    /** The stack's ARN. */
    public String stackId() {
      return stackId;
    }

    /** The stack's name (for a nested stack, the one CloudFormation gave it). */
    public String name() {
      return name;
    }
  }

  /** One row of ListStackResources. */
  public record Resource(String logicalId, String type, String physicalId) {}

  synchronized void put(Stack stack) {
    stacks.put(stack.name, stack);
  }

  /** The stack named or with ARN {@code nameOrId}. */
  public synchronized Optional<Stack> find(String nameOrId) {
    return stacks.values().stream()
        .filter(s -> s.name.equals(nameOrId) || s.stackId.equals(nameOrId))
        .findFirst();
  }

  synchronized List<Stack> all() {
    return List.copyOf(stacks.values());
  }

  /** Sets a stack's status, e.g. to show one mid-update. */
  public synchronized void setStatus(String name, String status) {
    find(name).orElseThrow().status = status;
  }

  /** Sets a stack's status as of {@code since}: an update that began then. */
  public synchronized void setStatus(String name, String status, java.time.Instant since) {
    Stack stack = find(name).orElseThrow();
    stack.status = status;
    stack.lastUpdated = since;
  }

  /**
   * Replaces the template CloudFormation remembers for a stack, as an update that changed no
   * resource would (a branch that only edited the stack description, say).
   */
  public synchronized void replaceTemplate(String name, String body) {
    find(name).orElseThrow().templateBody = body;
  }

  /** Deletes a stack's record (its resources stay, as after a retain policy). */
  public synchronized void forget(String name) {
    stacks.remove(name);
  }

  /** The physical id of a logical resource. */
  public synchronized String physicalId(String stackName, String logicalId) {
    Resource resource = find(stackName).orElseThrow().resources.get(logicalId);
    if (resource == null) {
      throw new IllegalArgumentException("no resource " + logicalId + " in " + stackName);
    }
    return resource.physicalId();
  }

  /** The logical ids of one type, in template order. */
  public synchronized List<String> logicalIds(String stackName, String type) {
    return find(stackName).orElseThrow().resources.values().stream()
        .filter(r -> r.type().equals(type))
        .map(Resource::logicalId)
        .toList();
  }
}
