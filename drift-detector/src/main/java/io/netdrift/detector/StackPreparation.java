package io.netdrift.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.baseline.BaselineMapper;
import io.netdrift.detector.baseline.CloudAssembly;
import io.netdrift.detector.live.AwsTarget;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.SdkErrors;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.SecurityDocuments;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.StackTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scan's first step, per stack: read what CloudFormation deployed and map the approved template
 * onto it. Nested stacks become stacks of the scan of their own; a stack mid-deploy is deferred or,
 * past the deploy grace, unchecked; an AWS error is that stack's problem, not the scan's end.
 */
final class StackPreparation {
  private final Clock clock;
  private final LiveSource.Factory sources;
  private final Duration deployGrace;
  private final List<StackTemplate> scanned;
  private final List<StackTemplate> assembly;

  /**
   * Prepares stacks of {@code scanned}, the stacks the scan compares, of {@code assembly}, every
   * stack of the approved app.
   */
  StackPreparation(
      Clock clock,
      LiveSource.Factory sources,
      Duration deployGrace,
      List<StackTemplate> scanned,
      List<StackTemplate> assembly) {
    this.clock = clock;
    this.sources = sources;
    this.deployGrace = deployGrace;
    this.scanned = List.copyOf(scanned);
    this.assembly = List.copyOf(assembly);
  }

  /** The names of the stacks the scan compares in the account and region of {@code template}. */
  private Set<String> neighbours(StackTemplate template, ScanOptions options) {
    return neighbours(scanned, template, options);
  }

  /**
   * Whether the scan compares, unfocused, every stack the approved app has in the account and
   * region of {@code template}: then the account's resources outside them are only what was made
   * outside the app.
   */
  private boolean everyStack(StackTemplate template, ScanOptions options) {
    return options.focus().isEmpty()
        && neighbours(scanned, template, options).equals(neighbours(assembly, template, options));
  }

  private static Set<String> neighbours(
      List<StackTemplate> templates, StackTemplate template, ScanOptions options) {
    Set<String> names = new TreeSet<>();
    for (StackTemplate t : templates) {
      if (t.account().equals(template.account())
          && options.region().or(t::region).equals(options.region().or(template::region))) {
        names.add(t.stackName());
      }
    }
    return names;
  }

  /**
   * Reads the deployed stack and maps the approved one; ends early where there is nothing to
   * compare.
   */
  List<StackPlan> prepare(StackTemplate template, ScanOptions options) {
    StackPlan p = new StackPlan(template, template.stackName());
    String name = template.stackName();
    p.region =
        options
            .region()
            .or(template::region)
            .orElseThrow(
                () ->
                    new DriftException(
                        "stack "
                            + name
                            + " pins no region in "
                            + template.file()
                            + "; pass --region"));
    p.account = template.account().orElse("");
    Optional<String> roleArn = options.roleArn();
    if (roleArn.isPresent() && roleArn.get().contains("{account}")) {
      if (p.account.isEmpty()) {
        throw new DriftException(
            "stack "
                + name
                + " pins no account in "
                + template.file()
                + "; --role-arn with {account} needs each stack's account");
      }
      roleArn = Optional.of(roleArn.get().replace("{account}", p.account));
    } else if (p.account.isEmpty() && roleArn.isPresent()) {
      // An environment-agnostic stack read through one account's role is that account's,
      // whether or not it can be read.
      String[] arn = roleArn.get().split(":");
      p.account = arn.length > 4 && arn[4].matches("\\d{12}") ? arn[4] : "";
    }
    AwsTarget target =
        new AwsTarget(
            p.region, options.profile(), options.endpoint(), roleArn, options.apiTimeout());
    p.source = sources.open(name, target);
    p.source.scanning(neighbours(template, options), everyStack(template, options));
    List<StackPlan> all = new ArrayList<>(List.of(p));
    try {
      Optional<DeployedStack> deployed = p.source.stack(name);
      if (deployed.isEmpty()) {
        p.findings.add(
            Finding.notDeployed(new Finding.Resource(name, "AWS::CloudFormation::Stack", name, ""))
                .approved("deployed")
                .summary(
                    "approved stack "
                        + name
                        + " does not exist in "
                        + p.region
                        + "; run cdk deploy "
                        + name)
                .build());
        p.result = StackResult.unchecked(name, p.account, p.region, "NOT_DEPLOYED", List.of());
        return all;
      }
      map(p, deployed.get(), target, 1, all);
    } catch (DriftException e) {
      throw e;
    } catch (RuntimeException e) {
      // An AWS error, or an answer Netdrift did not expect: this stack is unreadable, not the scan.
      p.result =
          StackResult.unchecked(
              name,
              p.account,
              p.region,
              "UNREADABLE",
              List.of(
                  SdkErrors.explain(e)
                      .map(m -> "could not read from AWS: " + m)
                      .orElseGet(() -> "could not read or map the stack: " + Reads.unexpected(e))));
    }
    return all;
  }

