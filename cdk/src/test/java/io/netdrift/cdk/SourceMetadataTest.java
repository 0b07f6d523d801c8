package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.rules.RulesFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembly records where each resource's approved values are written in rules/ and the commit
 * they come from, in its metadata; the templates stay free of it.
 */
class SourceMetadataTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path out;
  static List<JsonNode> sources = new ArrayList<>();
  static List<String> commits = new ArrayList<>();

  @BeforeAll
  static void synthesize() throws IOException {
    NetworkApp.synthesize(RulesFixture.RULES, out);
    JsonNode metadata =
        JSON.readTree(Files.readString(out.resolve("NetdriftProductionNetwork.metadata.json")));
    metadata.forEach(
        entries ->
            entries.forEach(
                e -> {
                  if (e.path("type").asText().equals(SourceMetadata.SOURCE)) {
                    sources.add(e.path("data"));
                  }
                  if (e.path("type").asText().equals(SourceMetadata.COMMIT)) {
                    commits.add(e.path("data").asText());
                  }
                }));
  }

  /** The text of the rules line a location names. */
  static String line(String location) throws IOException {
    String[] parts = location.split(":");
    return Files.readAllLines(RulesFixture.RULES.getParent().resolve(parts[0]))
        .get(Integer.parseInt(parts[1]) - 1);
  }

  @Test
  void everyMemberPointsAtTheLineThatHoldsIt() throws IOException {
    JsonNode acl =
        sources.stream().filter(s -> s.path("members").has("ingress 90")).findFirst().orElseThrow();
    assertThat(line(acl.at("/members/ingress 90").asText())).contains("rule: 90");
    JsonNode suricata =
        sources.stream()
            .filter(s -> s.path("members").has("sid 1000001"))
            .findFirst()
            .orElseThrow();
    assertThat(line(suricata.at("/members/sid 1000001").asText())).contains("sid:1000001;");
    JsonNode waf =
        sources.stream().filter(s -> s.path("members").has("rate-limit")).findFirst().orElseThrow();
    assertThat(line(waf.at("/members/rate-limit").asText())).contains("rateLimit");
    assertThat(sources)
        .anySatisfy(
            s -> assertThat(s.path("resource").asText()).startsWith("rules/security-groups.yaml:"));
  }

  @Test
  void theTemplatesCarryNoneOfIt() throws IOException {
    assertThat(Files.readString(out.resolve("NetdriftProductionNetwork.template.json")))
        .doesNotContain("netdrift:source")
        .doesNotContain("security-groups.yaml:")
        .doesNotContain("known-bad.rules:");
  }

  @Test
  void theBaselineCommitIsTheCheckedOutOneWhereThereIsOne() {
    // In a clone it is recorded; in a source tarball there is none, and none is made up.
    assertThat(commits)
        .containsExactlyElementsOf(SourceMetadata.commit(RulesFixture.RULES).stream().toList());
  }

  static final String A = "1111111111111111111111111111111111111111";
  static final String B = "2222222222222222222222222222222222222222";

  @Test
  void aDetachedHeadIsItsCommit(@TempDir Path repo) throws IOException {
    write(repo.resolve(".git/HEAD"), A + "\n");

    assertThat(SourceMetadata.commit(rules(repo))).contains(A);
  }

  @Test
  void aBranchIsReadFromItsLooseRefOrElseThePackedOnes(@TempDir Path repo) throws IOException {
    write(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    write(
        repo.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/main\n");
    assertThat(SourceMetadata.commit(rules(repo))).contains(B);

    write(repo.resolve(".git/refs/heads/main"), A + "\n");
    assertThat(SourceMetadata.commit(rules(repo))).contains(A);
  }

  @Test
  void aLinkedWorkTreeReadsItsBranchFromTheCommonGitDirectory(@TempDir Path root)
      throws IOException {
    Path main = root.resolve("main");
    write(main.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    write(main.resolve(".git/refs/heads/feature"), B + "\n");
    Path worktreeGit = main.resolve(".git/worktrees/feature");
    write(worktreeGit.resolve("HEAD"), "ref: refs/heads/feature\n");
    write(worktreeGit.resolve("commondir"), "../..\n");
    Path worktree = root.resolve("feature");
    write(worktree.resolve(".git"), "gitdir: " + worktreeGit + "\n");

    assertThat(SourceMetadata.commit(rules(worktree))).contains(B);
  }

  @Test
  void aSourceTarballHasNoCommit(@TempDir Path tarball) throws IOException {
    assertThat(SourceMetadata.commit(rules(tarball))).isEmpty();
  }

  @Test
  void aBranchWithoutACommitYetHasNone(@TempDir Path repo) throws IOException {
    write(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");

    assertThat(SourceMetadata.commit(rules(repo))).isEmpty();
  }

  private static Path rules(Path repo) throws IOException {
    return Files.createDirectories(repo.resolve("rules"));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
