package io.netdrift.detector.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How to put a drift back: the commands to run, in order (printed, never run by Netdrift), and
 * whether they restore the approved state exactly or are a starting point that needs a person.
 *
 * @param exact true when running {@code commands} as printed restores the approved state
 * @param note what to check or do besides; empty where nothing
 */
public record Remediation(List<String> commands, boolean exact, String note) {
  /** Nothing known. */
  public static final Remediation NONE = new Remediation(List.of(), false, "");

  public Remediation {
    commands = List.copyOf(commands);
    note = note == null ? "" : note;
  }

  /** Commands that restore the approved state exactly. */
  public static Remediation exact(String... commands) {
    return new Remediation(List.of(commands), true, "");
  }

  /** A starting point: {@code note} says what a person still has to do. */
  public static Remediation manual(String note, String... commands) {
    return new Remediation(List.of(commands), false, note);
  }

  /** True when nothing is known. */
  public boolean isEmpty() {
    return commands.isEmpty() && note.isEmpty();
  }

  /** The commands, with {@code --region} on every AWS CLI call. */
  public Remediation inRegion(String region) {
    if (region == null || region.isEmpty()) {
      return this;
    }
    return new Remediation(
        commands.stream()
            .map(
                c ->
                    c.startsWith("aws ")
                        ? c.replaceFirst("^aws (\\S+ \\S+)", "aws $1 --region " + region)
                        : c)
            .collect(Collectors.toList()),
        exact,
        note);
  }
}
