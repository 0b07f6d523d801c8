package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.ResourceDocument;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps the network settings of application resources (databases, caches, functions, services, load
 * balancers and their listeners) onto canonical documents; the rest of those resources is out of
 * scope.
 */
final class EmbeddedMapper {
  /** Resource types this mapper consumes. */
  static final Set<String> TYPES = EmbeddedDocuments.TYPES;

  private final MappingContext ctx;

  EmbeddedMapper(MappingContext ctx) {
    this.ctx = ctx;
  }

  Map<String, ManagedDocument> map() {
    Map<String, ManagedDocument> documents = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> r : ctx.resources(TYPES.toArray(String[]::new))) {
      String logicalId = r.getKey();
      String type = r.getValue().path("Type").asText();
      String pointer = "/Resources/" + logicalId + "/Properties";
      String physical = ctx.physicalId(logicalId).orElse(null);
      if (physical == null) {
        continue;
      }
      try {
        JsonNode properties =
            ctx.subset(
                r.getValue().path("Properties"),
                pointer,
                EmbeddedDocuments.PROPERTIES.get(type).toArray(String[]::new));
        documents.put(
            physical,
            new ManagedDocument(
                logicalId,
                new ResourceDocument(
                    type, physical, EmbeddedDocuments.of(type, properties), Set.of())));
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
      } catch (IllegalArgumentException e) {
        ctx.problem(pointer, e.getMessage());
      }
    }
    return documents;
  }
}
