package io.netdrift.detector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.attribution.Attributor;
import io.netdrift.detector.baseline.BaselineMapper;
import io.netdrift.detector.baseline.CloudAssembly;
import io.netdrift.detector.baseline.StackSelection;
import io.netdrift.detector.diff.DocumentSetDiff;
import io.netdrift.detector.diff.Scope;
import io.netdrift.detector.diff.SecurityGroupDiff;
import io.netdrift.detector.diff.TemplateDiff;
import io.netdrift.detector.live.AwsTarget;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.SdkErrors;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.EmbeddedDocuments;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.ManagedDocument;
import io.netdrift.detector.model.NetworkDocuments;
import io.netdrift.detector.model.ResourceDocument;
import io.netdrift.detector.model.SecurityDocuments;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.StackTemplate;
import io.netdrift.detector.report.ScanReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One scan, top to bottom: read the approved assembly, and for each stack read CloudFormation's
 * view, map the template to the model, read live, compare. Anything unreadable is a problem of that
 * stack, so the scan is incomplete instead of clean.
 */
public final class DriftScan {
  private static final com.fasterxml.jackson.databind.ObjectMapper TEMPLATE_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Clock clock;
  private final LiveSource.Factory sources;
  private final CallCounter counter;
  private volatile java.time.Duration deployGrace = Options.DEFAULT_DEPLOY_GRACE;

  /** A scan of AWS that timestamps with {@code clock}. */
  public DriftScan(Clock clock) {
    this(clock, new CallCounter());
  }

  private DriftScan(Clock clock, CallCounter counter) {
    this(clock, LiveSource.aws(counter), counter);
  }

  /**
   * A scan that reads the deployed and live state from {@code sources} (AWS, or a snapshot), and
   * reports the requests {@code counter} counted.
   */
  public DriftScan(Clock clock, LiveSource.Factory sources, CallCounter counter) {
    this.clock = requireNonNull(clock, "clock");
    this.sources = requireNonNull(sources, "sources");
    this.counter = requireNonNull(counter, "counter");
  }

  /**
   * Stacks scanned at once: each has its own clients; the SDK's adaptive retries pace the calls.
   */
  static final int PARALLEL_STACKS = 4;

