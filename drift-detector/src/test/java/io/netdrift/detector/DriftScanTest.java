package io.netdrift.detector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.NetworkReader;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.PortRange;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.report.ScanReport;
import io.netdrift.detector.report.ScanStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan's own guard: an answer a reader or mapper did not expect makes that stack incomplete,
 * names what was not read, and never ends the scan or reports what was not read as drift.
 */
class DriftScanTest {
  static final String TEMPLATE =
      """
      {"Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "app", "VpcId": {"Ref": "Vpc"}}}
      }}
      """;

  /** What CloudFormation deployed, by stack name, where it is not {@link #TEMPLATE}. */
  static final Map<String, String> TEMPLATES =
      Map.of(
          "Net-Inner-X1",
          """
          {"Resources": {
            "InnerSg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "inner", "VpcId": "vpc-1"}}
          },
           "Outputs": {"InnerGroup": {"Value": {"Fn::GetAtt": ["InnerSg", "GroupId"]}}}}
          """);

  /** What CloudFormation deployed as the parent stack: the template the test approves. */
  static volatile String deployedParent = TEMPLATE;

  @TempDir Path assembly;

  /** An account where the stack is deployed as approved; {@code network} answers its network. */
  static LiveSource.Factory account(Supplier<NetworkReader.LiveNetwork> network) {
    return account(network, Map.of(), Map.of());
  }

  /** As above, with nested stacks readable by id and more live groups. */
  static LiveSource.Factory account(
      Supplier<NetworkReader.LiveNetwork> network,
      Map<String, DeployedStack> stacksById,
      Map<String, SecurityGroup> extraGroups) {
    Map<String, DeployedStack.Resource> resources = new java.util.TreeMap<>();
    resources.put(
        "Vpc", new DeployedStack.Resource("Vpc", "AWS::EC2::VPC", "vpc-1", "CREATE_COMPLETE"));
    resources.put(
        "Sg",
        new DeployedStack.Resource("Sg", "AWS::EC2::SecurityGroup", "sg-1", "CREATE_COMPLETE"));
    stacksById.forEach(
        (id, nested) ->
            resources.put(
                "Inner",
                new DeployedStack.Resource(
                    "Inner", "AWS::CloudFormation::Stack", id, "CREATE_COMPLETE")));
    DeployedStack stack =
        new DeployedStack(
            "Net",
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/Net/1",
            "CREATE_COMPLETE",
            Map.of(),
            resources);
    SecurityGroup group =
        new SecurityGroup(
            "sg-1",
            "vpc-1",
            Optional.of("Net-Sg-1"),
            "app",
            List.of(
                new SecurityGroupRule(
                    Direction.EGRESS,
                    IpProtocol.ALL,
                    PortRange.ANY,
                    new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")),
                    "")));
    LiveSource source =
        new LiveSource() {
          @Override
          public Optional<DeployedStack> stack(String stackName) {
            return Optional.of(stacksById.getOrDefault(stackName, stack));
          }

          @Override
          public String template(String stackName) {
            return TEMPLATES.getOrDefault(stackName, deployedParent);
          }

          @Override
          public Map<String, String> exports() {
            return Map.of();
          }

          @Override
          public List<String> availabilityZones() {
            return List.of();
          }

          @Override
          public com.fasterxml.jackson.databind.JsonNode resourceSchema(String type) {
            throw new UnsupportedOperationException("no generic types here");
          }

          @Override
          public Map<String, com.fasterxml.jackson.databind.node.ObjectNode> resources(
              String type, java.util.Collection<String> identifiers) {
            throw new UnsupportedOperationException("no generic types here");
          }

          @Override
          public ArrayNode firewallEndpoints(String firewallArn) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<io.netdrift.detector.model.SeenResource> dnsFirewallAssociations(
              Collection<String> vpcIds) {
            return List.of();
          }

          @Override
          public Map<String, SecurityGroup> securityGroups(
              Collection<String> vpcIds, Collection<String> groupIds) {
            Map<String, SecurityGroup> all = new java.util.TreeMap<>(extraGroups);
            all.put("sg-1", group);
            return all;
          }

          @Override
          public NetworkReader.LiveNetwork network(
              Collection<String> vpcIds, Collection<String> internetGatewayIds) {
            return network.get();
          }

          @Override
          public Map<String, ResourceDocument> firewalls(
              Collection<String> a, Collection<String> b, Collection<String> c) {
            return Map.of();
          }

          @Override
          public Map<String, ResourceDocument> waf(
              Collection<String> a, Collection<String> b, Collection<String> c) {
            return Map.of();
          }

          @Override
          public Map<String, ResourceDocument> embedded(Map<String, List<String>> ids) {
            return Map.of();
          }

          @Override
          public void close() {}
        };
    return (name, target) -> source;
  }

  ScanReport scan(LiveSource.Factory aws) throws Exception {
    return scan(aws, TEMPLATE);
  }

