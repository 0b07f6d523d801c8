package io.netdrift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The equivalence corpus, real: the emulator answers as the real service spells things (an order it
 * does not promise, a default it fills in, an older member name), per the service models. Each case
 * first shows that a naive comparison would report it — what the template says and what the service
 * answered differ as text — and then that Netdrift reports nothing. The normalizer each case
 * exercises from the live side is named with it.
 */
class RealSpellingsTest {
  static Path assembly;
  static JsonNode template;

  @BeforeAll
  static void synthesizeTheRealApp() throws Exception {
    assembly = SynthesizedApp.assembly();
    template =
        Lab.JSON.readTree(Files.readString(assembly.resolve(Lab.PRODUCTION + ".template.json")));
  }

  /**
   * A live answer's spelling, with what the template says and what the service now answers. A
   * spelling may instead (or as well) come from the template: {@code rewrite} writes {@code
   * stack}'s template as another CDK app or a hand-written template spells the same setting, and
   * the service answers it in its own spelling.
   */
  record Spelling(
      String normalizer,
      String action,
      UnaryOperator<String> respell,
      String stack,
      Consumer<ObjectNode> rewrite,
      Function<JsonNode, String> approved,
      Function<Lab, String> live) {}

  static Arguments spelled(
      String name,
      String normalizer,
      String action,
      UnaryOperator<String> respell,
      Function<JsonNode, String> approved,
      Function<Lab, String> live) {
    return Arguments.of(
        name, new Spelling(normalizer, action, respell, Lab.PRODUCTION, t -> {}, approved, live));
  }

  /**
   * A setting the template spells its own way ({@code rewrite} on {@code stack}'s template), which
   * the service answers in its spelling.
   */
  static Arguments written(
      String name,
      String normalizer,
      String stack,
      Consumer<ObjectNode> rewrite,
      Function<JsonNode, String> approved,
      Function<Lab, String> live) {
    return Arguments.of(
        name, new Spelling(normalizer, "", body -> body, stack, rewrite, approved, live));
  }