  /**
   * What to scan and how to reach AWS. {@code roleArn} may hold {@code {account}}, replaced by each
   * stack's account, to assume a reader role per account.
   */
  public record Options(
      Path baseline,
      Optional<String> region,
      Optional<String> profile,
      Optional<URI> endpoint,
      Optional<String> roleArn,
      Attributor.Settings attribution,
      Set<String> focus,
      StackSelection stacks,
      java.time.Duration deployGrace) {
    /** How long a deploy may be under way before a stack that does not settle is alerted. */
    public static final java.time.Duration DEFAULT_DEPLOY_GRACE = java.time.Duration.ofMinutes(60);

    public Options {
      requireNonNull(baseline, "baseline");
      requireNonNull(region, "region");
      requireNonNull(profile, "profile");
      requireNonNull(endpoint, "endpoint");
      requireNonNull(roleArn, "roleArn");
      requireNonNull(attribution, "attribution");
      focus = Set.copyOf(focus);
      requireNonNull(stacks, "stacks");
      requireNonNull(deployGrace, "deployGrace");
    }

    /** Every stack of the assembly. */
    public Options(
        Path baseline,
        Optional<String> region,
        Optional<String> profile,
        Optional<URI> endpoint,
        Optional<String> roleArn,
        Attributor.Settings attribution,
        Set<String> focus) {
      this(
          baseline,
          region,
          profile,
          endpoint,
          roleArn,
          attribution,
          focus,
          StackSelection.all(),
          DEFAULT_DEPLOY_GRACE);
    }

    /** These options, scanning only the stacks {@code selection} selects. */
    public Options withStacks(StackSelection selection) {
      return new Options(
          baseline, region, profile, endpoint, roleArn, attribution, focus, selection, deployGrace);
    }

    /**
     * These options, deferring a stack mid-deploy for up to {@code grace}; past it, the stack is
     * alerted as a deploy that does not settle.
     */
    public Options withDeployGrace(java.time.Duration grace) {
      return new Options(
          baseline, region, profile, endpoint, roleArn, attribution, focus, stacks, grace);
    }

    /** Without attribution. */
    public Options(
        Path baseline,
        Optional<String> region,
        Optional<String> profile,
        Optional<URI> endpoint,
        Optional<String> roleArn) {
      this(baseline, region, profile, endpoint, roleArn, Attributor.Settings.off(), Set.of());
    }

    /** These options, with attribution {@code settings}. */
    public Options withAttribution(Attributor.Settings settings) {
      return new Options(
          baseline, region, profile, endpoint, roleArn, settings, focus, stacks, deployGrace);
    }

    /**
     * These options, checking only the resources with these physical ids (a targeted re-check after
     * a change CloudTrail reported); where no stack manages any of them, the whole assembly is
     * scanned, as an unmanaged resource can only be found that way.
     */
    public Options withFocus(Set<String> physicalIds) {
      return new Options(
          baseline,
          region,
          profile,
          endpoint,
          roleArn,
          attribution,
          physicalIds,
          stacks,
          deployGrace);
    }

    /** Without a role to assume. */
    public Options(
        Path baseline, Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {
      this(baseline, region, profile, endpoint, Optional.empty());
    }
  }

  /**
   * Runs the scan: every stack of the assembly is read and mapped in parallel (each in its own
   * account and region), standalone rules are joined to the groups they belong to wherever those
   * live, then every stack is compared with live in parallel. Throws {@link DriftException} only
   * where the baseline itself is unusable.
   */
  public ScanReport run(Options options) {
    deployGrace = options.deployGrace();
    Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<StackTemplate> templates = options.stacks().select(CloudAssembly.read(options.baseline()));
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(PARALLEL_STACKS, templates.size()));
    List<Prepared> stacks = new ArrayList<>();
    Map<String, Attribution> attributions = new TreeMap<>();
    java.util.concurrent.atomic.AtomicReference<Set<String>> kept =
        new java.util.concurrent.atomic.AtomicReference<>(Set.of());
    try {
      inParallel(pool, templates, t -> prepare(t, options)).forEach(stacks::addAll);
      joinForeignRules(stacks);
      Set<String> owned = owned(stacks);
      scopes(stacks);
      Set<String> focus =
          stacks.stream().anyMatch(p -> p.approved != null && manages(p.approved, options.focus()))
              ? options.focus()
              : Set.of();
      kept.set(focus);
      inParallel(
          pool,
          stacks,
          p -> {
            if (p.result == null) {
              try {
                p.result = focus.isEmpty() ? compare(p, owned) : compareFocused(p, focus);
              } catch (RuntimeException e) {
                // A bug of ours on one stack's answers is that stack's problem, not the scan's end.
                p.findings.clear();
                p.result =
                    StackResult.unchecked(
                        p.label,
                        p.account,
                        p.region,
                        p.stack.status(),
                        List.of("could not compare the stack: " + unexpected(e)));
              }
            }
            return p;
          });
      // One stack after another: CloudTrail answers two lookups a second per account.
      Attributor attributor = new Attributor(options.attribution(), clock.instant());
      for (Prepared p : stacks) {
        if (p.source != null && !p.findings.isEmpty()) {
          attributions.putAll(attributor.attribute(p.source, p.findings));
        }
      }
    } finally {
      pool.shutdownNow();
      stacks.forEach(Prepared::close);
      sources.close();
    }
    List<StackResult> results = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    // In manifest order, whatever order the stacks finished in.
    for (Prepared p : stacks) {
      results.add(p.result);
      findings.addAll(p.findings);
    }
    return new ScanReport(
        started,
        clock.instant().truncatedTo(ChronoUnit.MILLIS),
        options.baseline().toString(),
        results,
        findings,
        counter.counts(),
        attributions,
        io.netdrift.detector.policy.Triage.none(),
        kept.get());
  }

  private static boolean manages(ApprovedStack approved, Set<String> ids) {
    return ids.stream()
        .anyMatch(id -> approved.groups().containsKey(id) || approved.documents().containsKey(id));
  }

