package io.netdrift.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A test against the real app from rules/, deployed into a fresh emulator for each test. */
abstract class LabTest {
  static Path assembly;
  Lab lab;

  @BeforeAll
  static void synthesizeTheRealApp() {
    assembly = SynthesizedApp.assembly();
  }

  @BeforeEach
  void deployTheApp() {
    lab = new Lab(assembly);
  }

  @AfterEach
  void closeTheLab() {
    lab.close();
  }
}
