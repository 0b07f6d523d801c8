package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local AWS for tests and the demo: one HTTP server on 127.0.0.1 (a free port) that speaks the
 * EC2 and CloudFormation Query protocols as the AWS SDK sends them. Point the SDK at {@link
 * #endpoint()}; deploy a cloud assembly with {@link #deployAssembly(Path)}; change things by hand
 * through the SDK, as an engineer in the console would.
 */
public final class AwsEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The failures the emulator can answer instead of the real call. */
  public enum Fault {
    /** EC2 {@code RequestLimitExceeded} (503); CloudFormation {@code Throttling} (400). */
    THROTTLE,
    /** EC2 {@code UnauthorizedOperation} (403); CloudFormation {@code AccessDenied} (403). */
    ACCESS_DENIED,
    /** {@code InternalError} (500). */
    INTERNAL,
    /** The right answer, two seconds late. */
    SLOW,
    /** The request is read and never answered, until the emulator closes: a hung endpoint. */
    HANG,
    /** A 200 whose body is cut off half way: a truncated or malformed answer. */
    TRUNCATED,
    /**
     * An EC2 list answered from its first page with the same {@code nextToken} every time, the
     * token sent or not: pages that never end.
     */
    REPEATED_TOKEN
  }

  private final String account;
  private final String region;
  private volatile Costs costs = Costs.free();
  private final HttpServer server;
  private final ExecutorService executor;
  private final Ec2Model ec2;
  private final CloudFormationModel cloudFormation = new CloudFormationModel();
  private final Ec2Api ec2Api;
  private final CloudFormationApi cloudFormationApi;
  private final NetworkFirewallApi networkFirewall;
  private final WafApi waf;
  private final CloudControlApi cloudControl = new CloudControlApi();
  private final ResolverApi resolver;
  private final StsApi sts = new StsApi();
  private final OrganizationsApi organizations = new OrganizationsApi();
  private final CloudTrailApi cloudTrail;
  private final S3Api s3 = new S3Api();
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final TemplateDeployer deployer;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, java.util.concurrent.CountDownLatch> awaited =
      new ConcurrentHashMap<>();
  private final Map<String, List<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<String, List<java.util.function.UnaryOperator<String>>> spellings =
      new ConcurrentHashMap<>();
  private final AtomicInteger pageCap = new AtomicInteger(Integer.MAX_VALUE);

  private AwsEmulator(String account, String region) {
    this(account, region, true);
  }

  private AwsEmulator(String account, String region, boolean listen) {
    this.account = account;
    this.region = region;
    this.ec2 = new Ec2Model(account, region);
    this.resolver = new ResolverApi(cloudControl, ec2);
    this.ec2Api = new Ec2Api(ec2, pageCap::get);
    this.cloudFormationApi = new CloudFormationApi(cloudFormation, pageCap::get);
    this.networkFirewall = new NetworkFirewallApi(account, region, pageCap::get);
    this.waf = new WafApi(account, region, pageCap::get);
    this.cloudTrail = new CloudTrailApi(account, region, pageCap::get);
    this.deployer = new TemplateDeployer(ec2, cloudFormation, networkFirewall, waf, cloudControl);
    if (!listen) {
      // One account and region behind an organisation's endpoint, which serves its requests.
      this.server = null;
      this.executor = null;
      return;
    }
    this.server = Loopback.server();
    this.executor =
        Loopback.threads(
            // Room beside requests a HANG fault holds, and for requests waiting out a latency.
            64, "aws-emulator");
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * From now on every request costs what {@code costs} says: its latency, and a token of its API's
   * bucket or the service's throttling error in its own spelling.
   */
  public void costs(Costs costs) {
    this.costs = costs;
  }

  /** What requests cost now. */
  public Costs costs() {
    return costs;
  }

  /** Starts an emulator for one account and region. */
  public static AwsEmulator start(String account, String region) {
    return new AwsEmulator(account, region);
  }

  /**
   * An emulator for one account and region that does not listen: {@link AwsOrganization} serves its
   * requests, one endpoint for many accounts.
   */
  static AwsEmulator backend(String account, String region) {
    return new AwsEmulator(account, region, false);
  }

  /** The account this emulator is. */
  public String account() {
    return account;
  }

  /** Answers one request, as this account and region. */
  void serve(HttpExchange exchange) throws IOException {
    handle(exchange);
  }

  /**
   * A client of this emulator built by {@code builder}: its endpoint and region, test credentials
   * of the access key {@code accessKey} (CloudTrail records calls by it), the JDK's HTTP client.
   */
  public <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder, String accessKey) {
    return builder
        .endpointOverride(endpoint())
        .region(software.amazon.awssdk.regions.Region.of(region))
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    accessKey, accessKey)))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  /** The URL to pass as {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** EC2's state. */
  public Ec2Model ec2() {
    return ec2;
  }

  /** Cloud Control's view of the application resources deployed. */
  public CloudControlApi cloudControl() {
    return cloudControl;
  }

  /** Network Firewall's state. */
  public NetworkFirewallApi networkFirewall() {
    return networkFirewall;
  }

  /** WAFv2's state. */
  public WafApi waf() {
    return waf;
  }

  /** CloudTrail: the mutating calls served, as management events. */
  public CloudTrailApi cloudTrail() {
    return cloudTrail;
  }

  /** S3: buckets and objects. */
  public S3Api s3() {
    return s3;
  }

  /** Secrets Manager: {@code GetSecretValue} of {@code id} answers {@code value}. */
  public void putSecret(String id, String value) {
    secrets.put(id, value);
  }

  /** Organizations: the organisation this account manages. */
  public OrganizationsApi organizations() {
    return organizations;
  }

  /** STS: which roles were assumed. */
  public StsApi sts() {
    return sts;
  }

  /** CloudFormation's state. */
  public CloudFormationModel cloudFormation() {
    return cloudFormation;
  }

  /** Deploys every stack of a cloud assembly, as {@code cdk deploy --all} would. */
  public List<String> deployAssembly(Path assembly) {
    try {
      JsonNode manifest = JSON.readTree(Files.readString(assembly.resolve("manifest.json")));
      deployer.assembly(assembly);
      List<String> deployed = new ArrayList<>();
      for (Map.Entry<String, JsonNode> artifact : iterable(manifest.path("artifacts"))) {
        if (!"aws:cloudformation:stack".equals(artifact.getValue().path("type").asText())) {
          continue;
        }
        JsonNode properties = artifact.getValue().path("properties");
        String name = properties.path("stackName").asText(artifact.getKey());
        JsonNode template =
            JSON.readTree(
                Files.readString(assembly.resolve(properties.path("templateFile").asText())));
        deployer.deploy(name, template);
        deployed.add(name);
      }
      return deployed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deploys one template as stack {@code name}. */
  public CloudFormationModel.Stack deploy(String name, JsonNode template) {
    return deployer.deploy(name, template);
  }

  /**
   * A latch that opens when the next request for {@code action} arrives (before it is answered): a
   * test waits on it to act while that request is under way, instead of sleeping.
   */
  public java.util.concurrent.CountDownLatch nextArrival(String action) {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    awaited.put(action, latch);
    return latch;
  }

  /**
   * A latch that opens when the next request of any kind arrives: how a benchmark times a fresh
   * JVM's start to its first request.
   */
  public java.util.concurrent.CountDownLatch nextRequest() {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    anyArrival = latch;
    return latch;
  }

  private volatile java.util.concurrent.CountDownLatch anyArrival;

  private void called(String action) {
    java.util.concurrent.CountDownLatch any = anyArrival;
    if (any != null) {
      any.countDown();
    }
    calls.add(action);
    java.util.concurrent.CountDownLatch latch = awaited.remove(action);
    if (latch != null) {
      latch.countDown();
    }
  }

  /**
   * From now on every successful answer to {@code action} (an EC2 or CloudFormation query action,
   * or a JSON operation such as {@code DescribeFirewall}) is rewritten by {@code respell}: how the
   * real service spells what this emulator answers its own way (an order, a default it fills in, an
   * older member name). The body is XML for query services, JSON for the others.
   */
  public void spell(String action, java.util.function.UnaryOperator<String> respell) {
    spellings
        .computeIfAbsent(action, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(respell);
  }

  private String spelled(String action, String answer) {
    for (java.util.function.UnaryOperator<String> respell :
        spellings.getOrDefault(action, List.of())) {
      answer = respell.apply(answer);
    }
    return answer;
  }

  /** The next {@code times} calls of {@code action} fail with {@code fault}. */
  public void failNext(String action, int times, Fault fault) {
    List<Fault> queue =
        faults.computeIfAbsent(action, k -> Collections.synchronizedList(new ArrayList<>()));
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
  }

  /** Pages hold at most {@code size} items, to exercise pagination with small data. */
  public void setPageCap(int size) {
    pageCap.set(size);
  }

  /** The actions called so far, in order. */
  public List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Costs charged = costs;
    long start = System.nanoTime();
    charged.served(answer(exchange), start);
  }

  /** Answers {@code exchange}; returns the operation it asked for. */
  private String answer(HttpExchange exchange) throws IOException {
    String requestId =
        UUID.nameUUIDFromBytes(Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8))
            .toString();
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/") && !path.isEmpty()) {
      // S3's REST API, path-style: /bucket/key.
      return handleS3(exchange, path, raw, requestId);
    }
    String body = new String(raw, StandardCharsets.UTF_8);
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return handleJson(exchange, target, body, requestId);
    }
    QueryRequest parsed = QueryRequest.parse(body);
    QueryRequest request = parsed;
    boolean isEc2 = Ec2Api.VERSION.equals(request.version());
    boolean isCloudFormation = CloudFormationApi.VERSION.equals(request.version());
    boolean isSts = StsApi.VERSION.equals(request.version());
    called(request.action());
    int status = 200;
    String answer;
    long due = 0;
    try {
      if (!"POST".equals(exchange.getRequestMethod()) || (!isEc2 && !isCloudFormation && !isSts)) {
        throw new AwsError(
            400,
            "InvalidAction",
            "unsupported request: "
                + exchange.getRequestMethod()
                + " Version="
                + request.version());
      }
      if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
        throw new AwsError(
            403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      }
      due = costs.due(isEc2 ? "ec2" : isSts ? "sts" : "cloudformation");
      if (!costs.admit(isEc2 ? "ec2" : isSts ? "sts" : "cloudformation", request.action())) {
        throw isEc2
            ? new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.")
            : new AwsError(400, "Throttling", "Rate exceeded");
      }
      java.util.Optional<Fault> shaping =
          injectFault(request.action(), isEc2, isSts ? "sts" : "cloudformation");
      if (shaping.equals(java.util.Optional.of(Fault.REPEATED_TOKEN))) {
        request = request.without("NextToken");
      }
      if (isSts) {
        answer = sts.handle(request, requestId, cloudTrail.principal(accessKey(exchange)));
      } else {
        answer =
            isEc2
                ? ec2Api.handle(request, requestId)
                : cloudFormationApi.handle(request, requestId);
      }
      if (shaping.isPresent()) {
        answer = shaped(answer, shaping.get());
      }
      answer = spelled(request.action(), answer);
      cloudTrail.record(
          request.action(),
          isEc2 ? "ec2" : isSts ? "sts" : "cloudformation",
          accessKey(exchange),
          exchange.getRemoteAddress().getAddress().getHostAddress(),
          userAgent(exchange),
          queryResources(request, answer));
    } catch (AwsError e) {
      status = e.status;
      answer = isEc2 ? Ec2Api.error(e, requestId) : CloudFormationApi.error(e, requestId);
    } catch (RuntimeException e) {
      status = 500;
      AwsError internal = new AwsError(500, "InternalError", "emulator: " + e);
      answer =
          isEc2 ? Ec2Api.error(internal, requestId) : CloudFormationApi.error(internal, requestId);
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    Costs.await(due);
    exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return (isEc2 ? "ec2:" : isSts ? "sts:" : "cloudformation:") + parsed.action();
  }

  private String handleS3(HttpExchange exchange, String path, byte[] body, String requestId)
      throws IOException {
    String method = exchange.getRequestMethod();
    String operation = S3Api.operation(method);
    called(operation);
    // S3 documents thousands of requests a second per prefix: its latency is charged, no bucket.
    long due = costs.due("s3");
    S3Api.Answer answer;
    if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
      answer =
          new S3Api.Answer(
              403,
              Map.of("Content-Type", "application/xml"),
              "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                  .getBytes(StandardCharsets.UTF_8));
    } else {
      String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      boolean chunked =
          (sha != null && sha.startsWith("STREAMING-"))
              || (encoding != null && encoding.contains("aws-chunked"));
      answer =
          s3.handle(
              method,
              java.net.URLDecoder.decode(path, StandardCharsets.UTF_8),
              chunked ? S3Api.decodeChunked(body) : body,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              requestId);
      if (answer.status() < 300) {
        cloudTrail.record(
            operation,
            "s3",
            accessKey(exchange),
            exchange.getRemoteAddress().getAddress().getHostAddress(),
            userAgent(exchange),
            List.of(path.substring(1)));
      }
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().set("x-amz-request-id", requestId);
    boolean noBody = method.equals("HEAD") || answer.body().length == 0;
    Costs.await(due);
    exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!noBody) {
        out.write(answer.body());
      }
    }
    return "s3:" + operation;
  }

  /** The JSON protocols: Network Firewall (1.0) and WAFv2 (1.1), named by {@code X-Amz-Target}. */
  private String handleJson(HttpExchange exchange, String target, String body, String requestId)
      throws IOException {
    boolean firewall = target.startsWith(NetworkFirewallApi.PREFIX);
    boolean isWaf = target.startsWith(WafApi.PREFIX);
    boolean isTrail =
        target.startsWith("com.amazonaws.cloudtrail.v20131101." + CloudTrailApi.PREFIX);
    boolean isSecrets = target.startsWith("secretsmanager.");
    boolean isCloudControl = target.startsWith(CloudControlApi.PREFIX);
    boolean isResolver = target.startsWith(ResolverApi.PREFIX);
    boolean isOrganizations = target.startsWith(OrganizationsApi.PREFIX);
    String operation = target.substring(target.lastIndexOf('.') + 1);
    called(operation);
    int status = 200;
    String answer;
    long due = 0;
    String contentType =
        firewall || isCloudControl ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    try {
      if (!firewall
          && !isWaf
          && !isTrail
          && !isSecrets
          && !isCloudControl
          && !isResolver
          && !isOrganizations) {
        throw new AwsError(400, "UnknownOperationException", "unknown target " + target);
      }
      if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
        throw new AwsError(
            403, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
      }
      String service =
          firewall
              ? "network-firewall"
              : isWaf
                  ? "wafv2"
                  : isCloudControl
                      ? "cloudcontrol"
                      : isResolver
                          ? "route53resolver"
                          : isTrail ? "cloudtrail" : isOrganizations ? "organizations" : "other";
      due = costs.due(service);
      if (!costs.admit(service, operation)) {
        throw new AwsError(400, "ThrottlingException", "Rate exceeded");
      }
      java.util.Optional<Fault> shaping = injectJsonFault(operation);
      JsonNode in = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      answer =
          JSON.writeValueAsString(
              firewall
                  ? networkFirewall.handle(operation, in)
                  : isWaf
                      ? waf.handle(operation, in, signingRegion(exchange))
                      : isCloudControl
                          ? cloudControl.handle(operation, in)
                          : isResolver
                              ? resolver.handle(operation, in)
                              : isSecrets
                                  ? secret(operation, in)
                                  : isOrganizations
                                      ? organizations.handle(operation, in)
                                      : cloudTrail.handle(operation, in));
      if (shaping.isPresent()) {
        answer = shaped(answer, shaping.get());
      }
      answer = spelled(operation, answer);
      cloudTrail.record(
          operation,
          firewall
              ? "network-firewall"
              : isWaf
                  ? "wafv2"
                  : isCloudControl
                      ? "cloudcontrolapi"
                      : isResolver ? "route53resolver" : "cloudtrail",
          accessKey(exchange),
          exchange.getRemoteAddress().getAddress().getHostAddress(),
          userAgent(exchange),
          jsonResources(in));
    } catch (AwsError e) {
      status = e.status;
      exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code);
      answer =
          JSON.writeValueAsString(
              JSON.createObjectNode().put("__type", e.code).put("message", e.getMessage()));
    } catch (RuntimeException e) {
      status = 500;
      exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalServerError");
      answer =
          JSON.writeValueAsString(
              JSON.createObjectNode()
                  .put("__type", "InternalServerError")
                  .put("message", "emulator: " + e));
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    Costs.await(due);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return target;
  }

  /** Secrets Manager's {@code GetSecretValue}, for the secrets the test put. */
  private com.fasterxml.jackson.databind.node.ObjectNode secret(String operation, JsonNode in) {
    if (!operation.equals("GetSecretValue")) {
      throw new AwsError(400, "UnknownOperationException", "unknown operation " + operation);
    }
    String id = in.path("SecretId").asText();
    String value = secrets.get(id);
    if (value == null) {
      throw new AwsError(
          400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }
    return JSON.createObjectNode()
        .put("ARN", id)
        .put("Name", id.substring(id.lastIndexOf(':') + 1))
        .put("SecretString", value)
        .put("VersionId", "00000000-0000-4000-8000-000000000001");
  }

  /** The access key id of a SigV4 {@code Authorization} header: who signed the call. */
  private static String accessKey(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at < 0) {
      return "anonymous";
    }
    String rest = auth.substring(at + "Credential=".length());
    return rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
  }

  /** The region a SigV4 {@code Authorization} header was signed for (its credential scope). */
  private String signingRegion(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at < 0) {
      return ec2.region();
    }
    String[] scope = auth.substring(at + "Credential=".length()).split("[/,]");
    return scope.length > 2 ? scope[2] : ec2.region();
  }

  private static String userAgent(HttpExchange exchange) {
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    return agent == null ? "" : agent;
  }

  /** The resource ids a Query call names, as CloudTrail indexes them. */
  private static List<String> queryResources(QueryRequest request, String answer) {
    List<String> ids = new ArrayList<>();
    if (request.action().startsWith("Create")) {
      // The new resource's id is in the answer, as CloudTrail records it from the response.
      java.util.regex.Matcher created =
          java.util.regex.Pattern.compile(
                  "<(groupId|networkAclId|routeTableId|subnetId|vpcId|internetGatewayId)>([^<]+)<")
              .matcher(answer);
      if (created.find()) {
        ids.add(created.group(2));
      }
    }
    for (Map.Entry<String, String> e : request.all().entrySet()) {
      if (e.getKey()
          .matches(
              "(GroupId|NetworkAclId|RouteTableId|SubnetId|VpcId|InternetGatewayId|NatGatewayId"
                  + "|AssociationId|StackName|FlowLogId(\\.\\d+)?)")) {
        ids.add(e.getValue());
      }
    }
    return ids;
  }

  /** The resource names a JSON call names: ARNs and WAF ids. */
  private static List<String> jsonResources(JsonNode in) {
    List<String> ids = new ArrayList<>();
    for (String field :
        List.of(
            "FirewallArn", "FirewallPolicyArn", "RuleGroupArn", "ResourceArn", "Id", "WebACLArn")) {
      if (in.hasNonNull(field)) {
        ids.add(in.get(field).asText());
      }
    }
    // Cloud Control names a resource by its identifier; a compound one starts with its id.
    if (in.hasNonNull("Identifier")) {
      ids.add(in.get("Identifier").asText().split("\\|")[0]);
    }
    return ids;
  }

  /**
   * The fault queued for {@code action}, if any; a slow answer is served here (two seconds late)
   * and is no error.
   */
  private java.util.Optional<Fault> nextFault(String action) {
    List<Fault> queue = faults.get(action);
    if (queue == null || queue.isEmpty()) {
      return java.util.Optional.empty();
    }
    Fault fault = queue.remove(0);
    if (fault == Fault.SLOW) {
      pause();
      return java.util.Optional.empty();
    }
    if (fault == Fault.HANG) {
      hang();
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(fault);
  }

  private java.util.Optional<Fault> injectJsonFault(String operation) {
    java.util.Optional<Fault> next = nextFault(operation);
    if (next.isEmpty() || shapesTheAnswer(next.get())) {
      return next;
    }
    throw switch (next.get()) {
      case THROTTLE -> new AwsError(400, "ThrottlingException", "Rate exceeded");
      case ACCESS_DENIED ->
          new AwsError(
              400, "AccessDeniedException", "User is not authorized to perform: " + operation);
      case INTERNAL -> new AwsError(500, "InternalServerError", "An internal error has occurred");
      case SLOW, HANG, TRUNCATED, REPEATED_TOKEN ->
          throw new IllegalStateException("handled above");
    };
  }

  private static boolean shapesTheAnswer(Fault fault) {
    return fault == Fault.TRUNCATED || fault == Fault.REPEATED_TOKEN;
  }

  /** The answer as a fault that shapes it makes it. */
  private static String shaped(String answer, Fault fault) {
    if (fault == Fault.TRUNCATED) {
      return answer.substring(0, answer.length() / 2);
    }
    String stuck = "<nextToken>stuck</nextToken>";
    if (answer.contains("<nextToken>")) {
      return answer.replaceFirst("<nextToken>[^<]*</nextToken>", stuck);
    }
    int close = answer.lastIndexOf("</");
    return answer.substring(0, close) + stuck + answer.substring(close);
  }

  /** Holds the request's thread until the emulator closes (which interrupts it). */
  private static void hang() {
    try {
      Thread.sleep(java.time.Duration.ofMinutes(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code service} names the IAM namespace of a non-EC2 action ({@code sts}, {@code
   * cloudformation}).
   */
  private java.util.Optional<Fault> injectFault(String action, boolean isEc2, String service) {
    java.util.Optional<Fault> next = nextFault(action);
    if (next.isEmpty() || shapesTheAnswer(next.get())) {
      return next;
    }
    throw switch (next.get()) {
      case THROTTLE ->
          isEc2
              ? new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.")
              : new AwsError(400, "Throttling", "Rate exceeded");
      case ACCESS_DENIED ->
          isEc2
              ? new AwsError(
                  403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
              : new AwsError(
                  403,
                  "AccessDenied",
                  "User: arn:aws:iam::"
                      + this.account
                      + ":user/netdrift-test is not authorized to perform: "
                      + service
                      + ":"
                      + action);
      case INTERNAL -> new AwsError(500, "InternalError", "An internal error has occurred");
      case SLOW, HANG, TRUNCATED, REPEATED_TOKEN ->
          throw new IllegalStateException("handled above");
    };
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
