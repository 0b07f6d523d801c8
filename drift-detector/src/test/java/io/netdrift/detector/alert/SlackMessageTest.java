package io.netdrift.detector.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.util.json.GsonFactory;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.StackResult;
import io.netdrift.detector.report.ScanReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
  static ScanReport report(List<Finding> findings, List<String> problems) {
    return new ScanReport(
        Instant.parse("2026-11-30T08:00:00Z"),
        Instant.parse("2026-11-30T08:00:01Z"),
        "cdk.out",
        List.of(
            new StackResult(
                "Net",
                "123456789012",
                "eu-west-1",
                "CREATE_COMPLETE",
                Map.of(),
                Map.of(),
                Map.of(),
                problems)),
        findings);
  }

  static Finding finding(int port) {
    return Finding.unmanaged(new Finding.Resource("Net", "AWS::EC2::SecurityGroup", "App", "sg-1"))
        .property("ingress tcp " + port + " from 0.0.0.0/0")
        .live("ingress tcp " + port + " from 0.0.0.0/0")
        .summary("rule <x> & y is in no template")
        .build();
  }

  @Test
  void theHeaderNamesTheStackAccountAndRegion() {
    SlackMessage.Message message = SlackMessage.of(report(List.of(finding(22)), List.of()));

    assertThat(message.text())
        .isEqualTo("Netdrift: 1 drift finding in Net (123456789012, eu-west-1)");
    assertThat(SlackMessage.preview(message))
        .startsWith("# Netdrift: 1 drift finding in Net (123456789012, eu-west-1)");
  }

  @Test
  void eachFindingSaysWhatChangedAndMrkdwnIsEscaped() {
    String json =
        GsonFactory.createSnakeCase()
            .toJson(SlackMessage.of(report(List.of(finding(22)), List.of())).payload());

    assertThat(json)
        .contains("UNMANAGED")
        .contains("ingress tcp 22 from 0.0.0.0/0")
        .contains("rule \\u0026lt;x\\u0026gt; \\u0026amp; y");
  }

  @Test
  void manyFindingsAreCountedNotAllListed() {
    List<Finding> findings = new ArrayList<>();
    for (int port = 1; port <= 25; port++) {
      findings.add(finding(port));
    }
    SlackMessage.Message message = SlackMessage.of(report(findings, List.of()));

    assertThat(message.blocks()).hasSizeLessThanOrEqualTo(50);
    assertThat(SlackMessage.preview(message))
        .contains("25 drift findings in Net")
        .contains("*25 high*")
        .contains("…and 15 more");
  }

  @Test
  void anIncompleteScanSaysSoInTheAlert() {
    String preview =
        SlackMessage.preview(
            SlackMessage.of(report(List.of(), List.of("could not read from AWS: denied"))));

    assertThat(preview)
        .contains("scan incomplete")
        .contains("does not prove the network is in sync")
        .contains("denied");
  }
}
