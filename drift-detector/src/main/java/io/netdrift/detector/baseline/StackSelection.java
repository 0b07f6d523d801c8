package io.netdrift.detector.baseline;

import io.netdrift.detector.model.Glob;
import io.netdrift.detector.model.StackTemplate;
import io.netdrift.detector.model.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stacks of an assembly a run covers, selected as the CDK CLI selects them: patterns ({@code
 * *} for any text) on stack names and on the assembly's display paths ({@code Stage/Network}); no
 * pattern means every stack. A pattern that matches nothing is a mistake, said with the stacks
 * there are, never an empty scan that passes.
 *
 * @param include patterns a stack must match one of; empty: every stack
 * @param exclude patterns that leave a stack out, even one an include names
 */
public record StackSelection(List<String> include, List<String> exclude) {
  public StackSelection {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** Every stack. */
  public static StackSelection all() {
    return new StackSelection(List.of(), List.of());
  }

  /** Whether a stack is selected. */
  public boolean selects(StackTemplate stack) {
    return (include.isEmpty() || include.stream().anyMatch(p -> matches(p, stack)))
        && exclude.stream().noneMatch(p -> matches(p, stack));
  }

  /** The selected stacks, in assembly order; throws where a pattern names no stack. */
  public List<StackTemplate> select(List<StackTemplate> stacks) {
    List<String> unmatched = new ArrayList<>();
    for (String pattern : include) {
      if (stacks.stream().noneMatch(s -> matches(pattern, s))) {
        unmatched.add(pattern);
      }
    }
    for (String pattern : exclude) {
      if (stacks.stream().noneMatch(s -> matches(pattern, s))) {
        unmatched.add(pattern);
      }
    }
    List<String> names = stacks.stream().map(StackSelection::label).toList();
    if (!unmatched.isEmpty()) {
      throw new UsageException(
          "no stack matches "
              + String.join(", ", unmatched)
              + "; the assembly holds "
              + String.join(", ", names));
    }
    List<StackTemplate> selected = stacks.stream().filter(this::selects).toList();
    if (selected.isEmpty()) {
      throw new UsageException(
          "the selection leaves no stack to scan; the assembly holds " + String.join(", ", names));
    }
    return selected;
  }

  private static boolean matches(String pattern, StackTemplate stack) {
    Glob glob = Glob.of(pattern);
    return glob.matches(stack.stackName()) || glob.matches(stack.displayPath());
  }

  private static String label(StackTemplate stack) {
    return stack.displayPath().equals(stack.stackName())
        ? stack.stackName()
        : stack.stackName() + " (" + stack.displayPath() + ")";
  }
}
