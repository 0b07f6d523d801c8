package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Cloud Control API (JSON 1.0, target prefix {@code CloudApiService}) for the application resources
 * a template deploys: {@code GetResource} answers a resource's properties in its CloudFormation
 * schema, as a JSON string, with the defaults the service fills in; {@code UpdateResource} applies
 * a JSON Patch, as an engineer changing a resource by hand would.
 */
public final class CloudControlApi {
  static final String PREFIX = "CloudApiService.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ObjectNode> resources = new LinkedHashMap<>();
  private final java.util.Set<String> unreadable = new java.util.HashSet<>();

  /**
   * From now on Cloud Control cannot read resources of {@code type}, as for a type it does not
   * support.
   */
  public synchronized void cannotRead(String type) {
    unreadable.add(type);
  }

  /** Keeps a deployed resource's properties under its Cloud Control identifier. */
  synchronized void put(String type, String identifier, ObjectNode properties) {
    resources.put(type + "\u0000" + identifier, properties);
  }

  /** Every resource of {@code type}, in the order made; copies. */
  synchronized java.util.List<ObjectNode> ofType(String type) {
    java.util.List<ObjectNode> out = new java.util.ArrayList<>();
    resources.forEach(
        (key, value) -> {
          if (key.startsWith(type + "\u0000")) {
            out.add(value.deepCopy());
          }
        });
    return out;
  }

  /** A resource deleted by hand, as its own service's delete call would. */
  public synchronized void delete(String type, String identifier) {
    resources.remove(type + "\u0000" + identifier);
  }

  /** The properties of a resource, for tests; a copy. */
  public synchronized ObjectNode properties(String type, String identifier) {
    return found(type, identifier).deepCopy();
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    String type = in.path("TypeName").asText();
    String identifier = in.path("Identifier").asText();
    if (unreadable.contains(type)) {
      throw new AwsError(
          400,
          "UnsupportedActionException",
          "Resource type " + type + " does not support " + operation + " action");
    }
    return switch (operation) {
      case "GetResource" -> {
        ObjectNode out = JSON.createObjectNode().put("TypeName", type);
        out.putObject("ResourceDescription")
            .put("Identifier", identifier)
            .put("Properties", found(type, identifier).toString());
        yield out;
      }
      case "UpdateResource" -> {
        ObjectNode resource = found(type, identifier);
        JsonNode patch;
        try {
          patch = JSON.readTree(in.path("PatchDocument").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new AwsError(400, "InvalidRequestException", "PatchDocument is not JSON");
        }
        for (JsonNode op : patch) {
          apply(resource, op);
        }
        ObjectNode out = JSON.createObjectNode();
        out.putObject("ProgressEvent")
            .put("TypeName", type)
            .put("Identifier", identifier)
            .put("RequestToken", UUID.randomUUID().toString())
            .put("Operation", "UPDATE")
            .put("OperationStatus", "SUCCESS");
        yield out;
      }
      default -> throw new AwsError(400, "UnknownOperationException", "unknown " + operation);
    };
  }

  private ObjectNode found(String type, String identifier) {
    ObjectNode resource = resources.get(type + "\u0000" + identifier);
    if (resource == null) {
      throw new AwsError(
          400,
          "ResourceNotFoundException",
          "Resource of type '" + type + "' with identifier '" + identifier + "' was not found.");
    }
    return resource;
  }

  /** One JSON Patch operation (add, replace, remove) at a path of object keys and list indexes. */
  private static void apply(ObjectNode resource, JsonNode op) {
    String[] path = op.path("path").asText().substring(1).split("/");
    JsonNode parent = resource;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next =
          parent.isArray() ? parent.get(Integer.parseInt(path[i])) : parent.get(path[i]);
      if (next == null) {
        next = ((ObjectNode) parent).putObject(path[i]);
      }
      parent = next;
    }
    String last = path[path.length - 1];
    String kind = op.path("op").asText();
    if (parent instanceof ArrayNode list) {
      int index = last.equals("-") ? list.size() : Integer.parseInt(last);
      switch (kind) {
        case "remove" -> list.remove(index);
        case "replace" -> list.set(index, op.get("value"));
        default -> list.insert(index, op.get("value"));
      }
      return;
    }
    ObjectNode object = (ObjectNode) parent;
    if (kind.equals("remove")) {
      object.remove(last);
    } else {
      object.set(last, op.get("value"));
    }
  }
}
