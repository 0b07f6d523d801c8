package io.netdrift.estate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic estate as a cloud assembly. At scale 1 it is the reference estate: 1,000 security
 * groups with 20,000 rules, 100 network ACLs with 2,000 entries, 200 route tables, 10 web ACLs of
 * 50 rules, 20 IP sets of 1,000 addresses, 10 prefix lists of 50 blocks, a 5,000-rule Suricata
 * group and a Transit Gateway (compared generically), in 10 stacks of about 360 resources
 * (CloudFormation allows 500). Scale N has N times as many stacks; a tenth of scale 1 is one stack.
 * The benchmark measures it; the request budget test holds a scan of it to its bound.
 */
public final class Estate {
  public static final int STACKS_PER_SCALE = 10;
  public static final int GROUPS = 100;
  public static final int RULES_PER_GROUP = 20;
  public static final int ACLS = 10;
  public static final int ENTRIES_PER_ACL = 20;
  public static final int ROUTE_TABLES = 20;
  public static final int WEB_ACL_RULES = 50;
  public static final int IP_SETS = 2;
  public static final int ADDRESSES = 1000;
  public static final int SURICATA_RULES = 5000;
  public static final int PREFIX_LIST_ENTRIES = 50;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Estate() {}

  /**
   * Writes the assembly of {@code scale} into {@code dir}; returns the stacks' templates by name.
   */
  public static Map<String, ObjectNode> write(int scale, Path dir) throws IOException {
    return writeStacks(scale * STACKS_PER_SCALE, dir);
  }

  /** Writes an assembly of {@code count} of the estate's stacks into {@code dir}. */
  public static Map<String, ObjectNode> writeStacks(int count, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, ObjectNode> stacks = new LinkedHashMap<>();
    ObjectNode manifest = JSON.createObjectNode().put("version", "54.0.0");
    ObjectNode artifacts = manifest.putObject("artifacts");
    for (int s = 0; s < count; s++) {
      String name = "BenchEstate" + s;
      ObjectNode template = stack(s);
      stacks.put(name, template);
      writeStack(dir, artifacts, name, template, "aws://123456789012/eu-west-1");
    }
    Files.writeString(dir.resolve("manifest.json"), manifest.toString());
    return stacks;
  }

  /** The organisation's one network stack, deployed the same in every account and region. */
  public static final String MEMBER_STACK = "MemberNetwork";

  /** Security groups of the member stack, each with {@link #MEMBER_RULES} ingress rules. */
  public static final int MEMBER_GROUPS = 4;

  public static final int MEMBER_RULES = 3;

  /**
   * Writes an assembly of one environment-agnostic network stack (CDK's {@code
   * aws://unknown-account/unknown-region}), as an organisation deploys in every member account: a
   * VPC with an internet gateway, two subnets and their route table, a network ACL, and {@link
   * #MEMBER_GROUPS} groups of {@link #MEMBER_RULES} rules. Answers the template.
   */
  public static ObjectNode writeMember(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectNode template = JSON.createObjectNode();
    ObjectNode r = template.putObject("Resources");
    vpcWithGateway(r, "10.20.0.0/16");
    tableWithDefaultRoute(r, "Table");
    for (int n = 0; n < 2; n++) {
      ObjectNode subnet =
          r.putObject("Subnet" + n).put("Type", "AWS::EC2::Subnet").putObject("Properties");
      subnet.set("VpcId", ref("Vpc"));
      // No zone named: the same template serves every region.
      subnet.put("CidrBlock", "10.20." + n + ".0/24");
      ObjectNode association =
          r.putObject("Subnet" + n + "Table")
              .put("Type", "AWS::EC2::SubnetRouteTableAssociation")
              .putObject("Properties");
      association.set("SubnetId", ref("Subnet" + n));
      association.set("RouteTableId", ref("Table"));
    }
    acl(r, "Acl", 2, e -> "10.0.0.0/8");
    for (int g = 0; g < MEMBER_GROUPS; g++) {
      int group = g;
      group(r, g, "member group " + g, MEMBER_RULES, 8000, i -> "10.20." + group + ".0/24");
    }
    ObjectNode manifest = JSON.createObjectNode().put("version", "54.0.0");
    writeStack(
        dir,
        manifest.putObject("artifacts"),
        MEMBER_STACK,
        template,
        "aws://unknown-account/unknown-region");
    Files.writeString(dir.resolve("manifest.json"), manifest.toString());
    return template;
  }

