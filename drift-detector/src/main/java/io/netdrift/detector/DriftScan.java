package io.netdrift.detector;

import static java.util.Objects.requireNonNull;

import io.netdrift.detector.attribution.Attributor;
import io.netdrift.detector.baseline.CloudAssembly;
import io.netdrift.detector.live.CallCounter;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.RequestPacer;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.DriftException;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.SecurityGroupRule;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.StackTemplate;
import io.netdrift.detector.policy.Triage;
import io.netdrift.detector.report.ScanReport;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * One scan, top to bottom: read the approved assembly; per stack, read CloudFormation's view and
 * map the template onto it ({@link StackPreparation}); join what crosses stacks ({@link
 * AcrossStacks}); per stack, read live and compare ({@link StackComparison}); say who made each
 * change. Anything unreadable is a problem of that stack, so the scan is incomplete, never clean.
 */
public final class DriftScan {
  /**
   * Stacks prepared and compared at once: those of one account and region share their clients,
   * their EC2 reads and a request pacer that keeps the calls inside the APIs' rate limits.
   */
  static final int PARALLEL_STACKS = 16;

  /**
   * Reads in flight at once across the stacks compared: each stack's independent reads are started
   * together ({@link ReadAhead}); the request pacer keeps them inside the APIs' rate limits.
   */
  static final int PARALLEL_READS = 32;

  private final Clock clock;
  private final LiveSource.Factory sources;
  private final CallCounter counter;

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
   * Runs the scan, stacks in parallel (each in its own account and region), results in manifest
   * order. Throws {@link DriftException} only where the baseline itself is unusable.
   */
  public ScanReport run(ScanOptions options) {
    Instant started = now();
    List<StackTemplate> assembly = CloudAssembly.read(options.baseline());
    List<StackTemplate> templates = options.stacks().select(assembly);
    StackPreparation preparation =
        new StackPreparation(clock, sources, options.deployGrace(), templates, assembly);
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(PARALLEL_STACKS, templates.size()));
    ExecutorService reads = Executors.newFixedThreadPool(PARALLEL_READS);
    List<StackPlan> stacks = new ArrayList<>();
    Set<String> focus = Set.of();
    Map<String, Attribution> attributions = new TreeMap<>();
    try {
      // A scan of the whole assembly starts each stack's own reads as soon as it is prepared.
      boolean whole = options.focus().isEmpty();
      // Where a rate limit is short, the stacks' calls take its tokens in the scan's order.
      inParallel(
              pool,
              IntStream.range(0, templates.size()).boxed().toList(),
              i ->
                  RequestPacer.ranked(
                      i + 1,
                      () -> {
                        List<StackPlan> prepared = preparation.prepare(templates.get(i), options);
                        prepared.forEach(p -> p.rank = i + 1);
                        if (whole) {
                          prepared.stream()
                              .filter(DriftScan::comparable)
                              .forEach(
                                  p -> ReadAhead.over(p, reads).start(s -> startOwnReads(p, s)));
                        }
                        return prepared;
                      }))
          .forEach(stacks::addAll);
      AcrossStacks.joinForeignRules(stacks);
      AcrossStacks.scopes(stacks);
      Set<String> owned = AcrossStacks.owned(stacks);
      Map<String, Set<SecurityGroupRule.Key>> foreignRules = AcrossStacks.foreignRules(stacks);
      focus = AcrossStacks.focus(stacks, options.focus());
      if (focus.isEmpty()) {
        List<StackPlan> comparing = stacks.stream().filter(DriftScan::comparable).toList();
        comparing.forEach(LiveDocuments::expect);
        comparing.forEach(p -> p.source.readShared());
        if (!whole) {
          // Focused ids no stack manages: the whole assembly is compared after all.
          comparing.forEach(p -> ReadAhead.over(p, reads).start(s -> startOwnReads(p, s)));
        }
      }
      Set<String> checking = focus;
      inParallel(
          pool,
          stacks,
          p -> RequestPacer.ranked(p.rank, () -> compare(p, owned, foreignRules, checking)));
      attributions.putAll(attribute(stacks, options.attribution()));
    } finally {
      pool.shutdownNow();
      reads.shutdownNow();
      stacks.forEach(StackPlan::close);
      sources.close();
    }
    List<StackResult> results = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (StackPlan p : stacks) {
      results.add(p.result);
      findings.addAll(p.findings);
    }
    return new ScanReport(
        started,
        now(),
        options.baseline().toString(),
        results,
        findings,
        counter.counts(),
        attributions,
        Triage.none(),
        focus);
  }

  /** Whether preparation left {@code p} open, with a source to read and a stack to compare. */
  private static boolean comparable(StackPlan p) {
    return p.result == null && p.source != null && p.approved != null;
  }

  /**
   * Starts the reads of {@code p}'s own; a bug of ours in starting them is found again, and said,
   * when the comparison makes them.
   */
  private static void startOwnReads(StackPlan p, LiveSource starter) {
    try {
      StackComparison.startOwnReads(p, starter);
    } catch (RuntimeException e) {
      // The comparison reads what was not started.
    }
  }

  /**
   * Compares a stack that preparation left open; a bug of ours on one stack's answers is that
   * stack's problem, not the scan's end.
   */
  private static StackPlan compare(
      StackPlan p,
      Set<String> owned,
      Map<String, Set<SecurityGroupRule.Key>> foreignRules,
      Set<String> focus) {
    if (p.result != null) {
      return p;
    }
    try {
      p.result =
          focus.isEmpty()
              ? StackComparison.compare(p, owned, foreignRules)
              : StackComparison.compareFocused(p, focus);
    } catch (RuntimeException e) {
      p.findings.clear();
      p.result =
          StackResult.unchecked(
              p.label,
              p.account,
              p.region,
              p.stack.status(),
              List.of("could not compare the stack: " + Reads.unexpected(e)));
    }
    return p;
  }

  /** Who made each change: one stack after another, as CloudTrail answers two lookups a second. */
  private Map<String, Attribution> attribute(List<StackPlan> stacks, Attributor.Settings settings) {
    Attributor attributor = new Attributor(settings, clock.instant());
    Map<String, Attribution> attributions = new TreeMap<>();
    for (StackPlan p : stacks) {
      if (p.source != null && !p.findings.isEmpty()) {
        attributions.putAll(attributor.attribute(p.source, p.findings));
      }
    }
    return attributions;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

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
}
