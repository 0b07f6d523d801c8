package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.netdrift.detector.live.NetworkReader;
import io.netdrift.detector.live.SecurityGroupReader;
import io.netdrift.detector.live.WafReader;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.GetIpSetResponse;
import software.amazon.awssdk.services.wafv2.model.GetLoggingConfigurationResponse;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.ListResourcesForWebAclResponse;

/**
 * Real AWS answers, not the emulator's: the AWS CLI's documented example outputs (in {@code
 * src/test/resources/contract}, each with where it came from) are sent to the SDK in the service's
 * wire form, read by the detector's own readers, and must give exactly the canonical documents in
 * {@code contract/expected}. Those were written from the examples by hand: a reader that drops a
 * field AWS sends, or reads one AWS does not, fails here even where the emulator agrees with it.
 */
class ContractFixturesTest {
  private static final Map<String, Supplier<SdkPojo>> SHAPES =
      Map.ofEntries(
          Map.entry("DescribeVpcs", DescribeVpcsResponse::builder),
          Map.entry("DescribeSubnets", DescribeSubnetsResponse::builder),
          Map.entry("DescribeNetworkAcls", DescribeNetworkAclsResponse::builder),
          Map.entry("DescribeRouteTables", DescribeRouteTablesResponse::builder),
          Map.entry("DescribeInternetGateways", DescribeInternetGatewaysResponse::builder),
          Map.entry("DescribeNatGateways", DescribeNatGatewaysResponse::builder),
          Map.entry("DescribeFlowLogs", DescribeFlowLogsResponse::builder),
          Map.entry("DescribeVpcEndpoints", DescribeVpcEndpointsResponse::builder),
          Map.entry(
              "DescribeVpcPeeringConnections",
              software.amazon.awssdk.services.ec2.model.DescribeVpcPeeringConnectionsResponse
                  ::builder),
          Map.entry("DescribeSecurityGroups", DescribeSecurityGroupsResponse::builder),
          Map.entry("DescribeSecurityGroupRules", DescribeSecurityGroupRulesResponse::builder),
          Map.entry("GetWebACL", GetWebAclResponse::builder),
          Map.entry("GetIPSet", GetIpSetResponse::builder),
          Map.entry("ListResourcesForWebACL", ListResourcesForWebAclResponse::builder),
          Map.entry("GetLoggingConfiguration", GetLoggingConfigurationResponse::builder));

  private HttpServer server;
  private URI endpoint;
  private final Map<String, JsonNode> calls = new TreeMap<>();

