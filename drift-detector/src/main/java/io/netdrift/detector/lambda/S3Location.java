package io.netdrift.detector.lambda;

import io.netdrift.detector.model.DriftException;

/**
 * Where a function's objects are: {@code s3://bucket/prefix/}, as its environment names them (the
 * baseline, an organisation run's items and outcomes, each account's alert state).
 *
 * @param prefix empty, or ending in {@code /}
 * @param location as the environment gave it, for messages
 */
record S3Location(String bucket, String prefix, String location) {
  /** {@code location} read; a clear error naming the setting {@code name} where it is not one. */
  static S3Location of(String location, String name) {
    if (!location.startsWith("s3://") || location.length() <= 5) {
      throw new DriftException(name + " is an s3://bucket/prefix location, not '" + location + "'");
    }
    String rest = location.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Location(bucket, prefix, location);
  }
}
