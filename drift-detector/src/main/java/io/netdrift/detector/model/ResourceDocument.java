package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A network resource's settings in canonical form. {@code collections} are the JSON pointers of
 * objects keyed by identity (rules by name, NACL entries by direction and number, routes by
 * destination): a key present on one side only is an added or removed member, not a changed value.
 *
 * @param physicalId how AWS names it: {@code acl-…}, an ARN, {@code name|id|scope}
 */
public record ResourceDocument(
    String type, String physicalId, ObjectNode document, Set<String> collections) {
  public ResourceDocument {
    requireNonNull(type, "type");
    requireNonNull(physicalId, "physicalId");
    document = Canonical.objectOf(document);
    collections = Set.copyOf(collections);
  }
}
