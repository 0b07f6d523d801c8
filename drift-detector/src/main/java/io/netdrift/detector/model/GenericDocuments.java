package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The generic comparison, for a network type Netdrift has no model of: its CloudFormation
 * properties as the template declares them against Cloud Control's read of the resource, which
 * answers in the same schema. What the type's registry schema says decides what is compared:
 *
 * <ul>
 *   <li>read-only properties (ids, ARNs, statuses, times) and write-only ones (never read back) are
 *       dropped from both sides;
 *   <li>an array whose schema says {@code insertionOrder: false} is a set;
 *   <li>a property the template leaves out is compared only where the schema gives its default:
 *       live equal to the default is the same, anything else is a change; a property with no
 *       default that the template leaves out is the service's to fill in, and is not compared;
 *   <li>tags are not compared: they carry no network policy;
 *   <li>a {@code PolicyDocument} is an IAM policy, compared as IAM reads it ({@link
 *       PolicyDocuments}).
 * </ul>
 *
 * Findings of such documents say "generic comparison": Netdrift compares the values, not what they
 * mean for traffic.
 */
public final class GenericDocuments {
  /** Where a finding of a generic document says how it was compared. */
  public static final String GENERIC = "generic comparison";

  private static final Set<String> NOT_POLICY = Set.of("Tags");

  private GenericDocuments() {}

  /** Whether documents of {@code type} are compared generically: it has no model of its own. */
  public static boolean isGeneric(String type) {
    return !NetworkDocuments.TYPES.contains(type)
        && !SecurityDocuments.NFW_TYPES.contains(type)
        && !SecurityDocuments.WAF_TYPES.contains(type)
        && !EmbeddedDocuments.TYPES.contains(type)
        && !type.startsWith("AWS::EC2::SecurityGroup");
  }

  /** The properties a template declares for a resource, as the approved side before its schema. */
  public static ObjectNode declared(JsonNode properties) {
    return Canonical.objectOf(properties);
  }

  /**
   * The properties that identify a resource to Cloud Control, from its schema's {@code
   * primaryIdentifier}: {@code ["Id"]} for most types.
   */
  public static List<String> primaryIdentifier(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.path("primaryIdentifier").forEach(p -> names.add(last(p.asText())));
    return names;
  }

  /** The approved side in the schema's terms. */
  public static ObjectNode approved(ObjectNode declared, JsonNode schema) {
    ObjectNode doc = declared.deepCopy();
    shape(doc, schema);
    return doc;
  }

  /**
   * Cloud Control's read in the schema's terms, keeping what the template declares and what the
   * schema gives a default for.
   */
  public static ObjectNode live(ObjectNode read, ObjectNode declared, JsonNode schema) {
    ObjectNode doc = (ObjectNode) kept(read, declared, schema, schema);
    shape(doc, schema);
    return doc;
  }

  /**
   * The members of an object {@code read} that {@code declared} declares or the schema gives a
   * default for, as deep as both are objects: a template that sets two of an object's four options
   * leaves the other two to the service, as it does a property it leaves out.
   */
  private static JsonNode kept(
      JsonNode read, JsonNode declared, JsonNode definition, JsonNode schema) {
    if (!(read instanceof ObjectNode object) || !declared.isObject()) {
      return read;
    }
    JsonNode resolved = resolve(definition, schema);
    ObjectNode out = Canonical.object();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode member = resolve(resolved.path("properties").path(name), schema);
      if (declared.has(name)) {
        out.set(name, kept(object.get(name), declared.get(name), member, schema));
      } else if (member.has("default")) {
        out.set(name, object.get(name));
      }
    }
    return out;
  }

  /** Drops what is not compared, folds defaults, sorts sets; in place. */
  private static void shape(ObjectNode doc, JsonNode schema) {
    NOT_POLICY.forEach(doc::remove);
    for (String list : List.of("readOnlyProperties", "writeOnlyProperties")) {
      schema.path(list).forEach(pointer -> remove(doc, pointer.asText()));
    }
    List<String> names = new ArrayList<>();
    doc.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode definition = property(schema, name);
      JsonNode raw = doc.get(name);
      if (name.endsWith("PolicyDocument")) {
        // An IAM policy, as IAM reads it: statement order, one string or a list, "*" spellings.
        raw = PolicyDocuments.canonical(raw);
      }
      JsonNode value = Canonical.of(normalized(raw, definition, schema));
      if (value == null || value.equals(Canonical.of(definition.get("default")))) {
        doc.remove(name);
      } else {
        doc.set(name, value);
      }
    }
  }

  /** A value with its arrays that are sets sorted, as deep as the schema describes it. */
  private static JsonNode normalized(JsonNode value, JsonNode definition, JsonNode schema) {
    JsonNode resolved = resolve(definition, schema);
    if (value.isArray()) {
      ArrayNode out = Canonical.array();
      JsonNode items = resolve(resolved.path("items"), schema);
      value.forEach(item -> out.add(normalized(item, items, schema)));
      boolean set =
          resolved.path("insertionOrder").isBoolean()
              && !resolved.path("insertionOrder").asBoolean();
      List<JsonNode> members = new ArrayList<>();
      out.forEach(members::add);
      return set ? Canonical.set(members) : out;
    }
    if (value.isObject()) {
      ObjectNode out = Canonical.object();
      value
          .fields()
          .forEachRemaining(
              f -> {
                JsonNode member = resolve(resolved.path("properties").path(f.getKey()), schema);
                JsonNode v = normalized(f.getValue(), member, schema);
                // A member equal to its default is the member left out, at any depth.
                if (!member.has("default")
                    || !Canonical.of(v).equals(Canonical.of(member.get("default")))) {
                  out.set(f.getKey(), v);
                }
              });
      return out;
    }
    return value;
  }

  /** The schema of a top-level property; missing where the schema does not describe it. */
  private static JsonNode property(JsonNode schema, String name) {
    return resolve(schema.path("properties").path(name), schema);
  }

  /** A definition with its {@code $ref} ({@code #/definitions/X}) followed. */
  private static JsonNode resolve(JsonNode definition, JsonNode schema) {
    JsonNode current = definition;
    for (int depth = 0; depth < 8 && current.has("$ref"); depth++) {
      String ref = current.get("$ref").asText();
      current =
          ref.startsWith("#")
              ? schema.at(ref.substring(1))
              : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    return current;
  }

  /**
   * Removes what a schema pointer names: {@code /properties/A}, {@code /properties/A/B}, and {@code
   * /properties/A/*}{@code /B} for a member of each item of an array.
   */
  private static void remove(JsonNode node, String pointer) {
    if (!pointer.startsWith("/properties/")) {
      return;
    }
    remove(node, pointer.substring("/properties/".length()).split("/"), 0);
  }

  private static void remove(JsonNode node, String[] steps, int at) {
    String step = steps[at];
    if (step.equals("*")) {
      if (node.isArray()) {
        node.forEach(item -> remove(item, steps, at + 1));
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    if (at == steps.length - 1) {
      object.remove(step);
    } else if (object.has(step)) {
      remove(object.get(step), steps, at + 1);
    }
  }

  private static String last(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