  /**
   * A targeted check: only the focused resources this stack manages are read (security groups by
   * id, Network Firewall and WAF resources by id; EC2 network resources through their VPC) and
   * compared; nothing else of the stack is claimed checked.
   */
  private StackResult compareFocused(Prepared p, Set<String> focus) {
    LiveSource aws = p.source;
    ApprovedStack approved = p.approved;
    String name = p.label;
    Reads reads = new Reads(p.problems);
    Map<String, Integer> checked = new TreeMap<>();
    Map<String, ApprovedStack.ManagedGroup> groups = new TreeMap<>();
    approved
        .groups()
        .forEach(
            (id, g) -> {
              if (focus.contains(id)) {
                groups.put(id, g);
                checked.merge("AWS::EC2::SecurityGroup", 1, Integer::sum);
              }
            });
    if (!groups.isEmpty()) {
      reads
          .of(
              "security groups (EC2 DescribeSecurityGroups, DescribeSecurityGroupRules)",
              () -> aws.securityGroups(List.of(), groups.keySet()))
          .ifPresent(
              live -> p.findings.addAll(SecurityGroupDiff.compare(name, groups, Set.of(), live)));
    }
    Map<String, ManagedDocument> documents = new TreeMap<>();
    approved
        .documents()
        .forEach(
            (id, d) -> {
              if (focus.contains(id)) {
                documents.put(id, d);
                checked.merge(d.document().type(), 1, Integer::sum);
              }
            });
    LiveDocuments read = new LiveDocuments();
    Map<String, ResourceDocument> live = read.documents;
    Set<String> awsDefaults = read.awsDefaults;
    Set<String> readTypes = read.types;
    if (documents.values().stream()
        .anyMatch(d -> NetworkDocuments.TYPES.contains(d.document().type()))) {
      read.network(reads, aws, approved);
    }
    // Network Firewall and WAF read by id: only the focused ones.
    read.byId(reads, aws, approved, focus::contains);
    if (!documents.isEmpty()) {
      // Only the focused resources' own documents: nothing else of the VPC is judged here.
      Map<String, ResourceDocument> focusedLive = new TreeMap<>();
      live.forEach(
          (id, d) -> {
            if (focus.contains(id)) {
              focusedLive.put(id, d);
            }
          });
      // What could not be read is not compared: nothing unread is called missing.
      Map<String, ManagedDocument> readable = new TreeMap<>();
      documents.forEach(
          (id, d) -> {
            if (readTypes.contains(d.document().type())) {
              readable.put(id, d);
            }
          });
      p.findings.addAll(DocumentSetDiff.compare(name, readable, focusedLive, awsDefaults));
    }
    p.findings.removeIf(f -> !focus.contains(f.physicalId()));
    return new StackResult(
        name, p.account, p.region, p.stack.status(), checked, Map.of(), Map.of(), p.problems);
  }

  /** Live documents read so far, the types they cover, and what AWS made itself. */
  private static final class LiveDocuments {
    final Map<String, ResourceDocument> documents = new TreeMap<>();
    final Set<String> types = new TreeSet<>();
    final Set<String> awsDefaults = new TreeSet<>();

    /** The EC2 network of the stack's VPCs, in one read that may fail as a whole. */
    void network(Reads reads, LiveSource aws, ApprovedStack approved) {
      reads
          .of(
              "the EC2 network (VPCs, subnets, route tables, network ACLs, gateways, flow logs)",
              () ->
                  aws.network(
                      approved.vpcIds(),
                      java.util.stream.Stream.concat(
                              approved.physicalIds(NetworkDocuments.INTERNET_GATEWAY).stream(),
                              approved.physicalIds(NetworkDocuments.FLOW_LOG).stream())
                          .toList()))
          .ifPresent(
              network -> {
                documents.putAll(network.documents());
                awsDefaults.addAll(network.awsDefaults());
                types.addAll(NetworkDocuments.TYPES);
              });
    }

    /**
     * Network Firewall and WAF resources, read by id: those of {@code approved} {@code keep} keeps.
     */
    void byId(
        Reads reads,
        LiveSource aws,
        ApprovedStack approved,
        java.util.function.Predicate<String> keep) {
      List<ServiceRead> services =
          List.of(
              new ServiceRead(
                  "Network Firewall (firewalls, policies, rule groups, logging)",
                  SecurityDocuments.NFW_TYPES,
                  ids ->
                      aws.firewalls(
                          ids.get(SecurityDocuments.NFW_FIREWALL),
                          ids.get(SecurityDocuments.NFW_POLICY),
                          ids.get(SecurityDocuments.NFW_RULE_GROUP))),
              new ServiceRead(
                  "WAFv2 (web ACLs, IP sets, associations, logging)",
                  SecurityDocuments.WAF_TYPES,
                  ids ->
                      aws.waf(
                          ids.get(SecurityDocuments.WAF_WEB_ACL),
                          ids.get(SecurityDocuments.WAF_IP_SET),
                          ids.get(SecurityDocuments.WAF_RULE_GROUP))),
              new ServiceRead(
                  "network settings of application resources (Cloud Control GetResource)",
                  EmbeddedDocuments.TYPES,
                  aws::embedded));
      for (ServiceRead service : services) {
        Map<String, List<String>> ids = new TreeMap<>();
        service
            .types()
            .forEach(t -> ids.put(t, approved.physicalIds(t).stream().filter(keep).toList()));
        if (ids.values().stream().allMatch(List::isEmpty)) {
          continue;
        }
        reads
            .of(service.what(), () -> service.reader().apply(ids))
            .ifPresent(
                docs -> {
                  documents.putAll(docs);
                  types.addAll(service.types());
                });
      }
    }
  }