  /**
   * A stack not at rest: mid-deploy, its resources are neither the old template nor the new one.
   * Within the deploy grace it is deferred (checked once it settles, not alerted: a deploy is not
   * an incident); a stack that stays unsettled past it (stuck in progress, or rolled back) is an
   * incomplete scan that says how long.
   */
  private StackResult unsettled(String label, String account, String region, DeployedStack stack) {
    Optional<java.time.Duration> age =
        stack.changedAt().map(t -> java.time.Duration.between(t, clock.instant()));
    String since =
        stack
            .changedAt()
            .map(t -> " since " + t + " (" + age.get().toMinutes() + " min)")
            .orElse("");
    Optional<String> failed = failed(stack);
    if (failed.isPresent()) {
      return StackResult.unchecked(
          label, account, region, stack.status(), List.of(failed.get() + since));
    }
    if (age.isPresent() && age.get().compareTo(deployGrace) < 0) {
      return StackResult.deferred(
          label,
          account,
          region,
          stack.status(),
          "a deploy is under way: the stack is "
              + stack.status()
              + since
              + "; it is checked once it settles");
    }
    return StackResult.unchecked(
        label,
        account,
        region,
        stack.status(),
        List.of(
            "the stack is "
                + stack.status()
                + since
                + (age.isPresent()
                    ? ", longer than a deploy's " + deployGrace.toMinutes() + " min grace"
                    : "")
                + ": its resources are not what any template says; scan again when it is settled"));
  }

  /**
   * What a stack that stopped in a failed state needs, said at once: no deploy is under way, so
   * waiting for it to settle (the deploy grace) would only hide it.
   */
  static Optional<String> failed(DeployedStack stack) {
    String name = stack.stackName();
    String status = stack.status();
    return Optional.ofNullable(
        switch (status) {
          case "UPDATE_ROLLBACK_FAILED" ->
              "the stack is UPDATE_ROLLBACK_FAILED: an update failed and so did its rollback, its"
                  + " resources are partly of the old template and partly of the new; continue"
                  + " the rollback (aws cloudformation continue-update-rollback --stack-name "
                  + name
                  + ") or mend what blocks it, then scan again";
          case "IMPORT_ROLLBACK_FAILED" ->
              "the stack is IMPORT_ROLLBACK_FAILED: an import failed and so did its rollback;"
                  + " resolve the resources named in the stack's events, then scan again";
          case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED" ->
              "the stack is "
                  + status
                  + ": its creation failed, so none of what it declares is known to exist;"
                  + " delete it and deploy again (cdk deploy "
                  + name
                  + ")";
          case "UPDATE_FAILED", "DELETE_FAILED" ->
              "the stack is "
                  + status
                  + ": a change failed and was not rolled back, its resources are not what any"
                  + " template says; fix the change or roll it back, then scan again";
          default -> null;
        });
  }

