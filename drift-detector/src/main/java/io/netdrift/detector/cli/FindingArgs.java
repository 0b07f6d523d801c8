package io.netdrift.detector.cli;

import io.netdrift.detector.model.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What the commands that act on findings ({@code revert}, {@code accept}) take besides the scan's
 * options: the findings, named by fingerprint in the positional words (stacks are then chosen with
 * {@code --stack}), and the severity policy that triages them as the scan did.
 */
final class FindingArgs {
  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Severity policy; default: rules/drift-policy.yaml where it exists.")
  Path policy;

  /**
   * Takes the fingerprints out of {@code aws}'s positional words; none is bad usage, said with what
   * the command would do with them.
   */
  static List<String> fingerprints(AwsOptions aws, String what) {
    List<String> fingerprints = new ArrayList<>(aws.stacks);
    aws.stacks.clear();
    if (fingerprints.isEmpty()) {
      throw new UsageException(
          "name the drift to " + what + " by its FINGERPRINT (the report's fingerprint)");
    }
    return fingerprints;
  }
}
