package io.netdrift.detector;

import io.netdrift.detector.live.SdkErrors;
import io.netdrift.detector.model.DriftException;
import java.util.List;
import java.util.Optional;

/** Reads that may fail: a failure becomes a problem naming what was not read. */
final class Reads {
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
