package io.netdrift.detector.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.baseline.SourceMap;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.policy.Assessment;
import io.netdrift.detector.policy.Severity;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SARIF 2.1.0, for code-scanning dashboards: one rule per finding kind and resource type, a result
 * per finding with its level from the severity, located at the {@code rules/} line that holds the
 * approved value (or the template line of the resource), and a suppression where drift is accepted.
 */
public final class SarifReport implements ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    out.write(JSON.writeValueAsString(toSarif(report, SourceMap.read(Path.of(report.baseline())))));
    out.write(System.lineSeparator());
    out.flush();
  }

  /** The SARIF log of {@code report}, located through {@code sources}. */
  public static ObjectNode toSarif(ScanReport report, SourceMap sources) {
    ObjectNode log = JSON.createObjectNode();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Netdrift");
    String version = SarifReport.class.getPackage().getImplementationVersion();
    driver.put("semanticVersion", version == null ? "0.1.0" : version.replace("-SNAPSHOT", ""));
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode results = run.putArray("results");
    for (Finding f : report.findings()) {
      String ruleId = f.kind().name() + "/" + f.resourceType();
      Assessment a = report.assessment(f);
      Integer index = ruleIndex.get(ruleId);
      if (index == null) {
        index = ruleIndex.size();
        ruleIndex.put(ruleId, index);
        ObjectNode rule = rules.addObject();
        rule.put("id", ruleId);
        rule.put("name", ruleName(f));
        rule.putObject("shortDescription").put("text", describe(f));
        rule.putObject("defaultConfiguration").put("level", "error");
        rule.putObject("properties").putArray("tags").add("security").add("drift");
      }
      ObjectNode result = results.addObject();
      result.put("ruleId", ruleId);
      result.put("ruleIndex", index);
      result.put("level", level(a.severity()));
      result.putObject("message").put("text", f.summary());
      ArrayNode locations = result.putArray("locations");
      ObjectNode location = locations.addObject();
      Optional<SourceMap.Location> where = sources.rules(f).or(() -> sources.template(f));
      where.ifPresent(
          w -> {
            ObjectNode physical = location.putObject("physicalLocation");
            physical
                .putObject("artifactLocation")
                .put("uri", w.uri())
                .put("uriBaseId", "%SRCROOT%");
            physical.putObject("region").put("startLine", w.line());
          });
      ObjectNode logical = location.putArray("logicalLocations").addObject();
      logical.put("name", f.physicalId().isEmpty() ? f.logicalId() : f.physicalId());
      logical.put(
          "fullyQualifiedName",
          f.stack()
              + "/"
              + (f.logicalId().isEmpty() ? f.physicalId() : f.logicalId())
              + (f.property().isEmpty() ? "" : "/" + f.property()));
      logical.put("kind", "resource");
      result.putObject("partialFingerprints").put("netdriftFingerprint/v1", f.fingerprint());
      ObjectNode properties = result.putObject("properties");
      properties.put("severity", a.severity().label());
      properties.put("security-severity", securitySeverity(a.severity()));
      properties.put("exposure", f.exposure().label());
      properties.put("approved", f.approved());
      properties.put("live", f.live());
      properties.put("who", report.attribution(f).describe());
      if (!a.remediation().commands().isEmpty()) {
        properties.put("remediation", String.join("\n", a.remediation().commands()));
      }
      if (a.suppressed()) {
        ObjectNode suppression = result.putArray("suppressions").addObject();
        suppression.put("kind", "external");
        suppression.put("status", "accepted");
        suppression.put("justification", a.suppression().get().describe());
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", report.problems().isEmpty());
    invocation.put("startTimeUtc", report.startedAt().toString());
    invocation.put("endTimeUtc", report.finishedAt().toString());
    invocation.put("exitCode", report.exitCode());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (String problem : report.problems()) {
      ObjectNode n = notifications.addObject();
      n.put("level", "error");
      n.putObject("message").put("text", "not checked: " + problem);
    }
    return log;
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub code scanning ranks security results by this number. */
  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }

  private static String ruleName(Finding f) {
    StringBuilder name = new StringBuilder();
    for (String word : (f.kind().name() + "_" + f.resourceType()).split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(word.substring(0, 1).toUpperCase(Locale.ROOT))
            .append(word.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return name.toString();
  }

  private static String describe(Finding f) {
    return switch (f.kind()) {
      case CHANGED -> f.resourceType() + " differs from the approved baseline";
      case UNMANAGED -> f.resourceType() + " has something live that no template declares";
      case MISSING -> f.resourceType() + " lacks something the approved baseline declares";
      case UNAPPROVED_DEPLOYMENT -> "the deployed template is not the approved one";
      case NOT_DEPLOYED -> "an approved stack is not deployed";
    };
  }
}
