package io.netdrift.detector.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Repair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint names one drift: distinct findings never share one (a suppression or a "resolved"
 * reply for one would cover the other), and the same drift keeps its fingerprint whatever is said
 * about it.
 */
class FingerprintPropertiesTest {
  @Property
  void distinctFindingsHaveDistinctFingerprints(
      @ForAll("findings") @Size(min = 2, max = 40) List<Finding> findings) {
    Map<String, Finding> byFingerprint = new HashMap<>();
    for (Finding f : findings) {
      Finding earlier = byFingerprint.putIfAbsent(f.fingerprint(), f);
      if (earlier != null) {
        assertThat(identity(earlier))
            .as("same fingerprint, so the same drift")
            .isEqualTo(identity(f));
      }
    }
  }

  @Property
  void whatIsSaidAboutADriftDoesNotChangeItsFingerprint(
      @ForAll("findings") @Size(min = 1, max = 1) List<Finding> one,
      @ForAll("texts") String summary) {
    Finding f = one.get(0);
    Finding said =
        Finding.of(f.kind(), f.resource())
            .property(f.property())
            .approved(f.approved())
            .live(f.live())
            .summary(summary)
            .diff("--- other\n+++ words\n")
            .exposure(Exposure.widened(true, "other words"))
            .repair(new Repair.Manual("other words", List.of()))
            .build();

    assertThat(said.fingerprint()).isEqualTo(f.fingerprint());
  }

  /** The regression: two approved resources of one stack that were never deployed. */
  @Test
  void twoResourcesMissingFromTheDeployedStackAreTwoDrifts() {
    Finding first = notInTheDeployedStack("NetworkAclsData");
    Finding second = notInTheDeployedStack("NetworkAclsApp");

    assertThat(first.fingerprint()).isNotEqualTo(second.fingerprint());
  }

  private static Finding notInTheDeployedStack(String logicalId) {
    return Finding.unapprovedDeployment(
            new Finding.Resource("Net", "AWS::EC2::NetworkAcl", logicalId, ""))
        .approved("in template")
        .summary("approved resource " + logicalId + " is not in the deployed stack")
        .build();
  }

  /** What makes a drift the drift it is: where it is and what differs. */
  private static List<String> identity(Finding f) {
    return List.of(
        f.kind().name(),
        f.stack(),
        f.resourceType(),
        f.physicalId().isEmpty() ? "logical:" + f.logicalId() : f.physicalId(),
        f.property(),
        f.approved(),
        f.live());
  }

  @Provide
  Arbitrary<List<Finding>> findings() {
    // Small universes, so that findings often share all but one part.
    Arbitrary<String> ids = Arbitraries.of("", "sg-0a1", "sg-0a2", "acl-0b1");
    Arbitrary<String> logical = Arbitraries.of("", "AppSg", "DbSg", "DataAcl");
    Arbitrary<String> values =
        Arbitraries.of("", "ingress tcp 22 from 0.0.0.0/0", "ingress tcp 3389 from 0.0.0.0/0");
    Arbitrary<Finding> finding =
        Combinators.combine(
                Arbitraries.of(FindingKind.class),
                Arbitraries.of("Net", "App"),
                Arbitraries.of("AWS::EC2::SecurityGroup", "AWS::EC2::NetworkAcl"),
                logical,
                ids,
                values,
                values)
            .as(
                (kind, stack, type, logicalId, physicalId, property, live) ->
                    Finding.of(kind, new Finding.Resource(stack, type, logicalId, physicalId))
                        .property(property)
                        .approved(property)
                        .live(live)
                        .summary("a drift")
                        .build());
    return finding.list();
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(30);
  }
}
