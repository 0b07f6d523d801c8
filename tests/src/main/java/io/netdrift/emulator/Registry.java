package io.netdrift.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The CloudFormation registry's resource schemas this emulator knows, one file per type under
 * {@code registry/}, named as the registry names them ({@code aws-ec2-transitgateway.json}):
 * trimmed to the properties the tests use, with the schema's own read-only, write-only and
 * identifier lists. A type with a schema here is one Cloud Control reads.
 */
final class Registry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Registry() {}

  /** The schema of {@code type}, if this emulator knows it. */
  static Optional<ObjectNode> schema(String type) {
    String file = "/registry/" + type.toLowerCase(Locale.ROOT).replace("::", "-") + ".json";
    try (InputStream in = Registry.class.getResourceAsStream(file)) {
      return in == null ? Optional.empty() : Optional.of((ObjectNode) JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ARN of a resource of {@code type} the emulator serves generically, as its service writes
   * it: {@code arn:aws:ec2:R:A:transit-gateway/tgw-…}, {@code
   * arn:aws:route53resolver:R:A:firewall-rule-group-association/rslvr-frgassoc-…}.
   */
  static String arn(String type, String region, String account, String id) {
    String[] parts = type.split("::");
    String service = parts[1].toLowerCase(Locale.ROOT);
    String resource = parts[2].replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource + "/" + id;
  }

  /** The property that names a resource of the schema (its single primary identifier). */
  static String identifier(ObjectNode schema) {
    String pointer = schema.path("primaryIdentifier").path(0).asText();
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
