package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * AWS WAFv2 (JSON 1.1, {@code X-Amz-Target: AWSWAF_20190729.*}), regional scope: web ACLs, IP sets,
 * associations with load balancers, logging configurations; lists page with {@code NextMarker};
 * updates need the current {@code LockToken} ({@code WAFOptimisticLockException} otherwise).
 */
public final class WafApi {
  static final String PREFIX = "AWSWAF_20190729.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String account;
  private final String region;
  private final IntSupplier pageCap;
  final Map<String, ObjectNode> webAcls = new LinkedHashMap<>();
  final Map<String, ObjectNode> ipSets = new LinkedHashMap<>();
  final Map<String, ObjectNode> ruleGroups = new LinkedHashMap<>();
  final Map<String, String> associations = new LinkedHashMap<>();
  final Map<String, ObjectNode> logging = new LinkedHashMap<>();
  private final Map<String, String> lockTokens = new LinkedHashMap<>();

  WafApi(String account, String region, IntSupplier pageCap) {
    this.account = account;
    this.region = region;
    this.pageCap = pageCap;
  }

  /** Creates a web ACL from CloudFormation properties; returns {name, id, arn}. */
  synchronized String[] createWebAcl(JsonNode p) {
    String id = UUID.randomUUID().toString();
    String name = p.path("Name").asText();
    String arn = arn("webacl", name, id, p.path("Scope").asText());
    ObjectNode acl = JSON.createObjectNode();
    acl.put("Name", name).put("Id", id).put("ARN", arn);
    copy(
        p,
        acl,
        "DefaultAction",
        "Description",
        "Rules",
        "VisibilityConfig",
        "CustomResponseBodies",
        "CaptchaConfig",
        "TokenDomains");
    apiSpelling(acl);
    serviceDefaults(acl);
    // What the service adds of its own; a description never given is answered empty.
    acl.put("Description", p.path("Description").asText(""));
    acl.put("Capacity", 700)
        .put("ManagedByFirewallManager", false)
        .put("RetrofittedByFirewallManager", false)
        .put("LabelNamespace", "awswaf:" + account + ":webacl:" + name + ":");
    webAcls.put(arn, acl);
    lockTokens.put(arn, UUID.randomUUID().toString());
    return new String[] {name, id, arn};
  }

  /** An IPv4 IP set made directly, for tests of the WAF API itself; returns {name, id, arn}. */
  public String[] createIpSetForTest(String name, List<String> addresses) {
    ObjectNode p = JSON.createObjectNode().put("Name", name).put("IPAddressVersion", "IPV4");
    addresses.forEach(p.putArray("Addresses")::add);
    return createIpSet(p);
  }

  synchronized String[] createIpSet(JsonNode p) {
    String id = UUID.randomUUID().toString();
    String name = p.path("Name").asText();
    String arn = arn("ipset", name, id, p.path("Scope").asText());
    ObjectNode set = JSON.createObjectNode();
    set.put("Name", name).put("Id", id).put("ARN", arn);
    noHostBits(p.path("Addresses"));
    copy(p, set, "IPAddressVersion", "Addresses");
    set.put("Description", p.path("Description").asText(""));
    ipSets.put(arn, set);
    lockTokens.put(arn, UUID.randomUUID().toString());
    return new String[] {name, id, arn};
  }

  synchronized String[] createRuleGroup(JsonNode p) {
    String id = UUID.randomUUID().toString();
    String name = p.path("Name").asText();
    String arn = arn("rulegroup", name, id, p.path("Scope").asText());
    ObjectNode group = JSON.createObjectNode();
    group.put("Name", name).put("Id", id).put("ARN", arn);
    copy(p, group, "Capacity", "Rules", "VisibilityConfig", "CustomResponseBodies");
    apiSpelling(group);
    serviceDefaults(group);
    group.put("Description", p.path("Description").asText(""));
    group.put("LabelNamespace", "awswaf:" + account + ":rulegroup:" + name + ":");
    ruleGroups.put(arn, group);
    lockTokens.put(arn, UUID.randomUUID().toString());
    return new String[] {name, id, arn};
  }

