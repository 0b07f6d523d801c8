package io.netdrift.detector.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.Attribution;
import io.netdrift.detector.model.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fate of each change made by hand under a deploy, as CloudFormation updates. */
class DeployGuardTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant DEPLOYED = Instant.parse("2026-12-01T10:00:00Z");

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static Finding changed(String type, String id, String property) {
    return Finding.changed(new Finding.Resource("S", type, id, "x-1"))
        .property(property)
        .approved("a")
        .live("b")
        .summary(id + " " + property)
        .build();
  }

  static Attribution by(Instant at) {
    return new Attribution(true, "arn:aws:iam::123456789012:user/dan", "Put", at, "", "", "");
  }

  static final String WAF_BEFORE =
      "{'Acl':{'Type':'AWS::WAFv2::WebACL','Properties':{'Name':'edge','Rules':[1]}},"
          + "'Sg':{'Type':'AWS::EC2::SecurityGroup','Properties':{'GroupDescription':'app',"
          + "'SecurityGroupIngress':[1]}}}";

  @Test
  void aChangedSettingOfAnUpdatedResourceIsOverwrittenAndStopsWhenNewerThanTheDeploy()
      throws Exception {
    JsonNode after =
        json(WAF_BEFORE.replace("'Name':'edge','Rules':[1]", "'Name':'edge','Rules':[2]"));
    Finding f = changed("AWS::WAFv2::WebACL", "Acl", "Rules[rate-limit].Action");

    List<DeployGuard.Verdict> newer =
        DeployGuard.judge(
            List.of(f),
            json(WAF_BEFORE),
            after,
            Optional.of(DEPLOYED),
            x -> by(DEPLOYED.plusSeconds(60)));
    List<DeployGuard.Verdict> older =
        DeployGuard.judge(
            List.of(f),
            json(WAF_BEFORE),
            after,
            Optional.of(DEPLOYED),
            x -> by(DEPLOYED.minusSeconds(60)));
    List<DeployGuard.Verdict> unknown =
        DeployGuard.judge(
            List.of(f),
            json(WAF_BEFORE),
            after,
            Optional.of(DEPLOYED),
            x -> Attribution.unknown("CloudTrail not read"));

    assertThat(newer.get(0).effect()).isEqualTo(DeployGuard.Effect.OVERWRITTEN);
    assertThat(newer.get(0).incidentFix()).get().asString().contains("after the last deploy");
    assertThat(older.get(0).effect()).isEqualTo(DeployGuard.Effect.OVERWRITTEN);
    assertThat(older.get(0).incidentFix()).isEmpty();
    assertThat(unknown.get(0).incidentFix())
        .get()
        .asString()
        .contains("not known (CloudTrail not read): decide first");
  }

  @Test
  void aGroupRuleIsKeptByAnUpdateAndGoesWithAReplacement() throws Exception {
    Finding missing =
        Finding.missing(new Finding.Resource("S", "AWS::EC2::SecurityGroup", "Sg", "sg-1"))
            .property("ingress tcp 443 from 10.0.0.0/8")
            .approved("ingress tcp 443 from 10.0.0.0/8")
            .summary("gone")
            .build();
    JsonNode updated =
        json(WAF_BEFORE.replace("'SecurityGroupIngress':[1]", "'SecurityGroupIngress':[2]"));
    JsonNode replaced =
        json(WAF_BEFORE.replace("'GroupDescription':'app'", "'GroupDescription':'apps'"));

    assertThat(
            DeployGuard.judge(
                    List.of(missing),
                    json(WAF_BEFORE),
                    updated,
                    Optional.of(DEPLOYED),
                    x -> by(DEPLOYED))
                .get(0)
                .effect())
        .isEqualTo(DeployGuard.Effect.KEPT);
    assertThat(
            DeployGuard.judge(
                    List.of(missing),
                    json(WAF_BEFORE),
                    replaced,
                    Optional.of(DEPLOYED),
                    x -> by(DEPLOYED))
                .get(0)
                .effect())
        .isEqualTo(DeployGuard.Effect.REPLACED);
    assertThat(
            DeployGuard.judge(
                    List.of(missing),
                    json(WAF_BEFORE),
                    json("{}"),
                    Optional.of(DEPLOYED),
                    x -> by(DEPLOYED))
                .get(0)
                .effect())
        .isEqualTo(DeployGuard.Effect.DELETED);
  }

  @Test
  void anUnchangedTemplateKeepsTheDriftAndGetStackOutputIsWarnedAbout() throws Exception {
    Finding f = changed("AWS::WAFv2::WebACL", "Acl", "DefaultAction");

    assertThat(
            DeployGuard.judge(
                    List.of(f),
                    json(WAF_BEFORE),
                    json(WAF_BEFORE),
                    Optional.of(DEPLOYED),
                    x -> by(DEPLOYED.plusSeconds(1)))
                .get(0))
        .satisfies(
            v -> {
              assertThat(v.effect()).isEqualTo(DeployGuard.Effect.KEPT);
              assertThat(v.incidentFix()).isEmpty();
            });
    assertThat(DeployGuard.revertDriftWarning(json("{'A':{'Fn::GetStackOutput':{}}}")))
        .get()
        .asString()
        .contains("REVERT_DRIFT");
    assertThat(DeployGuard.revertDriftWarning(json(WAF_BEFORE))).isEmpty();
  }
}
