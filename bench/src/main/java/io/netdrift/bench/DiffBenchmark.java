package io.netdrift.bench;

import io.netdrift.detector.diff.SecurityGroupDiff;
import io.netdrift.detector.model.ApprovedStack.ManagedGroup;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroup;
import io.netdrift.detector.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Normalize and diff 100,000 security group rules (5,000 groups of 20), the approved side spelled
 * as templates write it and the live side as EC2 answers it, one rule in each group changed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DiffBenchmark {
  static final int GROUPS = 5000;
  static final int RULES = 20;

  /** Raw rule fields: protocol, from, to, cidr, as both sides hand them over. */
  String[][] approvedRaw;

  String[][] liveRaw;

  @Setup
  public void generate() {
    approvedRaw = new String[GROUPS * RULES][];
    liveRaw = new String[GROUPS * RULES][];
    for (int g = 0; g < GROUPS; g++) {
      for (int r = 0; r < RULES; r++) {
        int i = g * RULES + r;
        String cidr = "10." + (g % 250) + "." + r + ".0/24";
        approvedRaw[i] =
            new String[] {"tcp", Integer.toString(1000 + r), Integer.toString(1000 + r), cidr};
        // EC2's spelling: a protocol name, host bits kept by nobody; one widened rule per group.
        liveRaw[i] =
            new String[] {
              "6",
              Integer.toString(1000 + r),
              Integer.toString(1000 + r),
              r == 0 ? "0.0.0.0/0" : cidr
            };
      }
    }
  }

  @Benchmark
  public int normalizeAndDiff() {
    Map<String, ManagedGroup> approved = new TreeMap<>();
    Map<String, SecurityGroup> live = new TreeMap<>();
    for (int g = 0; g < GROUPS; g++) {
      String id = "sg-" + g;
      approved.put(id, new ManagedGroup("Group" + g, group(id, approvedRaw, g)));
      live.put(id, group(id, liveRaw, g));
    }
    return SecurityGroupDiff.compare("Bench", approved, Set.of("vpc-1"), live).size();
  }

  private static SecurityGroup group(String id, String[][] raw, int g) {
    List<SecurityGroupRule> rules = new ArrayList<>(RULES);
    for (int r = 0; r < RULES; r++) {
      String[] f = raw[g * RULES + r];
      rules.add(
          SecurityGroupRule.of(
              Direction.INGRESS,
              f[0],
              Integer.valueOf(f[1]),
              Integer.valueOf(f[2]),
              new Peer.CidrPeer(Cidr.parse(f[3])),
              ""));
    }
    return new SecurityGroup(id, "vpc-1", Optional.empty(), "bench", rules);
  }
}