  /**
   * What an AWS Firewall Manager WAF policy does to a customer's web ACL it retrofits: a
   * pre-process rule group first and a post-process one last, named {@code PREFMManaged-…} and
   * {@code POSTFMManaged-…}, and the ACL marked {@code RetrofittedByFirewallManager}.
   */
  public synchronized void retrofitByFirewallManager(String webAclArn, String policyName) {
    ObjectNode acl = found(webAcls, webAclArn);
    ArrayNode rules = (ArrayNode) acl.withArray("Rules");
    rules.insert(0, firewallManagerRule("PREFMManaged-" + policyName, 0));
    rules.add(firewallManagerRule("POSTFMManaged-" + policyName, 20000000));
    acl.put("RetrofittedByFirewallManager", true);
    lockTokens.put(webAclArn, UUID.randomUUID().toString());
  }

  private ObjectNode firewallManagerRule(String name, int priority) {
    ObjectNode rule = JSON.createObjectNode().put("Name", name).put("Priority", priority);
    rule.putObject("Statement")
        .putObject("ManagedRuleGroupStatement")
        .put("VendorName", "AWS")
        .put("Name", "AWSManagedRulesAmazonIpReputationList");
    rule.putObject("OverrideAction").putObject("None");
    rule.putObject("VisibilityConfig")
        .put("SampledRequestsEnabled", true)
        .put("CloudWatchMetricsEnabled", true)
        .put("MetricName", name);
    return rule;
  }

  synchronized void associate(String webAclArn, String resourceArn) {
    found(webAcls, webAclArn);
    associations.put(resourceArn, webAclArn);
  }

  synchronized void putLogging(JsonNode p) {
    ObjectNode config = JSON.createObjectNode();
    copy(p, config, "ResourceArn", "LogDestinationConfigs", "RedactedFields", "LoggingFilter");
    serviceDefaults(config);
    config.put("ManagedByFirewallManager", false);
    found(webAcls, config.path("ResourceArn").asText());
    logging.put(config.path("ResourceArn").asText(), config);
  }

