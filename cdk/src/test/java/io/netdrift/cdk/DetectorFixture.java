package io.netdrift.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.rules.DetectorRules;
import io.netdrift.rules.NetworkRules;
import io.netdrift.rules.RulesException;
import io.netdrift.rules.RulesLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** The detector stack as a rules folder asks for it, built from a stand-in for the jar. */
final class DetectorFixture {
  private DetectorFixture() {}

  /** An empty jar in {@code dir}: the stack only packages it. */
  static Path jar(Path dir) throws IOException {
    Path jar = dir.resolve("drift-detector.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  /** The detector stack of the app {@code rules} builds. */
  static DriftDetectorStack stack(Path rules, Path jar) {
    NetworkRules network = RulesLoader.load(rules);
    App app = new App(AppProps.builder().analyticsReporting(false).build());
    NetworkApp.wire(app, network);
    return NetworkApp.addDetector(app, network, rules, jar).orElseThrow();
  }

  /** cdk-nag found nothing to report in {@code stack}: no error, no warning. */
  static void assertNagClean(DriftDetectorStack stack) {
    assertThat(Annotations.fromStack(stack).findError("*", Match.anyValue())).isEmpty();
    assertThat(Annotations.fromStack(stack).findWarning("*", Match.anyValue())).isEmpty();
  }

  /**
   * detector.yaml of {@code rules} is refused, naming the file and its place, saying {@code why}.
   */
  static void assertRejected(Path rules, String why) {
    NetworkRules network = RulesLoader.load(rules);
    assertThatThrownBy(() -> DetectorRules.load(rules, network))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining(rules.resolve("detector.yaml") + ":")
        .hasMessageContaining(why);
  }
}
