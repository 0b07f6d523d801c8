package io.netdrift.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * The shapes of AWS answers as the SDK's own model describes them (the field metadata of its
 * generated classes): renders an answer written in the API's member names, as the AWS CLI prints
 * it, into the wire form a service sends, and lists the names in a wire answer the model does not
 * know. Both walk one thing, the SDK's fields, so a fixture and the emulator are held to the same
 * model.
 */
final class SdkShapes {
  static final ObjectMapper JSON = new ObjectMapper();

  private SdkShapes() {}

  /** {@code answer} as XML elements of {@code shape}, as EC2 and CloudFormation answer. */
  static void xml(StringBuilder out, SdkPojo shape, JsonNode answer, String listMember) {
    for (SdkField<?> field : shape.sdkFields()) {
      JsonNode value = answer.get(field.memberName());
      if (value != null && !value.isNull()) {
        xmlValue(out, field, field.unmarshallLocationName(), value, listMember);
      }
    }
  }

  private static void xmlValue(
      StringBuilder out, SdkField<?> field, String name, JsonNode value, String listMember) {
    MarshallingType<?> type = field.marshallingType();
    out.append('<').append(name).append('>');
    if (type == MarshallingType.LIST) {
      ListTrait list = field.getRequiredTrait(ListTrait.class);
      String member = list.memberLocationName() != null ? list.memberLocationName() : listMember;
      for (JsonNode item : value) {
        xmlValue(out, list.memberFieldInfo(), member, item, listMember);
      }
    } else if (type == MarshallingType.SDK_POJO) {
      xml(out, field.constructor().get(), value, listMember);
    } else if (type == MarshallingType.MAP) {
      MapTrait map = field.getRequiredTrait(MapTrait.class);
      value
          .fields()
          .forEachRemaining(
              e -> {
                out.append("<entry><")
                    .append(map.keyLocationName())
                    .append('>')
                    .append(escape(e.getKey()))
                    .append("</")
                    .append(map.keyLocationName())
                    .append('>');
                xmlValue(
                    out, map.valueFieldInfo(), map.valueLocationName(), e.getValue(), listMember);
                out.append("</entry>");
              });
    } else {
      out.append(escape(value.isTextual() ? value.asText() : value.toString()));
    }
    out.append("</").append(name).append('>');
  }

  /**
   * {@code answer} as a JSON protocol sends it: the same member names, timestamps as epoch seconds
   * (the AWS CLI prints them as ISO 8601 text).
   */
  static JsonNode json(SdkPojo shape, JsonNode answer) {
    ObjectNode out = JSON.createObjectNode();
    for (SdkField<?> field : shape.sdkFields()) {
      JsonNode value = answer.get(field.memberName());
      if (value != null) {
        out.set(field.unmarshallLocationName(), jsonValue(field, value));
      }
    }
    return out;
  }

  private static JsonNode jsonValue(SdkField<?> field, JsonNode value) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.LIST) {
      ArrayNode out = JSON.createArrayNode();
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      value.forEach(item -> out.add(jsonValue(member, item)));
      return out;
    }
    if (type == MarshallingType.MAP) {
      ObjectNode out = JSON.createObjectNode();
      SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
      value.fields().forEachRemaining(e -> out.set(e.getKey(), jsonValue(member, e.getValue())));
      return out;
    }
    if (type == MarshallingType.SDK_POJO) {
      return json(field.constructor().get(), value);
    }
    if (type == MarshallingType.INSTANT && value.isTextual()) {
      Instant at = Instant.parse(value.asText().replaceFirst("([+-]\\d\\d):?(\\d\\d)$", "$1:$2"));
      return JSON.getNodeFactory().numberNode(at.getEpochSecond());
    }
    return value;
  }

  /**
   * Every element under {@code element} that {@code shape} does not know, as a path; {@code
   * ignored} names wrapper elements a protocol adds (request ids).
   */
  static List<String> unknownXml(
      SdkPojo shape, Element element, String path, List<String> ignored) {
    List<String> unknown = new ArrayList<>();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (!(child instanceof Element e)) {
        continue;
      }
      String name = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
      SdkField<?> field =
          shape.sdkFields().stream()
              .filter(f -> name.equals(f.unmarshallLocationName()))
              .findFirst()
              .orElse(null);
      if (field == null) {
        if (!ignored.contains(name)) {
          unknown.add(path + "/" + name);
        }
        continue;
      }
      unknown.addAll(unknownXmlValue(field, e, path + "/" + name));
    }
    return unknown;
  }

  private static List<String> unknownXmlValue(SdkField<?> field, Element e, String path) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return unknownXml(field.constructor().get(), e, path, List.of());
    }
    List<String> unknown = new ArrayList<>();
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      for (Node item = e.getFirstChild(); item != null; item = item.getNextSibling()) {
        if (item instanceof Element i) {
          String name = i.getLocalName() != null ? i.getLocalName() : i.getTagName();
          if (!name.equals("item") && !name.equals("member")) {
            unknown.add(path + "/" + name);
          } else {
            unknown.addAll(unknownXmlValue(member, i, path + "/" + name));
          }
        }
      }
    }
    return unknown;
  }

  /** Every key under {@code answer} that {@code shape} does not know, as a path. */
  static List<String> unknownJson(SdkPojo shape, JsonNode answer, String path) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : iterable(answer)) {
      SdkField<?> field =
          shape.sdkFields().stream()
              .filter(f -> entry.getKey().equals(f.unmarshallLocationName()))
              .findFirst()
              .orElse(null);
      if (field == null) {
        unknown.add(path + "/" + entry.getKey());
      } else {
        unknown.addAll(unknownJsonValue(field, entry.getValue(), path + "/" + entry.getKey()));
      }
    }
    return unknown;
  }

  private static List<String> unknownJsonValue(SdkField<?> field, JsonNode value, String path) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO && value.isObject()) {
      return unknownJson(field.constructor().get(), value, path);
    }
    List<String> unknown = new ArrayList<>();
    if (type == MarshallingType.LIST && value.isArray()) {
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      for (int i = 0; i < value.size(); i++) {
        unknown.addAll(unknownJsonValue(member, value.get(i), path + "[" + i + "]"));
      }
    } else if (type == MarshallingType.MAP && value.isObject()) {
      SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
      for (Map.Entry<String, JsonNode> e : iterable(value)) {
        unknown.addAll(unknownJsonValue(member, e.getValue(), path + "/" + e.getKey()));
      }
    }
    return unknown;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
