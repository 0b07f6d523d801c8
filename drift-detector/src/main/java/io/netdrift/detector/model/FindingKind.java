package io.netdrift.detector.model;

/** The kinds of drift, as DESIGN.md defines them. */
public enum FindingKind {
  /** A managed resource's live settings differ from the approved ones. */
  CHANGED,
  /** Live, inside a managed scope, in no template. */
  UNMANAGED,
  /** Approved, but gone from live. */
  MISSING,
  /** The deployed template differs from the approved one. */
  UNAPPROVED_DEPLOYMENT,
  /** An approved stack that does not exist. */
  NOT_DEPLOYED
}
