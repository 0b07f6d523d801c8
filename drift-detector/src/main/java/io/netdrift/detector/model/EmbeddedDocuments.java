package io.netdrift.detector.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The network settings application resources carry: the groups attached to a database, cache,
 * function, service or load balancer, the subnets they sit in, and whether they face the internet.
 * Only these settings are compared; the rest of such a resource is out of scope. Both sides are
 * spelled in CloudFormation's property names: the template's, and Cloud Control's answer, which
 * reads a resource in its CloudFormation schema.
 */
public final class EmbeddedDocuments {
  public static final String RDS_INSTANCE = "AWS::RDS::DBInstance";
  public static final String RDS_CLUSTER = "AWS::RDS::DBCluster";
  public static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
  public static final String ECS_SERVICE = "AWS::ECS::Service";
  public static final String LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
  public static final String LISTENER = "AWS::ElasticLoadBalancingV2::Listener";
  public static final String CACHE_CLUSTER = "AWS::ElastiCache::CacheCluster";
  public static final String CACHE_REPLICATION_GROUP = "AWS::ElastiCache::ReplicationGroup";

  /** The properties each type's network settings are read from, as the template names them. */
  public static final Map<String, List<String>> PROPERTIES =
      Map.of(
          RDS_INSTANCE, List.of("VPCSecurityGroups", "PubliclyAccessible"),
          RDS_CLUSTER, List.of("VpcSecurityGroupIds", "PubliclyAccessible"),
          LAMBDA_FUNCTION, List.of("VpcConfig"),
          ECS_SERVICE, List.of("NetworkConfiguration"),
          LOAD_BALANCER, List.of("Scheme", "SecurityGroups", "Subnets", "SubnetMappings"),
          LISTENER, List.of("Port", "Protocol"),
          CACHE_CLUSTER, List.of("VpcSecurityGroupIds"),
          CACHE_REPLICATION_GROUP, List.of("SecurityGroupIds"));

  /** Every type whose network settings are compared. */
  public static final Set<String> TYPES = PROPERTIES.keySet();

  private EmbeddedDocuments() {}

  /** The canonical network settings of a resource of {@code type} from its properties. */
  public static ObjectNode of(String type, JsonNode raw) {
    ObjectNode doc = Canonical.object();
    switch (type) {
      case RDS_INSTANCE -> {
        doc.set("SecurityGroups", ids(raw.path("VPCSecurityGroups")));
        // RDS answers false where nothing made the database public; a template may leave it out.
        doc.put("PubliclyAccessible", raw.path("PubliclyAccessible").asBoolean(false));
      }
      case RDS_CLUSTER -> {
        doc.set("SecurityGroups", ids(raw.path("VpcSecurityGroupIds")));
        doc.put("PubliclyAccessible", raw.path("PubliclyAccessible").asBoolean(false));
      }
      case LAMBDA_FUNCTION -> {
        // A function outside any VPC: no VpcConfig, or one with empty lists.
        doc.set("SecurityGroups", ids(raw.path("VpcConfig").path("SecurityGroupIds")));
        doc.set("Subnets", ids(raw.path("VpcConfig").path("SubnetIds")));
      }
      case ECS_SERVICE -> {
        JsonNode vpc = raw.path("NetworkConfiguration").path("AwsvpcConfiguration");
        doc.set("SecurityGroups", ids(vpc.path("SecurityGroups")));
        doc.set("Subnets", ids(vpc.path("Subnets")));
        // ECS's default: tasks get no public address unless asked.
        doc.put(
            "AssignPublicIp",
            vpc.path("AssignPublicIp").asText("DISABLED").toUpperCase(Locale.ROOT));
      }
      case LOAD_BALANCER -> {
        doc.put("Scheme", raw.path("Scheme").asText("internet-facing"));
        doc.set("SecurityGroups", ids(raw.path("SecurityGroups")));
        List<JsonNode> subnets = new ArrayList<>();
        raw.path("Subnets").forEach(subnets::add);
        raw.path("SubnetMappings").forEach(m -> subnets.add(m.path("SubnetId")));
        doc.set("Subnets", Canonical.set(subnets));
      }
      case LISTENER -> {
        doc.put("Port", raw.path("Port").asLong());
        if (raw.hasNonNull("Protocol")) {
          doc.put("Protocol", raw.get("Protocol").asText().toUpperCase(Locale.ROOT));
        }
      }
      case CACHE_CLUSTER -> doc.set("SecurityGroups", ids(raw.path("VpcSecurityGroupIds")));
      case CACHE_REPLICATION_GROUP -> doc.set("SecurityGroups", ids(raw.path("SecurityGroupIds")));
      default -> throw new IllegalArgumentException(type + " has no network settings model");
    }
    return doc;
  }

  /**
   * The identifier Cloud Control reads a resource by: CloudFormation's physical id, except for an
   * ECS service, whose identifier is {@code ServiceArn|Cluster}; the cluster is named in the
   * service's ARN ({@code …:service/CLUSTER/NAME}).
   */
  public static String identifier(String type, String physicalId) {
    if (type.equals(ECS_SERVICE)) {
      int at = physicalId.indexOf(":service/");
      String rest = at < 0 ? "" : physicalId.substring(at + ":service/".length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        return physicalId + "|" + rest.substring(0, slash);
      }
    }
    return physicalId;
  }

  /** A set of resource ids. */
  private static JsonNode ids(JsonNode list) {
    List<JsonNode> out = new ArrayList<>();
    list.forEach(id -> out.add(TextNode.valueOf(id.asText())));
    return Canonical.set(out);
  }
}
