package io.netdrift.detector.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.detector.model.DriftException;
import io.netdrift.rules.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits as splices: what is not touched keeps its bytes, comments and layout included. */
class YamlPlacesTest {
  @TempDir Path dir;

  static final String FILE =
      """
      # a comment at the top
      groups:
        app:
          # why the app group exists
          ingress:
            - { protocol: tcp, ports: 8080, group: alb, description: from the LB } # reviewed
            - protocol: tcp
              ports: 443
              # a comment inside a block item
              cidr: 10.0.0.0/8
              description: HTTPS
          egress:
            - { protocol: tcp, ports: 5432, group: db, description: to the database }
        db:
          description: the database
      # a comment at the end
      """;

  YamlPlaces places(RulesFiles files) throws Exception {
    Files.writeString(dir.resolve("groups.yaml"), FILE);
    return new YamlPlaces(files, "rules/groups.yaml");
  }

  @Test
  void aBlockItemIsRemovedWithItsLinesAndNothingElse() throws Exception {
    RulesFiles files = new RulesFiles(dir);
    YamlPlaces places = places(files);
    YamlNode item = places.node("groups.app.ingress[1]").orElseThrow();

    places.removeItem(item);

    assertThat(files.edited("rules/groups.yaml"))
        .isEqualTo(
            FILE.replace(
                "      - protocol: tcp\n"
                    + "        ports: 443\n"
                    + "        # a comment inside a block item\n"
                    + "        cidr: 10.0.0.0/8\n"
                    + "        description: HTTPS\n",
                ""))
        .isNotEqualTo(FILE);
  }

  @Test
  void anItemIsAppendedUnderTheLastWithItsIndentationAndAKeyIsAddedWhereMissing() throws Exception {
    RulesFiles files = new RulesFiles(dir);
    YamlPlaces places = places(files);
    Map<String, String> rule = new LinkedHashMap<>();
    rule.put("protocol", "tcp");
    rule.put("ports", "22");
    rule.put("cidr", "::/0");
    rule.put("description", "");

    places.appendItem(places.node("groups.app.egress").orElseThrow(), YamlPlaces.flowMapping(rule));
    places.appendKeyWithItem(
        places.node("groups.db").orElseThrow(), "ingress", YamlPlaces.flowMapping(rule));

    String edited = files.edited("rules/groups.yaml");
    assertThat(edited)
        .contains(
            "      - { protocol: tcp, ports: 5432, group: db, description: to the database }\n"
                + "      - { protocol: tcp, ports: 22, cidr: \"::/0\", description: \"\" }\n"
                + "  db:\n")
        .contains(
            "    description: the database\n"
                + "    ingress:\n"
                + "      - { protocol: tcp, ports: 22, cidr: \"::/0\", description: \"\" }\n"
                + "# a comment at the end\n");
    YamlNode reread = YamlNode.parse(Path.of("x.yaml"), edited);
    assertThat(
            reread.mapping().get("groups").mapping().get("db").mapping().get("ingress").sequence())
        .hasSize(1);
    assertThat(files.patch()).startsWith("--- a/rules/groups.yaml\n+++ b/rules/groups.yaml\n");
  }

  @Test
  void anEntryIsReplacedInPlaceKeepingItsTrailingComment() throws Exception {
    RulesFiles files = new RulesFiles(dir);
    YamlPlaces places = places(files);

    places.replace(places.node("groups.app.ingress[0]").orElseThrow(), "{ protocol: all }");

    assertThat(files.edited("rules/groups.yaml"))
        .contains("      - { protocol: all } # reviewed\n");
  }

  @Test
  void twoDifferentEditsOfOnePlaceAreRefusedAndTheSameEditTwiceIsOne() throws Exception {
    RulesFiles files = new RulesFiles(dir);
    YamlPlaces places = places(files);
    YamlNode item = places.node("groups.app.ingress[0]").orElseThrow();

    places.replace(item, "{ protocol: all }");
    places.replace(item, "{ protocol: all }");

    assertThat(files.edited("rules/groups.yaml")).containsOnlyOnce("{ protocol: all }");
    assertThatThrownBy(() -> places.replace(item, "{ protocol: udp }"))
        .isInstanceOf(DriftException.class)
        .hasMessageContaining("change the same place differently");
  }

  @Test
  void aScalarIsQuotedWhereYamlWouldReadItOtherwise() {
    assertThat(YamlPlaces.scalar("10.0.0.0/8")).isEqualTo("10.0.0.0/8");
    assertThat(YamlPlaces.scalar("::/0")).isEqualTo("\"::/0\"");
    assertThat(YamlPlaces.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(YamlPlaces.scalar("a: b # c")).isEqualTo("\"a: b # c\"");
    assertThat(YamlPlaces.scalar("")).isEqualTo("\"\"");
  }
}
