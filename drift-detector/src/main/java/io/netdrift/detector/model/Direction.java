package io.netdrift.detector.model;

/** Which way a rule lets traffic pass. */
public enum Direction {
  /** Traffic into the group's members. */
  INGRESS,
  /** Traffic out of the group's members. */
  EGRESS;

  /** Lower-case name for messages and property paths. */
  public String label() {
    return this == INGRESS ? "ingress" : "egress";
  }
}
