package io.netdrift.detector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.PortRange;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixListUsesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static Finding blockAdded(String list, Exposure exposure) {
    return Finding.unmanaged(
            new Finding.Resource("Net", NetworkDocuments.PREFIX_LIST, "Partners", list))
        .property("Entries[0.0.0.0/0]")
        .summary("a block added by hand")
        .exposure(exposure)
        .build();
  }

  static SecurityGroup group(String id, String list) {
    return new SecurityGroup(
        id,
        "vpc-1",
        Optional.of("api"),
        "api",
        List.of(
            new SecurityGroupRule(
                Direction.INGRESS,
                IpProtocol.TCP,
                new PortRange(443, 443),
                new Peer.PrefixListPeer(list),
                "")));
  }

  @Test
  void aBlockAddedNamesTheRulesAndRoutesThatNameTheList() throws Exception {
    ObjectNode table =
        (ObjectNode) JSON.readTree("{\"Routes\": {\"pl-1\": {\"GatewayId\": \"igw-1\"}}}");

    Finding named =
        PrefixListUses.named(
            blockAdded("pl-1", Exposure.widened(true, "opens")),
            List.of(group("sg-1", "pl-1"), group("sg-2", "pl-other")),
            List.of(new ResourceDocument(NetworkDocuments.ROUTE_TABLE, "rtb-1", table, Set.of())));

    assertThat(named.exposure().reason())
        .isEqualTo("opens: rtb-1 route to pl-1; sg-1 ingress tcp 443 from pl-1");
    assertThat(named.exposure().access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(named.exposure().internet()).isTrue();
  }

  @Test
  void aListNothingNamesSaysSoAndOtherFindingsAreLeftAlone() {
    Finding lonely =
        PrefixListUses.named(
            blockAdded("pl-1", Exposure.widened(false, "opens")), List.of(), List.of());
    Finding unchanged = blockAdded("pl-1", Exposure.unchanged("a description"));

    assertThat(lonely.exposure().reason())
        .isEqualTo("opens; no group rule or route read in this scan names it");
    assertThat(PrefixListUses.named(unchanged, List.of(group("sg-1", "pl-1")), List.of()))
        .isEqualTo(unchanged);
  }
}