  /**
   * Writes a stack's template and names it among the manifest's artifacts, in {@code environment}.
   */
  private static void writeStack(
      Path dir, ObjectNode artifacts, String name, ObjectNode template, String environment)
      throws IOException {
    Files.writeString(dir.resolve(name + ".template.json"), template.toString());
    ObjectNode artifact = artifacts.putObject(name);
    artifact.put("type", "aws:cloudformation:stack").put("environment", environment);
    artifact.putObject("properties").put("templateFile", name + ".template.json");
  }

  /** A VPC ({@code Vpc}) with an internet gateway attached ({@code Igw}, {@code IgwAttachment}). */
  private static void vpcWithGateway(ObjectNode r, String cidr) {
    r.putObject("Vpc").put("Type", "AWS::EC2::VPC").putObject("Properties").put("CidrBlock", cidr);
    r.putObject("Igw").put("Type", "AWS::EC2::InternetGateway");
    ObjectNode attach =
        r.putObject("IgwAttachment")
            .put("Type", "AWS::EC2::VPCGatewayAttachment")
            .putObject("Properties");
    attach.set("VpcId", ref("Vpc"));
    attach.set("InternetGatewayId", ref("Igw"));
  }

  /**
   * Security group {@code Group<g>} with {@code rules} TCP ingress rules from {@code firstPort}.
   */
  private static void group(
      ObjectNode r,
      int g,
      String description,
      int rules,
      int firstPort,
      java.util.function.IntFunction<String> cidr) {
    ObjectNode p =
        r.putObject("Group" + g).put("Type", "AWS::EC2::SecurityGroup").putObject("Properties");
    p.put("GroupDescription", description);
    p.set("VpcId", ref("Vpc"));
    ArrayNode ingress = p.putArray("SecurityGroupIngress");
    for (int i = 0; i < rules; i++) {
      ingress
          .addObject()
          .put("IpProtocol", "tcp")
          .put("FromPort", firstPort + i)
          .put("ToPort", firstPort + i)
          .put("CidrIp", cidr.apply(i))
          .put("Description", "rule " + i);
    }
  }

  /** A network ACL with {@code entries} entries allowing 443, ingress and egress in turn. */
  private static void acl(
      ObjectNode r, String name, int entries, java.util.function.IntFunction<String> cidr) {
    r.putObject(name)
        .put("Type", "AWS::EC2::NetworkAcl")
        .putObject("Properties")
        .set("VpcId", ref("Vpc"));
    for (int e = 0; e < entries; e++) {
      ObjectNode p =
          r.putObject(name + "Entry" + e)
              .put("Type", "AWS::EC2::NetworkAclEntry")
              .putObject("Properties");
      p.set("NetworkAclId", ref(name));
      p.put("RuleNumber", 100 + (e / 2))
          .put("Egress", e % 2 == 1)
          .put("Protocol", 6)
          .put("RuleAction", "allow")
          .put("CidrBlock", cidr.apply(e));
      p.putObject("PortRange").put("From", 443).put("To", 443);
    }
  }

  /** A route table with a default route to the internet gateway ({@code <name>Default}). */
  private static void tableWithDefaultRoute(ObjectNode r, String name) {
    r.putObject(name)
        .put("Type", "AWS::EC2::RouteTable")
        .putObject("Properties")
        .set("VpcId", ref("Vpc"));
    ObjectNode route = r.putObject(name + "Default").put("Type", "AWS::EC2::Route");
    route.putArray("DependsOn").add("IgwAttachment");
    ObjectNode p = route.putObject("Properties");
    p.set("RouteTableId", ref(name));
    p.put("DestinationCidrBlock", "0.0.0.0/0");
    p.set("GatewayId", ref("Igw"));
  }

