package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form both sides of a comparison are put into: keys sorted, nulls and empty
 * lists dropped (a template that leaves a list out and an API that answers {@code []} say the
 * same), integral numbers as longs (a template's {@code 2000} and the API's {@code 2000L} are one
 * value). Empty objects stay: in WAF {@code {"Block": {}}} is an action.
 */
public final class Canonical {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Canonical() {}

  /** A new, empty object. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new, empty array. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The canonical form of {@code node}; null for nothing. */
  public static JsonNode of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = of(field.getValue());
        if (value != null) {
          sorted.put(field.getKey(), value);
        }
      }
      ObjectNode out = NODES.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode item : node) {
        JsonNode value = of(item);
        if (value != null) {
          out.add(value);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (node.isIntegralNumber()) {
      return NODES.numberNode(node.longValue());
    }
    return node;
  }

  /** The canonical form of an object; an empty object for nothing. */
  public static ObjectNode objectOf(JsonNode node) {
    JsonNode canonical = of(node);
    return canonical instanceof ObjectNode o ? o : object();
  }

  /** A set of values: canonical, sorted by their JSON text, duplicates dropped. */
  public static ArrayNode set(Iterable<JsonNode> values) {
    Map<String, JsonNode> byText = new TreeMap<>();
    for (JsonNode value : values) {
      JsonNode canonical = of(value);
      if (canonical != null) {
        byText.put(text(canonical), canonical);
      }
    }
    ArrayNode out = NODES.arrayNode();
    byText.values().forEach(out::add);
    return out;
  }

  /**
   * A list of objects turned into an object keyed by one of their fields, for diffing by identity.
   */
  public static ObjectNode keyed(JsonNode list, String keyField) {
    Map<String, JsonNode> byKey = new TreeMap<>();
    if (list != null) {
      for (JsonNode item : list) {
        JsonNode canonical = of(item);
        if (canonical != null) {
          byKey.put(canonical.path(keyField).asText(), canonical);
        }
      }
    }
    ObjectNode out = NODES.objectNode();
    byKey.forEach(out::set);
    return out;
  }

  /** Compact JSON with sorted keys: the text findings and diffs show. */
  public static String text(JsonNode node) {
    if (node == null) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    try {
      return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Indented JSON with sorted keys, for unified diffs of whole documents. */
  public static List<String> lines(JsonNode node) {
    try {
      String text =
          JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(JSON.treeToValue(of(node), Object.class));
      return new ArrayList<>(List.of(text.split("\n")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
