package io.netdrift.cdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.IConstruct;

/**
 * Records in the cloud assembly (construct metadata, never the template) where each resource's
 * approved values are written in {@code rules/}: {@code netdrift:source} with the resource's line
 * and its members' lines ({@code ingress 100}, {@code sid 1000001}), and {@code
 * netdrift:baseline-commit} on each stack. The detector reads them to point SARIF results and
 * evidence at the reviewed line and commit; the templates, and so the drift comparison, stay the
 * same whatever the line numbers.
 */
final class SourceMetadata {
  static final String SOURCE = "netdrift:source";
  static final String COMMIT = "netdrift:baseline-commit";

  private SourceMetadata() {}

  /**
   * Records {@code location} ({@code …/rules/file.yaml:line:column}) for the CloudFormation
   * resource of {@code construct}, with {@code members} keyed as the detector names them.
   */
  static void record(IConstruct construct, String location, Map<String, String> members) {
    IConstruct resource =
        construct.getNode().getDefaultChild() != null
            ? construct.getNode().getDefaultChild()
            : construct;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("resource", relative(location));
    Map<String, String> relativeMembers = new LinkedHashMap<>();
    members.forEach((k, v) -> relativeMembers.put(k, relative(v)));
    if (!relativeMembers.isEmpty()) {
      data.put("members", relativeMembers);
    }
    resource.getNode().addMetadata(SOURCE, data);
  }

  /**
   * {@code rules/security-groups.yaml:14:5}: the part of the path from the rules folder on, so the
   * location reads the same on every machine.
   */
  static String relative(String location) {
    String unix = location.replace('\\', '/');
    int at = unix.lastIndexOf("/rules/");
    if (at >= 0) {
      return unix.substring(at + 1);
    }
    return unix.startsWith("rules/") ? unix : "rules/" + unix.substring(unix.lastIndexOf('/') + 1);
  }

  /**
   * The commit checked out in the git work tree that holds {@code rulesDir}, read from the git
   * directory without running git: a detached {@code HEAD}, a loose ref or a packed one. A linked
   * work tree ({@code .git} is a file naming its git directory) reads its refs from the common
   * directory. Empty outside a work tree (a source tarball) or where git's files are unreadable.
   */
  static Optional<String> commit(Path rulesDir) {
    for (Path dir = rulesDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path dotGit = dir.resolve(".git");
      if (Files.exists(dotGit)) {
        try {
          return commitOf(gitDir(dotGit));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The git directory {@code .git} is, or names ({@code gitdir: <path>}) in a linked work tree. */
  private static Path gitDir(Path dotGit) throws IOException {
    if (Files.isDirectory(dotGit)) {
      return dotGit;
    }
    String text = Files.readString(dotGit).strip();
    if (!text.startsWith("gitdir: ")) {
      throw new IOException(dotGit + " names no git directory");
    }
    return dotGit.getParent().resolve(text.substring("gitdir: ".length())).normalize();
  }

  private static Optional<String> commitOf(Path gitDir) throws IOException {
    String head = Files.readString(gitDir.resolve("HEAD")).strip();
    if (!head.startsWith("ref: ")) {
      return Optional.of(head).filter(SourceMetadata::isCommit);
    }
    String ref = head.substring("ref: ".length());
    // A linked work tree keeps its own HEAD; branches live in the common git directory.
    Path common = gitDir;
    Path commondir = gitDir.resolve("commondir");
    if (Files.exists(commondir)) {
      common = gitDir.resolve(Files.readString(commondir).strip()).normalize();
    }
    for (Path refs : List.of(gitDir, common)) {
      Path loose = refs.resolve(ref);
      if (Files.exists(loose)) {
        return Optional.of(Files.readString(loose).strip()).filter(SourceMetadata::isCommit);
      }
    }
    Path packed = common.resolve("packed-refs");
    if (!Files.exists(packed)) {
      return Optional.empty();
    }
    return Files.readAllLines(packed).stream()
        .filter(l -> l.endsWith(" " + ref))
        .map(l -> l.substring(0, l.indexOf(' ')))
        .filter(SourceMetadata::isCommit)
        .findFirst();
  }

  private static boolean isCommit(String text) {
    return text.matches("[0-9a-f]{40}|[0-9a-f]{64}");
  }
}