  /** The app's assembly with {@code stack}'s template rewritten, in a new folder. */
  static Path rewritten(Spelling spelling) throws java.io.IOException {
    Path into = Files.createTempDirectory("netdrift-spelling");
    into.toFile().deleteOnExit();
    try (Stream<Path> files = Files.list(assembly)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, into.resolve(f.getFileName()));
      }
    }
    Path file = into.resolve(spelling.stack() + ".template.json");
    ObjectNode stackTemplate = (ObjectNode) Lab.JSON.readTree(Files.readString(file));
    spelling.rewrite().accept(stackTemplate);
    Files.writeString(file, stackTemplate.toString());
    return into;
  }

  /** The properties of the template's first resource of {@code type} starting {@code prefix}. */
  static JsonNode properties(JsonNode template, String type, String prefix) {
    var it = template.path("Resources").fields();
    while (it.hasNext()) {
      var r = it.next();
      if (r.getKey().startsWith(prefix) && r.getValue().path("Type").asText().equals(type)) {
        return r.getValue().path("Properties");
      }
    }
    throw new IllegalArgumentException("no " + type + " " + prefix);
  }

  /** A JSON answer rewritten in place. */
  static UnaryOperator<String> json(Consumer<ObjectNode> edit) {
    return body -> {
      try {
        ObjectNode node = (ObjectNode) Lab.JSON.readTree(body);
        edit.accept(node);
        return Lab.JSON.writeValueAsString(node);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  /** Each managed rule group statement of a GetWebACL answer, edited in place. */
  static UnaryOperator<String> managedStatements(Consumer<ObjectNode> edit) {
    return json(
        answer ->
            answer
                .path("WebACL")
                .path("Rules")
                .forEach(
                    rule -> {
                      if (rule.path("Statement").path("ManagedRuleGroupStatement")
                          instanceof ObjectNode managed) {
                        edit.accept(managed);
                      }
                    }));
  }

  static void reverse(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    Collections.reverse(items);
    ((ArrayNode) array).removeAll().addAll(items);
  }

  static String firewallArn(Lab lab) {
    return lab.physical("AWS::NetworkFirewall::Firewall", "Firewall");
  }

  static String policyArn(Lab lab) {
    return lab.physical("AWS::NetworkFirewall::FirewallPolicy", "Firewall");
  }

  static software.amazon.awssdk.services.networkfirewall.model.Firewall firewall(Lab lab) {
    return lab.firewall.describeFirewall(r -> r.firewallArn(firewallArn(lab))).firewall();
  }

  static software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy policy(Lab lab) {
    return lab.firewall
        .describeFirewallPolicy(r -> r.firewallPolicyArn(policyArn(lab)))
        .firewallPolicy();
  }

  static JsonNode policyTemplate(JsonNode t) {
    return properties(t, "AWS::NetworkFirewall::FirewallPolicy", "FirewallPolicy")
        .path("FirewallPolicy");
  }

  static software.amazon.awssdk.services.wafv2.model.WebACL webAcl(Lab lab) {
    return lab.webAcl(lab.webAclId());
  }

  static JsonNode webAclTemplate(JsonNode t) {
    return properties(t, "AWS::WAFv2::WebACL", "WebAcl");
  }

  static String ruleNames(List<software.amazon.awssdk.services.wafv2.model.Rule> rules) {
    return rules.stream().map(r -> r.name()).toList().toString();
  }

  static String templateRuleNames(JsonNode t) {
    List<String> names = new ArrayList<>();
    webAclTemplate(t).path("Rules").forEach(r -> names.add(r.path("Name").asText()));
    return names.toString();
  }

  static String texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out.toString();
  }

  static Stream<Arguments> corpus() {
    return Stream.concat(spellings(), RealSpellingsMoreCases.cases());
  }

  static Stream<Arguments> spellings() {
    return Stream.of(
        // Network Firewall: DescribeFirewall.
        spelled(
            "the firewall answered with the encryption AWS uses by default",
            "SecurityDocuments.firewall: members the template does not declare are not compared",
            "DescribeFirewall",
            json(
                a ->
                    ((ObjectNode) a.path("Firewall"))
                        .putObject("EncryptionConfiguration")
                        .put("Type", "AWS_OWNED_KMS_KEY")),
            t ->
                properties(t, "AWS::NetworkFirewall::Firewall", "Firewall")
                    .path("EncryptionConfiguration")
                    .toString(),
            lab -> String.valueOf(firewall(lab).encryptionConfiguration())),
        spelled(
            "the firewall's subnet mappings answered in the other order, with their address type",
            "SecurityDocuments.firewall: subnet mappings as a set of subnet ids",
            "DescribeFirewall",
            json(a -> reverse(a.path("Firewall").path("SubnetMappings"))),
            t ->
                properties(t, "AWS::NetworkFirewall::Firewall", "Firewall")
                    .path("SubnetMappings")
                    .toString(),
            lab -> firewall(lab).subnetMappings().toString()),
        spelled(
            "the firewall answered with change protections the template leaves to their default",
            "SecurityDocuments.firewall: AWS defaults folded where the template is silent",
            "DescribeFirewall",
            json(
                a ->
                    ((ObjectNode) a.path("Firewall"))
                        .put("FirewallPolicyChangeProtection", false)
                        .put("AvailabilityZoneChangeProtection", false)
                        .put("NumberOfAssociations", 0)),
            t ->
                properties(t, "AWS::NetworkFirewall::Firewall", "Firewall")
                    .path("FirewallPolicyChangeProtection")
                    .toString(),
            lab -> String.valueOf(firewall(lab).firewallPolicyChangeProtection())),
        // Network Firewall: DescribeFirewallPolicy.
        spelled(
            "the policy's engine options answered with the stream exception policy and flow"
                + " timeouts AWS fills in",
            "SecurityDocuments.firewallPolicy: defaults AWS fills in",
            "DescribeFirewallPolicy",
            json(
                a -> {
                  ObjectNode options =
                      (ObjectNode) a.path("FirewallPolicy").path("StatefulEngineOptions");
                  options.put("StreamExceptionPolicy", "DROP");
                  options.putObject("FlowTimeouts").put("TcpIdleTimeoutSeconds", 350);
                }),
            t -> policyTemplate(t).path("StatefulEngineOptions").toString(),
            lab -> policy(lab).statefulEngineOptions().toString()),
        spelled(
            "the policy's stateful default actions answered in the other order",
            "SecurityDocuments.firewallPolicy: default actions as a set",
            "DescribeFirewallPolicy",
            json(a -> reverse(a.path("FirewallPolicy").path("StatefulDefaultActions"))),
            t -> texts(policyTemplate(t).path("StatefulDefaultActions")),
            lab -> policy(lab).statefulDefaultActions().toString()),
        spelled(
            "the policy's rule group references answered in the other order",
            "SecurityDocuments.firewallPolicy: references keyed by ARN",
            "DescribeFirewallPolicy",
            json(a -> reverse(a.path("FirewallPolicy").path("StatefulRuleGroupReferences"))),
            t -> {
              List<Integer> priorities = new ArrayList<>();
              policyTemplate(t)
                  .path("StatefulRuleGroupReferences")
                  .forEach(r -> priorities.add(r.path("Priority").asInt()));
              return priorities.toString();
            },
            lab ->
                policy(lab).statefulRuleGroupReferences().stream()
                    .map(r -> r.priority())
                    .toList()
                    .toString()),
        spelled(
            "the policy answered with an empty list of stateless rule groups",
            "Canonical.of: an empty list is an absent one",
            "DescribeFirewallPolicy",
            json(
                a ->
                    ((ObjectNode) a.path("FirewallPolicy"))
                        .putArray("StatelessRuleGroupReferences")),
            t -> policyTemplate(t).path("StatelessRuleGroupReferences").toString(),
            lab ->
                String.valueOf(
                    policy(lab).statelessRuleGroupReferences()
                            instanceof software.amazon.awssdk.core.util.SdkAutoConstructList
                        ? "absent"
                        : policy(lab).statelessRuleGroupReferences())),
        // Network Firewall: DescribeRuleGroup, DescribeLoggingConfiguration.
        spelled(
            "the egress allow-list answered with its domains and target types in another order",
            "SecurityDocuments.ruleGroup: RulesSourceList targets and types as sets",
            "DescribeRuleGroup",
            json(
                a -> {
                  JsonNode list = a.path("RuleGroup").path("RulesSource").path("RulesSourceList");
                  if (!list.isMissingNode()) {
                    reverse(list.path("Targets"));
                    reverse(list.path("TargetTypes"));
                  }
                }),
            t ->
                texts(
                    properties(t, "AWS::NetworkFirewall::RuleGroup", "FirewallEgressDomains")
                        .at("/RuleGroup/RulesSource/RulesSourceList/Targets")),
            lab ->
                lab.firewall
                    .describeRuleGroup(
                        r ->
                            r.ruleGroupArn(
                                lab.physical(
                                    "AWS::NetworkFirewall::RuleGroup", "FirewallEgressDomains")))
                    .ruleGroup()
                    .rulesSource()
                    .rulesSourceList()
                    .targets()
                    .toString()),
        spelled(
            "the firewall's log destinations answered in the other order",
            "SecurityDocuments.firewall: log destinations keyed by log type",
            "DescribeLoggingConfiguration",
            json(a -> reverse(a.path("LoggingConfiguration").path("LogDestinationConfigs"))),
            t -> {
              List<String> types = new ArrayList<>();
              properties(t, "AWS::NetworkFirewall::LoggingConfiguration", "FirewallLogging")
                  .at("/LoggingConfiguration/LogDestinationConfigs")
                  .forEach(c -> types.add(c.path("LogType").asText()));
              return types.toString();
            },
            lab ->
                lab
                    .firewall
                    .describeLoggingConfiguration(r -> r.firewallArn(firewallArn(lab)))
                    .loggingConfiguration()
                    .logDestinationConfigs()
                    .stream()
                    .map(c -> c.logTypeAsString())
                    .toList()
                    .toString()),
        // WAF.
        spelled(
            "the web ACL's rules answered in the other order",
            "SecurityDocuments.webAcl: rules keyed by name",
            "GetWebACL",
            json(a -> reverse(a.path("WebACL").path("Rules"))),
            RealSpellingsTest::templateRuleNames,
            lab -> ruleNames(webAcl(lab).rules())),
        spelled(
            "a managed rule set to count spelled with the older ExcludedRules",
            "SecurityDocuments.webAcl: ExcludedRules read as RuleActionOverrides to Count",
            "GetWebACL",
            managedStatements(
                managed -> {
                  if (managed.has("RuleActionOverrides")) {
                    ArrayNode excluded = managed.putArray("ExcludedRules");
                    managed
                        .remove("RuleActionOverrides")
                        .forEach(o -> excluded.addObject().put("Name", o.path("Name").asText()));
                  }
                }),
            t -> webAclTemplate(t).findValues("ExcludedRules").toString(),
            lab ->
                webAcl(lab).rules().stream()
                    .filter(r -> r.statement().managedRuleGroupStatement() != null)
                    .map(r -> r.statement().managedRuleGroupStatement().excludedRules())
                    .filter(e -> !e.isEmpty())
                    .toList()
                    .toString()),
        spelled(
            "the web ACL's logging answered with the log type and scope AWS fills in",
            "SecurityDocuments.webAcl: logging members the template does not declare",
            "GetLoggingConfiguration",
            json(
                a ->
                    ((ObjectNode) a.path("LoggingConfiguration"))
                        .put("LogType", "WAF_LOGS")
                        .put("LogScope", "CUSTOMER")
                        .put("ManagedByFirewallManager", false)),
            t ->
                properties(t, "AWS::WAFv2::LoggingConfiguration", "WebAclLogging")
                    .path("LogType")
                    .toString(),
            lab ->
                lab.waf
                    .getLoggingConfiguration(r -> r.resourceArn(webAcl(lab).arn()))
                    .loggingConfiguration()
                    .logTypeAsString()),
        spelled(
            "the web ACL's redacted headers answered in another order",
            "SecurityDocuments.webAcl: redacted fields as a set",
            "GetLoggingConfiguration",
            json(a -> reverse(a.path("LoggingConfiguration").path("RedactedFields"))),
            t ->
                properties(t, "AWS::WAFv2::LoggingConfiguration", "WebAclLogging")
                    .path("RedactedFields")
                    .findValuesAsText("Name")
                    .toString(),
            lab ->
                lab
                    .waf
                    .getLoggingConfiguration(r -> r.resourceArn(webAcl(lab).arn()))
                    .loggingConfiguration()
                    .redactedFields()
                    .stream()
                    .map(f -> f.singleHeader().name())
                    .toList()
                    .toString()),
        spelled(
            "the block list's addresses answered in another order",
            "SecurityDocuments.ipSet: addresses as a set of canonical CIDRs",
            "GetIPSet",
            json(a -> reverse(a.path("IPSet").path("Addresses"))),
            t -> texts(properties(t, "AWS::WAFv2::IPSet", "WebAclBlockList").path("Addresses")),
            lab -> lab.blockList().addresses().toString()),
        // EC2.
        spelled(
            "subnets answered with the DNS and block-public-access settings AWS fills in",
            "NetworkDocuments.subnet: only the settings a template can declare",
            "DescribeSubnets",
            body ->
                body.replace(
                    "<mapPublicIpOnLaunch>",
                    "<enableDns64>false</enableDns64><privateDnsNameOptionsOnLaunch>"
                        + "<hostnameType>ip-name</hostnameType>"
                        + "<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>"
                        + "<enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord>"
                        + "</privateDnsNameOptionsOnLaunch><blockPublicAccessStates>"
                        + "<internetGatewayBlockMode>off</internetGatewayBlockMode>"
                        + "</blockPublicAccessStates><mapPublicIpOnLaunch>"),
            t -> properties(t, "AWS::EC2::Subnet", "VpcappSubnet1").path("EnableDns64").toString(),
            lab -> String.valueOf(lab.subnet("VpcappSubnet1").enableDns64())),
        spelled(
            "the flow log answered with the log format AWS uses by default",
            "NetworkDocuments.flowLog: the default format is the absent one",
            "DescribeFlowLogs",
            body ->
                body.replace(
                    "<maxAggregationInterval>",
                    "<logFormat>${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr}"
                        + " ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end}"
                        + " ${action} ${log-status}</logFormat><maxAggregationInterval>"),
            t -> properties(t, "AWS::EC2::FlowLog", "VpcFlowLogs").path("LogFormat").toString(),
            lab -> lab.ec2.describeFlowLogs(r -> r.maxResults(5)).flowLogs().get(0).logFormat()),
        spelled(
            "security group rules answered in another order",
            "SecurityGroupRule: rules compared as a set of canonical rules",
            "DescribeSecurityGroupRules",
            body -> reverseItems(body, "securityGroupRuleSet"),
            t ->
                properties(t, "AWS::EC2::SecurityGroup", "SecurityGroupsAlb")
                    .path("SecurityGroupIngress")
                    .findValuesAsText("CidrIp")
                    .toString(),
            lab ->
                lab
                        .groupRules(lab.physical("AWS::EC2::SecurityGroup", "SecurityGroupsAlb"))
                        .stream()
                        .filter(rule -> !rule.isEgress() && rule.cidrIpv4() != null)
                        .map(rule -> rule.cidrIpv4())
                        .toList()
                        .toString()
                    + " after IPv6"),
        spelled(
            "subnet associations of ACLs and route tables answered in another order",
            "NetworkDocuments.networkAcl and routeTable: subnets as a set",
            "DescribeNetworkAcls",
            body -> reverseItems(body, "associationSet"),
            t -> "[first, second]",
            lab -> {
              String acl = lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsPublic");
              var associations =
                  lab.ec2.describeNetworkAcls().networkAcls().stream()
                      .filter(a -> a.networkAclId().equals(acl))
                      .findFirst()
                      .orElseThrow()
                      .associations();
              String first = lab.physical("AWS::EC2::Subnet", "VpcpublicSubnet1");
              return associations.get(0).subnetId().equals(first)
                  ? "[first, second]"
                  : "[second, first]";
            }),
        spelled(
            "the NACL entries answered in the other order",
            "NetworkDocuments.networkAcl: entries keyed by direction and number",
            "DescribeNetworkAcls",
            body -> reverseItems(body, "entrySet"),
            t -> "rule 90 first",
            lab -> {
              String acl = lab.physical("AWS::EC2::NetworkAcl", "NetworkAclsPublic");
              return "rule "
                  + lab.ec2.describeNetworkAcls().networkAcls().stream()
                      .filter(a -> a.networkAclId().equals(acl))
                      .findFirst()
                      .orElseThrow()
                      .entries()
                      .stream()
                      .filter(e -> !e.egress())
                      .findFirst()
                      .orElseThrow()
                      .ruleNumber()
                  + " first";
            }),
        spelled(
            "route tables answered with their routes in another order",
            "NetworkDocuments.routeTable: routes keyed by destination",
            "DescribeRouteTables",
            body -> reverseItems(body, "routeSet"),
            // As EC2 first lists them: the local route the VPC made with the table, then the rest.
            t -> "local first",
            lab ->
                lab.ec2
                        .describeRouteTables(r -> r.routeTableIds(lab.routeTable("VpcappSubnet1")))
                        .routeTables()
                        .get(0)
                        .routes()
                        .get(0)
                        .gatewayId()
                        .equals("local")
                    ? "local first"
                    : "local last"));
  }

  /** The {@code <item>}s directly inside each {@code <set>} of an EC2 answer, reversed. */
  static String reverseItems(String xml, String set) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<" + set + ">(.*?)</" + set + ">", java.util.regex.Pattern.DOTALL)
            .matcher(xml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<String> items = new ArrayList<>();
      java.util.regex.Matcher item =
          java.util.regex.Pattern.compile("<item>.*?</item>", java.util.regex.Pattern.DOTALL)
              .matcher(m.group(1));
      while (item.find()) {
        items.add(item.group());
      }
      Collections.reverse(items);
      m.appendReplacement(
          out,
          java.util.regex.Matcher.quoteReplacement(
              "<" + set + ">" + String.join("", items) + "</" + set + ">"));
    }
    m.appendTail(out);
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void aRealSpellingIsNoFinding(String name, Spelling spelling) throws Exception {
    Path baseline = rewritten(spelling);
    JsonNode approved =
        Lab.JSON.readTree(Files.readString(baseline.resolve(spelling.stack() + ".template.json")));
    try (Lab lab = new Lab(baseline)) {
      lab.aws.spell(spelling.action(), spelling.respell());

      assertThat(spelling.live().apply(lab))
          .as("the service's spelling differs from the template's: a naive comparison reports it")
          .isNotEqualTo(spelling.approved().apply(approved));

      Lab.Scan scan = lab.scan();

      assertThat(scan.findings())
          .as("%s (%s)", scan.report().path("findings").toPrettyString(), spelling.normalizer())
          .isEmpty();
      assertThat(scan.exitCode()).as(scan.report().toPrettyString()).isZero();
    }
  }
}