  /** The stacks a template names in {@code Fn::GetStackOutput} by a literal name. */
  private static Set<String> stackOutputNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isObject()) {
      JsonNode call = node.get("Fn::GetStackOutput");
      if (node.size() == 1 && call != null && call.path("StackName").isTextual()) {
        names.add(call.get("StackName").asText());
      }
      node.elements().forEachRemaining(child -> names.addAll(stackOutputNames(child)));
    } else if (node.isArray()) {
      node.forEach(child -> names.addAll(stackOutputNames(child)));
    }
    return names;
  }

  /** Nested stacks deeper than this are a problem, not a recursion without end. */
  private static final int MAX_NESTING = 10;

  /**
   * Maps one deployed stack, its nested stacks first (a parent may read their outputs); every
   * nested stack becomes a stack of the scan of its own, added to {@code all} after its parent.
   */
  private void map(
      StackPlan p, DeployedStack stack, AwsTarget target, int depth, List<StackPlan> all) {
    StackTemplate template = p.template;
    LiveSource aws = p.source;
    p.stack = stack;
    p.account = stack.account().orElse(p.account);
    String account = p.account;
    String region = p.region;
    if (!stack.settled()) {
      p.result = unsettled(p.label, account, region, stack);
      return;
    }
    List<String> problems = p.problems;
    Reads reads = new Reads(problems);
    Map<String, Map<String, JsonNode>> liveAttributes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> r : iterable(template.template().path("Resources"))) {
      if (r.getValue().path("Type").asText().equals(CloudAssembly.NESTED_STACK)) {
        nested(p, r.getKey(), target, depth, all)
            .ifPresent(child -> liveAttributes.put(r.getKey(), child.outputs));
      }
    }

    // Attributes only the service knows (a firewall's endpoint ids) come from live, first.
    for (DeployedStack.Resource r : stack.resources().values()) {
      if (r.type().equals(SecurityDocuments.NFW_FIREWALL) && !r.physicalId().isEmpty()) {
        reads
            .of(
                "firewall endpoints (Network Firewall DescribeFirewall)",
                () -> aws.firewallEndpoints(r.physicalId()))
            .ifPresent(
                ids -> {
                  liveAttributes.put(r.logicalId(), Map.of("EndpointIds", ids));
                  ids.forEach(
                      id -> {
                        String[] zoneAndEndpoint = id.asText().split(":", 2);
                        if (zoneAndEndpoint.length == 2) {
                          p.endpointZones.put(zoneAndEndpoint[1], zoneAndEndpoint[0]);
                        }
                      });
                });
      }
    }
    // Exports are read only where the template imports one: most stacks need no extra call.
    Map<String, String> exports = new TreeMap<>();
    if (template.template().findValue("Fn::ImportValue") != null) {
      reads.of("CloudFormation exports (ListExports)", aws::exports).ifPresent(exports::putAll);
    }
    List<String> zones = new ArrayList<>();
    if (template.template().findValue("Fn::GetAZs") != null) {
      reads
          .of("availability zones (EC2 DescribeAvailabilityZones)", aws::availabilityZones)
          .ifPresent(zones::addAll);
    }
    // Other stacks' outputs are read only where the template names one with Fn::GetStackOutput.
    Map<String, Map<String, String>> stackOutputs = new TreeMap<>();
    for (String other : stackOutputNames(template.template())) {
      // A source of its own: a snapshot keeps this stack's record and the other's apart.
      try (LiveSource outputsOf = sources.open(p.label + " outputs of " + other, target)) {
        reads
            .of(
                "outputs of stack " + other + " (CloudFormation DescribeStacks)",
                () -> outputsOf.stack(other))
            .flatMap(s -> s)
            .ifPresent(s -> stackOutputs.put(other, s.outputs()));
      }
    }
    p.approved =
        BaselineMapper.map(
            template, stack, account, region, liveAttributes, exports, zones, stackOutputs);
    p.outputs.putAll(
        BaselineMapper.outputs(template, stack, account, region, liveAttributes, exports, zones));
  }

  /**
   * The nested stack {@code logicalId} of {@code parent}: its template from the assembly (the
   * {@code aws:asset:path} CDK records), its deployed state by the physical id the parent's stack
   * gives it, mapped and compared as a stack of its own named by its path. A nested template the
   * assembly lacks, or a nested stack that cannot be read, is a problem of the parent: incomplete,
   * never skipped.
   */
  private Optional<StackPlan> nested(
      StackPlan parent, String logicalId, AwsTarget target, int depth, List<StackPlan> all) {
    String path = parent.label + "/" + logicalId;
    Optional<String> physical = parent.stack.physicalId(logicalId);
    if (physical.isEmpty()) {
      // Not deployed: the mapping names it as an approved resource CloudFormation never made.
      return Optional.empty();
    }
    if (depth > MAX_NESTING) {
      parent.problems.add(path + ": nested more than " + MAX_NESTING + " deep; not read");
      return Optional.empty();
    }
    Optional<CloudAssembly.NestedTemplate> nestedTemplate =
        CloudAssembly.nested(parent.template, logicalId);
    if (nestedTemplate.isEmpty()) {
      parent.problems.add(
          "nested stack "
              + path
              + ": its template is not in the assembly ("
              + CloudAssembly.assetPath(parent.template, logicalId).orElse("no aws:asset:path")
              + "); its resources are not checked");
      return Optional.empty();
    }
    // A source of its own, so a snapshot records the nested stack under its path.
    LiveSource source = sources.open(path, target);
    Optional<DeployedStack> deployed;
    try {
      deployed = source.stack(physical.get());
    } catch (RuntimeException e) {
      source.close();
      if (e instanceof DriftException) {
        throw e;
      }
      parent.problems.add(
          "could not read nested stack "
              + path
              + ": "
              + SdkErrors.explain(e).orElseGet(() -> Reads.unexpected(e)));
      return Optional.empty();
    }
    if (deployed.isEmpty()) {
      source.close();
      parent.problems.add("nested stack " + path + " (" + physical.get() + ") does not exist");
      return Optional.empty();
    }
    StackPlan child =
        new StackPlan(
            new StackTemplate(
                deployed.get().stackName(),
                parent.template.account(),
                parent.template.region(),
                nestedTemplate.get().file(),
                nestedTemplate.get().template(),
                path),
            path);
    child.source = source;
    child.region = parent.region;
    child.account = parent.account;
    all.add(child);
    map(child, deployed.get(), target, depth + 1, all);
    return Optional.of(child);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
