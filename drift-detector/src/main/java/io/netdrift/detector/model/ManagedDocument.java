package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

/** An approved resource document and the logical id the template gives it. */
public record ManagedDocument(String logicalId, ResourceDocument document) {
  public ManagedDocument {
    requireNonNull(logicalId, "logicalId");
    requireNonNull(document, "document");
  }
}
