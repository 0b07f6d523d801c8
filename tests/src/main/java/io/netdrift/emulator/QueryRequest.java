package io.netdrift.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A form-encoded AWS Query request ({@code Action=…&Version=…&Filter.1.Name=…}), with the helpers
 * to read the numbered lists the EC2 and query protocols flatten into keys.
 */
final class QueryRequest {
  private final Map<String, String> params;

  private QueryRequest(Map<String, String> params) {
    this.params = params;
  }

  static QueryRequest parse(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return new QueryRequest(params);
  }

  String action() {
    return params.getOrDefault("Action", "");
  }

  String version() {
    return params.getOrDefault("Version", "");
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(params.get(key));
  }

  /** This request without parameter {@code key}. */
  QueryRequest without(String key) {
    Map<String, String> rest = new LinkedHashMap<>(params);
    rest.remove(key);
    return new QueryRequest(rest);
  }

  Map<String, String> all() {
    return Collections.unmodifiableMap(params);
  }

  /** {@code prefix.1}, {@code prefix.2}, … for as long as they exist. */
  List<String> list(String prefix) {
    List<String> values = new ArrayList<>();
    for (int i = 1; params.containsKey(prefix + "." + i); i++) {
      values.add(params.get(prefix + "." + i));
    }
    return values;
  }

  /** The member prefixes {@code prefix.1.}, {@code prefix.2.}, … for lists of structures. */
  List<String> members(String prefix) {
    List<String> members = new ArrayList<>();
    for (int i = 1; hasAnyUnder(prefix + "." + i + "."); i++) {
      members.add(prefix + "." + i + ".");
    }
    return members;
  }

  private boolean hasAnyUnder(String prefix) {
    return params.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** EC2 filters: name → values. */
  Map<String, List<String>> filters() {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (String member : members("Filter")) {
      filters.put(params.get(member + "Name"), list(member + "Value"));
    }
    return filters;
  }
}
