package io.netdrift.e2e;

import io.netdrift.cdk.NetworkApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real CDK app from rules/, synthesized once for all end-to-end tests of a run. */
final class SynthesizedApp {
  private static Path assembly;

  private SynthesizedApp() {}

  /** The cloud assembly; synthesized on first use. Tests read it and never change it. */
  static synchronized Path assembly() {
    if (assembly == null) {
      try {
        Path dir = Files.createTempDirectory("netdrift-e2e");
        dir.toFile().deleteOnExit();
        assembly = dir.resolve("cdk.out");
        NetworkApp.synthesize(Path.of("..", "rules"), assembly);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return assembly;
  }
}
