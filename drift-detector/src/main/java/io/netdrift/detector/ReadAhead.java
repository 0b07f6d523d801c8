package io.netdrift.detector;

import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.live.RequestPacer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A stack's source whose independent reads are started all at once, before its comparison asks for
 * them one after the other: each read waits on AWS's latency at the same time as the others, not
 * after them. The comparison asks {@link #source} exactly as it would ask the stack's own source; a
 * read started ahead answers from what was read (its error is thrown then, as the read's own), any
 * other is read when asked. Nothing read ahead changes what a read answers.
 */
final class ReadAhead {
  private final LiveSource source;
  private final int rank;
  private final Executor pool;
  private final Map<List<Object>, CompletableFuture<Object>> started = new ConcurrentHashMap<>();

  private ReadAhead(LiveSource source, int rank, Executor pool) {
    this.source = source;
    this.rank = rank;
    this.pool = pool;
  }

  /**
   * Gives {@code p} the source that answers from the reads started ahead through the answer ({@link
   * #start}); any other read is made when asked. The reads started ahead keep {@code p}'s rank in
   * the queue for a token.
   */
  static ReadAhead over(StackPlan p, Executor pool) {
    ReadAhead ahead = new ReadAhead(p.source, p.rank, pool);
    p.source = ahead.proxy(false);
    return ahead;
  }

  /**
   * Starts the reads {@code reads} makes of the source it is given: it is answered nothing, but a
   * registry schema, which tells which reads follow it, once read.
   */
  void start(Consumer<LiveSource> reads) {
    reads.accept(proxy(true));
  }

  /** Reads whose answer the reads started after them depend on: made while starting. */
  private static final Set<String> NEEDED_TO_START = Set.of("resourceSchema");

  private LiveSource proxy(boolean starting) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          List<Object> call = new ArrayList<>();
          call.add(method.getName());
          call.addAll(args == null ? List.of() : Arrays.asList(args));
          if (method.getName().equals("close")) {
            started.values().forEach(f -> f.cancel(true));
            return starting ? null : method.invoke(source, args);
          }
          if (starting) {
            CompletableFuture<Object> read =
                started.computeIfAbsent(
                    call,
                    k ->
                        CompletableFuture.supplyAsync(
                            () -> RequestPacer.ranked(rank, () -> invoke(method, args)), pool));
            return NEEDED_TO_START.contains(method.getName()) ? answer(read) : null;
          }
          CompletableFuture<Object> read = started.remove(call);
          return read == null ? invoke(method, args) : answer(read);
        };
    return (LiveSource)
        Proxy.newProxyInstance(
            LiveSource.class.getClassLoader(), new Class<?>[] {LiveSource.class}, handler);
  }

  /** What a read started ahead answered, once it has; its error as the read's own. */
  private static Object answer(CompletableFuture<Object> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private Object invoke(Method method, Object[] args) {
    try {
      return method.invoke(source, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
