package io.netdrift.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.cdk.NetworkApp;
import io.netdrift.demo.Demo;
import io.netdrift.detector.cli.Main;
import io.netdrift.emulator.AwsEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallPolicyResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.UpdateWebAclRequest;
import software.amazon.awssdk.services.wafv2.model.WebACL;

/**
 * The full network from rules/ deployed into a fresh emulator, with the clients an engineer would
 * use to change it by hand and a scan that reads it the way production does.
 */
final class Lab implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PRODUCTION = NetworkApp.PRODUCTION_STACK;

  final AwsEmulator aws;
  final Ec2Client ec2;
  final NetworkFirewallClient firewall;
  final Wafv2Client waf;
  final software.amazon.awssdk.services.cloudcontrol.CloudControlClient cloudControl;
  final software.amazon.awssdk.services.route53resolver.Route53ResolverClient resolver;
  private final Path assembly;

  Lab(Path assembly) {
    this.assembly = assembly;
    this.aws = AwsEmulator.start("123456789012", "eu-west-1");
    aws.deployAssembly(assembly);
    this.ec2 = Demo.ec2(aws.endpoint());
    this.firewall = client(NetworkFirewallClient.builder());
    this.waf = client(Wafv2Client.builder());
    this.cloudControl =
        client(software.amazon.awssdk.services.cloudcontrol.CloudControlClient.builder());
    this.resolver =
        client(software.amazon.awssdk.services.route53resolver.Route53ResolverClient.builder());
  }

  /** A client of the emulator: its endpoint, the lab's region and test credentials. */
  private <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder) {
    return aws.client(builder, "netdrift-test");
  }

  /**
   * The lab's assembly copied into {@code into} with one more stack, which is also deployed: for
   * resources the approved app does not have.
   */
  Path assemblyWith(
      String stackName, com.fasterxml.jackson.databind.node.ObjectNode template, Path into)
      throws java.io.IOException {
    return assemblyWith(assembly, stackName, template, into);
  }

  /** As above, starting from {@code from} instead of the lab's assembly. */
  Path assemblyWith(
      Path from,
      String stackName,
      com.fasterxml.jackson.databind.node.ObjectNode template,
      Path into)
      throws java.io.IOException {
    Files.createDirectories(into);
    try (java.util.stream.Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, into.resolve(f.getFileName()));
      }
    }
    Files.writeString(into.resolve(stackName + ".template.json"), template.toString());
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            JSON.readTree(Files.readString(into.resolve("manifest.json")));
    com.fasterxml.jackson.databind.node.ObjectNode artifact =
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("artifacts"))
            .putObject(stackName);
    artifact
        .put("type", "aws:cloudformation:stack")
        .put("environment", "aws://123456789012/eu-west-1");
    artifact.putObject("properties").put("templateFile", stackName + ".template.json");
    Files.writeString(into.resolve("manifest.json"), manifest.toString());
    aws.deploy(stackName, template);
    return into;
  }

  /** A scan of another assembly than the lab's, with {@code extra} arguments. */
  Scan scan(Path baseline, String... extra) throws Exception {
    List<String> args = scanArgs(baseline);
    args.add("--slack-webhook-url=");
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  /** The CLI run in process with {@code args}: its exit code and the JSON it printed. */
  static Scan cli(String... args) throws Exception {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
    return new Scan(code, JSON.readTree(out.toString()));
  }

  /** Every stack's problems in a JSON report, in report order. */
  static List<String> problems(JsonNode report) {
    List<String> problems = new ArrayList<>();
    report.path("stacks").forEach(s -> s.path("problems").forEach(p -> problems.add(p.asText())));
    return problems;
  }

  /** True for a call that only reads: a describe, list, get, search or CloudTrail lookup. */
  static boolean reads(String call) {
    return java.util.stream.Stream.of("Describe", "List", "Get", "Search", "Lookup")
        .anyMatch(call::startsWith);
  }

  /** The arguments of a JSON-reporting scan of {@code baseline} against this lab's emulator. */
  List<String> scanArgs(Path baseline) {
    return new ArrayList<>(
        List.of(
            "scan",
            "--baseline",
            baseline.toString(),
            "--endpoint-url",
            aws.endpoint().toString(),
            "--format",
            "json"));
  }

  /** A route table's id by the start of its logical id ({@code VpcdataSubnet1}). */
  String routeTable(String prefix) {
    return physical("AWS::EC2::RouteTable", prefix);
  }

  /** The CIDR block of a subnet, by the start of its logical id. */
  /** The production subnet whose logical id starts {@code prefix}, as EC2 answers it. */
  software.amazon.awssdk.services.ec2.model.Subnet subnet(String prefix) {
    return ec2.describeSubnets(r -> r.subnetIds(physical("AWS::EC2::Subnet", prefix)))
        .subnets()
        .get(0);
  }

  String subnetCidr(String prefix) {
    return subnet(prefix).cidrBlock();
  }

  /** The web ACL's block list, as WAF answers it. */
  software.amazon.awssdk.services.wafv2.model.IPSet blockList() {
    String[] id = physical("AWS::WAFv2::IPSet", "WebAcl").split("\\|");
    return waf.getIPSet(
            r ->
                r.name(id[0])
                    .id(id[1])
                    .scope(software.amazon.awssdk.services.wafv2.model.Scope.REGIONAL))
        .ipSet();
  }

  /**
   * Rewrites the Suricata rules of a firewall rule group, with its update token, as the console
   * does.
   */
  void editRules(String ruleGroupPrefix, UnaryOperator<String> edit) {
    String arn = physical("AWS::NetworkFirewall::RuleGroup", ruleGroupPrefix);
    DescribeRuleGroupResponse current = firewall.describeRuleGroup(r -> r.ruleGroupArn(arn));
    RuleGroup group = current.ruleGroup();
    RuleGroup changed =
        group.toBuilder()
            .rulesSource(
                group.rulesSource().toBuilder()
                    .rulesString(edit.apply(group.rulesSource().rulesString()))
                    .build())
            .build();
    firewall.updateRuleGroup(
        r -> r.ruleGroupArn(arn).ruleGroup(changed).updateToken(current.updateToken()));
  }

  /** Edits the firewall policy with its update token. */
  void editPolicy(UnaryOperator<FirewallPolicy> edit) {
    String arn = physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall");
    DescribeFirewallPolicyResponse current =
        firewall.describeFirewallPolicy(r -> r.firewallPolicyArn(arn));
    firewall.updateFirewallPolicy(
        r ->
            r.firewallPolicyArn(arn)
                .firewallPolicy(edit.apply(current.firewallPolicy()))
                .updateToken(current.updateToken()));
  }

  /** The web ACL's physical id parts: name, id, scope. */
  String[] webAclId() {
    return physical("AWS::WAFv2::WebACL", "WebAcl").split("\\|");
  }

  /** A regional web ACL as WAF answers it, by CloudFormation's physical id ({@code name|id|…}). */
  WebACL webAcl(String[] nameAndId) {
    return waf.getWebACL(r -> r.name(nameAndId[0]).id(nameAndId[1]).scope(Scope.REGIONAL)).webACL();
  }

  /** Edits the web ACL with its lock token, as the console does. */
  void editWebAcl(UnaryOperator<UpdateWebAclRequest.Builder> edit) {
    String[] id = webAclId();
    GetWebAclResponse current = waf.getWebACL(r -> r.name(id[0]).id(id[1]).scope(Scope.REGIONAL));
    WebACL acl = current.webACL();
    UpdateWebAclRequest.Builder request =
        UpdateWebAclRequest.builder()
            .name(acl.name())
            .id(acl.id())
            .scope(Scope.REGIONAL)
            .defaultAction(acl.defaultAction())
            .rules(acl.rules())
            .visibilityConfig(acl.visibilityConfig())
            .lockToken(current.lockToken());
    waf.updateWebACL(edit.apply(request).build());
  }

  /** The web ACL's rules, for edits. */
  List<Rule> webAclRules() {
    String[] id = webAclId();
    return new ArrayList<>(webAcl(id).rules());
  }

  /**
   * The physical id of the first resource of {@code type} whose logical id starts with {@code
   * prefix}.
   */
  String physical(String type, String prefix) {
    String logicalId =
        aws.cloudFormation().logicalIds(PRODUCTION, type).stream()
            .filter(id -> id.startsWith(prefix))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no " + type + " starting " + prefix));
    return aws.cloudFormation().physicalId(PRODUCTION, logicalId);
  }

  /**
   * A scan of a snapshot file against {@code baseline}, with no AWS at all (the endpoint given
   * answers nothing): its exit code and JSON report.
   */
  static Scan offline(Path baseline, Path snapshot) throws Exception {
    return cli(
        "scan",
        "--baseline",
        baseline.toString(),
        "--live",
        snapshot.toString(),
        "--format",
        "json",
        "--slack-webhook-url=",
        "--endpoint-url",
        "http://127.0.0.1:9");
  }

  /** What Cloud Control answers for a resource: its properties in its CloudFormation schema. */
  JsonNode cloudControlRead(String type, String identifier) throws java.io.IOException {
    return JSON.readTree(
        cloudControl
            .getResource(r -> r.typeName(type).identifier(identifier))
            .resourceDescription()
            .properties());
  }

  /** The rules EC2 answers for a security group, in its order. */
  List<software.amazon.awssdk.services.ec2.model.SecurityGroupRule> groupRules(String groupId) {
    return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
        .securityGroupRules();
  }

  String vpc() {
    return physical("AWS::EC2::VPC", "Vpc");
  }

  /** A scan's JSON report and exit code. */
  record Scan(int exitCode, JsonNode report) {
    List<JsonNode> findings() {
      List<JsonNode> list = new ArrayList<>();
      report.path("findings").forEach(list::add);
      return list;
    }

    /** Every stack's problems, in report order. */
    List<String> problems() {
      return Lab.problems(report);
    }

    /** The report of the stack named (or, nested, pathed) {@code name}. */
    JsonNode stack(String name) {
      for (JsonNode s : report.path("stacks")) {
        if (s.path("stackName").asText().equals(name)) {
          return s;
        }
      }
      throw new AssertionError("no stack " + name + " in " + report.toPrettyString());
    }
  }

  Scan scan() throws Exception {
    return cli(
        "scan",
        "--baseline",
        assembly.toString(),
        "--endpoint-url",
        aws.endpoint().toString(),
        "--format",
        "json",
        "--slack-webhook-url=");
  }

  @Override
  public void close() {
    resolver.close();
    cloudControl.close();
    firewall.close();
    waf.close();
    ec2.close();
    aws.close();
  }
}
