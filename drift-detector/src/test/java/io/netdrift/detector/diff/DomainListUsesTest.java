package io.netdrift.detector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.ResourceDocument;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A domain list's names do what the rules that name the list do. */
class DomainListUsesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  static Finding domains(String list) {
    return Finding.changed(new Finding.Resource("S", DomainListUses.DOMAIN_LIST, "Allowed", list))
        .property("Domains")
        .summary("Domains differs")
        .exposure(Exposure.unknown("a generic change"))
        .build();
  }

  static ResourceDocument rules(String action) throws Exception {
    return new ResourceDocument(
        DomainListUses.RULE_GROUP,
        "rslvr-frg-1",
        (ObjectNode)
            json(
                "{\"FirewallRules\": [{\"FirewallDomainListId\": \"rslvr-fdl-1\", \"Priority\": 100,"
                    + " \"Action\": \""
                    + action
                    + "\"}]}"),
        Set.of());
  }

  static final String BEFORE = "{\"Domains\": [\"api.stripe.com\"]}";
  static final String AFTER = "{\"Domains\": [\"api.stripe.com\", \"paste.example\"]}";

  @Test
  void aNameAddedToAListAnAllowRuleUsesWidens() throws Exception {
    Finding f =
        DomainListUses.classified(
            domains("rslvr-fdl-1"), json(BEFORE), json(AFTER), List.of(rules("ALLOW")));

    assertThat(f.exposure().access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(f.exposure().reason())
        .isEqualTo("now resolves paste.example (rule group rslvr-frg-1)");
  }

  @Test
  void aNameAddedToAListABlockRuleUsesNarrowsAndOneRemovedWidens() throws Exception {
    assertThat(
            DomainListUses.classified(
                    domains("rslvr-fdl-1"), json(BEFORE), json(AFTER), List.of(rules("BLOCK")))
                .exposure()
                .access())
        .isEqualTo(Exposure.Access.NARROWED);
    assertThat(
            DomainListUses.classified(
                    domains("rslvr-fdl-1"), json(AFTER), json(BEFORE), List.of(rules("BLOCK")))
                .exposure()
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
  }

  @Test
  void aListNoRuleReadNamesStaysUnknown() throws Exception {
    assertThat(
            DomainListUses.classified(
                    domains("rslvr-fdl-2"), json(BEFORE), json(AFTER), List.of(rules("ALLOW")))
                .exposure()
                .access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }
}
