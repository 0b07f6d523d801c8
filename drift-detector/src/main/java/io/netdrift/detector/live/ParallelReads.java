package io.netdrift.detector.live;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads that depend on nothing read before them, made at once so that each waits on AWS's latency
 * beside the others: each on a daemon thread of its own (at most {@code threads}), started by one
 * caller, which alone waits for them. A read's error is thrown where its answer is asked for, as it
 * would be thrown by the read itself.
 */
final class ParallelReads implements AutoCloseable {
  private final ExecutorService pool;

  ParallelReads(int threads, String name) {
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts {@code read}, its calls ranked as the caller's in the queue for a token. */
  <T> Future<T> start(Callable<T> read) {
    int rank = RequestPacer.rank();
    return pool.submit(() -> RequestPacer.ranked(rank, () -> call(read)));
  }

  private static <T> T call(Callable<T> read) {
    try {
      return read.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer of a read started here or elsewhere, once it is there; its error as its own. */
  static <T> T join(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a read", e);
    }
  }

  /** Stops what is still running: only a read whose answer nobody will ask for. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
