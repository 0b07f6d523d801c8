package io.netdrift.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The EC2 state the emulator keeps: VPCs and security groups with their rules, with the behaviour
 * of the real service that matters for drift: a default group per VPC, an allow-all egress rule on
 * every new group, protocol numbers answered as names, duplicate rules rejected.
 */
public final class Ec2Model {
  private final String account;
  private final String region;
  private final Map<String, Vpc> vpcs = new TreeMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Ec2Network network = new Ec2Network(this);
  private final TransitGateways transitGateways = new TransitGateways(this);
  private final Map<String, String[]> peered = new TreeMap<>();
  private long nextId = 0x1000;

  Ec2Model(String account, String region) {
    this.account = account;
    this.region = region;
  }

  /**
   * Says that {@code groupId} sits in a VPC peered with the referencing groups' VPC over {@code
   * peeringId}, whose status is {@code status} ({@code active}, {@code deleted}, …): rules that
   * reference it are answered with the peering's status, as EC2 answers them.
   */
  public synchronized void peered(String groupId, String peeringId, String status) {
    peered.put(groupId, new String[] {peeringId, status});
  }

  /**
   * A group reference as the model keeps it: the group id, or {@code account/sg-…} for a group of
   * another account (which this account cannot look up, as EC2 cannot either).
   */
  synchronized String reference(String userId, String groupId) {
    return userId == null || userId.equals(account) ? groupId : userId + "/" + groupId;
  }

  /** The group id of a reference. */
  static String referencedGroup(String reference) {
    return reference.substring(reference.indexOf('/') + 1);
  }

  /** The account that owns a referenced group, as EC2 answers it in {@code userId}. */
  String referencedOwner(String reference) {
    int slash = reference.indexOf('/');
    return slash < 0 ? account : reference.substring(0, slash);
  }

  /** The peering id and status a reference to {@code groupId} is answered with, or null. */
  synchronized String[] peering(String groupId) {
    return peered.get(groupId);
  }

  /** Subnets, ACLs, route tables, gateways and flow logs. */
  public Ec2Network network() {
    return network;
  }

  /** Transit Gateways, their route tables and attachments. */
  public TransitGateways transitGateways() {
    return transitGateways;
  }

  /** A VPC. */
  public record Vpc(String vpcId, String cidrBlock, String defaultGroupId) {}

  /** A security group; rules are kept in the order they were added. */
  public static final class Group {
    final String groupId;
    final String name;
    final String description;
    final String vpcId;
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<Rule> rules = new ArrayList<>();

    Group(String groupId, String name, String description, String vpcId) {
      this.groupId = groupId;
      this.name = name;
      this.description = description;
      this.vpcId = vpcId;
    }

    public String groupId() {
      return groupId;
    }

    public String name() {
      return name;
    }
  }

  /**
   * One rule as EC2 stores it. {@code protocol} is what EC2 answers: a name for 6/17/1/58, "-1" for
   * all, else the number.
   */
  public record Rule(
      String ruleId,
      String groupId,
      boolean egress,
      String protocol,
      Integer fromPort,
      Integer toPort,
      String cidrIpv4,
      String cidrIpv6,
      String prefixListId,
      String referencedGroupId,
      String description) {
    boolean sameAs(Rule other) {
      return egress == other.egress
          && protocol.equals(other.protocol)
          && Objects.equals(fromPort, other.fromPort)
          && Objects.equals(toPort, other.toPort)
          && Objects.equals(cidrIpv4, other.cidrIpv4)
          && Objects.equals(cidrIpv6, other.cidrIpv6)
          && Objects.equals(prefixListId, other.prefixListId)
          && Objects.equals(referencedGroupId, other.referencedGroupId);
    }
  }

  String account() {
    return account;
  }

  String region() {
    return region;
  }

  synchronized String newId(String prefix) {
    return prefix + "-" + String.format(Locale.ROOT, "%017x", nextId++);
  }

  /** Creates a VPC and, as EC2 does, its default security group. */
  public synchronized Vpc createVpc(String cidrBlock) {
    String vpcId = newId("vpc");
    Group defaultGroup = new Group(newId("sg"), "default", "default VPC security group", vpcId);
    groups.put(defaultGroup.groupId, defaultGroup);
    addRule(defaultGroup, false, "-1", null, null, null, null, null, defaultGroup.groupId, null);
    addRule(defaultGroup, true, "-1", null, null, "0.0.0.0/0", null, null, null, null);
    Vpc vpc = new Vpc(vpcId, cidrBlock, defaultGroup.groupId);
    vpcs.put(vpcId, vpc);
    network.vpcCreated(vpcId, cidrBlock);
    return vpc;
  }

  /** The name of a group, empty where there is no such group. */
  synchronized String groupName(String groupId) {
    Group group = groups.get(groupId);
    return group == null ? "" : group.name;
  }

