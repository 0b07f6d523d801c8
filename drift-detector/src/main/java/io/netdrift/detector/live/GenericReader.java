package io.netdrift.detector.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.RegistryType;

/**
 * Reads what the generic comparison needs: a type's registry schema (CloudFormation {@code
 * DescribeType}, once per type and scan) and its resources through Cloud Control's {@code
 * GetResource}, which answers them in that schema.
 */
final class GenericReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudFormationClient cloudFormation;
  private final CloudControlClient cloudControl;
  private final Map<String, JsonNode> schemas;

  GenericReader(
      CloudFormationClient cloudFormation,
      CloudControlClient cloudControl,
      Map<String, JsonNode> schemas) {
    this.cloudFormation = cloudFormation;
    this.cloudControl = cloudControl;
    this.schemas = schemas;
  }

  /** The type's registry schema. */
  JsonNode schema(String type) {
    JsonNode cached = schemas.get(type);
    if (cached != null) {
      return cached;
    }
    String text =
        cloudFormation.describeType(r -> r.type(RegistryType.RESOURCE).typeName(type)).schema();
    JsonNode schema = parse(text, "the schema of " + type);
    schemas.put(type, schema);
    return schema;
  }

  /**
   * The resources by identifier, as Cloud Control reads them; one that does not exist is left out.
   */
  Map<String, ObjectNode> read(String type, Collection<String> identifiers) {
    Map<String, ObjectNode> out = new TreeMap<>();
    for (String id : identifiers) {
      String properties;
      try {
        properties =
            cloudControl
                .getResource(r -> r.typeName(type).identifier(id))
                .resourceDescription()
                .properties();
      } catch (ResourceNotFoundException gone) {
        continue;
      }
      JsonNode read = parse(properties, "Cloud Control's read of " + type + " " + id);
      if (!read.isObject()) {
        throw new IllegalStateException(
            "Cloud Control answered " + type + " " + id + " with properties that are no object");
      }
      out.put(id, (ObjectNode) read);
    }
    return out;
  }

  private static JsonNode parse(String text, String what) {
    try {
      return JSON.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " is not JSON", e);
    }
  }
}
