package io.netdrift.detector.lambda;

import io.netdrift.detector.model.DriftException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The function's environment, as the detector stack sets it: a blank value is no value. */
record FunctionEnv(Map<String, String> values) {
  /** The value of {@code name}, where set and not blank. */
  Optional<String> optional(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** The value of {@code name}; a clear error where the stack did not set it. */
  String required(String name) {
    return optional(name)
        .orElseThrow(() -> new DriftException("the function's environment lacks " + name));
  }

  /** A comma-separated list, trimmed; empty where unset. */
  List<String> list(String name) {
    return optional(name).stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .toList();
  }
}
