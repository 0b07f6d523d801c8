package io.netdrift.detector;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.live.LiveSource;
import io.netdrift.detector.model.ApprovedStack;
import io.netdrift.detector.model.DeployedStack;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.model.StackTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One stack between reading and comparing; {@code result} is set once it is done. */
final class StackPlan {
  StackTemplate template;

  /** How reports name the stack: its name, or its path for a nested one ({@code App/Data}). */
  final String label;

  final List<Finding> findings = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  LiveSource source;
  DeployedStack stack;
  String account;
  String region;
  ApprovedStack approved;

  /** The zone of each firewall endpoint of the stack's firewalls, by endpoint id. */
  final Map<String, String> endpointZones = new TreeMap<>();

  /** What a parent's {@code Fn::GetAtt [Nested, Outputs.X]} resolves to, once mapped. */
  final Map<String, JsonNode> outputs = new TreeMap<>();

  List<ApprovedStack.ForeignRule> orphanRules = List.of();

  /** The VPCs in which this stack reports what no template declares. */
  Set<String> scope = Set.of();

  StackResult result;

  /**
   * The stack's place in the scan, from 1 (a nested stack takes its parent's): where a rate limit
   * is short, its calls take the bucket's tokens after those of the stacks before it.
   */
  int rank;

  StackPlan(StackTemplate template, String label) {
    this.template = template;
    this.label = label;
  }

  void close() {
    if (source != null) {
      source.close();
    }
  }
}
