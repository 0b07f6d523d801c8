package io.netdrift.detector.model;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A pattern where {@code *} stands for any text and everything else is literal. */
public record Glob(String text, Pattern pattern) {
  /** A glob from its text. */
  public static Glob of(String text) {
    String regex =
        Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return new Glob(text, Pattern.compile(regex, Pattern.DOTALL));
  }

  /** True when {@code value} matches the whole pattern. */
  public boolean matches(String value) {
    return pattern.matcher(value).matches();
  }
}
