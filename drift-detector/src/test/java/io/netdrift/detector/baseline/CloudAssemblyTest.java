package io.netdrift.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudAssemblyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theFilesAScanReadsIncludeNestedTemplatesHoweverDeep() {
    JsonNode manifest =
        json(
            """
            {"artifacts": {
              "App": {"type": "aws:cloudformation:stack", "additionalMetadataFile": "App.metadata.json",
                      "properties": {"templateFile": "App.template.json"}},
              "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}
            """);
    Map<String, JsonNode> templates =
        Map.of(
            "App.template.json",
            json(
                """
                {"Resources": {"Net": {"Type": "AWS::CloudFormation::Stack",
                  "Metadata": {"aws:asset:path": "AppNet.nested.template.json"}},
                  "Queue": {"Type": "AWS::SQS::Queue"}}}
                """),
            "AppNet.nested.template.json",
            json(
                """
                {"Resources": {"Deep": {"Type": "AWS::CloudFormation::Stack",
                  "Metadata": {"aws:asset:path": "AppNetDeep.nested.template.json"}}}}
                """),
            "AppNetDeep.nested.template.json",
            json("{\"Resources\": {}}"));
    List<String> read = new ArrayList<>();

    List<String> files =
        CloudAssembly.files(
            manifest,
            name -> {
              read.add(name);
              return templates.get(name);
            });

    assertThat(files)
        .containsExactly(
            "App.template.json",
            "App.metadata.json",
            "AppNet.nested.template.json",
            "AppNetDeep.nested.template.json");
    assertThat(read).as("each template read once").hasSize(3).doesNotHaveDuplicates();
  }
}
