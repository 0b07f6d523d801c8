package io.netdrift.detector.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK model object as JSON with the API's member names ({@code RuleNumber}, {@code Statement}).
 * CloudFormation names its properties after the same API members, so template and live documents
 * meet in one vocabulary before the model canonicalizes them.
 */
public final class SdkJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  /** The object's fields, by member name; absent fields are left out. */
  public static ObjectNode of(SdkPojo pojo) {
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      JsonNode value = value(field.getValueOrDefault(pojo));
      if (value != null) {
        node.set(field.memberName(), value);
      }
    }
    return node;
  }

  private static JsonNode value(Object value) {
    // The SDK answers absent lists and maps with empty auto-construct instances: they are absent.
    if (value == null
        || value instanceof SdkAutoConstructList<?>
        || value instanceof SdkAutoConstructMap<?, ?>) {
      return null;
    }
    if (value instanceof SdkPojo pojo) {
      return of(pojo);
    }
    if (value instanceof Collection<?> list) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : list) {
        JsonNode v = value(item);
        if (v != null) {
          array.add(v);
        }
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach(
          (k, v) -> {
            JsonNode j = value(v);
            if (j != null) {
              object.set(String.valueOf(k), j);
            }
          });
      return object;
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i.longValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.textNode(bytes.asUtf8String());
    }
    return NODES.textNode(value.toString());
  }
}