  /** One service read by resource ids. */
  private record ServiceRead(
      String what,
      Set<String> types,
      java.util.function.Function<Map<String, List<String>>, Map<String, ResourceDocument>>
          reader) {}

  private static <T, R> List<R> inParallel(
      ExecutorService pool, List<T> items, java.util.function.Function<T, R> work) {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> work.apply(item)));
    }
    List<R> out = new ArrayList<>();
    try {
      for (Future<R> future : futures) {
        out.add(future.get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new DriftException("scan failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriftException("scan interrupted", e);
    }
    return out;
  }

  /** One stack between reading and comparing; {@code result} is set once it is done. */
  private static final class Prepared {
    StackTemplate template;

    /** How reports name the stack: its name, or its path for a nested one ({@code App/Data}). */
    final String label;

    final List<Finding> findings = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    LiveSource source;
    DeployedStack stack;
    String account;
    String region;
    ApprovedStack approved;

    /** The zone of each firewall endpoint of the stack's firewalls, by endpoint id. */
    final Map<String, String> endpointZones = new TreeMap<>();

    /** What a parent's {@code Fn::GetAtt [Nested, Outputs.X]} resolves to, once mapped. */
    final Map<String, JsonNode> outputs = new TreeMap<>();

    List<ApprovedStack.ForeignRule> orphanRules = List.of();

    /** The VPCs in which this stack reports what no template declares. */
    Set<String> scope = Set.of();

    StackResult result;

    Prepared(StackTemplate template, String label) {
      this.template = template;
      this.label = label;
    }

    void close() {
      if (source != null) {
        source.close();
      }
    }
  }

  /**
   * Reads the deployed stack and maps the approved one; ends early where there is nothing to
   * compare.
   */
  private List<Prepared> prepare(StackTemplate template, Options options) {
    Prepared p = new Prepared(template, template.stackName());
    String name = template.stackName();
    p.region =
        options
            .region()
            .or(template::region)
            .orElseThrow(
                () ->
                    new DriftException(
                        "stack "
                            + name
                            + " pins no region in "
                            + template.file()
                            + "; pass --region"));
    p.account = template.account().orElse("");
    Optional<String> roleArn = options.roleArn();
    if (roleArn.isPresent() && roleArn.get().contains("{account}")) {
      if (p.account.isEmpty()) {
        throw new DriftException(
            "stack "
                + name
                + " pins no account in "
                + template.file()
                + "; --role-arn with {account} needs each stack's account");
      }
      roleArn = Optional.of(roleArn.get().replace("{account}", p.account));
    }
    AwsTarget target = new AwsTarget(p.region, options.profile(), options.endpoint(), roleArn);
    p.source = sources.open(name, target);
    List<Prepared> all = new ArrayList<>(List.of(p));
    try {
      Optional<DeployedStack> deployed = p.source.stack(name);
      if (deployed.isEmpty()) {
        p.findings.add(
            Finding.notDeployed(new Finding.Resource(name, "AWS::CloudFormation::Stack", name, ""))
                .approved("deployed")
                .summary(
                    "approved stack "
                        + name
                        + " does not exist in "
                        + p.region
                        + "; run cdk deploy "
                        + name)
                .build());
        p.result = StackResult.unchecked(name, p.account, p.region, "NOT_DEPLOYED", List.of());
        return all;
      }
      map(p, deployed.get(), target, 1, all);
    } catch (DriftException e) {
      throw e;
    } catch (RuntimeException e) {
      // An AWS error, or an answer Netdrift did not expect: this stack is unreadable, not the scan.
      p.result =
          StackResult.unchecked(
              name,
              p.account,
              p.region,
              "UNREADABLE",
              List.of(
                  SdkErrors.explain(e)
                      .map(m -> "could not read from AWS: " + m)
                      .orElseGet(() -> "could not read or map the stack: " + unexpected(e))));
    }
    return all;
  }

  /**
   * A stack not at rest: mid-deploy, its resources are neither the old template nor the new one.
   * Within the deploy grace it is deferred (checked once it settles, not alerted: a deploy is not
   * an incident); a stack that stays unsettled past it (stuck in progress, or rolled back) is an
   * incomplete scan that says how long.
   */
  private StackResult unsettled(String label, String account, String region, DeployedStack stack) {
    Optional<java.time.Duration> age =
        stack.changedAt().map(t -> java.time.Duration.between(t, clock.instant()));
    String since =
        stack
            .changedAt()
            .map(t -> " since " + t + " (" + age.get().toMinutes() + " min)")
            .orElse("");
    if (age.isPresent() && age.get().compareTo(deployGrace) < 0) {
      return StackResult.deferred(
          label,
          account,
          region,
          stack.status(),
          "a deploy is under way: the stack is "
              + stack.status()
              + since
              + "; it is checked once it settles");
    }
    return StackResult.unchecked(
        label,
        account,
        region,
        stack.status(),
        List.of(
            "the stack is "
                + stack.status()
                + since
                + (age.isPresent()
                    ? ", longer than a deploy's " + deployGrace.toMinutes() + " min grace"
                    : "")
                + ": its resources are not what any template says; scan again when it is settled"));
  }

  /** The stacks a template names in {@code Fn::GetStackOutput} by a literal name. */
  private static Set<String> stackOutputNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isObject()) {
      JsonNode call = node.get("Fn::GetStackOutput");
      if (node.size() == 1 && call != null && call.path("StackName").isTextual()) {
        names.add(call.get("StackName").asText());
      }
      node.elements().forEachRemaining(child -> names.addAll(stackOutputNames(child)));
    } else if (node.isArray()) {
      node.forEach(child -> names.addAll(stackOutputNames(child)));
    }
    return names;
  }

  /** Nested stacks deeper than this are a problem, not a recursion without end. */
  private static final int MAX_NESTING = 10;

  /**
   * Maps one deployed stack, its nested stacks first (a parent may read their outputs); every
   * nested stack becomes a stack of the scan of its own, added to {@code all} after its parent.
   */
  private void map(
      Prepared p, DeployedStack stack, AwsTarget target, int depth, List<Prepared> all) {
    StackTemplate template = p.template;
    LiveSource aws = p.source;
    p.stack = stack;
    p.account = stack.account().orElse(p.account);
    String account = p.account;
    String region = p.region;
    if (!stack.settled()) {
      p.result = unsettled(p.label, account, region, stack);
      return;
    }
    List<String> problems = p.problems;
    Reads reads = new Reads(problems);
    Map<String, Map<String, JsonNode>> liveAttributes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> r : iterable(template.template().path("Resources"))) {
      if (r.getValue().path("Type").asText().equals(CloudAssembly.NESTED_STACK)) {
        nested(p, r.getKey(), target, depth, all)
            .ifPresent(child -> liveAttributes.put(r.getKey(), child.outputs));
      }
    }

    // Attributes only the service knows (a firewall's endpoint ids) come from live, first.
    for (DeployedStack.Resource r : stack.resources().values()) {
      if (r.type().equals(SecurityDocuments.NFW_FIREWALL) && !r.physicalId().isEmpty()) {
        reads
            .of(
                "firewall endpoints (Network Firewall DescribeFirewall)",
                () -> aws.firewallEndpoints(r.physicalId()))
            .ifPresent(
                ids -> {
                  liveAttributes.put(r.logicalId(), Map.of("EndpointIds", ids));
                  ids.forEach(
                      id -> {
                        String[] zoneAndEndpoint = id.asText().split(":", 2);
                        if (zoneAndEndpoint.length == 2) {
                          p.endpointZones.put(zoneAndEndpoint[1], zoneAndEndpoint[0]);
                        }
                      });
                });
      }
    }
    // Exports are read only where the template imports one: most stacks need no extra call.
    Map<String, String> exports = new TreeMap<>();
    if (template.template().toString().contains("\"Fn::ImportValue\"")) {
      reads.of("CloudFormation exports (ListExports)", aws::exports).ifPresent(exports::putAll);
    }
    List<String> zones = new ArrayList<>();
    if (template.template().toString().contains("\"Fn::GetAZs\"")) {
      reads
          .of("availability zones (EC2 DescribeAvailabilityZones)", aws::availabilityZones)
          .ifPresent(zones::addAll);
    }
    // Other stacks' outputs are read only where the template names one with Fn::GetStackOutput.
    Map<String, Map<String, String>> stackOutputs = new TreeMap<>();
    for (String other : stackOutputNames(template.template())) {
      // A source of its own: a snapshot keeps this stack's record and the other's apart.
      try (LiveSource outputsOf = sources.open(p.label + " outputs of " + other, target)) {
        reads
            .of(
                "outputs of stack " + other + " (CloudFormation DescribeStacks)",
                () -> outputsOf.stack(other))
            .flatMap(s -> s)
            .ifPresent(s -> stackOutputs.put(other, s.outputs()));
      }
    }
    p.approved =
        BaselineMapper.map(
            template, stack, account, region, liveAttributes, exports, zones, stackOutputs);
    p.outputs.putAll(
        BaselineMapper.outputs(template, stack, account, region, liveAttributes, exports, zones));
  }

  /**
   * The nested stack {@code logicalId} of {@code parent}: its template from the assembly (the
   * {@code aws:asset:path} CDK records), its deployed state by the physical id the parent's stack
   * gives it, mapped and compared as a stack of its own named by its path. A nested template the
   * assembly lacks, or a nested stack that cannot be read, is a problem of the parent: incomplete,
   * never skipped.
   */
  private Optional<Prepared> nested(
      Prepared parent, String logicalId, AwsTarget target, int depth, List<Prepared> all) {
    String path = parent.label + "/" + logicalId;
    Optional<String> physical = parent.stack.physicalId(logicalId);
    if (physical.isEmpty()) {
      // Not deployed: the mapping names it as an approved resource CloudFormation never made.
      return Optional.empty();
    }
    if (depth > MAX_NESTING) {
      parent.problems.add(path + ": nested more than " + MAX_NESTING + " deep; not read");
      return Optional.empty();
    }
    Optional<CloudAssembly.NestedTemplate> nestedTemplate =
        CloudAssembly.nested(parent.template, logicalId);
    if (nestedTemplate.isEmpty()) {
      parent.problems.add(
          "nested stack "
              + path
              + ": its template is not in the assembly ("
              + CloudAssembly.assetPath(parent.template, logicalId).orElse("no aws:asset:path")
              + "); its resources are not checked");
      return Optional.empty();
    }
    // A source of its own, so a snapshot records the nested stack under its path.
    LiveSource source = sources.open(path, target);
    Optional<DeployedStack> deployed;
    try {
      deployed = source.stack(physical.get());
    } catch (RuntimeException e) {
      source.close();
      if (e instanceof DriftException) {
        throw e;
      }
      parent.problems.add(
          "could not read nested stack "
              + path
              + ": "
              + SdkErrors.explain(e).orElseGet(() -> unexpected(e)));
      return Optional.empty();
    }
    if (deployed.isEmpty()) {
      source.close();
      parent.problems.add("nested stack " + path + " (" + physical.get() + ") does not exist");
      return Optional.empty();
    }
    Prepared child =
        new Prepared(
            new StackTemplate(
                deployed.get().stackName(),
                parent.template.account(),
                parent.template.region(),
                nestedTemplate.get().file(),
                nestedTemplate.get().template(),
                path),
            path);
    child.source = source;
    child.region = parent.region;
    child.account = parent.account;
    all.add(child);
    map(child, deployed.get(), target, depth + 1, all);
    return Optional.of(child);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }

  /**
   * Every physical id some deployed stack of the assembly owns, mapped or not: a live resource one
   * of them owns is never unmanaged, whichever stack's VPC it sits in.
   */
  private static Set<String> owned(List<Prepared> stacks) {
    Set<String> owned = new TreeSet<>();
    for (Prepared p : stacks) {
      if (p.stack != null) {
        p.stack.resources().values().stream()
            .map(DeployedStack.Resource::physicalId)
            .filter(id -> !id.isEmpty())
            .forEach(owned::add);
      }
    }
    return owned;
  }

  /**
   * Which stack reports what no template declares in each managed VPC, so a hand-made group is one
   * finding, not one per stack with resources there: the stack that declares the VPC, or where no
   * stack of the assembly does (an imported VPC), the first stack with resources in it.
   */
  private static void scopes(List<Prepared> stacks) {
    Map<String, Prepared> owner = new java.util.LinkedHashMap<>();
    for (Prepared p : stacks) {
      if (p.approved != null) {
        p.approved.physicalIds(NetworkDocuments.VPC).forEach(v -> owner.putIfAbsent(v, p));
      }
    }
    for (Prepared p : stacks) {
      if (p.approved != null) {
        p.approved.vpcIds().forEach(v -> owner.putIfAbsent(v, p));
      }
    }
    for (Prepared p : stacks) {
      if (p.approved != null) {
        Set<String> mine = new TreeSet<>();
        p.approved
            .vpcIds()
            .forEach(
                v -> {
                  if (owner.get(v) == p) {
                    mine.add(v);
                  }
                });
        p.scope = mine;
      }
    }
  }

  /**
   * A standalone rule one stack declares on a group another stack manages is part of that group's
   * approved rules, compared there; one on a group no stack of the assembly manages is checked for
   * presence by the stack that declares it.
   */
  private static void joinForeignRules(List<Prepared> stacks) {
    Map<String, Prepared> owners = new TreeMap<>();
    for (Prepared p : stacks) {
      if (p.approved != null) {
        p.approved.groups().keySet().forEach(id -> owners.put(id, p));
      }
    }
    Map<Prepared, List<ApprovedStack.ForeignRule>> joined = new java.util.LinkedHashMap<>();
    for (Prepared p : stacks) {
      if (p.approved == null) {
        continue;
      }
      List<ApprovedStack.ForeignRule> orphans = new ArrayList<>();
      for (ApprovedStack.ForeignRule rule : p.approved.foreignRules()) {
        Prepared owner = owners.get(rule.groupId());
        if (owner == null) {
          orphans.add(rule);
        } else {
          joined.computeIfAbsent(owner, k -> new ArrayList<>()).add(rule);
        }
      }
      p.orphanRules = orphans;
    }
    joined.forEach((owner, rules) -> owner.approved = owner.approved.withForeignRules(rules));
  }

  /**
   * One mapped stack against live: each reader, each comparison. A reader that fails leaves its
   * resource kinds unchecked and says so; the others are still compared, and nothing unread is
   * called missing.
   */
  private StackResult compare(Prepared p, Set<String> owned) {
    LiveSource aws = p.source;
    ApprovedStack approved = p.approved;
    StackTemplate template = p.template;
    String name = p.label;
    List<Finding> findings = p.findings;
    List<String> problems = p.problems;
    Reads reads = new Reads(problems);
    reads
        .of(
            "the deployed template (CloudFormation GetTemplate)",
            () -> compareTemplates(aws, template, p.stack, p.label, problems))
        .flatMap(f -> f)
        .ifPresent(findings::add);
    Optional<Map<String, io.netdrift.detector.model.SecurityGroup>> liveGroups =
        reads.of(
            "security groups (EC2 DescribeSecurityGroups, DescribeSecurityGroupRules)",
            () -> aws.securityGroups(approved.vpcIds(), approved.groups().keySet()));
    boolean groupsRead = liveGroups.isPresent();
    liveGroups.ifPresent(
        live -> {
          findings.addAll(
              SecurityGroupDiff.compare(
                  name, approved.groups(), new Scope(p.scope, owned, approved.partial()), live));
          findings.addAll(
              SecurityGroupDiff.lockedDefaultGroups(name, approved.lockedDefaultGroupVpcs(), live));
        });
    LiveDocuments read = new LiveDocuments();
    read.network(reads, aws, approved);
    Map<String, ResourceDocument> liveDocuments = read.documents;
    Set<String> readTypes = read.types;
    Set<String> awsDefaults = read.awsDefaults;
    read.byId(reads, aws, approved, id -> true);
    Map<String, ManagedDocument> comparable = new TreeMap<>();
    approved
        .documents()
        .forEach(
            (id, d) -> {
              if (readTypes.contains(d.document().type())) {
                comparable.put(id, d);
              }
            });
    findings.addAll(
        DocumentSetDiff.compare(
            name,
            comparable,
            liveDocuments,
            awsDefaults,
            new Scope(p.scope, owned, approved.partial()),
            p.endpointZones));
    for (String logicalId : approved.notDeployed()) {
      findings.add(
          Finding.unapprovedDeployment(
                  new Finding.Resource(
                      name,
                      template.template().path("Resources").path(logicalId).path("Type").asText(),
                      logicalId,
                      ""))
              .approved("in template")
              .summary(
                  "approved resource "
                      + logicalId
                      + " is not in the deployed stack; run cdk deploy "
                      + name)
              .build());
    }
    if (!p.orphanRules.isEmpty()) {
      Set<String> groupIds = new TreeSet<>();
      p.orphanRules.forEach(r -> groupIds.add(r.groupId()));
      reads
          .of(
              "security groups of other stacks (EC2 DescribeSecurityGroups)",
              () -> aws.securityGroups(List.of(), groupIds))
          .ifPresent(
              live -> findings.addAll(SecurityGroupDiff.foreignRules(name, p.orphanRules, live)));
    }
    Set<String> unread = new TreeSet<>();
    if (!groupsRead) {
      unread.add(SG_READ);
    }
    if (!readTypes.contains(NetworkDocuments.VPC)) {
      unread.add(NETWORK_READ);
    }
    Map.of(
            NFW_READ,
            SecurityDocuments.NFW_TYPES,
            WAF_READ,
            SecurityDocuments.WAF_TYPES,
            EMBEDDED_READ,
            EmbeddedDocuments.TYPES)
        .forEach(
            (service, types) -> {
              if (types.stream()
                  .anyMatch(t -> !approved.physicalIds(t).isEmpty() && !readTypes.contains(t))) {
                unread.add(service);
              }
            });
    return result(p, approved, unread, concat(approved.problems(), problems), liveDocuments);
  }

  private static final String SG_READ = "security groups";
  private static final String NETWORK_READ = "the EC2 network";
  private static final String NFW_READ = "Network Firewall";
  private static final String WAF_READ = "WAFv2";
  private static final String EMBEDDED_READ = "Cloud Control";

  /** Which live read a compared template type depends on. */
  private static String readOf(String type) {
    if (type.startsWith("AWS::EC2::SecurityGroup")) {
      return SG_READ;
    }
    if (type.startsWith("AWS::NetworkFirewall::")) {
      return NFW_READ;
    }
    if (EmbeddedDocuments.TYPES.contains(type)) {
      return EMBEDDED_READ;
    }
    return type.startsWith("AWS::WAFv2::") ? WAF_READ : NETWORK_READ;
  }

  /**
   * What the stack's report says: only what was compared counts as checked; a resource that could
   * not be mapped, whose type Netdrift cannot compare, or whose live read failed, is not checked,
   * named with why. Rule groups Firewall Manager put into a managed web ACL are the Firewall
   * Manager policy's: counted out of scope, as {@code AWS::FMS::Policy}.
   */
  private static StackResult result(
      Prepared p,
      ApprovedStack approved,
      Set<String> unread,
      List<String> problems,
      Map<String, ResourceDocument> live) {
    Map<String, Integer> checked = new TreeMap<>(approved.coverage());
    Map<String, Integer> notChecked = new TreeMap<>(approved.notChecked());
    List<StackResult.Unchecked> unchecked = new ArrayList<>();
    JsonNode resources = p.template.template().path("Resources");
    approved
        .unmapped()
        .forEach(
            (logicalId, reason) ->
                unchecked.add(
                    new StackResult.Unchecked(
                        resources.path(logicalId).path("Type").asText(), logicalId, reason)));
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      String type = r.getValue().path("Type").asText();
      if (approved.unmapped().containsKey(r.getKey())
          || !checked.containsKey(type)
          || !unread.contains(readOf(type))) {
        continue;
      }
      unchecked.add(
          new StackResult.Unchecked(
              type, r.getKey(), "its live state (" + readOf(type) + ") could not be read"));
    }
    unread.forEach(
        read ->
            List.copyOf(checked.keySet()).stream()
                .filter(type -> readOf(type).equals(read))
                .forEach(type -> notChecked.merge(type, checked.remove(type), Integer::sum)));
    return new StackResult(
        p.label,
        p.account,
        p.region,
        p.stack.status(),
        checked,
        notChecked,
        withFirewallManager(approved.outOfScope(), live),
        problems,
        unchecked,
        false);
  }

  private static Map<String, Integer> withFirewallManager(
      Map<String, Integer> outOfScope, Map<String, ResourceDocument> live) {
    Map<String, Integer> counted = new TreeMap<>(outOfScope);
    live.values()
        .forEach(
            d -> {
              int groups = d.document().path(SecurityDocuments.FIREWALL_MANAGER_RULE_GROUPS).size();
              if (groups > 0) {
                counted.merge("AWS::FMS::Policy", groups, Integer::sum);
              }
            });
    return counted;
  }

  /** Reads that may fail: a failure becomes a problem naming what was not read. */
  private static final class Reads {
    private final List<String> problems;

    Reads(List<String> problems) {
      this.problems = problems;
    }

    <T> Optional<T> of(String what, java.util.function.Supplier<T> read) {
      try {
        return Optional.ofNullable(read.get());
      } catch (DriftException e) {
        throw e;
      } catch (RuntimeException e) {
        // A failed call, or an answer a reader did not expect: what it would have read stays
        // unchecked.
        problems.add(
            "could not read " + what + ": " + SdkErrors.explain(e).orElseGet(() -> unexpected(e)));
        return Optional.empty();
      }
    }
  }

  /**
   * The three-way check: what CloudFormation deployed against what main approved. A template that
   * is not JSON (a YAML deploy) cannot be compared and says so.
   */
  private Optional<Finding> compareTemplates(
      LiveSource aws,
      StackTemplate template,
      DeployedStack stack,
      String label,
      List<String> problems) {
    String body = aws.template(stack.stackName());
    JsonNode deployed;
    try {
      deployed = TEMPLATE_JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(
          "the deployed template is not JSON; it cannot be compared with the approved one");
      return Optional.empty();
    }
    return TemplateDiff.compare(label, template.template(), deployed);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** An exception Netdrift did not expect, in one line that names it for a bug report. */
  static String unexpected(RuntimeException e) {
    StackTraceElement[] trace = e.getStackTrace();
    String where = trace.length == 0 ? "" : " at " + trace[0];
    return "unexpected "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + where
        + "; please report it";
  }
}
