package io.netdrift.rules;

import static io.netdrift.rules.YamlNode.required;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values every rules file is made of, each read with the error a reviewer needs at its place:
 * names, booleans, protocols and ports, CIDR blocks, priorities, log retention, referenced files.
 */
final class RuleFields {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final Pattern IPV6_CIDR = Pattern.compile("([0-9a-fA-F:]+)/(\\d{1,3})");

  private RuleFields() {}

  static int retention(YamlNode node) {
    if (!RulesLoader.RETENTION_DAYS.contains(node.integer())) {
      throw node.error(
          "CloudWatch Logs keeps logs for one of "
              + RulesLoader.RETENTION_DAYS
              + " days, not "
              + node.text());
    }
    return node.integer();
  }

  static int priority(YamlNode node, Set<Integer> used) {
    if (node.integer() < 0 || !used.add(node.integer())) {
      throw node.error(
          "priority " + node.text() + " must be zero or more and used by one rule only");
    }
    return node.integer();
  }

  static List<String> actions(YamlNode node, Set<String> allowed) {
    List<String> actions = new ArrayList<>();
    for (YamlNode a : node.sequence()) {
      if (!allowed.contains(a.text())) {
        throw a.error(
            "'"
                + a.text()
                + "' is not one of "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      actions.add(a.text());
    }
    return actions;
  }

  /** A line of a list file the rules name, trimmed, with its place ({@code file:line}). */
  record Line(String text, String where) {}

  /**
   * The lines of a list file the rules name (Suricata rules, domains, addresses) that say
   * something: blank lines and {@code #} comments are skipped. A file that cannot be read is an
   * error at {@code reference}, the key that names it.
   */
  static List<Line> entries(Path file, YamlNode reference) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw reference.error("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    List<Line> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.isEmpty() && !line.startsWith("#")) {
        entries.add(new Line(line, file + ":" + (i + 1)));
      }
    }
    return entries;
  }

  static String protocol(YamlNode node, Set<String> allowed) {
    String protocol = node.text().toLowerCase(Locale.ROOT);
    if (!allowed.contains(protocol)) {
      throw node.error(
          "protocol must be one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + "; not '"
              + node.text()
              + "'");
    }
    return protocol;
  }

  static int[] ports(String protocol, Map<String, YamlNode> entry, YamlNode parent) {
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      if (entry.containsKey("ports")) {
        throw entry.get("ports").error("protocol " + protocol + " has no ports; remove 'ports'");
      }
      return new int[] {-1, -1};
    }
    YamlNode ports = required(entry, parent, "ports");
    Matcher m = PORTS.matcher(ports.text().trim());
    if (!m.matches()) {
      throw ports.error("ports must be a port (443) or a range (1024-65535)");
    }
    int from = Integer.parseInt(m.group(1));
    int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
    if (from > 65535 || to > 65535 || from > to) {
      throw ports.error("port range '" + ports.text() + "' is not within 0-65535 in order");
    }
    return new int[] {from, to};
  }

  static String segmentRef(YamlNode node, Set<String> segments) {
    return segmentRef(node, node.text(), segments);
  }

  static String segmentRef(YamlNode node, String name, Set<String> segments) {
    if (!segments.contains(name)) {
      throw node.error(
          "unknown segment '" + name + "'; network.yaml declares: " + String.join(", ", segments));
    }
    return name;
  }

  static boolean bool(YamlNode node) {
    return switch (node.text()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw node.error("expected true or false, found '" + node.text() + "'");
    };
  }

  static String name(YamlNode node, String name) {
    if (!NAME.matcher(name).matches()) {
      throw node.error(
          "'" + name + "' must be lower case letters, digits and dashes, starting with a letter");
    }
    return name;
  }

  static void checkCidr(YamlNode node) {
    if (node.text().contains(":")) {
      checkIpv6Cidr(node);
    } else {
      checkIpv4Cidr(node);
    }
  }

  static void checkIpv4Cidr(YamlNode node) {
    if (Cidrs.parseIpv4(node.text()) == null) {
      throw node.error("'" + node.text() + "' is not an IPv4 CIDR block such as 10.10.0.0/16");
    }
  }

  static void checkIpv6Cidr(YamlNode node) {
    Matcher m = IPV6_CIDR.matcher(node.text());
    if (!m.matches()
        || Integer.parseInt(m.group(2)) > 128
        || m.group(1).split(":", -1).length > 8) {
      throw node.error("'" + node.text() + "' is not an IPv6 CIDR block such as 2001:db8::/32");
    }
  }
}