  /** One stack: a VPC of its own (10.s.0.0/16 wraps at 250) with everything in it. */
  static ObjectNode stack(int s) {
    ObjectNode template = JSON.createObjectNode();
    ObjectNode r = template.putObject("Resources");
    vpcWithGateway(r, "10." + (s % 250) + ".0.0/16");
    for (int g = 0; g < GROUPS; g++) {
      int group = g;
      group(
          r,
          g,
          "bench group " + g,
          RULES_PER_GROUP,
          1000,
          i -> "10." + (group % 250) + "." + i + ".0/24");
    }
    for (int a = 0; a < ACLS; a++) {
      int acl = a;
      acl(r, "Acl" + a, ENTRIES_PER_ACL, e -> "10." + acl + "." + e + ".0/24");
    }
    for (int t = 0; t < ROUTE_TABLES; t++) {
      tableWithDefaultRoute(r, "Table" + t);
    }
    for (int i = 0; i < IP_SETS; i++) {
      ObjectNode p =
          r.putObject("Set" + i).put("Type", "AWS::WAFv2::IPSet").putObject("Properties");
      p.put("Name", "bench-" + s + "-set-" + i)
          .put("Scope", "REGIONAL")
          .put("IPAddressVersion", "IPV4");
      ArrayNode addresses = p.putArray("Addresses");
      for (int n = 0; n < ADDRESSES; n++) {
        addresses.add("172." + (16 + i) + "." + (n / 250) + "." + (n % 250) + "/32");
      }
    }
    ObjectNode acl =
        r.putObject("WebAcl").put("Type", "AWS::WAFv2::WebACL").putObject("Properties");
    acl.put("Name", "bench-" + s).put("Scope", "REGIONAL");
    acl.putObject("DefaultAction").putObject("Allow");
    visibility(acl, "bench-" + s);
    ArrayNode rules = acl.putArray("Rules");
    for (int i = 0; i < WEB_ACL_RULES; i++) {
      ObjectNode rule = rules.addObject().put("Name", "rule-" + i).put("Priority", i);
      rule.putObject("Action").putObject("Block");
      ObjectNode statement = rule.putObject("Statement");
      switch (i % 3) {
        case 0 ->
            statement
                .putObject("IPSetReferenceStatement")
                .set(
                    "Arn",
                    JSON.createObjectNode()
                        .set(
                            "Fn::GetAtt",
                            JSON.createArrayNode().add("Set" + (i % IP_SETS)).add("Arn")));
        case 1 ->
            statement.putObject("GeoMatchStatement").putArray("CountryCodes").add("KP").add("IR");
        default ->
            statement
                .putObject("RateBasedStatement")
                .put("Limit", 1000 + i)
                .put("AggregateKeyType", "IP");
      }
      visibility(rule, "rule-" + i);
    }
    if (s == 0) {
      ObjectNode p =
          r.putObject("Suricata")
              .put("Type", "AWS::NetworkFirewall::RuleGroup")
              .putObject("Properties");
      p.put("RuleGroupName", "bench-suricata")
          .put("Type", "STATEFUL")
          .put("Capacity", SURICATA_RULES + 100);
      StringBuilder lines = new StringBuilder();
      for (int n = 1; n <= SURICATA_RULES; n++) {
        lines
            .append("alert tcp $HOME_NET any -> $EXTERNAL_NET ")
            .append(1 + n % 65000)
            .append(" (msg:\"bench ")
            .append(n)
            .append("\"; sid:")
            .append(2_000_000 + n)
            .append("; rev:1;)\n");
      }
      p.putObject("RuleGroup").putObject("RulesSource").put("RulesString", lines.toString());
      // A type compared generically: one registry schema read and one Cloud Control read.
      r.putObject("Segments")
          .put("Type", "AWS::EC2::TransitGateway")
          .putObject("Properties")
          .put("Description", "bench segments")
          .put("DefaultRouteTableAssociation", "disable")
          .put("DefaultRouteTablePropagation", "disable");
      // Its segments: the stack's VPC attached (compared generically), two route tables with
      // their association, propagation and static routes (compared as route tables).
      ObjectNode attachment =
          r.putObject("SegmentsAttachment")
              .put("Type", "AWS::EC2::TransitGatewayVpcAttachment")
              .putObject("Properties");
      attachment.set("TransitGatewayId", ref("Segments"));
      attachment.set("VpcId", ref("Vpc"));
      attachment.putArray("SubnetIds");
      for (String table : List.of("ProductionSegment", "InternalSegment")) {
        r.putObject(table)
            .put("Type", "AWS::EC2::TransitGatewayRouteTable")
            .putObject("Properties")
            .set("TransitGatewayId", ref("Segments"));
        ObjectNode route =
            r.putObject(table + "Drop")
                .put("Type", "AWS::EC2::TransitGatewayRoute")
                .putObject("Properties")
                .put("DestinationCidrBlock", "10.250.0.0/16")
                .put("Blackhole", true);
        route.set("TransitGatewayRouteTableId", ref(table));
      }
      ObjectNode association =
          r.putObject("ProductionSegmentAssociation")
              .put("Type", "AWS::EC2::TransitGatewayRouteTableAssociation")
              .putObject("Properties");
      association.set("TransitGatewayRouteTableId", ref("ProductionSegment"));
      association.set("TransitGatewayAttachmentId", ref("SegmentsAttachment"));
      ObjectNode propagation =
          r.putObject("InternalSegmentPropagation")
              .put("Type", "AWS::EC2::TransitGatewayRouteTablePropagation")
              .putObject("Properties");
      propagation.set("TransitGatewayRouteTableId", ref("InternalSegment"));
      propagation.set("TransitGatewayAttachmentId", ref("SegmentsAttachment"));
    }
    ObjectNode list =
        r.putObject("Partners").put("Type", "AWS::EC2::PrefixList").putObject("Properties");
    list.put("PrefixListName", "bench-partners-" + s)
        .put("AddressFamily", "IPv4")
        .put("MaxEntries", PREFIX_LIST_ENTRIES);
    ArrayNode entries = list.putArray("Entries");
    for (int e = 0; e < PREFIX_LIST_ENTRIES; e++) {
      entries.addObject().put("Cidr", "172.16." + e + ".0/24").put("Description", "partner " + e);
    }
    return template;
  }

