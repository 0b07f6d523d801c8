package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netdrift.detector.model.StackTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code Fn::ForEach} loops ({@code AWS::LanguageExtensions}) in a template's Resources, as
 * CloudFormation does before it deploys: {@code "Fn::ForEach::Name": [identifier, collection,
 * {"Key${identifier}": fragment}]} becomes one resource per value, {@code ${identifier}} and {@code
 * &{identifier}} (the value without non-alphanumeric characters) replaced in keys and strings,
 * {@code {"Ref": identifier}} by the value. A loop whose collection cannot be resolved is left as
 * it is, and the mapper names it as not expanded.
 */
final class LanguageExtensions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String FOR_EACH = "Fn::ForEach::";

  private LanguageExtensions() {}

  /** {@code stack} with its Resources' loops expanded; itself where it has none. */
  static StackTemplate expand(StackTemplate stack, TemplateResolver resolver) {
    JsonNode resources = stack.template().path("Resources");
    if (!resources.isObject() || !hasLoop(resources)) {
      return stack;
    }
    ObjectNode template = stack.template().deepCopy();
    template.set("Resources", expandObject(resources, resolver));
    return new StackTemplate(
        stack.stackName(),
        stack.account(),
        stack.region(),
        stack.file(),
        template,
        stack.displayPath());
  }

  private static boolean hasLoop(JsonNode object) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith(FOR_EACH)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode expandObject(JsonNode object, TemplateResolver resolver) {
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().startsWith(FOR_EACH)) {
        out.set(field.getKey(), field.getValue());
        continue;
      }
      JsonNode loop = field.getValue();
      List<String> values =
          loop.isArray() && loop.size() == 3 && loop.get(0).isTextual()
              ? collection(loop.get(1), resolver)
              : null;
      if (values == null) {
        // Left for the mapper to name: not expanded.
        out.set(field.getKey(), loop);
        continue;
      }
      String identifier = loop.get(0).asText();
      for (String value : values) {
        JsonNode fragment = substitute(loop.get(2), identifier, value);
        // Loops nest: the fragment may hold loops of its own.
        expandObject(fragment, resolver)
            .fields()
            .forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  /** The loop's values: a list, or a list parameter or mapping entry; null where unresolvable. */
  private static List<String> collection(JsonNode node, TemplateResolver resolver) {
    JsonNode resolved;
    try {
      resolved = resolver.resolve(node, "/Resources");
    } catch (UnresolvedValueException e) {
      return null;
    }
    List<String> values = new ArrayList<>();
    if (resolved != null && resolved.isArray()) {
      resolved.forEach(v -> values.add(v.asText()));
    } else if (resolved != null && resolved.isTextual()) {
      // A CommaDelimitedList parameter's value.
      for (String v : resolved.asText().split(",")) {
        values.add(v.trim());
      }
    } else {
      return null;
    }
    return values;
  }

  private static JsonNode substitute(JsonNode node, String identifier, String value) {
    if (node.isTextual()) {
      return TextNode.valueOf(replace(node.asText(), identifier, value));
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(item -> out.add(substitute(item, identifier, value)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1 && node.has("Ref") && node.get("Ref").asText().equals(identifier)) {
      return TextNode.valueOf(value);
    }
    ObjectNode out = NODES.objectNode();
    node.fields()
        .forEachRemaining(
            e ->
                out.set(
                    replace(e.getKey(), identifier, value),
                    substitute(e.getValue(), identifier, value)));
    return out;
  }

  private static String replace(String text, String identifier, String value) {
    return text.replace("${" + identifier + "}", value)
        .replace("&{" + identifier + "}", value.replaceAll("[^A-Za-z0-9]", ""));
  }
}
