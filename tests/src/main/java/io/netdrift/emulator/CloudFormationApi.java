package io.netdrift.emulator;

import io.netdrift.emulator.CloudFormationModel.Resource;
import io.netdrift.emulator.CloudFormationModel.Stack;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The CloudFormation Query API (version 2010-05-15): {@code DescribeStacks}, {@code
 * ListStackResources} (paged), {@code GetTemplate}; answers in the CloudFormation namespace, errors
 * as {@code ErrorResponse} with a {@code Type}.
 */
final class CloudFormationApi {
  static final String VERSION = "2010-05-15";
  static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  /** ListStackResources answers at most 100 summaries a page. */
  static final int RESOURCE_PAGE = 100;

  private final CloudFormationModel cloudFormation;
  private final IntSupplier pageCap;

  CloudFormationApi(CloudFormationModel cloudFormation, IntSupplier pageCap) {
    this.cloudFormation = cloudFormation;
    this.pageCap = pageCap;
  }

  String handle(QueryRequest request, String requestId) {
    return switch (request.action()) {
      case "DescribeStacks" -> describeStacks(request, requestId);
      case "ListStackResources" -> listStackResources(request, requestId);
      case "GetTemplate" -> getTemplate(request, requestId);
      case "ListExports" -> listExports(request, requestId);
      case "DescribeType" -> describeType(request, requestId);
      default -> throw new AwsError(400, "InvalidAction", "Unknown action " + request.action());
    };
  }

  static String error(AwsError e, String requestId) {
    return new Xml()
        .open("ErrorResponse", NAMESPACE)
        .open("Error")
        .element("Type", e.status >= 500 ? "Receiver" : "Sender")
        .element("Code", e.code)
        .element("Message", e.getMessage())
        .close("Error")
        .element("RequestId", requestId)
        .close("ErrorResponse")
        .toString();
  }

  private Stack stack(QueryRequest request) {
    String name =
        request
            .get("StackName")
            .orElseThrow(
                () ->
                    new AwsError(
                        400,
                        "ValidationError",
                        "1 validation error detected: StackName must not be null"));
    return cloudFormation
        .find(name)
        .orElseThrow(
            () ->
                new AwsError(400, "ValidationError", "Stack with id " + name + " does not exist"));
  }

  private String describeStacks(QueryRequest request, String requestId) {
    List<Stack> stacks =
        request.get("StackName").isPresent() ? List.of(stack(request)) : cloudFormation.all();
    Xml xml =
        new Xml()
            .open("DescribeStacksResponse", NAMESPACE)
            .open("DescribeStacksResult")
            .open("Stacks");
    for (Stack s : stacks) {
      xml.open("member")
          .element("StackName", s.name)
          .element("StackId", s.stackId)
          .element("CreationTime", "2026-11-30T00:00:00.000Z");
      if (s.lastUpdated != null) {
        xml.element("LastUpdatedTime", s.lastUpdated.toString());
      }
      xml.element("StackStatus", s.status).open("Parameters");
      s.parameters.forEach(
          (k, v) ->
              xml.open("member")
                  .element("ParameterKey", k)
                  .element("ParameterValue", v)
                  .close("member"));
      xml.close("Parameters").open("Tags").close("Tags").open("Outputs");
      s.outputs.forEach(
          (k, v) ->
              xml.open("member").element("OutputKey", k).element("OutputValue", v).close("member"));
      xml.close("Outputs")
          .element("DisableRollback", false)
          .open("DriftInformation")
          .element("StackDriftStatus", "NOT_CHECKED")
          .close("DriftInformation")
          .close("member");
    }
    xml.close("Stacks").close("DescribeStacksResult");
    return xml.open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("DescribeStacksResponse")
        .toString();
  }

  private String listStackResources(QueryRequest request, String requestId) {
    Stack stack = stack(request);
    List<Resource> resources;
    synchronized (cloudFormation) {
      resources = List.copyOf(stack.resources.values());
    }
    Page<Resource> page =
        Page.slice(
            resources,
            request.get("NextToken").orElse(null),
            Math.min(RESOURCE_PAGE, pageCap.getAsInt()));
    Xml xml =
        new Xml()
            .open("ListStackResourcesResponse", NAMESPACE)
            .open("ListStackResourcesResult")
            .open("StackResourceSummaries");
    for (Resource r : page.items()) {
      xml.open("member")
          .element("LogicalResourceId", r.logicalId())
          .element("PhysicalResourceId", r.physicalId())
          .element("ResourceType", r.type())
          .element("LastUpdatedTimestamp", "2026-11-30T00:00:00.000Z")
          .element("ResourceStatus", "CREATE_COMPLETE")
          .open("DriftInformation")
          .element("StackResourceDriftStatus", "NOT_CHECKED")
          .close("DriftInformation")
          .close("member");
    }
    xml.close("StackResourceSummaries")
        .element("NextToken", page.nextToken())
        .close("ListStackResourcesResult");
    return xml.open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("ListStackResourcesResponse")
        .toString();
  }

  private String listExports(QueryRequest request, String requestId) {
    List<Map.Entry<String, String[]>> all;
    synchronized (cloudFormation) {
      all = List.copyOf(cloudFormation.exports.entrySet());
    }
    Page<Map.Entry<String, String[]>> page =
        Page.slice(all, request.get("NextToken").orElse(null), Math.min(100, pageCap.getAsInt()));
    Xml xml =
        new Xml().open("ListExportsResponse", NAMESPACE).open("ListExportsResult").open("Exports");
    for (Map.Entry<String, String[]> e : page.items()) {
      xml.open("member")
          .element("ExportingStackId", e.getValue()[0])
          .element("Name", e.getKey())
          .element("Value", e.getValue()[1])
          .close("member");
    }
    xml.close("Exports").element("NextToken", page.nextToken()).close("ListExportsResult");
    return xml.open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("ListExportsResponse")
        .toString();
  }

  /** A registry type: its schema as a JSON string, as the registry answers a public AWS type. */
  private String describeType(QueryRequest request, String requestId) {
    String type = request.get("TypeName").orElse("");
    var schema =
        Registry.schema(type)
            .orElseThrow(
                () ->
                    new AwsError(
                        404, "TypeNotFoundException", "The type '" + type + "' cannot be found."));
    return new Xml()
        .open("DescribeTypeResponse", NAMESPACE)
        .open("DescribeTypeResult")
        .element("Type", "RESOURCE")
        .element("TypeName", type)
        .element("Schema", schema.toString())
        .element("ProvisioningType", "FULLY_MUTABLE")
        .element("DeprecatedStatus", "LIVE")
        .element("Visibility", "PUBLIC")
        .element("IsDefaultVersion", true)
        .close("DescribeTypeResult")
        .open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("DescribeTypeResponse")
        .toString();
  }

  private String getTemplate(QueryRequest request, String requestId) {
    Stack stack = stack(request);
    return new Xml()
        .open("GetTemplateResponse", NAMESPACE)
        .open("GetTemplateResult")
        .element("TemplateBody", stack.templateBody)
        .open("StagesAvailable")
        .element("member", "Original")
        .element("member", "Processed")
        .close("StagesAvailable")
        .close("GetTemplateResult")
        .open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("GetTemplateResponse")
        .toString();
  }
}
