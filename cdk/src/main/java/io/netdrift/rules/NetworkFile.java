package io.netdrift.rules;

import static io.netdrift.rules.RuleFields.checkIpv4Cidr;
import static io.netdrift.rules.RuleFields.name;
import static io.netdrift.rules.RuleFields.retention;
import static io.netdrift.rules.RuleFields.segmentRef;
import static io.netdrift.rules.YamlNode.optional;
import static io.netdrift.rules.YamlNode.required;

import io.netdrift.rules.NetworkRules.Peering;
import io.netdrift.rules.Segment.FlowLogs;
import io.netdrift.rules.Segment.Tier;
import io.netdrift.rules.Segment.TierType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code network.yaml}: the environments, the segments with their tiers, and the peerings. */
final class NetworkFile {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Set<String> TRAFFIC_TYPES = Set.of("ALL", "ACCEPT", "REJECT");

  private NetworkFile() {}

  /** What {@code network.yaml} declares: its segments by name, and the peerings between them. */
  record Read(
      Map<String, Segment> segments,
      List<Peering> peerings,
      Optional<TransitGatewayRules> transitGateway) {}

  static Read read(YamlNode network) {
    Map<String, YamlNode> top =
        network.mapping(Set.of("environments", "segments", "peerings", "transitGateway"));
    Map<String, Environment> environments = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e :
        required(top, network, "environments").mapping().entrySet()) {
      environments.put(name(e.getValue(), e.getKey()), environment(e.getValue()));
    }
    Map<String, Segment> segments = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : required(top, network, "segments").mapping().entrySet()) {
      segments.put(name(e.getValue(), e.getKey()), segment(e.getKey(), e.getValue(), environments));
    }
    if (segments.isEmpty()) {
      throw network.error("declare at least one segment under segments:");
    }
    List<Peering> peerings = new ArrayList<>();
    for (YamlNode p : optional(top, "peerings").map(YamlNode::sequence).orElse(List.of())) {
      Map<String, YamlNode> peering = p.mapping(Set.of("from", "to"));
      String from = segmentRef(required(peering, p, "from"), segments.keySet());
      String to = segmentRef(required(peering, p, "to"), segments.keySet());
      peerings.add(new Peering(from, to, p.location()));
    }
    return new Read(
        segments, peerings, optional(top, "transitGateway").map(t -> transitGateway(t, segments)));
  }

  private static TransitGatewayRules transitGateway(YamlNode node, Map<String, Segment> segments) {
    Map<String, YamlNode> t = node.mapping(Set.of("amazonSideAsn", "attachments", "routeTables"));
    long asn = optional(t, "amazonSideAsn").map(NetworkFile::privateAsn).orElse(64512L);
    List<TransitGatewayRules.Attachment> attachments = new ArrayList<>();
    Set<String> attached = new LinkedHashSet<>();
    for (YamlNode a : required(t, node, "attachments").sequence()) {
      Map<String, YamlNode> entry = a.mapping(Set.of("segment", "tier"));
      String segment = segmentRef(required(entry, a, "segment"), segments.keySet());
      YamlNode tier = required(entry, a, "tier");
      if (segments.get(segment).tier(tier.text()).isEmpty()) {
        throw tier.error("segment " + segment + " has no tier '" + tier.text() + "'");
      }
      if (!attached.add(segment)) {
        throw a.error("segment " + segment + " is attached twice; a VPC attaches once");
      }
      attachments.add(new TransitGatewayRules.Attachment(segment, tier.text(), a.location()));
    }
    if (attachments.isEmpty()) {
      throw node.error("a Transit Gateway needs at least one attachment");
    }
    List<TransitGatewayRules.RouteTable> tables = new ArrayList<>();
    Set<String> associated = new java.util.HashSet<>();
    for (YamlNode r : required(t, node, "routeTables").sequence()) {
      Map<String, YamlNode> entry = r.mapping(Set.of("name", "associate", "propagate"));
      String name = name(required(entry, r, "name"), required(entry, r, "name").text());
      List<String> associate = attachedRefs(entry.get("associate"), attached);
      List<String> propagate = attachedRefs(entry.get("propagate"), attached);
      for (String segment : associate) {
        if (!associated.add(segment)) {
          throw entry
              .get("associate")
              .error(
                  "segment "
                      + segment
                      + " is associated with two route tables; an attachment routes by one");
        }
      }
      tables.add(new TransitGatewayRules.RouteTable(name, associate, propagate, r.location()));
    }
    return new TransitGatewayRules(asn, attachments, tables, node.location());
  }

  /** A private ASN, as AWS takes one for a Transit Gateway's side. */
  private static long privateAsn(YamlNode node) {
    try {
      long asn = Long.parseLong(node.text());
      if ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000L && asn <= 4294967294L)) {
        return asn;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw node.error(
        "amazonSideAsn must be a private ASN (64512-65534 or 4200000000-4294967294), not '"
            + node.text()
            + "'");
  }

  /** Segment names that must be attached to the gateway; none where the key is absent. */
  private static List<String> attachedRefs(YamlNode node, Set<String> attached) {
    List<String> names = new ArrayList<>();
    if (node == null) {
      return names;
    }
    for (YamlNode n : node.sequence()) {
      if (!attached.contains(n.text())) {
        throw n.error(
            "'"
                + n.text()
                + "' is not attached to the Transit Gateway; attached: "
                + String.join(", ", attached));
      }
      names.add(n.text());
    }
    return names;
  }

  private static Environment environment(YamlNode node) {
    Map<String, YamlNode> entries = node.mapping(Set.of("account", "region"));
    YamlNode account = required(entries, node, "account");
    if (!ACCOUNT.matcher(account.text()).matches()) {
      throw account.error("an AWS account id is 12 digits; quote it so YAML keeps leading zeros");
    }
    YamlNode region = required(entries, node, "region");
    if (!REGION.matcher(region.text()).matches()) {
      throw region.error("'" + region.text() + "' is not an AWS region name such as eu-west-1");
    }
    return new Environment(account.text(), region.text());
  }

  private static Segment segment(
      String name, YamlNode node, Map<String, Environment> environments) {
    Map<String, YamlNode> entries =
        node.mapping(
            Set.of(
                "environment",
                "customerData",
                "cidr",
                "availabilityZones",
                "natGateways",
                "flowLogs",
                "tiers",
                "endpoints",
                "dnsFirewall"));
    YamlNode envNode = required(entries, node, "environment");
    Environment environment = environments.get(envNode.text());
    if (environment == null) {
      throw envNode.error(
          "unknown environment '"
              + envNode.text()
              + "'; declared: "
              + String.join(", ", environments.keySet()));
    }
    boolean customerData = optional(entries, "customerData").map(RuleFields::bool).orElse(false);
    YamlNode cidr = required(entries, node, "cidr");
    checkIpv4Cidr(cidr);
    List<String> zones = new ArrayList<>();
    for (YamlNode zone : required(entries, node, "availabilityZones").sequence()) {
      if (zones.contains(zone.text())) {
        throw zone.error("availability zone '" + zone.text() + "' is listed twice");
      }
      if (!zone.text().startsWith(environment.region())) {
        throw zone.error(
            "zone '" + zone.text() + "' is not in the segment's region " + environment.region());
      }
      zones.add(zone.text());
    }
    if (zones.isEmpty()) {
      throw node.error("availabilityZones must name at least one zone");
    }
    YamlNode flowNode = required(entries, node, "flowLogs");
    Map<String, YamlNode> flow = flowNode.mapping(Set.of("trafficType", "retentionDays"));
    YamlNode traffic = required(flow, flowNode, "trafficType");
    if (!TRAFFIC_TYPES.contains(traffic.text())) {
      throw traffic.error("trafficType must be ALL, ACCEPT or REJECT");
    }
    FlowLogs flowLogs =
        new FlowLogs(traffic.text(), retention(required(flow, flowNode, "retentionDays")));
    List<Tier> tiers = new ArrayList<>();
    Set<String> tierNames = new LinkedHashSet<>();
    for (YamlNode tierNode : required(entries, node, "tiers").sequence()) {
      Map<String, YamlNode> tier = tierNode.mapping(Set.of("name", "type", "cidrMask"));
      YamlNode tierName = required(tier, tierNode, "name");
      if (!tierNames.add(name(tierName, tierName.text()))) {
        throw tierName.error("tier '" + tierName.text() + "' is declared twice");
      }
      YamlNode type = required(tier, tierNode, "type");
      TierType tierType;
      try {
        tierType = TierType.valueOf(type.text().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw type.error(
            "tier type must be public, firewall, private or isolated, not '" + type.text() + "'");
      }
      YamlNode mask = required(tier, tierNode, "cidrMask");
      if (mask.integer() < 16 || mask.integer() > 28) {
        throw mask.error("AWS subnets take a mask from /16 to /28");
      }
      tiers.add(new Tier(tierName.text(), tierType, mask.integer(), tierNode.location()));
    }
    if (tiers.isEmpty()) {
      throw node.error("a segment needs at least one tier");
    }
    int natGateways = optional(entries, "natGateways").map(YamlNode::integer).orElse(zones.size());
    List<Segment.Endpoint> endpoints = new ArrayList<>();
    for (YamlNode e : optional(entries, "endpoints").map(YamlNode::sequence).orElse(List.of())) {
      endpoints.add(endpoint(e, tierNames));
    }
    Optional<Segment.DnsFirewall> dnsFirewall =
        optional(entries, "dnsFirewall").map(NetworkFile::dnsFirewall);
    return new Segment(
        name,
        environment,
        customerData,
        cidr.text(),
        zones,
        natGateways,
        flowLogs,
        tiers,
        SecurityGroupRules.none(),
        NetworkAclRules.none(),
        Optional.empty(),
        Optional.empty(),
        endpoints,
        dnsFirewall,
        node.location());
  }

  /** The last part of an endpoint service's name: com.amazonaws.REGION.{this}. */
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  /** Services AWS offers gateway endpoints for. */
  private static final Set<String> GATEWAY_SERVICES = Set.of("s3", "dynamodb");

  private static final Pattern DOMAIN =
      Pattern.compile("(\\*|(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\.?)");

  private static Segment.Endpoint endpoint(YamlNode node, Set<String> tierNames) {
    Map<String, YamlNode> e = node.mapping(Set.of("service", "type", "tiers", "ownAccountOnly"));
    YamlNode type = required(e, node, "type");
    if (!type.text().equals("gateway") && !type.text().equals("interface")) {
      throw type.error("endpoint type must be gateway or interface, not '" + type.text() + "'");
    }
    YamlNode service = required(e, node, "service");
    if (type.text().equals("gateway") && !GATEWAY_SERVICES.contains(service.text())) {
      throw service.error(
          "AWS offers gateway endpoints for s3 and dynamodb only, not '" + service.text() + "'");
    }
    if (!SERVICE.matcher(service.text()).matches()) {
      throw service.error(
          "'"
              + service.text()
              + "' is not an AWS service's endpoint name (secretsmanager, kms, ecr.api, ...)");
    }
    List<String> tiers = new ArrayList<>();
    for (YamlNode tier : required(e, node, "tiers").sequence()) {
      if (!tierNames.contains(tier.text())) {
        throw tier.error(
            "unknown tier '" + tier.text() + "'; declared: " + String.join(", ", tierNames));
      }
      tiers.add(tier.text());
    }
    if (tiers.isEmpty()) {
      throw node.error("an endpoint needs at least one tier whose route tables it joins");
    }
    if (type.text().equals("interface") && tiers.size() > 1) {
      throw node.error(
          "an interface endpoint has one address per zone: name one tier, not " + tiers.size());
    }
    boolean own = optional(e, "ownAccountOnly").map(RuleFields::bool).orElse(false);
    return new Segment.Endpoint(service.text(), type.text(), tiers, own, node.location());
  }

  private static Segment.DnsFirewall dnsFirewall(YamlNode node) {
    Map<String, YamlNode> f = node.mapping(Set.of("allow", "block"));
    List<String> allow = domains(required(f, node, "allow"));
    List<String> block = domains(required(f, node, "block"));
    return new Segment.DnsFirewall(allow, block, node.location());
  }

  private static List<String> domains(YamlNode list) {
    List<String> out = new ArrayList<>();
    for (YamlNode d : list.sequence()) {
      if (!DOMAIN.matcher(d.text()).matches()) {
        throw d.error("'" + d.text() + "' is not a domain name (a leading *. matches subdomains)");
      }
      out.add(d.text());
    }
    if (out.isEmpty()) {
      throw list.error("list at least one domain");
    }
    return out;
  }
}
