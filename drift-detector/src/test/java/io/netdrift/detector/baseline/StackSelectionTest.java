package io.netdrift.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netdrift.detector.model.StackTemplate;
import io.netdrift.detector.model.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackSelectionTest {
  static StackTemplate stack(String name, String displayPath) {
    return new StackTemplate(
        name,
        Optional.empty(),
        Optional.empty(),
        Path.of(name + ".template.json"),
        JsonNodeFactory.instance.objectNode(),
        displayPath);
  }

  static final List<StackTemplate> APP =
      List.of(
          stack("NetworkProduction", "Prod/Network"),
          stack("NetworkInternal", "Internal/Network"),
          stack("OrdersService", "Prod/Orders"),
          stack("NetdriftDetector", "NetdriftDetector"));

  static List<String> names(List<StackTemplate> stacks) {
    return stacks.stream().map(StackTemplate::stackName).toList();
  }

  @Test
  void noPatternSelectsEveryStackInAssemblyOrder() {
    assertThat(names(StackSelection.all().select(APP)))
        .containsExactly(
            "NetworkProduction", "NetworkInternal", "OrdersService", "NetdriftDetector");
  }

  @Test
  void patternsMatchStackNamesAndDisplayPaths() {
    assertThat(names(new StackSelection(List.of("Network*"), List.of()).select(APP)))
        .containsExactly("NetworkProduction", "NetworkInternal");
    assertThat(names(new StackSelection(List.of("Prod/*"), List.of()).select(APP)))
        .containsExactly("NetworkProduction", "OrdersService");
  }

  @Test
  void anExclusionLeavesOutWhatAnInclusionNames() {
    assertThat(
            names(
                new StackSelection(List.of("*"), List.of("NetdriftDetector", "*/Orders"))
                    .select(APP)))
        .containsExactly("NetworkProduction", "NetworkInternal");
  }

  @Test
  void aPatternThatMatchesNothingIsBadUsageNamingTheStacksThatExist() {
    assertThatThrownBy(() -> new StackSelection(List.of("Netwrk*"), List.of()).select(APP))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no stack matches Netwrk*")
        .hasMessageContaining("NetworkProduction (Prod/Network)")
        .hasMessageContaining("NetdriftDetector");
    assertThatThrownBy(() -> new StackSelection(List.of(), List.of("Nope")).select(APP))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no stack matches Nope");
  }

  @Test
  void aSelectionThatLeavesNothingIsBadUsage() {
    assertThatThrownBy(() -> new StackSelection(List.of("Orders*"), List.of("Orders*")).select(APP))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("leaves no stack");
  }
}