  private static ObjectNode ref(String logicalId) {
    return JSON.createObjectNode().put("Ref", logicalId);
  }

  private static void visibility(ObjectNode node, String metric) {
    node.putObject("VisibilityConfig")
        .put("CloudWatchMetricsEnabled", true)
        .put("MetricName", metric)
        .put("SampledRequestsEnabled", true);
  }

  /**
   * The fewest requests a correct scan of {@code stacks} of the estate's stacks (one account and
   * region) can make, per operation: list calls at their largest page (at least one call each, to
   * learn a list is empty), one call per resource where the API has no batch read. EC2 lists are
   * read once for the account and region, its groups and rules whole (every group and rule of the
   * account is a managed stack's), its network by VPC filter (up to 200 VPCs a filter).
   */
  public static Map<String, Long> accountBound(int stacks) {
    if (stacks > 200) {
      throw new IllegalArgumentException("one VPC filter takes 200 VPCs; the bound assumes one");
    }
    Map<String, Long> bound = new java.util.TreeMap<>();
    for (int s = 0; s < stacks; s++) {
      perStack(s).forEach((op, n) -> bound.merge(op, n, Long::sum));
    }
    long groupRules =
        (long) GROUPS * (RULES_PER_GROUP + 1) + 2; // + default egress each, default group's 2
    bound.put("Ec2.DescribeSecurityGroups", pages((long) stacks * (GROUPS + 1), 1000));
    bound.put("Ec2.DescribeSecurityGroupRules", pages(stacks * groupRules, 1000));
    bound.put("Ec2.DescribeVpcs", 1L);
    bound.put("Ec2.DescribeSubnets", 1L);
    bound.put("Ec2.DescribeNetworkAcls", pages((long) stacks * (ACLS + 1), 1000));
    bound.put("Ec2.DescribeRouteTables", pages((long) stacks * (ROUTE_TABLES + 1), 100));
    bound.put("Ec2.DescribeInternetGateways", 1L);
    bound.put("Ec2.DescribeNatGateways", 1L);
    bound.put("Ec2.DescribeFlowLogs", 1L);
    // The paths out of the VPCs no template may own: endpoints, and peerings from either side.
    bound.put("Ec2.DescribeVpcEndpoints", 1L);
    bound.put("Ec2.DescribeVpcPeeringConnections", 2L);
    bound.put("Ec2.DescribeManagedPrefixLists", pages(stacks, 100));
    return bound;
  }

