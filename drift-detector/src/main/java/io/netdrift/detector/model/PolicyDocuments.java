package io.netdrift.detector.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An IAM policy document (a VPC endpoint's policy, say) in one spelling: as IAM reads it, not as it
 * was written.
 *
 * <ul>
 *   <li>the document as a JSON string or as an object;
 *   <li>{@code Version} {@code 2008-10-17} or absent (IAM's default);
 *   <li>one statement or a list of them, in any order;
 *   <li>an action, resource or condition value as one string or a list of one, in any order;
 *   <li>actions in any case ({@code s3:GetObject} is {@code S3:getobject});
 *   <li>{@code "Principal": "*"} or {@code {"AWS": "*"}}.
 * </ul>
 */
public final class PolicyDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_VERSION = "2008-10-17";
  private static final Set<String> LISTS = Set.of("Action", "NotAction", "Resource", "NotResource");

  private PolicyDocuments() {}

  /** The canonical form of a policy document; a text that is not JSON is left as it is. */
  public static JsonNode canonical(JsonNode policy) {
    JsonNode doc = policy;
    if (policy.isTextual()) {
      try {
        doc = JSON.readTree(policy.asText());
      } catch (JsonProcessingException e) {
        return policy;
      }
    }
    if (!doc.isObject()) {
      return doc;
    }
    ObjectNode out = Canonical.object();
    doc.fields()
        .forEachRemaining(
            f -> {
              switch (f.getKey()) {
                case "Version" -> {
                  if (!f.getValue().asText().equals(DEFAULT_VERSION)) {
                    out.set("Version", f.getValue());
                  }
                }
                case "Statement" -> {
                  List<JsonNode> statements = new ArrayList<>();
                  for (JsonNode s : f.getValue().isArray() ? f.getValue() : List.of(f.getValue())) {
                    statements.add(statement(s));
                  }
                  out.set("Statement", Canonical.set(statements));
                }
                default -> out.set(f.getKey(), f.getValue());
              }
            });
    return out;
  }

  private static JsonNode statement(JsonNode statement) {
    if (!statement.isObject()) {
      return statement;
    }
    ObjectNode out = Canonical.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = statement.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      JsonNode value = f.getValue();
      if (LISTS.contains(key)) {
        boolean actions = key.endsWith("Action");
        out.set(key, strings(value, actions));
      } else if (key.equals("Principal") || key.equals("NotPrincipal")) {
        out.set(key, principal(value));
      } else if (key.equals("Condition") && value.isObject()) {
        ObjectNode condition = Canonical.object();
        value
            .fields()
            .forEachRemaining(
                op -> {
                  ObjectNode keys = condition.putObject(op.getKey());
                  op.getValue()
                      .fields()
                      .forEachRemaining(k -> keys.set(k.getKey(), strings(k.getValue(), false)));
                });
        out.set(key, condition);
      } else {
        out.set(key, value);
      }
    }
    return out;
  }

  /** {@code "*"} is everyone, as {@code {"AWS": "*"}} is; each kind's values as a set. */
  private static JsonNode principal(JsonNode principal) {
    if (principal.isTextual()) {
      return principal.asText().equals("*") ? TextNode.valueOf("*") : principal;
    }
    if (!principal.isObject()) {
      return principal;
    }
    if (principal.size() == 1 && strings(principal.path("AWS"), false).equals(star())) {
      return TextNode.valueOf("*");
    }
    ObjectNode out = Canonical.object();
    principal.fields().forEachRemaining(f -> out.set(f.getKey(), strings(f.getValue(), false)));
    return out;
  }

  private static ArrayNode star() {
    return Canonical.array().add("*");
  }

  private static ArrayNode strings(JsonNode value, boolean actions) {
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode v : value.isArray() ? value : List.of(value)) {
      items.add(
          actions && v.isTextual() ? TextNode.valueOf(v.asText().toLowerCase(Locale.ROOT)) : v);
    }
    return Canonical.set(items);
  }
}