  @BeforeEach
  void serveTheFixtures() throws IOException {
    server = io.netdrift.emulator.Loopback.server();
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          String answer;
          String contentType;
          if (target == null) {
            String action = formValue(body, "Action");
            StringBuilder xml =
                new StringBuilder("<")
                    .append(action)
                    .append("Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
                    .append("<requestId>contract</requestId>");
            SdkShapes.xml(xml, SHAPES.get(action).get(), fixture("ec2", action), "item");
            answer = xml.append("</").append(action).append("Response>").toString();
            contentType = "text/xml;charset=UTF-8";
            calls.put(action, null);
          } else {
            String operation = target.substring(target.indexOf('.') + 1);
            answer =
                SdkShapes.json(SHAPES.get(operation).get(), fixture("wafv2", operation)).toString();
            contentType = "application/x-amz-json-1.1";
            calls.put(operation, SdkShapes.JSON.readTree(body));
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", contentType);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** The fixture's answer for {@code operation}, as the AWS CLI printed it. */
  static JsonNode fixture(String service, String operation) {
    String name = operation.replace("WebACL", "WebAcl").replace("IPSet", "IpSet");
    return read("/contract/" + service + "/" + name + ".json").path("answer");
  }

  static JsonNode read(String resource) {
    try (InputStream in = ContractFixturesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + resource);
      }
      return SdkShapes.JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(resource + ": " + e.getMessage(), e);
    }
  }

  private static String formValue(String form, String key) {
    for (String pair : form.split("&")) {
      if (pair.startsWith(key + "=")) {
        return URLDecoder.decode(pair.substring(key.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("no " + key + " in " + form);
  }

  private Ec2Client ec2() {
    return Ec2Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("contract", "contract")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static JsonNode documents(Map<String, ResourceDocument> docs) {
    ObjectNode out = SdkShapes.JSON.createObjectNode();
    docs.forEach((id, d) -> out.putObject(id).put("type", d.type()).set("document", d.document()));
    return asRead(out);
  }

  /** As a JSON file reads: numbers in their smallest kind, so 1 equals 1 whatever made it. */
  private static JsonNode asRead(JsonNode node) {
    try {
      return SdkShapes.JSON.readTree(node.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theEc2NetworkAsAwsDocumentsItReadsIntoTheseDocuments() {
    try (Ec2Client ec2 = ec2()) {
      NetworkReader.LiveNetwork network =
          new NetworkReader(ec2)
              .read(
                  // The VPCs the examples name (not the peers): this server answers each filter
                  // with the whole
                  // example, and a read keeps what is in the VPCs it asked for.
                  List.of(
                      "vpc-00112233445566778",
                      "vpc-0065acced4EXAMPLE",
                      "vpc-03914afb3eEXAMPLE",
                      "vpc-06e4ab6c6cEXAMPLE",
                      "vpc-098eb5ef58EXAMPLE",
                      "vpc-0a60eb65b4EXAMPLE",
                      "vpc-0e9801d129EXAMPLE",
                      "vpc-111122223333aabbc",
                      "vpc-1a2b3c4d",
                      "vpc-33cc44dd",
                      "vpc-3EXAMPLE",
                      "vpc-aabb1122"),
                  List.of("fl-aabbccdd112233445"));

      JsonNode expected = read("/contract/expected/ec2-network.json");
      assertThat(documents(network.documents()))
          .as("documents from %s", calls.keySet())
          .isEqualTo(expected.path("documents"));
      assertThat(network.awsDefaults())
          .containsExactlyInAnyOrderElementsOf(
              SdkShapes.JSON.convertValue(expected.path("awsDefaults"), List.class));
      // Endpoints and peerings are seen, for what no stack owns (this server answers each
      // filter with the whole example, so both sides of each peering come back; read once).
      assertThat(asRead(SdkShapes.JSON.valueToTree(network.seen())))
          .isEqualTo(expected.path("seen"));
    }
  }

  @Test
  void securityGroupsAsAwsDocumentsThemReadIntoTheseRules() {
    try (Ec2Client ec2 = ec2()) {
      Map<String, SecurityGroup> groups =
          new SecurityGroupReader(ec2).read(List.of("vpc-1a2b3c4d"), List.of());

      ObjectNode actual = SdkShapes.JSON.createObjectNode();
      groups.forEach(
          (id, g) -> {
            ObjectNode group = actual.putObject(id);
            group.put("vpcId", g.vpcId()).put("description", g.description());
            g.rules().forEach(r -> group.withArray("rules").add(r.describe()));
          });
      assertThat(asRead(actual)).isEqualTo(read("/contract/expected/security-groups.json"));
    }
  }

  @Test
  void aWebAclAsAwsDocumentsItReadsIntoThisDocument() {
    try (Wafv2Client waf =
        Wafv2Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("contract", "contract")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      JsonNode acl = fixture("wafv2", "GetWebACL").path("WebACL");
      JsonNode set = fixture("wafv2", "GetIPSet").path("IPSet");
      Map<String, ResourceDocument> docs =
          new WafReader(waf, () -> waf)
              .read(
                  List.of(acl.path("Name").asText() + "|" + acl.path("Id").asText() + "|REGIONAL"),
                  List.of(set.path("Name").asText() + "|" + set.path("Id").asText() + "|REGIONAL"),
                  List.of());

      assertThat(documents(docs)).isEqualTo(read("/contract/expected/wafv2.json"));
      assertThat(calls).containsKeys("ListResourcesForWebACL", "GetLoggingConfiguration");
    }
  }
}
