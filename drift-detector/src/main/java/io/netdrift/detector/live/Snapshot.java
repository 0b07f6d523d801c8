package io.netdrift.detector.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.model.AtomicFiles;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.IpProtocol;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.PortRange;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The deployed and live state of every stack of one scan, as versioned JSON: what {@code snapshot}
 * writes and {@code scan --live} reads, so a scan can run with no AWS access. What a snapshot does
 * not hold is an error of that read, so such a scan is incomplete, never clean.
 */
public final class Snapshot {
  /** The version of the file's shape; bumped on any incompatible change. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, ObjectNode> stacks;

  private Snapshot(Map<String, ObjectNode> stacks) {
    this.stacks = stacks;
  }

  /** An empty snapshot, to record into. */
  public static Snapshot empty() {
    return new Snapshot(new TreeMap<>());
  }

  /** Reads a snapshot file; a wrong or unknown version is an error naming the file. */
  public static Snapshot read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new DriftException(
          file + ": snapshot not found; write one with drift-detector snapshot", e);
    } catch (IOException e) {
      throw new DriftException(file + ": not a readable snapshot: " + e.getMessage(), e);
    }
    if (root.path("schemaVersion").asInt(-1) != SCHEMA_VERSION) {
      throw new DriftException(
          file
              + ": /schemaVersion is "
              + root.path("schemaVersion")
              + "; this Netdrift reads snapshots of version "
              + SCHEMA_VERSION);
    }
    Map<String, ObjectNode> stacks = new TreeMap<>();
    root.path("stacks")
        .fields()
        .forEachRemaining(e -> stacks.put(e.getKey(), (ObjectNode) e.getValue()));
    return new Snapshot(stacks);
  }

  /** Writes the snapshot atomically: readers see the old file or the new one. */
  public void write(Path file, String baseline, Instant takenAt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("tool", "netdrift");
    root.put("takenAt", takenAt.toString());
    root.put("baseline", baseline);
    ObjectNode out = root.putObject("stacks");
    synchronized (stacks) {
      stacks.forEach(out::set);
    }
    try {
      AtomicFiles.write(file, JSON.writeValueAsString(root), "snapshot");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DriftException(file + ": cannot write the snapshot: " + e.getMessage(), e);
    }
  }

  /** Sources that read AWS and record every answer here. */
  public LiveSource.Factory recording(LiveSource.Factory aws) {
    return new LiveSource.Factory() {
      @Override
      public LiveSource open(String stackName, AwsTarget target) {
        return new Recording(aws.open(stackName, target), node(stackName));
      }

      @Override
      public void close() {
        aws.close();
      }
    };
  }

  /** Sources that answer from this snapshot only. */
  public LiveSource.Factory replaying() {
    return (stackName, target) -> new Replaying(stackName, stacks.get(stackName));
  }

  private ObjectNode node(String stackName) {
    synchronized (stacks) {
      return stacks.computeIfAbsent(stackName, k -> JSON.createObjectNode());
    }
  }

  /** Records each answer of the AWS source. */
  private static final class Recording implements LiveSource {
    private final LiveSource aws;
    private final ObjectNode node;

    Recording(LiveSource aws, ObjectNode node) {
      this.aws = aws;
      this.node = node;
    }

    @Override
    public Optional<DeployedStack> stack(String stackName) {
      Optional<DeployedStack> stack = aws.stack(stackName);
      node.set("deployed", stack.map(Snapshot::deployed).orElse(null));
      node.put("exists", stack.isPresent());
      return stack;
    }

    @Override
    public String template(String stackName) {
      String body = aws.template(stackName);
      node.put("template", body);
      return body;
    }

    @Override
    public List<String> availabilityZones() {
      List<String> zones = aws.availabilityZones();
      ArrayNode out = node.putArray("availabilityZones");
      zones.forEach(out::add);
      return zones;
    }

    @Override
    public Map<String, String> exports() {
      Map<String, String> exports = aws.exports();
      ObjectNode out = node.putObject("exports");
      exports.forEach(out::put);
      return exports;
    }

    @Override
    public void expect(
        Collection<String> vpcIds, Collection<String> groupIds, Collection<String> managedIds) {
      aws.expect(vpcIds, groupIds, managedIds);
    }

    @Override
    public void scanning(Collection<String> stackNames, boolean everyStack) {
      aws.scanning(stackNames, everyStack);
    }

    @Override
    public void readShared() {
      aws.readShared();
    }

    @Override
    public ArrayNode firewallEndpoints(String firewallArn) {
      ArrayNode ids = aws.firewallEndpoints(firewallArn);
      node.with("endpoints").set(firewallArn, ids);
      return ids;
    }

    @Override
    public Map<String, SecurityGroup> securityGroups(
        Collection<String> vpcIds, Collection<String> groupIds) {
      Map<String, SecurityGroup> groups = aws.securityGroups(vpcIds, groupIds);
      ArrayNode out = node.putArray("securityGroups");
      groups.values().forEach(g -> out.add(group(g)));
      return groups;
    }

    @Override
    public List<io.netdrift.detector.model.SeenResource> dnsFirewallAssociations(
        Collection<String> vpcIds) {
      List<io.netdrift.detector.model.SeenResource> seen = aws.dnsFirewallAssociations(vpcIds);
      ArrayNode out = node.putArray("dnsFirewallAssociations");
      seen.forEach(r -> seen(out.addObject(), r));
      return seen;
    }

    @Override
    public NetworkReader.LiveNetwork network(Collection<String> vpcIds, Collection<String> igwIds) {
      NetworkReader.LiveNetwork network = aws.network(vpcIds, igwIds);
      ObjectNode out = node.putObject("network");
      ArrayNode docs = out.putArray("documents");
      network.documents().values().forEach(d -> docs.add(document(d)));
      ArrayNode defaults = out.putArray("awsDefaults");
      network.awsDefaults().forEach(defaults::add);
      ArrayNode seen = out.putArray("seen");
      network.seen().forEach(r -> seen(seen.addObject(), r));
      return network;
    }

    @Override
    public Map<String, ResourceDocument> firewalls(
        Collection<String> f, Collection<String> p, Collection<String> r) {
      Map<String, ResourceDocument> docs = aws.firewalls(f, p, r);
      ArrayNode out = node.putArray("firewalls");
      docs.values().forEach(d -> out.add(document(d)));
      return docs;
    }

    @Override
    public JsonNode resourceSchema(String type) {
      JsonNode schema = aws.resourceSchema(type);
      (node.has("schemas") ? (ObjectNode) node.get("schemas") : node.putObject("schemas"))
          .set(type, schema);
      return schema;
    }

    @Override
    public Map<String, ObjectNode> resources(String type, Collection<String> identifiers) {
      Map<String, ObjectNode> read = aws.resources(type, identifiers);
      ObjectNode byType =
          node.has("resources") ? (ObjectNode) node.get("resources") : node.putObject("resources");
      ObjectNode out = byType.has(type) ? (ObjectNode) byType.get(type) : byType.putObject(type);
      read.forEach(out::set);
      return read;
    }

    @Override
    public Map<String, ResourceDocument> embedded(Map<String, List<String>> physicalIdsByType) {
      Map<String, ResourceDocument> docs = aws.embedded(physicalIdsByType);
      ArrayNode out = node.putArray("embedded");
      docs.values().forEach(d -> out.add(document(d)));
      return docs;
    }

    @Override
    public Map<String, ResourceDocument> waf(
        Collection<String> acls, Collection<String> ipSets, Collection<String> groups) {
      Map<String, ResourceDocument> docs = aws.waf(acls, ipSets, groups);
      ArrayNode out = node.putArray("waf");
      docs.values().forEach(d -> out.add(document(d)));
      return docs;
    }

    @Override
    public void close() {
      aws.close();
    }
  }

  /** Answers from a stack's recorded state; what it lacks is an unreadable read. */
  private static final class Replaying implements LiveSource {
    private final String stackName;
    private final ObjectNode node;

    Replaying(String stackName, ObjectNode node) {
      this.stackName = stackName;
      this.node = node;
    }

    private JsonNode part(String key) {
      if (node == null || !node.has(key) || node.get(key).isNull() && !key.equals("deployed")) {
        throw SdkClientException.create("the snapshot holds no " + key + " of stack " + stackName);
      }
      return node.get(key);
    }

    @Override
    public Optional<DeployedStack> stack(String name) {
      if (!part("exists").asBoolean()) {
        return Optional.empty();
      }
      return Optional.of(deployed(part("deployed")));
    }

    @Override
    public String template(String name) {
      return part("template").asText();
    }

    @Override
    public List<String> availabilityZones() {
      List<String> zones = new ArrayList<>();
      part("availabilityZones").forEach(z -> zones.add(z.asText()));
      return zones;
    }

    @Override
    public Map<String, String> exports() {
      Map<String, String> exports = new TreeMap<>();
      part("exports")
          .fields()
          .forEachRemaining(e -> exports.put(e.getKey(), e.getValue().asText()));
      return exports;
    }

    @Override
    public ArrayNode firewallEndpoints(String firewallArn) {
      JsonNode ids = part("endpoints").get(firewallArn);
      if (ids == null) {
        throw SdkClientException.create("the snapshot holds no endpoints of " + firewallArn);
      }
      return (ArrayNode) ids;
    }

    @Override
    public Map<String, SecurityGroup> securityGroups(
        Collection<String> vpcIds, Collection<String> groupIds) {
      Map<String, SecurityGroup> groups = new TreeMap<>();
      for (JsonNode g : part("securityGroups")) {
        SecurityGroup group = group(g);
        if (vpcIds.contains(group.vpcId()) || groupIds.contains(group.groupId())) {
          groups.put(group.groupId(), group);
        }
      }
      return groups;
    }

    @Override
    public List<io.netdrift.detector.model.SeenResource> dnsFirewallAssociations(
        Collection<String> vpcIds) {
      List<io.netdrift.detector.model.SeenResource> seen = new ArrayList<>();
      part("dnsFirewallAssociations").forEach(r -> seen.add(seen(r)));
      return seen;
    }

    @Override
    public NetworkReader.LiveNetwork network(Collection<String> vpcIds, Collection<String> igwIds) {
      JsonNode network = part("network");
      Map<String, ResourceDocument> docs = new TreeMap<>();
      network.path("documents").forEach(d -> docs.put(d.path("physicalId").asText(), document(d)));
      Set<String> defaults = new HashSet<>();
      network.path("awsDefaults").forEach(d -> defaults.add(d.asText()));
      List<io.netdrift.detector.model.SeenResource> seen = new ArrayList<>();
      network.path("seen").forEach(r -> seen.add(seen(r)));
      return new NetworkReader.LiveNetwork(docs, defaults, seen);
    }

    @Override
    public Map<String, ResourceDocument> firewalls(
        Collection<String> f, Collection<String> p, Collection<String> r) {
      return documents(part("firewalls"), f, p, r);
    }

    @Override
    public Map<String, ResourceDocument> waf(
        Collection<String> acls, Collection<String> ipSets, Collection<String> groups) {
      return documents(part("waf"), acls, ipSets, groups);
    }

    @Override
    public Map<String, ResourceDocument> embedded(Map<String, List<String>> physicalIdsByType) {
      return documents(part("embedded"), physicalIdsByType.values().toArray(Collection[]::new));
    }

    @Override
    public JsonNode resourceSchema(String type) {
      JsonNode schema = part("schemas").get(type);
      if (schema == null) {
        throw SdkClientException.create("the snapshot holds no schema of " + type);
      }
      return schema;
    }

    @Override
    public Map<String, ObjectNode> resources(String type, Collection<String> identifiers) {
      JsonNode recorded = part("resources").get(type);
      if (recorded == null) {
        throw SdkClientException.create("the snapshot holds no " + type + " of stack " + stackName);
      }
      Map<String, ObjectNode> read = new TreeMap<>();
      identifiers.forEach(
          id -> {
            if (recorded.has(id)) {
              read.put(id, (ObjectNode) recorded.get(id));
            }
          });
      return read;
    }

    @SafeVarargs
    private static Map<String, ResourceDocument> documents(
        JsonNode recorded, Collection<String>... wanted) {
      Set<String> ids = new HashSet<>();
      for (Collection<String> w : wanted) {
        ids.addAll(w);
      }
      Map<String, ResourceDocument> docs = new TreeMap<>();
      for (JsonNode d : recorded) {
        if (ids.contains(d.path("physicalId").asText())) {
          docs.put(d.path("physicalId").asText(), document(d));
        }
      }
      return docs;
    }

    @Override
    public void close() {}
  }

  static ObjectNode deployed(DeployedStack stack) {
    ObjectNode out = JSON.createObjectNode();
    out.put("stackName", stack.stackName())
        .put("stackId", stack.stackId())
        .put("status", stack.status());
    stack.changedAt().ifPresent(t -> out.put("changedAt", t.toString()));
    ObjectNode outputs = out.putObject("outputs");
    new TreeMap<>(stack.outputs()).forEach(outputs::put);
    ObjectNode parameters = out.putObject("parameters");
    new TreeMap<>(stack.parameters()).forEach(parameters::put);
    ArrayNode resources = out.putArray("resources");
    new TreeMap<>(stack.resources())
        .values()
        .forEach(
            r ->
                resources
                    .addObject()
                    .put("logicalId", r.logicalId())
                    .put("type", r.type())
                    .put("physicalId", r.physicalId())
                    .put("status", r.status()));
    return out;
  }

  static DeployedStack deployed(JsonNode in) {
    Map<String, String> parameters = new LinkedHashMap<>();
    in.path("parameters")
        .fields()
        .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
    Map<String, DeployedStack.Resource> resources = new LinkedHashMap<>();
    for (JsonNode r : in.path("resources")) {
      resources.put(
          r.path("logicalId").asText(),
          new DeployedStack.Resource(
              r.path("logicalId").asText(),
              r.path("type").asText(),
              r.path("physicalId").asText(),
              r.path("status").asText()));
    }
    return new DeployedStack(
        in.path("stackName").asText(),
        in.path("stackId").asText(),
        in.path("status").asText(),
        parameters,
        resources,
        in.hasNonNull("changedAt")
            ? Optional.of(java.time.Instant.parse(in.get("changedAt").asText()))
            : Optional.empty(),
        outputs(in.path("outputs")));
  }

  private static Map<String, String> outputs(JsonNode in) {
    Map<String, String> outputs = new TreeMap<>();
    in.fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
    return outputs;
  }

  static ObjectNode group(SecurityGroup g) {
    ObjectNode out = JSON.createObjectNode();
    out.put("groupId", g.groupId()).put("vpcId", g.vpcId()).put("description", g.description());
    g.name().ifPresent(n -> out.put("name", n));
    g.madeBy().ifPresent(m -> out.put("madeBy", m));
    ArrayNode rules = out.putArray("rules");
    for (SecurityGroupRule r : g.rules()) {
      ObjectNode rule = rules.addObject();
      rule.put("direction", r.direction().name())
          .put("protocol", r.protocol().number())
          .put("from", r.ports().from())
          .put("to", r.ports().to())
          .put("description", r.description());
      if (r.peer() instanceof Peer.CidrPeer c) {
        rule.put("cidr", c.cidr().block());
      } else if (r.peer() instanceof Peer.PrefixListPeer p) {
        rule.put("prefixList", p.prefixListId());
      } else {
        Peer.GroupPeer group = (Peer.GroupPeer) r.peer();
        rule.put("group", group.groupId());
        if (!group.peeringLost().isEmpty()) {
          rule.put("peeringLost", group.peeringLost());
        }
      }
    }
    return out;
  }

  static SecurityGroup group(JsonNode in) {
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (JsonNode r : in.path("rules")) {
      Peer peer =
          r.has("cidr")
              ? new Peer.CidrPeer(Cidr.parse(r.get("cidr").asText()))
              : r.has("prefixList")
                  ? new Peer.PrefixListPeer(r.get("prefixList").asText())
                  : new Peer.GroupPeer(r.path("group").asText(), r.path("peeringLost").asText());
      rules.add(
          new SecurityGroupRule(
              Direction.valueOf(r.path("direction").asText()),
              new IpProtocol(r.path("protocol").asInt()),
              new PortRange(r.path("from").asInt(), r.path("to").asInt()),
              peer,
              r.path("description").asText()));
    }
    return new SecurityGroup(
        in.path("groupId").asText(),
        in.path("vpcId").asText(),
        in.has("name") ? Optional.of(in.get("name").asText()) : Optional.empty(),
        in.path("description").asText(),
        rules,
        in.has("madeBy") ? Optional.of(in.get("madeBy").asText()) : Optional.empty());
  }

  static ObjectNode document(ResourceDocument d) {
    ObjectNode out = JSON.createObjectNode();
    out.put("type", d.type()).put("physicalId", d.physicalId());
    out.set("document", d.document());
    ArrayNode collections = out.putArray("collections");
    d.collections().stream().sorted().forEach(collections::add);
    return out;
  }

  static ResourceDocument document(JsonNode in) {
    Set<String> collections = new HashSet<>();
    in.path("collections").forEach(c -> collections.add(c.asText()));
    return new ResourceDocument(
        in.path("type").asText(),
        in.path("physicalId").asText(),
        (ObjectNode) in.path("document"),
        collections);
  }

  private static void seen(ObjectNode out, io.netdrift.detector.model.SeenResource r) {
    out.put("type", r.type())
        .put("physicalId", r.physicalId())
        .put("scope", r.scope())
        .put("live", r.live())
        .put("active", r.active());
  }

  private static io.netdrift.detector.model.SeenResource seen(JsonNode r) {
    return new io.netdrift.detector.model.SeenResource(
        r.path("type").asText(),
        r.path("physicalId").asText(),
        r.path("scope").asText(),
        r.path("live").asText(),
        r.path("active").asBoolean());
  }
}
