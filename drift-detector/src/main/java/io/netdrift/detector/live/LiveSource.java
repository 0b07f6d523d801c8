package io.netdrift.detector.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where one stack's deployed and live state is read from: AWS through the SDK, or a snapshot file
 * taken earlier. Every method may throw the SDK's exceptions; the scan turns them into problems.
 */
public interface LiveSource extends AutoCloseable {
  /** CloudFormation's view of the stack, or empty where it does not exist. */
  Optional<DeployedStack> stack(String stackName);

  /** The template CloudFormation deployed. */
  String template(String stackName);

  /** Every CloudFormation export of the stack's account and region, name to value. */
  Map<String, String> exports();

  /**
   * The availability zones {@code Fn::GetAZs} answers: those with a default subnet (all where none
   * has one), never Local Zones, in name order.
   */
  java.util.List<String> availabilityZones();

  /**
   * The stack will read the security groups of {@code vpcIds} and {@code groupIds}, and the network
   * of {@code vpcIds} and {@code managedIds}: a source shared by the stacks of one account and
   * region reads them for all of them at once. Said before the stack reads; nothing changes what
   * each read answers.
   */
  default void expect(
      Collection<String> vpcIds, Collection<String> groupIds, Collection<String> managedIds) {}

  /**
   * The scan compares {@code stackNames}, the stacks of this source's account and region, and where
   * {@code everyStack} every stack the approved app has there: a source shared by them may begin
   * what reads for all of them depend on no stack. Said before the stacks are prepared; nothing
   * changes what each read answers.
   */
  default void scanning(Collection<String> stackNames, boolean everyStack) {}

  /**
   * Every stack that will read has said so ({@link #expect}): a source shared by the stacks of one
   * account and region may begin the reads for all of them now, before any stack asks.
   */
  default void readShared() {}

  /** A firewall's endpoint ids, {@code zone:vpce-…}. */
  ArrayNode firewallEndpoints(String firewallArn);

  /** Security groups in the VPCs and by id. */
  Map<String, SecurityGroup> securityGroups(Collection<String> vpcIds, Collection<String> groupIds);

  /**
   * The EC2 network of the VPCs, and the managed internet gateways and flow logs by id wherever
   * they are.
   */
  NetworkReader.LiveNetwork network(Collection<String> vpcIds, Collection<String> managedIds);

  /** The DNS Firewall rule group associations of the VPCs. */
  java.util.List<io.netdrift.detector.model.SeenResource> dnsFirewallAssociations(
      Collection<String> vpcIds);

  /** Network Firewall resources by ARN. */
  Map<String, ResourceDocument> firewalls(
      Collection<String> firewallArns,
      Collection<String> policyArns,
      Collection<String> ruleGroupArns);

  /** WAFv2 resources by physical id. */
  Map<String, ResourceDocument> waf(
      Collection<String> webAclIds, Collection<String> ipSetIds, Collection<String> ruleGroupIds);

  /**
   * The network settings of application resources (databases, functions, services, load balancers),
   * by type and physical id; a resource that no longer exists is left out.
   */
  Map<String, ResourceDocument> embedded(Map<String, java.util.List<String>> physicalIdsByType);

  /** The registry schema of a resource type (CloudFormation {@code DescribeType}). */
  com.fasterxml.jackson.databind.JsonNode resourceSchema(String type);

  /**
   * Resources of a type Netdrift has no model of, as Cloud Control reads them, by identifier; one
   * that does not exist is left out.
   */
  Map<String, com.fasterxml.jackson.databind.node.ObjectNode> resources(
      String type, Collection<String> identifiers);

  /**
   * The newest CloudTrail management events that name {@code resourceName}, between {@code start}
   * and {@code end}, newest first; at most {@code max}. A snapshot holds none.
   */
  default java.util.List<TrailEvent> events(
      String resourceName, java.time.Instant start, java.time.Instant end, int max) {
    throw new UnsupportedOperationException("this source has no CloudTrail events");
  }

  @Override
  void close();

  /** Opens the source of one stack; closed when the scan is done. */
  interface Factory extends AutoCloseable {
    /** The source for a stack reached through {@code target}. */
    LiveSource open(String stackName, AwsTarget target);

    @Override
    default void close() {}
  }

  /** Reads AWS itself. */
  static Factory aws() {
    return aws(new CallCounter());
  }

  /**
   * Reads AWS itself, counting every request in {@code counter}. Stacks reached the same way
   * (account role, region, profile, endpoint) share one set of SDK clients and connections.
   */
  static Factory aws(CallCounter counter) {
    return new SharedClients(counter);
  }

  /** One set of clients per target, for the whole scan. */
  final class SharedClients implements Factory {
    private final CallCounter counter;
    private final java.util.Map<AwsTarget, AwsClients> clients = new java.util.HashMap<>();

    SharedClients(CallCounter counter) {
      this.counter = counter;
    }

    @Override
    public synchronized LiveSource open(String stackName, AwsTarget target) {
      return new AwsLiveSource(clients.computeIfAbsent(target, t -> new AwsClients(t, counter)));
    }

    @Override
    public synchronized void close() {
      clients.values().forEach(AwsClients::close);
      clients.clear();
    }
  }
}
