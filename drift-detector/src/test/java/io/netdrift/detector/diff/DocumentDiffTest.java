package io.netdrift.detector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.ResourceDocument;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentDiffTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static List<DocumentDiff.Change> diff(String approved, String live, String... collections)
      throws Exception {
    return DocumentDiff.compare(doc(approved, collections), doc(live, collections));
  }

  static ResourceDocument doc(String json, String... collections) throws Exception {
    return new ResourceDocument("T", "id", (ObjectNode) JSON.readTree(json), Set.of(collections));
  }

  @Test
  void equalDocumentsInAnyKeyOrderHaveNoChange() throws Exception {
    assertThat(diff("{\"a\": 1, \"b\": {\"c\": [\"x\"]}}", "{\"b\": {\"c\": [\"x\"]}, \"a\": 1}"))
        .isEmpty();
  }

  @Test
  void anIntAndALongOfOneValueAreEqual() throws Exception {
    ObjectNode asInt = JSON.createObjectNode().put("Limit", 2000);
    ObjectNode asLong = JSON.createObjectNode().put("Limit", 2000L);
    assertThat(
            DocumentDiff.compare(
                new ResourceDocument("T", "id", asInt, Set.of()),
                new ResourceDocument("T", "id", asLong, Set.of())))
        .isEmpty();
  }

  @Test
  void anEmptyListAndAnAbsentListAreTheSame() throws Exception {
    assertThat(diff("{\"a\": 1, \"tags\": []}", "{\"a\": 1}")).isEmpty();
  }

  @Test
  void aChangedLeafIsReportedAtItsPath() throws Exception {
    assertThat(
            diff(
                "{\"Entries\": {\"ingress 100\": {\"CidrBlock\": \"10.0.0.0/8\", \"RuleAction\": \"allow\"}}}",
                "{\"Entries\": {\"ingress 100\": {\"CidrBlock\": \"0.0.0.0/0\", \"RuleAction\": \"allow\"}}}",
                "/Entries"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path()).isEqualTo("Entries[ingress 100].CidrBlock");
              assertThat(c.kind()).isEqualTo(FindingKind.CHANGED);
              assertThat(DocumentDiff.text(c.approved())).isEqualTo("10.0.0.0/8");
              assertThat(DocumentDiff.text(c.live())).isEqualTo("0.0.0.0/0");
            });
  }

  @Test
  void membersOfAKeyedCollectionAreAddedOrRemoved() throws Exception {
    List<DocumentDiff.Change> changes =
        diff(
            "{\"Rules\": {\"a\": {\"P\": 1}, \"b\": {\"P\": 2}}}",
            "{\"Rules\": {\"b\": {\"P\": 2}, \"c\": {\"P\": 3}}}",
            "/Rules");

    assertThat(changes)
        .extracting(DocumentDiff.Change::path)
        .containsExactly("Rules[a]", "Rules[c]");
    assertThat(changes)
        .extracting(DocumentDiff.Change::kind)
        .containsExactly(FindingKind.MISSING, FindingKind.UNMANAGED);
  }

  @Test
  void anActionSwappedForAnotherIsOneChangeOfTheWholeValue() throws Exception {
    assertThat(diff("{\"Action\": {\"Block\": {}}}", "{\"Action\": {\"Count\": {}}}"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path()).isEqualTo("Action");
              assertThat(DocumentDiff.text(c.approved())).isEqualTo("{\"Block\":{}}");
              assertThat(DocumentDiff.text(c.live())).isEqualTo("{\"Count\":{}}");
            });
  }

  @Test
  void aValueEmptiedOnOneSideIsReportedAtTheProperty() throws Exception {
    assertThat(diff("{\"Attachments\": [\"vpc-1\"]}", "{\"Attachments\": []}"))
        .singleElement()
        .satisfies(c -> assertThat(c.path()).isEqualTo("Attachments"));
  }
}
