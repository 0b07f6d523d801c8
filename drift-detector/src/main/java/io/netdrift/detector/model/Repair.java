package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What it takes to put a finding back, as data: the comparison says what differs and what to
 * restore; the remediation stage turns this into the exact commands. {@link #NONE} leaves it to the
 * kind of finding (a deploy, a delete, a setting set back).
 */
public sealed interface Repair {
  /** Nothing specific: the remediation follows from the finding's kind. */
  Repair NONE = new Unspecified();

  /** What to do with a security group rule. */
  enum RuleAction {
    /** Put the approved rule back. */
    AUTHORIZE,
    /** Remove a live rule no template declares. */
    REVOKE,
    /** Replace an edited rule with the approved one. */
    REPLACE,
    /** Put the approved rule's description back. */
    DESCRIBE
  }

  /**
   * A rule of group {@code groupId}: {@code approved}, {@code live} or both, as the action needs.
   */
  record Rule(RuleAction action, String groupId, SecurityGroupRule approved, SecurityGroupRule live)
      implements Repair {
    public Rule {
      requireNonNull(action, "action");
      requireNonNull(groupId, "groupId");
    }
  }

  /**
   * One change inside a canonical document: where it is ({@code path}, {@code pointer}) and the
   * whole approved and live documents, for context.
   */
  record Document(
      String type,
      String physicalId,
      String path,
      String pointer,
      JsonNode approvedDocument,
      JsonNode liveDocument)
      implements Repair {
    public Document {
      requireNonNull(type, "type");
      requireNonNull(physicalId, "physicalId");
    }
  }

  /** Only a person can decide: {@code note} says what to do, {@code commands} help. */
  record Manual(String note, List<String> commands) implements Repair {
    public Manual {
      requireNonNull(note, "note");
      commands = List.copyOf(commands);
    }
  }

  /** See {@link #NONE}. */
  record Unspecified() implements Repair {}

  /** A security group rule put back, removed, replaced or re-described. */
  static Repair rule(
      RuleAction action, String groupId, SecurityGroupRule approved, SecurityGroupRule live) {
    return new Rule(action, groupId, approved, live);
  }

  /** A decision for a person, with commands that help. */
  static Repair manual(String note, String... commands) {
    return new Manual(note, List.of(commands));
  }
}
