package io.netdrift.detector.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.diff.DocumentDiff;
import io.netdrift.detector.diff.ExposureRules;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Transit Gateway route table as a template spells it (child resources) and as EC2 answers it
 * (per-table reads, in the AWS CLI's example shapes): the same table is one document, each change
 * has its direction and the command that puts it back.
 */
class TransitGatewayRouteTableTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ResourceDocument doc(ObjectNode document) {
    return new ResourceDocument(
        NetworkDocuments.TGW_ROUTE_TABLE,
        "tgw-rtb-002573ed1eEXAMPLE",
        document,
        NetworkDocuments.TGW_ROUTE_TABLE_COLLECTIONS);
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  static ObjectNode template() throws Exception {
    return NetworkDocuments.transitGatewayRouteTable(
        "tgw-0bc994abffEXAMPLE",
        List.of(json("{\"TransitGatewayAttachmentId\": \"tgw-attach-09b52ccdb5EXAMPLE\"}")),
        List.of(
            json("{\"TransitGatewayAttachmentId\": \"tgw-attach-01f8100bc7EXAMPLE\"}"),
            json("{\"TransitGatewayAttachmentId\": \"tgw-attach-0a89069f57EXAMPLE\"}")),
        List.of(
            json(
                "{\"DestinationCidrBlock\": \"10.0.2.0/24\", \"TransitGatewayAttachmentId\":"
                    + " \"tgw-attach-09b52ccdb5EXAMPLE\"}"),
            json("{\"DestinationCidrBlock\": \"10.50.0.0/16\", \"Blackhole\": \"true\"}")));
  }

  /** EC2's answers, with one association still being made and the propagations reversed. */
  static ObjectNode live(String extraPropagation) throws Exception {
    return NetworkDocuments.transitGatewayRouteTable(
        "tgw-0bc994abffEXAMPLE",
        List.of(
            json(
                "{\"TransitGatewayAttachmentId\": \"tgw-attach-09b52ccdb5EXAMPLE\", \"ResourceId\":"
                    + " \"vpc-4d7de228\", \"ResourceType\": \"vpc\", \"State\": \"associating\"}")),
        List.of(
            json(
                "{\"TransitGatewayAttachmentId\": \"tgw-attach-0a89069f57EXAMPLE\", \"ResourceId\":"
                    + " \"vpc-3EXAMPLE\", \"ResourceType\": \"vpc\", \"State\": \"enabled\"}"),
            json(
                "{\"TransitGatewayAttachmentId\": \"tgw-attach-01f8100bc7EXAMPLE\", \"ResourceId\":"
                    + " \"vpc-5EXAMPLE\", \"ResourceType\": \"vpc\", \"State\": \"enabling\"}"),
            json(extraPropagation)),
        List.of(
            json(
                "{\"DestinationCidrBlock\": \"10.50.0.0/16\", \"Type\": \"static\", \"State\":"
                    + " \"blackhole\"}"),
            json(
                "{\"DestinationCidrBlock\": \"10.0.2.0/24\", \"TransitGatewayAttachments\":"
                    + " [{\"ResourceId\": \"vpc-4EXAMPLE\", \"TransitGatewayAttachmentId\":"
                    + " \"tgw-attach-09b52ccdb5EXAMPLE\", \"ResourceType\": \"vpc\"}], \"Type\":"
                    + " \"static\", \"State\": \"active\"}"),
            json(
                "{\"DestinationCidrBlock\": \"10.9.0.0/16\", \"Type\": \"static\", \"State\":"
                    + " \"deleted\"}")));
  }

  /** The commands that put {@code change} back. */
  static List<String> commands(DocumentDiff.Change change, ObjectNode approved, ObjectNode live) {
    return Remediations.document(
            NetworkDocuments.TGW_ROUTE_TABLE,
            "tgw-rtb-002573ed1eEXAMPLE",
            change.path(),
            change.pointer(),
            approved,
            live)
        .commands();
  }

  /** What {@code change} does to access. */
  static Exposure.Access access(DocumentDiff.Change change, ObjectNode approved, ObjectNode live) {
    return ExposureRules.document(NetworkDocuments.TGW_ROUTE_TABLE, change, approved, live)
        .access();
  }

  @Test
  void theTemplatesTableAndEc2sAnswersAreOneDocument() throws Exception {
    // A propagation on its way out is not there.
    ObjectNode live =
        live(
            "{\"TransitGatewayAttachmentId\": \"tgw-attach-0rogueEXAMPLE\", \"ResourceId\":"
                + " \"vpc-9EXAMPLE\", \"ResourceType\": \"vpc\", \"State\": \"disabling\"}");

    assertThat(live).isEqualTo(template());
  }

  @Test
  void aRoguePropagationWidensAndIsTakenAwayExactly() throws Exception {
    ObjectNode approved = template();
    ObjectNode live =
        live(
            "{\"TransitGatewayAttachmentId\": \"tgw-attach-0rogueEXAMPLE\", \"ResourceId\":"
                + " \"vpc-9EXAMPLE\", \"ResourceType\": \"vpc\", \"State\": \"enabled\"}");

    List<DocumentDiff.Change> changes = DocumentDiff.compare(doc(approved), doc(live));

    assertThat(changes).hasSize(1);
    DocumentDiff.Change change = changes.get(0);
    assertThat(change.pointer()).isEqualTo("/Propagations/tgw-attach-0rogueEXAMPLE");
    Exposure exposure =
        ExposureRules.document(NetworkDocuments.TGW_ROUTE_TABLE, change, approved, live);
    assertThat(exposure.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(commands(change, approved, live))
        .containsExactly(
            "aws ec2 disable-transit-gateway-route-table-propagation"
                + " --transit-gateway-route-table-id tgw-rtb-002573ed1eEXAMPLE"
                + " --transit-gateway-attachment-id tgw-attach-0rogueEXAMPLE");
  }

  @Test
  void aBlackholeReplacedWithARouteWidensAndIsPutBackAsABlackhole() throws Exception {
    ObjectNode approved = template();
    ObjectNode live = template();
    ((ObjectNode) live.path("Routes"))
        .putObject("10.50.0.0/16")
        .put("TransitGatewayAttachmentId", "tgw-attach-01f8100bc7EXAMPLE");

    DocumentDiff.Change change = DocumentDiff.compare(doc(approved), doc(live)).get(0);

    assertThat(access(change, approved, live)).isEqualTo(Exposure.Access.WIDENED);
    assertThat(commands(change, approved, live))
        .containsExactly(
            "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id"
                + " tgw-rtb-002573ed1eEXAMPLE --destination-cidr-block 10.50.0.0/16 --blackhole");
  }

  @Test
  void anAssociationGoneNarrowsAndIsMadeAgain() throws Exception {
    ObjectNode approved = template();
    ObjectNode live = template();
    ((ObjectNode) live.path("Associations")).removeAll();

    DocumentDiff.Change change = DocumentDiff.compare(doc(approved), doc(live)).get(0);

    assertThat(access(change, approved, live)).isEqualTo(Exposure.Access.NARROWED);
    assertThat(commands(change, approved, live))
        .containsExactly(
            "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id"
                + " tgw-rtb-002573ed1eEXAMPLE --transit-gateway-attachment-id"
                + " tgw-attach-09b52ccdb5EXAMPLE");
  }
}
