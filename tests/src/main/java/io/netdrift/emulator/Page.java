package io.netdrift.emulator;

import java.util.List;

/**
 * One page of a list answer. The token is the offset, as opaque to the client as AWS's own; the
 * page size is the caller's {@code MaxResults} within the API's bounds, or the service default.
 */
record Page<T>(List<T> items, String nextToken) {
  static <T> Page<T> of(List<T> all, QueryRequest request, int min, int max, int cap) {
    int size = request.get("MaxResults").map(Integer::parseInt).orElse(max);
    if (size < min || size > max) {
      throw new AwsError(
          400,
          "InvalidParameterValue",
          "Value ( "
              + size
              + " ) for parameter maxResults is invalid. Expecting a value between "
              + min
              + " and "
              + max
              + ".");
    }
    return slice(all, request.get("NextToken").orElse(null), Math.min(size, cap));
  }

  static <T> Page<T> slice(List<T> all, String token, int size) {
    int start;
    try {
      start = token == null ? 0 : Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new AwsError(400, "InvalidParameterValue", "Invalid NextToken");
    }
    int end = Math.min(all.size(), start + size);
    return new Page<>(
        all.subList(Math.min(start, all.size()), end),
        end < all.size() ? Integer.toString(end) : null);
  }
}
