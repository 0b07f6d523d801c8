package io.netdrift.detector.baseline;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.model.ResourceDocument;

/** An approved resource document and the logical id the template gives it. */
public record ManagedDocument(String logicalId, ResourceDocument document) {
  public ManagedDocument {
    requireNonNull(logicalId, "logicalId");
    requireNonNull(document, "document");
  }
}