  ScanReport scan(LiveSource.Factory aws, String template) throws Exception {
    deployedParent = template;
    Files.writeString(assembly.resolve("Net.template.json"), template);
    Files.writeString(
        assembly.resolve("manifest.json"),
        """
        {"artifacts": {"Net": {"type": "aws:cloudformation:stack",
          "environment": "aws://123456789012/eu-west-1",
          "properties": {"templateFile": "Net.template.json"}}}}
        """);
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);
    return new DriftScan(clock, aws, new CallCounter())
        .run(
            new ScanOptions(
                assembly, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void anUnexpectedExceptionInAReaderIsThatStacksProblemNotACrash() throws Exception {
    ScanReport report =
        scan(
            account(
                () -> {
                  throw new IllegalArgumentException("not a CIDR: null");
                }));

    assertThat(report.status()).isEqualTo(ScanStatus.INCOMPLETE);
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.findings()).as("nothing unread is called missing").isEmpty();
    StackResult net = report.stacks().get(0);
    assertThat(net.problems())
        .singleElement()
        .asString()
        .startsWith("could not read the EC2 network")
        .contains("unexpected IllegalArgumentException: not a CIDR: null");
    // The group was read and compared; the VPC was not, and is not counted as checked.
    assertThat(net.checked()).containsExactly(Map.entry("AWS::EC2::SecurityGroup", 1));
    assertThat(net.notChecked()).containsExactly(Map.entry("AWS::EC2::VPC", 1));
    assertThat(net.notCheckedResources())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.logicalId()).isEqualTo("Vpc");
              assertThat(u.reason()).contains("could not be read");
            });
  }

  @Test
  void theSameAccountReadWholeIsInSync() throws Exception {
    ResourceDocument vpc =
        new ResourceDocument(
            "AWS::EC2::VPC",
            "vpc-1",
            io.netdrift.detector.model.NetworkDocuments.vpc(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree("{\"CidrBlock\": \"10.0.0.0/16\"}")),
            java.util.Set.of());
    ScanReport report =
        scan(
            account(() -> new NetworkReader.LiveNetwork(Map.of("vpc-1", vpc), java.util.Set.of())));

    assertThat(report.problems()).isEmpty();
    assertThat(report.findings()).isEmpty();
    assertThat(report.exitCode()).isZero();
    assertThat(report.stacks().get(0).checked())
        .containsExactly(Map.entry("AWS::EC2::SecurityGroup", 1), Map.entry("AWS::EC2::VPC", 1));
  }

  @Test
  void aNestedStackIsComparedAsAStackOfItsOwnNamedByItsPath() throws Exception {
    String nestedArn = "arn:aws:cloudformation:eu-west-1:123456789012:stack/Net-Inner-X1/2";
    DeployedStack inner =
        new DeployedStack(
            "Net-Inner-X1",
            nestedArn,
            "CREATE_COMPLETE",
            Map.of(),
            Map.of(
                "InnerSg",
                new DeployedStack.Resource(
                    "InnerSg", "AWS::EC2::SecurityGroup", "sg-inner", "CREATE_COMPLETE")));
    SecurityGroupRule allEgress =
        new SecurityGroupRule(
            Direction.EGRESS,
            IpProtocol.ALL,
            PortRange.ANY,
            new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")),
            "");
    SecurityGroupRule ssh =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 22, 22, new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")), "");
    SecurityGroup innerGroup =
        new SecurityGroup(
            "sg-inner", "vpc-1", Optional.of("inner"), "inner", List.of(allEgress, ssh));
    SecurityGroup handMade =
        new SecurityGroup("sg-hand", "vpc-1", Optional.of("hand"), "by hand", List.of());
    ResourceDocument vpc =
        new ResourceDocument(
            "AWS::EC2::VPC",
            "vpc-1",
            io.netdrift.detector.model.NetworkDocuments.vpc(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree("{\"CidrBlock\": \"10.0.0.0/16\"}")),
            java.util.Set.of());
    Files.writeString(
        assembly.resolve("NetInner.nested.template.json"), TEMPLATES.get("Net-Inner-X1"));
    // The parent reads the nested stack's output: resolved, the group is named in its own rule.
    String parent =
        TEMPLATE.replace(
            "\"Sg\": {",
            """
            "Inner": {"Type": "AWS::CloudFormation::Stack",
              "Metadata": {"aws:asset:path": "NetInner.nested.template.json"},
              "Properties": {"TemplateURL": "https://example.invalid/inner.json"}},
            "FromInner": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
              "GroupId": {"Ref": "Sg"}, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
              "SourceSecurityGroupId": {"Fn::GetAtt": ["Inner", "Outputs.InnerGroup"]}}},
            "Sg": {""");

    ScanReport report =
        scan(
            account(
                () -> new NetworkReader.LiveNetwork(Map.of("vpc-1", vpc), java.util.Set.of()),
                Map.of(nestedArn, inner),
                Map.of("sg-inner", innerGroup, "sg-hand", handMade)),
            parent);

    assertThat(report.stacks())
        .extracting(StackResult::stackName)
        .containsExactly("Net", "Net/Inner");
    // The SSH rule on the nested group is found on the nested stack; the hand-made group once;
    // the parent's rule from the nested group is missing (the fake has it nowhere).
    assertThat(report.findings())
        .extracting(f -> f.kind() + " " + f.stack() + " " + f.physicalId() + " " + f.property())
        .containsExactlyInAnyOrder(
            "UNMANAGED Net/Inner sg-inner ingress tcp 22 from 0.0.0.0/0",
            "UNMANAGED Net sg-hand ",
            "MISSING Net sg-1 ingress tcp 443 from sg-inner");
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void aNestedTemplateTheAssemblyLacksIsAnIncompleteScanNamingIt() throws Exception {
    String nestedArn = "arn:aws:cloudformation:eu-west-1:123456789012:stack/Net-Inner-X1/2";
    DeployedStack inner =
        new DeployedStack("Net-Inner-X1", nestedArn, "CREATE_COMPLETE", Map.of(), Map.of());
    String parent =
        TEMPLATE.replace(
            "\"Sg\": {",
            """
            "Inner": {"Type": "AWS::CloudFormation::Stack",
              "Metadata": {"aws:asset:path": "Missing.nested.template.json"}},
            "Sg": {""");

    ScanReport report =
        scan(
            account(
                () -> {
                  throw new IllegalStateException("not read");
                },
                Map.of(nestedArn, inner),
                Map.of()),
            parent);

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Net: nested stack Net/Inner: its template is not in the assembly"
                            + " (Missing.nested.template.json); its resources are not checked"));
  }
}
