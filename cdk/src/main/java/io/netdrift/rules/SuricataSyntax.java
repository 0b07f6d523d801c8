package io.netdrift.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of a Suricata rule as Network Firewall takes it, checked before synth so that a rule it
 * would refuse fails with its file and line instead of failing {@code cdk deploy}: an action, a
 * six-part header ({@code proto src port -> dst port}), options in parentheses, each ended by
 * {@code ;}, quotes closed, and exactly one {@code sid} from 1 to 4294967295 (Suricata keeps it as
 * an unsigned 32-bit number).
 */
public final class SuricataSyntax {
  /** The actions Network Firewall's stateful engine takes. */
  static final Set<String> ACTIONS = Set.of("pass", "drop", "reject", "alert");

  static final long MAX_SID = 4_294_967_295L;

  private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern KEYWORD = Pattern.compile("[a-z][a-z0-9_.-]*");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,19}");

  /** A rule that parsed: its action and sid. */
  public record Parsed(String action, long sid) {}

  private SuricataSyntax() {}

  /**
   * The rule in {@code line}, or why Network Firewall would refuse it ({@link RulesException} with
   * {@code where} in front).
   */
  public static Parsed parse(String line, String where) {
    String text = line.trim();
    int open = text.indexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      throw fail(where, "a Suricata rule ends with its options in parentheses", line);
    }
    List<String> header = headerTokens(text.substring(0, open));
    if (header.isEmpty() || !ACTIONS.contains(header.get(0))) {
      throw fail(
          where, "a Suricata rule starts with its action: pass, drop, reject or alert", line);
    }
    if (header.size() != 7) {
      throw fail(
          where,
          "a Suricata rule header is 'action protocol source port -> destination port'",
          line);
    }
    if (!PROTOCOL.matcher(header.get(1)).matches()) {
      throw fail(where, "'" + header.get(1) + "' is not a protocol", line);
    }
    if (!header.get(4).equals("->") && !header.get(4).equals("<>")) {
      throw fail(where, "the direction is -> or <>, not '" + header.get(4) + "'", line);
    }
    List<String[]> options = options(text.substring(open + 1, text.length() - 1), where, line);
    Long sid = null;
    for (String[] option : options) {
      if (option[0].equals("sid")) {
        if (sid != null) {
          throw fail(where, "a rule has one sid", line);
        }
        sid = number(option, where, line);
        if (sid < 1 || sid > MAX_SID) {
          throw fail(where, "sid " + option[1] + " is not within 1-" + MAX_SID, line);
        }
      } else if (option[0].equals("rev")) {
        number(option, where, line);
      }
    }
    if (sid == null) {
      throw fail(where, "not a Suricata rule with a sid", line);
    }
    return new Parsed(header.get(0), sid);
  }

  /** Header tokens; an address or port list in brackets is one token even with spaces inside. */
  private static List<String> headerTokens(String header) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    int depth = 0;
    for (char c : header.toCharArray()) {
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      if (Character.isWhitespace(c) && depth == 0) {
        if (token.length() > 0) {
          tokens.add(token.toString());
          token.setLength(0);
        }
      } else if (!Character.isWhitespace(c)) {
        token.append(c);
      }
    }
    if (token.length() > 0) {
      tokens.add(token.toString());
    }
    return tokens;
  }

  /** {@code keyword} or {@code keyword:value} pairs, each ended by an unquoted {@code ;}. */
  private static List<String[]> options(String body, String where, String line) {
    List<String[]> options = new ArrayList<>();
    StringBuilder option = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        option.append(c).append(body.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        options.add(option(option.toString().trim(), where, line));
        option.setLength(0);
      } else {
        option.append(c);
      }
    }
    if (quoted) {
      throw fail(where, "a quoted option value is not closed", line);
    }
    if (!option.toString().isBlank()) {
      throw fail(
          where, "every option ends with ';', '" + option.toString().trim() + "' does not", line);
    }
    return options;
  }

  private static String[] option(String text, String where, String line) {
    int colon = text.indexOf(':');
    String keyword = (colon < 0 ? text : text.substring(0, colon)).trim();
    if (!KEYWORD.matcher(keyword).matches()) {
      throw fail(where, "'" + keyword + "' is not an option keyword", line);
    }
    return new String[] {keyword, colon < 0 ? "" : text.substring(colon + 1).trim()};
  }

  private static long number(String[] option, String where, String line) {
    return Optional.of(option[1])
        .filter(v -> NUMBER.matcher(v).matches())
        .map(v -> new java.math.BigInteger(v))
        .filter(v -> v.bitLength() < 63)
        .map(java.math.BigInteger::longValue)
        .orElseThrow(
            () -> fail(where, option[0] + " '" + option[1] + "' is not a whole number", line));
  }

  private static RulesException fail(String where, String why, String line) {
    return new RulesException(where + ": " + why + ": " + line);
  }
}