  /**
   * The longest chain of requests a scan of {@code stacks} of the estate's stacks must make one
   * after the other, each waiting on the answer before. Three chains start at once: the account's
   * security groups page by page; the account's rules page by page, unfiltered (a scan of every
   * stack of the app reads them with the groups, not after them, and keeps them as the groups
   * CloudFormation tagged with the scanned stacks hold all of the account's rule pages but the
   * default groups'); and a stack's description, its resources page by page (which name what to
   * read), then a read whose arguments come from the one before it (a prefix list's entries, a
   * Transit Gateway table's routes, a flow log of a subnet, a Cloud Control resource after its
   * type's schema). Every other read of the scan is a shorter chain.
   */
  public static long criticalPath(int stacks) {
    long groupRules = (long) GROUPS * (RULES_PER_GROUP + 1) + 2;
    long groups = pages((long) stacks * (GROUPS + 1), 1000);
    long rules = pages(stacks * groupRules, 1000);
    long stack = 1 + pages(resources(0), 100) + 2;
    return Math.max(Math.max(groups, rules), stack);
  }

  /** The resources of a stack; the first one holds the firewall and the Transit Gateway too. */
  private static long resources(int stackIndex) {
    return 3
        + GROUPS
        + ACLS * (1 + ENTRIES_PER_ACL)
        + ROUTE_TABLES * 2
        + IP_SETS
        + 1
        + 1
        + (stackIndex == 0 ? 2 + 7 : 0);
  }

  /** What each stack reads on its own: its CloudFormation, WAF and firewall resources. */
  private static Map<String, Long> perStack(int stackIndex) {
    long resources = resources(stackIndex);
    Map<String, Long> bound = new LinkedHashMap<>();
    bound.put("CloudFormation.DescribeStacks", 1L);
    bound.put("CloudFormation.ListStackResources", pages(resources, 100));
    bound.put("CloudFormation.GetTemplate", 1L);
    // DNS Firewall associations: the filter takes one VPC.
    bound.put("Route53Resolver.ListFirewallRuleGroupAssociations", 1L);
    bound.put("Wafv2.GetWebACL", 1L);
    // One call per kind of resource a regional web ACL can protect (WafReader.REGIONAL_TYPES).
    bound.put("Wafv2.ListResourcesForWebACL", 6L);
    bound.put("Wafv2.GetLoggingConfiguration", 1L);
    bound.put("Wafv2.GetIPSet", (long) IP_SETS);
    // A prefix list's entries: EC2 has no batch read.
    bound.put("Ec2.GetManagedPrefixListEntries", pages(PREFIX_LIST_ENTRIES, 100));
    if (stackIndex == 0) {
      bound.put("NetworkFirewall.DescribeRuleGroup", 1L);
      // Read once per type and scan, then one read per resource.
      bound.put("CloudFormation.DescribeType", 2L);
      bound.put("CloudControl.GetResource", 2L);
      // The gateway's route tables in one describe, then three reads per table.
      bound.put("Ec2.DescribeTransitGatewayRouteTables", 1L);
      bound.put("Ec2.DescribeTransitGatewayAttachments", 1L);
      bound.put("Ec2.GetTransitGatewayRouteTableAssociations", 2L);
      bound.put("Ec2.GetTransitGatewayRouteTablePropagations", 2L);
      bound.put("Ec2.SearchTransitGatewayRoutes", 2L);
    }
    return bound;
  }

  private static long pages(long items, int pageSize) {
    return Math.max(1, (items + pageSize - 1) / pageSize);
  }
}
