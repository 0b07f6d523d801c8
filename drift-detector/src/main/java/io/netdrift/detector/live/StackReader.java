package io.netdrift.detector.live;

import io.netdrift.detector.model.DeployedStack;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** Reads a deployed stack: {@code DescribeStacks} and every page of {@code ListStackResources}. */
public final class StackReader {
  private final CloudFormationClient cloudFormation;

  /** Reads through {@code cloudFormation}. */
  public StackReader(CloudFormationClient cloudFormation) {
    this.cloudFormation = cloudFormation;
  }

  /** Every export of the account and region, all pages. */
  public Map<String, String> exports() {
    Map<String, String> exports = new java.util.TreeMap<>();
    cloudFormation
        .listExportsPaginator(r -> {})
        .exports()
        .forEach(e -> exports.put(e.name(), e.value()));
    return exports;
  }

  /** The template CloudFormation deployed (its original form, as submitted). */
  public String template(String stackName) {
    return cloudFormation
        .getTemplate(r -> r.stackName(stackName).templateStage(TemplateStage.ORIGINAL))
        .templateBody();
  }

  private static Map<String, String> outputs(Stack stack) {
    Map<String, String> outputs = new LinkedHashMap<>();
    stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    return outputs;
  }

  /** The stack, or empty where CloudFormation says it does not exist. */
  public Optional<DeployedStack> read(String stackName) {
    Stack stack;
    try {
      stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
    } catch (CloudFormationException e) {
      // CloudFormation answers a missing stack with a ValidationError, not a NotFound code.
      if ("ValidationError".equals(e.awsErrorDetails().errorCode())
          && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Parameter p : stack.parameters()) {
      // SSM-typed parameters carry the value CloudFormation used in ResolvedValue.
      parameters.put(
          p.parameterKey(), p.resolvedValue() != null ? p.resolvedValue() : p.parameterValue());
    }
    Map<String, DeployedStack.Resource> resources = new LinkedHashMap<>();
    for (StackResourceSummary s :
        cloudFormation
            .listStackResourcesPaginator(r -> r.stackName(stackName))
            .stackResourceSummaries()) {
      resources.put(
          s.logicalResourceId(),
          new DeployedStack.Resource(
              s.logicalResourceId(),
              s.resourceType(),
              s.physicalResourceId(),
              s.resourceStatusAsString()));
    }
    return Optional.of(
        new DeployedStack(
            stack.stackName(),
            stack.stackId(),
            stack.stackStatusAsString(),
            parameters,
            resources,
            Optional.ofNullable(
                stack.lastUpdatedTime() != null ? stack.lastUpdatedTime() : stack.creationTime()),
            outputs(stack)));
  }
}