  /**
   * Answers {@code operation} signed for {@code signingRegion}: the CLOUDFRONT scope is answered in
   * us-east-1 only, as WAF does.
   */
  synchronized ObjectNode handle(String operation, JsonNode in, String signingRegion) {
    if (in.path("Scope").asText().equals("CLOUDFRONT") && !signingRegion.equals("us-east-1")) {
      throw new AwsError(
          400,
          "WAFInvalidParameterException",
          "Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT");
    }
    return switch (operation) {
      case "ListWebACLs" ->
          list(in, "WebACLs", webAcls.values().stream().map(a -> (JsonNode) summary(a)).toList());
      case "ListIPSets" ->
          list(in, "IPSets", ipSets.values().stream().map(a -> (JsonNode) summary(a)).toList());
      case "ListLoggingConfigurations" ->
          list(in, "LoggingConfigurations", List.copyOf(logging.values()));
      case "GetWebACL" -> {
        String arn =
            in.has("ARN")
                ? in.get("ARN").asText()
                : arn(
                    "webacl",
                    in.path("Name").asText(),
                    in.path("Id").asText(),
                    in.path("Scope").asText());
        ObjectNode out = JSON.createObjectNode();
        out.set("WebACL", found(webAcls, arn).deepCopy());
        yield out.put("LockToken", lockTokens.get(arn));
      }
      case "GetIPSet" -> {
        String arn =
            arn(
                "ipset",
                in.path("Name").asText(),
                in.path("Id").asText(),
                in.path("Scope").asText());
        ObjectNode out = JSON.createObjectNode();
        out.set("IPSet", found(ipSets, arn).deepCopy());
        yield out.put("LockToken", lockTokens.get(arn));
      }
      case "UpdateWebACL" -> {
        String arn =
            arn(
                "webacl",
                in.path("Name").asText(),
                in.path("Id").asText(),
                in.path("Scope").asText());
        ObjectNode acl = found(webAcls, arn);
        lock(arn, in);
        for (String field : List.of("DefaultAction", "Description", "Rules", "VisibilityConfig")) {
          acl.remove(field);
        }
        copy(in, acl, "DefaultAction", "Rules", "VisibilityConfig");
        serviceDefaults(acl);
        // An update without a description clears it, and WAF answers it empty.
        acl.put("Description", in.path("Description").asText(""));
        yield next(arn);
      }
      case "GetRuleGroup" -> {
        String arn =
            in.has("ARN")
                ? in.get("ARN").asText()
                : arn(
                    "rulegroup",
                    in.path("Name").asText(),
                    in.path("Id").asText(),
                    in.path("Scope").asText());
        ObjectNode out = JSON.createObjectNode();
        out.set("RuleGroup", found(ruleGroups, arn).deepCopy());
        yield out.put("LockToken", lockTokens.get(arn));
      }
      case "UpdateRuleGroup" -> {
        String arn =
            arn(
                "rulegroup",
                in.path("Name").asText(),
                in.path("Id").asText(),
                in.path("Scope").asText());
        ObjectNode group = found(ruleGroups, arn);
        lock(arn, in);
        group.remove("Rules");
        copy(in, group, "Rules", "VisibilityConfig");
        serviceDefaults(group);
        group.put("Description", in.path("Description").asText(""));
        yield next(arn);
      }
      case "UpdateIPSet" -> {
        String arn =
            arn(
                "ipset",
                in.path("Name").asText(),
                in.path("Id").asText(),
                in.path("Scope").asText());
        ObjectNode set = found(ipSets, arn);
        lock(arn, in);
        noHostBits(in.path("Addresses"));
        set.set("Addresses", in.path("Addresses").deepCopy());
        yield next(arn);
      }
      case "ListResourcesForWebACL" -> {
        String arn = in.path("WebACLArn").asText();
        found(webAcls, arn);
        // One resource type per call; without one, WAF answers load balancers only.
        String type = in.path("ResourceType").asText("APPLICATION_LOAD_BALANCER");
        ObjectNode out = JSON.createObjectNode();
        ArrayNode resources = out.putArray("ResourceArns");
        associations.forEach(
            (resource, acl) -> {
              if (acl.equals(arn) && resourceType(resource).equals(type)) {
                resources.add(resource);
              }
            });
        yield out;
      }
      case "AssociateWebACL" -> {
        associate(in.path("WebACLArn").asText(), in.path("ResourceArn").asText());
        yield JSON.createObjectNode();
      }
      case "DisassociateWebACL" -> {
        associations.remove(in.path("ResourceArn").asText());
        yield JSON.createObjectNode();
      }
      case "GetLoggingConfiguration" -> {
        ObjectNode config = logging.get(in.path("ResourceArn").asText());
        if (config == null) {
          throw new AwsError(
              400,
              "WAFNonexistentItemException",
              "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("LoggingConfiguration", config.deepCopy());
        yield out;
      }
      case "DeleteLoggingConfiguration" -> {
        if (logging.remove(in.path("ResourceArn").asText()) == null) {
          throw new AwsError(
              400,
              "WAFNonexistentItemException",
              "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
        }
        yield JSON.createObjectNode();
      }
      default ->
          throw new AwsError(
              400, "WAFInvalidOperationException", "unsupported operation " + operation);
    };
  }

  /**
   * CloudFormation writes reference statements with {@code Arn}; the service stores and answers
   * {@code ARN}.
   */
  /**
   * What WAF answers for what a template says: {@code ARN} for {@code Arn}; a rate-based
   * statement's default window (300 s) filled in; single header names lower-cased; a byte match's
   * search string as the base64 of its bytes, as the API's blob is on the wire.
   */
  private static void apiSpelling(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("Arn") && !object.has("ARN")) {
        object.set("ARN", object.remove("Arn"));
      }
      if (object.get("ByteMatchStatement") instanceof ObjectNode match) {
        byte[] bytes =
            match.has("SearchStringBase64")
                ? java.util.Base64.getDecoder().decode(match.remove("SearchStringBase64").asText())
                : match
                    .path("SearchString")
                    .asText()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        match.put("SearchString", java.util.Base64.getEncoder().encodeToString(bytes));
      }
      object.elements().forEachRemaining(WafApi::apiSpelling);
    } else if (node != null && node.isArray()) {
      node.forEach(WafApi::apiSpelling);
    }
  }

  /**
   * What WAF fills in or folds whichever way a resource was written (template or API call): a
   * rate-based statement's default window (300 s), single header names lower-cased.
   */
  private static void serviceDefaults(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.get("RateBasedStatement") instanceof ObjectNode rate
          && !rate.has("EvaluationWindowSec")) {
        rate.put("EvaluationWindowSec", 300);
      }
      if (object.get("SingleHeader") instanceof ObjectNode header && header.has("Name")) {
        header.put("Name", header.get("Name").asText().toLowerCase(java.util.Locale.ROOT));
      }
      object.elements().forEachRemaining(WafApi::serviceDefaults);
    } else if (node != null && node.isArray()) {
      node.forEach(WafApi::serviceDefaults);
    }
  }

  /** WAF refuses an IP set address with host bits set (10.0.0.1/24), where EC2 would mask them. */
  private static void noHostBits(JsonNode addresses) {
    for (JsonNode address : addresses) {
      String cidr = address.asText();
      String masked;
      try {
        masked = Ec2Model.masked(cidr);
      } catch (AwsError e) {
        masked = "";
      }
      java.net.InetAddress given;
      java.net.InetAddress network;
      try {
        given = java.net.InetAddress.getByName(cidr.substring(0, cidr.indexOf('/')));
        network = java.net.InetAddress.getByName(masked.substring(0, masked.indexOf('/')));
      } catch (RuntimeException | java.net.UnknownHostException e) {
        throw new AwsError(
            400, "WAFInvalidParameterException", "Error reason: invalid IP address: " + cidr);
      }
      if (!given.equals(network)) {
        throw new AwsError(
            400,
            "WAFInvalidParameterException",
            "Error reason: The parameter contains formatting that is not valid., field: IP_SET,"
                + " parameter: "
                + cidr);
      }
    }
  }

  private ObjectNode summary(ObjectNode resource) {
    ObjectNode s = JSON.createObjectNode();
    s.put("Name", resource.path("Name").asText())
        .put("Id", resource.path("Id").asText())
        .put("ARN", resource.path("ARN").asText())
        .put("LockToken", lockTokens.get(resource.path("ARN").asText()));
    return s;
  }

  /** WAF pages with {@code Limit} (1-100) and {@code NextMarker}. */
  private ObjectNode list(JsonNode in, String key, List<JsonNode> all) {
    int limit = in.path("Limit").asInt(100);
    if (limit < 1 || limit > 100) {
      throw new AwsError(400, "WAFInvalidParameterException", "Limit must be between 1 and 100");
    }
    Page<JsonNode> page =
        Page.slice(
            all,
            in.hasNonNull("NextMarker") ? in.get("NextMarker").asText() : null,
            Math.min(limit, pageCap.getAsInt()));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray(key);
    page.items().forEach(items::add);
    if (page.nextToken() != null) {
      out.put("NextMarker", page.nextToken());
    }
    return out;
  }

  private void lock(String arn, JsonNode in) {
    if (!lockTokens.get(arn).equals(in.path("LockToken").asText())) {
      throw new AwsError(
          400,
          "WAFOptimisticLockException",
          "AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it.");
    }
  }

  private ObjectNode next(String arn) {
    String token = UUID.randomUUID().toString();
    lockTokens.put(arn, token);
    return JSON.createObjectNode().put("NextLockToken", token);
  }

  private static ObjectNode found(Map<String, ObjectNode> map, String arn) {
    ObjectNode value = map.get(arn);
    if (value == null) {
      throw new AwsError(
          400,
          "WAFNonexistentItemException",
          "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
    }
    return value;
  }

  private static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      if (from.has(field) && !from.get(field).isNull()) {
        to.set(field, from.get(field).deepCopy());
      }
    }
  }

  /** The WAF resource type of an ARN that can be associated with a regional web ACL. */
  static String resourceType(String resourceArn) {
    String service = resourceArn.split(":", 4)[2];
    return switch (service) {
      case "elasticloadbalancing" -> "APPLICATION_LOAD_BALANCER";
      case "apigateway" -> "API_GATEWAY";
      case "appsync" -> "APPSYNC";
      case "cognito-idp" -> "COGNITO_USER_POOL";
      case "apprunner" -> "APP_RUNNER_SERVICE";
      case "ec2" -> "VERIFIED_ACCESS_INSTANCE";
      case "amplify" -> "AMPLIFY";
      default ->
          throw new AwsError(
              400, "WAFInvalidParameterException", "resource " + resourceArn + " is not supported");
    };
  }

  private String arn(String kind, String name, String id, String scope) {
    return scope.equals("CLOUDFRONT")
        ? "arn:aws:wafv2:us-east-1:" + account + ":global/" + kind + "/" + name + "/" + id
        : "arn:aws:wafv2:" + region + ":" + account + ":regional/" + kind + "/" + name + "/" + id;
  }
}
