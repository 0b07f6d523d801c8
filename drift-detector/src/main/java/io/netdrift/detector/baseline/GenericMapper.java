package io.netdrift.detector.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.GenericDocuments;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.ResourceDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the network resources Netdrift has no model of onto their declared properties, resolved: the
 * approved side of the generic comparison. What the type's schema says is applied when the live
 * side is read.
 */
final class GenericMapper {
  private final MappingContext ctx;

  GenericMapper(MappingContext ctx) {
    this.ctx = ctx;
  }

  Map<String, ManagedDocument> map() {
    Map<String, ManagedDocument> documents = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ctx.stack.template().path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      String logicalId = r.getKey();
      String type = r.getValue().path("Type").asText();
      if (ResourceCoverage.of(type) != ResourceCoverage.GENERIC
          || logicalId.startsWith("Fn::ForEach::")
          || !ctx.included(logicalId, r.getValue())) {
        continue;
      }
      String physical = ctx.physicalId(logicalId).orElse(null);
      if (physical == null) {
        continue;
      }
      String pointer = "/Resources/" + logicalId + "/Properties";
      JsonNode properties = r.getValue().path("Properties");
      List<String> names = new ArrayList<>();
      properties.fieldNames().forEachRemaining(names::add);
      try {
        documents.put(
            physical,
            new ManagedDocument(
                logicalId,
                new ResourceDocument(
                    type,
                    physical,
                    GenericDocuments.declared(
                        ctx.subset(properties, pointer, names.toArray(String[]::new))),
                    Set.of())));
      } catch (UnresolvedValueException e) {
        ctx.problem(e.pointer(), e.reason());
      } catch (IllegalArgumentException e) {
        ctx.problem(pointer, e.getMessage());
      }
    }
    return documents;
  }
}
