package io.netdrift.detector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.netdrift.detector.model.Canonical;
import io.netdrift.detector.model.Finding;
import java.util.List;
import java.util.Optional;

/**
 * The deployed template against the approved one, both canonicalized (key order and absent lists do
 * not count): a difference means someone deployed what {@code main} did not approve.
 */
public final class TemplateDiff {
  private TemplateDiff() {}

  /**
   * The finding on the stack {@code stackId}, if the deployed template differs; with a unified diff
   * of the two.
   */
  public static Optional<Finding> compare(
      String stack, String stackId, JsonNode approved, JsonNode deployed) {
    // Equal canonical trees write equal lines: the lines are only written where they may differ.
    if (java.util.Objects.equals(Canonical.of(approved), Canonical.of(deployed))) {
      return Optional.empty();
    }
    List<String> want = Canonical.lines(approved);
    List<String> have = Canonical.lines(deployed);
    if (want.equals(have)) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.unapprovedDeployment(
                new Finding.Resource(stack, "AWS::CloudFormation::Stack", stack, stackId))
            .property("template")
            .approved("the approved template")
            .live("a different template")
            .summary(
                "the deployed template of "
                    + stack
                    + " is not the approved one: deployed from a branch or by hand; cdk deploy from main")
            .diff(unified(want, have))
            .build());
  }

  /** A unified diff, three lines of context, approved as the old file. */
  public static String unified(List<String> approved, List<String> live) {
    Patch<String> patch = DiffUtils.diff(approved, live);
    return String.join(
        "\n", UnifiedDiffUtils.generateUnifiedDiff("approved", "deployed", approved, patch, 3));
  }
}
