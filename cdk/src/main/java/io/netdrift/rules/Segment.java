package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One network segment: a VPC in one environment with its tiers, security groups, network ACLs and,
 * where the rules give them, an inspection firewall and a web ACL.
 *
 * @param customerData whether customer data may live here; only such segments are production
 * @param location where the segment is declared, for messages
 */
public record Segment(
    String name,
    Environment environment,
    boolean customerData,
    String cidr,
    List<String> availabilityZones,
    int natGateways,
    FlowLogs flowLogs,
    List<Tier> tiers,
    SecurityGroupRules securityGroups,
    NetworkAclRules networkAcls,
    Optional<FirewallRules> firewall,
    Optional<WafRules> waf,
    List<Endpoint> endpoints,
    Optional<DnsFirewall> dnsFirewall,
    String location) {
  public Segment {
    endpoints = List.copyOf(endpoints);
    requireNonNull(dnsFirewall, "dnsFirewall");
    requireNonNull(name, "name");
    requireNonNull(environment, "environment");
    requireNonNull(cidr, "cidr");
    availabilityZones = List.copyOf(availabilityZones);
    requireNonNull(flowLogs, "flowLogs");
    tiers = List.copyOf(tiers);
    requireNonNull(securityGroups, "securityGroups");
    requireNonNull(networkAcls, "networkAcls");
    requireNonNull(firewall, "firewall");
    requireNonNull(waf, "waf");
    requireNonNull(location, "location");
  }

  /** The tier with this name, if declared. */
  public Optional<Tier> tier(String tierName) {
    return tiers.stream().filter(t -> t.name().equals(tierName)).findFirst();
  }

  /** The first tier of a type, if any. */
  public Optional<Tier> tierOfType(TierType type) {
    return tiers.stream().filter(t -> t.type() == type).findFirst();
  }

  /** A copy with the rules of the other files attached. */
  Segment with(
      SecurityGroupRules groups,
      NetworkAclRules acls,
      Optional<FirewallRules> fw,
      Optional<WafRules> webAcl) {
    return new Segment(
        name,
        environment,
        customerData,
        cidr,
        availabilityZones,
        natGateways,
        flowLogs,
        tiers,
        groups,
        acls,
        fw,
        webAcl,
        endpoints,
        dnsFirewall,
        location);
  }

  /**
   * A private path to an AWS service: a {@code gateway} endpoint ({@code s3} or {@code dynamodb})
   * in the route tables of {@code tiers}, or an {@code interface} endpoint with an address in each
   * of the tiers' subnets that only those tiers may reach (HTTPS). {@code ownAccountOnly} limits it
   * to resources of the segment's own account (the {@code aws:ResourceAccount} condition), so it is
   * no path to anyone else's bucket, key or secret.
   */
  public record Endpoint(
      String service, String type, List<String> tiers, boolean ownAccountOnly, String location) {
    public Endpoint {
      requireNonNull(service, "service");
      requireNonNull(type, "type");
      tiers = List.copyOf(tiers);
      requireNonNull(location, "location");
    }
  }

  /**
   * Route 53 Resolver DNS Firewall on the segment's VPC: names in {@code allow} resolve, names in
   * {@code block} get no answer (NODATA); allow is checked first.
   */
  public record DnsFirewall(List<String> allow, List<String> block, String location) {
    public DnsFirewall {
      allow = List.copyOf(allow);
      block = List.copyOf(block);
      requireNonNull(location, "location");
    }
  }

  /** A subnet tier, one subnet per availability zone. */
  public record Tier(String name, TierType type, int cidrMask, String location) {
    public Tier {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
    }
  }

  /** How a tier reaches the internet. */
  public enum TierType {
    /** Routes to the internet gateway: load balancers, NAT gateways. */
    PUBLIC,
    /** Network Firewall endpoints: between private tiers and the NAT gateways. */
    FIREWALL,
    /** Egress only: through the firewall where the segment has one, then a NAT gateway. */
    PRIVATE,
    /** No route out of the VPC at all. */
    ISOLATED
  }

  /** VPC flow logs to CloudWatch Logs. */
  public record FlowLogs(String trafficType, int retentionDays) {}
}
