package io.netdrift.detector.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The live state as AWS answers it, through one reader per resource kind. */
final class AwsLiveSource implements LiveSource {
  private final AwsClients aws;

  AwsLiveSource(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<DeployedStack> stack(String stackName) {
    return new StackReader(aws.cloudFormation()).read(stackName);
  }

  @Override
  public String template(String stackName) {
    return new StackReader(aws.cloudFormation()).template(stackName);
  }

  @Override
  public Map<String, String> exports() {
    return new StackReader(aws.cloudFormation()).exports();
  }

  @Override
  public java.util.List<String> availabilityZones() {
    // As CloudFormation answers Fn::GetAZs: availability zones only (never Local or Wavelength
    // Zones), those with a default subnet where any has one, in name order.
    java.util.List<String> zones =
        aws
            .ec2()
            .describeAvailabilityZones(
                r ->
                    r.filters(
                        f -> f.name("state").values("available"),
                        f -> f.name("zone-type").values("availability-zone")))
            .availabilityZones()
            .stream()
            .map(z -> z.zoneName())
            .sorted()
            .toList();
    java.util.Set<String> withDefaultSubnet = new java.util.TreeSet<>();
    aws.ec2()
        .describeSubnetsPaginator(r -> r.filters(f -> f.name("default-for-az").values("true")))
        .subnets()
        .forEach(s -> withDefaultSubnet.add(s.availabilityZone()));
    return withDefaultSubnet.isEmpty()
        ? zones
        : zones.stream().filter(withDefaultSubnet::contains).toList();
  }

  @Override
  public void expect(
      Collection<String> vpcIds, Collection<String> groupIds, Collection<String> managedIds) {
    aws.sweep().expect(vpcIds, groupIds, managedIds);
  }

  @Override
  public void scanning(Collection<String> stackNames, boolean everyStack) {
    aws.sweep().scanning(stackNames, everyStack);
  }

  @Override
  public void readShared() {
    aws.sweep().start();
  }

  @Override
  public ArrayNode firewallEndpoints(String firewallArn) {
    return new FirewallReader(aws.networkFirewall()).endpointIds(firewallArn);
  }

  @Override
  public Map<String, SecurityGroup> securityGroups(
      Collection<String> vpcIds, Collection<String> groupIds) {
    return aws.sweep().securityGroups(vpcIds, groupIds);
  }

  @Override
  public java.util.List<io.netdrift.detector.model.SeenResource> dnsFirewallAssociations(
      Collection<String> vpcIds) {
    return new DnsFirewallReader(aws.resolver()).associations(vpcIds);
  }

  @Override
  public NetworkReader.LiveNetwork network(
      Collection<String> vpcIds, Collection<String> managedIds) {
    return aws.sweep().network(vpcIds, managedIds);
  }

  @Override
  public Map<String, ResourceDocument> firewalls(
      Collection<String> firewallArns,
      Collection<String> policyArns,
      Collection<String> ruleGroupArns) {
    return new FirewallReader(aws.networkFirewall()).read(firewallArns, policyArns, ruleGroupArns);
  }

  @Override
  public Map<String, ResourceDocument> embedded(
      Map<String, java.util.List<String>> physicalIdsByType) {
    return new CloudControlReader(aws.cloudControl()).read(physicalIdsByType);
  }

  @Override
  public com.fasterxml.jackson.databind.JsonNode resourceSchema(String type) {
    return generic().schema(type);
  }

  @Override
  public Map<String, com.fasterxml.jackson.databind.node.ObjectNode> resources(
      String type, Collection<String> identifiers) {
    return generic().read(type, identifiers);
  }

  private GenericReader generic() {
    return new GenericReader(aws.cloudFormation(), aws.cloudControl(), aws.schemas());
  }

  @Override
  public Map<String, ResourceDocument> waf(
      Collection<String> webAclIds, Collection<String> ipSetIds, Collection<String> ruleGroupIds) {
    return new WafReader(aws.waf(), aws::wafGlobal).read(webAclIds, ipSetIds, ruleGroupIds);
  }

  @Override
  public java.util.List<TrailEvent> events(
      String resourceName, java.time.Instant start, java.time.Instant end, int max) {
    return TrailEvent.lookup(aws.cloudTrail(), resourceName, start, end, max);
  }

  /** The clients are the factory's, shared with other stacks: it closes them. */
  @Override
  public void close() {}
}
