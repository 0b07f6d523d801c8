package io.netdrift.detector.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.ResourceDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.GetResourceResponse;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceNotFoundException;

/**
 * Reads the network settings of application resources through Cloud Control's {@code GetResource},
 * one call per resource: it answers every type in its CloudFormation schema, the same property
 * names the template uses, so one reader serves databases, caches, functions, services and load
 * balancers.
 */
public final class CloudControlReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudControlClient cloudControl;

  /** Reads through {@code cloudControl}. */
  public CloudControlReader(CloudControlClient cloudControl) {
    this.cloudControl = cloudControl;
  }

  /** The resources by physical id; one Cloud Control says does not exist is left out. */
  public Map<String, ResourceDocument> read(Map<String, List<String>> physicalIdsByType) {
    Map<String, ResourceDocument> documents = new TreeMap<>();
    physicalIdsByType.forEach(
        (type, ids) -> {
          for (String id : ids) {
            GetResourceResponse answer;
            try {
              answer =
                  cloudControl.getResource(
                      r -> r.typeName(type).identifier(EmbeddedDocuments.identifier(type, id)));
            } catch (ResourceNotFoundException gone) {
              continue;
            }
            JsonNode properties;
            try {
              properties = JSON.readTree(answer.resourceDescription().properties());
            } catch (JsonProcessingException e) {
              throw new IllegalStateException(
                  "Cloud Control answered "
                      + type
                      + " "
                      + id
                      + " with properties that are not JSON",
                  e);
            }
            documents.put(
                id,
                new ResourceDocument(type, id, EmbeddedDocuments.of(type, properties), Set.of()));
          }
        });
    return documents;
  }
}