  /** Creates a group with EC2's default allow-all IPv4 egress rule. */
  public synchronized Group createSecurityGroup(String name, String description, String vpcId) {
    if (!vpcs.containsKey(vpcId)) {
      throw new AwsError(400, "InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
    }
    boolean taken =
        groups.values().stream().anyMatch(g -> g.vpcId.equals(vpcId) && g.name.equals(name));
    if (taken) {
      throw new AwsError(
          400,
          "InvalidGroup.Duplicate",
          "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
    }
    Group group = new Group(newId("sg"), name, description, vpcId);
    groups.put(group.groupId, group);
    addRule(group, true, "-1", null, null, "0.0.0.0/0", null, null, null, null);
    return group;
  }

  /** Deletes a group; the default group cannot be deleted. */
  public synchronized void deleteSecurityGroup(String groupId) {
    Group group = group(groupId);
    if (group.name.equals("default")) {
      throw new AwsError(
          400,
          "CannotDelete",
          "the specified group: \"" + groupId + "\" name: \"default\" cannot be deleted by a user");
    }
    groups.remove(groupId);
  }

  /** Adds a rule; a rule EC2 already has is an {@code InvalidPermission.Duplicate}. */
  public synchronized Rule addRule(
      Group group,
      boolean egress,
      String protocol,
      Integer fromPort,
      Integer toPort,
      String cidrIpv4,
      String cidrIpv6,
      String prefixListId,
      String referencedGroupId,
      String description) {
    String canonical = canonicalProtocol(protocol);
    boolean ports = !canonical.equals("-1");
    Rule rule =
        new Rule(
            newId("sgr"),
            group.groupId,
            egress,
            canonical,
            ports ? fromPort : null,
            ports ? toPort : null,
            masked(cidrIpv4),
            masked(cidrIpv6),
            prefixListId,
            referencedGroupId,
            description);
    if (referencedGroupId != null
        && !referencedGroupId.contains("/")
        && !groups.containsKey(referencedGroupId)) {
      throw new AwsError(
          400,
          "InvalidGroup.NotFound",
          "The security group '" + referencedGroupId + "' does not exist");
    }
    if (group.rules.stream().anyMatch(r -> r.sameAs(rule))) {
      throw new AwsError(
          400,
          "InvalidPermission.Duplicate",
          "the specified rule \"peer: "
              + (cidrIpv4 != null ? cidrIpv4 : cidrIpv6 != null ? cidrIpv6 : referencedGroupId)
              + ", "
              + canonical.toUpperCase(Locale.ROOT)
              + "\" already exists");
    }
    group.rules.add(rule);
    return rule;
  }

  /**
   * Removes the rules equal to {@code rule} (ignoring id and description); false if none was there.
   */
  public synchronized boolean removeRule(Group group, Rule rule) {
    return group.rules.removeIf(r -> r.sameAs(rule));
  }

  /** Removes a rule by its {@code sgr-} id. */
  public synchronized boolean removeRuleById(Group group, String ruleId) {
    return group.rules.removeIf(r -> r.ruleId.equals(ruleId));
  }

  /** Removes every rule of a group, as CDK's restrict-default-group custom resource does. */
  public synchronized void removeAllRules(Group group) {
    group.rules.clear();
  }

  /**
   * Removes EC2's allow-all IPv4 egress rule, as CloudFormation does once a template declares
   * egress.
   */
  public synchronized void removeDefaultEgress(Group group) {
    group.rules.removeIf(
        r -> r.egress && r.protocol.equals("-1") && "0.0.0.0/0".equals(r.cidrIpv4));
  }

  /** The group, or {@code InvalidGroup.NotFound}. */
  public synchronized Group group(String groupId) {
    Group group = groups.get(groupId);
    if (group == null) {
      throw new AwsError(
          400, "InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist");
    }
    return group;
  }

  /** A snapshot of every group, in creation order. */
  public synchronized List<Group> groups() {
    return List.copyOf(groups.values());
  }

  /** Every VPC. */
  public synchronized List<Vpc> vpcs() {
    return List.copyOf(vpcs.values());
  }

  /** The group id for a name inside a VPC, for tests and the demo. */
  public synchronized String groupIdByTag(String key, String value) {
    return groups.values().stream()
        .filter(g -> value.equals(g.tags.get(key)))
        .map(g -> g.groupId)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group tagged " + key + "=" + value));
  }

  /**
   * A CIDR block as EC2 keeps a security group rule's: the host bits cleared ({@code 10.0.0.9/16}
   * is kept as {@code 10.0.0.0/16}); IPv6 in its compressed form. One that is not a block is
   * refused.
   */
  static String masked(String cidr) {
    if (cidr == null) {
      return null;
    }
    int slash = cidr.indexOf('/');
    try {
      String host = cidr.substring(0, slash);
      if (!host.matches("[0-9a-fA-F:.]+")) {
        // An address literal only: never a name to look up.
        throw new IllegalArgumentException();
      }
      java.net.InetAddress address = java.net.InetAddress.getByName(host);
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      byte[] bytes = address.getAddress();
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException();
      }
      for (int bit = prefix; bit < bytes.length * 8; bit++) {
        bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
      }
      String network = java.net.InetAddress.getByAddress(bytes).getHostAddress();
      if (bytes.length == 16) {
        network = compressed(network);
      }
      return network + "/" + prefix;
    } catch (RuntimeException | java.net.UnknownHostException e) {
      throw new AwsError(400, "InvalidParameterValue", "CIDR block " + cidr + " is malformed");
    }
  }

  /** Java writes 2001:db8:0:0:0:0:0:0; EC2 answers 2001:db8::, the longest zero run folded. */
  private static String compressed(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(
            ":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  /** EC2 answers names for the protocols it knows by name, and {@code -1} for all. */
  static String canonicalProtocol(String protocol) {
    String p = protocol.trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "6", "tcp" -> "tcp";
      case "17", "udp" -> "udp";
      case "1", "icmp" -> "icmp";
      case "58", "icmpv6" -> "icmpv6";
      // EC2 takes -1 for every protocol; "all" is the CLI's word in outputs, not an input.
      case "-1" -> "-1";
      default -> {
        try {
          int n = Integer.parseInt(p);
          if (n < 0 || n > 255) {
            throw new NumberFormatException();
          }
          yield Integer.toString(n);
        } catch (NumberFormatException e) {
          throw new AwsError(
              400,
              "InvalidParameterValue",
              "Invalid value '" + protocol + "' for IP protocol. Unknown protocol.");
        }
      }
    };
  }
}
