package io.netdrift.detector.policy;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A pattern where {@code *} stands for any text and everything else is literal. */
record Glob(String text, Pattern pattern) {
  static Glob of(String text) {
    String regex =
        Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return new Glob(text, Pattern.compile(regex, Pattern.DOTALL));
  }

  boolean matches(String value) {
    return pattern.matcher(value).matches();
  }
}
