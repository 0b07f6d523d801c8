package io.netdrift.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** An IAM policy written two ways is one policy; one that allows more is another. */
class PolicyDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode canonical(String policy) throws Exception {
    return PolicyDocuments.canonical(JSON.readTree(policy));
  }

  static final String WRITTEN =
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::netdrift-data", "arn:aws:s3:::netdrift-data/*"],
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-example"]}}},
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:DeleteObject", "Resource": "*"}]}
      """;

  @Test
  void statementOrderOneStringOrAListActionCaseAndPrincipalSpellingsAreOnePolicy()
      throws Exception {
    String answered =
        """
        {"Statement": [
          {"Resource": "*", "Action": ["S3:DeleteObject"], "Principal": "*", "Effect": "Deny"},
          {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-example"}},
           "Resource": ["arn:aws:s3:::netdrift-data/*", "arn:aws:s3:::netdrift-data"],
           "Action": ["s3:listbucket", "s3:getobject"], "Principal": {"AWS": ["*"]},
           "Effect": "Allow"}],
         "Version": "2012-10-17"}
        """;

    assertThat(canonical(answered)).isEqualTo(canonical(WRITTEN));
    // A policy sent as a JSON string, as CloudFormation also takes it.
    assertThat(PolicyDocuments.canonical(TextNode.valueOf(WRITTEN))).isEqualTo(canonical(WRITTEN));
  }

  @Test
  void iamsDefaultVersionIsTheAbsentOne() throws Exception {
    String statement =
        "\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}";
    assertThat(canonical("{\"Version\": \"2008-10-17\", " + statement + "}"))
        .isEqualTo(canonical("{" + statement + "}"))
        .isNotEqualTo(canonical("{\"Version\": \"2012-10-17\", " + statement + "}"));
  }

  @Test
  void aPolicyThatAllowsMoreIsAnother() throws Exception {
    assertThat(canonical(WRITTEN.replace("\"Effect\": \"Deny\"", "\"Effect\": \"Allow\"")))
        .isNotEqualTo(canonical(WRITTEN));
    assertThat(canonical(WRITTEN.replace("[\"s3:GetObject\", \"s3:ListBucket\"]", "\"*\"")))
        .isNotEqualTo(canonical(WRITTEN));
    assertThat(canonical(WRITTEN.replace("\"o-example\"", "\"o-other\"")))
        .isNotEqualTo(canonical(WRITTEN));
    assertThat(
            canonical(
                WRITTEN.replace(
                    "\"Principal\": \"*\"",
                    "\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}")))
        .isNotEqualTo(canonical(WRITTEN));
  }
}
