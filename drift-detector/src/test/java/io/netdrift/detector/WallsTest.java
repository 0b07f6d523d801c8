package io.netdrift.detector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;

/**
 * The house's walls, as the build checks them (docs/ARCHITECTURE.md explains them). The detector is
 * a pipeline over a {@code model} floor: each stage imports {@code model} and the stages below it,
 * never one above; {@code live}, {@code baseline} and {@code diff} import {@code model} only; no
 * package cycles; the AWS SDK only where AWS is read, state is stored or drift is put back ({@code
 * revert}, which the scan function never uses). Main code never imports test code ({@link
 * MainCodeWallTest}).
 */
@AnalyzeClasses(
    packages = "io.netdrift.detector",
    importOptions = ImportOption.DoNotIncludeTests.class)
class WallsTest {
  /** The stages, bottom to top. {@code scan} is the root package: DriftScan and its helpers. */
  static final List<String> STAGES =
      List.of(
          "model",
          "live",
          "baseline",
          "diff",
          "remediation",
          "attribution",
          "policy",
          "report",
          "alert",
          "revert",
          "accept",
          "guard",
          "scan",
          "cli",
          "lambda");

  /** The stages that may use nothing but {@code model}. */
  static final List<String> ON_THE_FLOOR = List.of("live", "baseline", "diff");

  private static String packageOf(String stage) {
    return stage.equals("scan") ? "io.netdrift.detector" : "io.netdrift.detector." + stage + "..";
  }

  @ArchTest static final ArchRule eachStageUsesOnlyTheStagesBelowIt = layers();

  static LayeredArchitecture layers() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String stage : STAGES) {
      layers = layers.layer(stage).definedBy(packageOf(stage));
    }
    for (int i = 0; i < STAGES.size(); i++) {
      String stage = STAGES.get(i);
      String[] above =
          STAGES.subList(i + 1, STAGES.size()).stream()
              .filter(s -> stage.equals("model") || !ON_THE_FLOOR.contains(s))
              .toArray(String[]::new);
      layers =
          above.length == 0
              ? layers.whereLayer(stage).mayNotBeAccessedByAnyLayer()
              : layers.whereLayer(stage).mayOnlyBeAccessedByLayers(above);
    }
    return layers;
  }

  /** Reverting writes to AWS: never from the scan function, which runs with the reader role. */
  @ArchTest
  static final ArchRule theScanFunctionNeverReverts =
      noClasses()
          .that()
          .resideInAPackage("io.netdrift.detector.lambda..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.netdrift.detector.revert..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.netdrift.detector.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theModelImportsNothingOfOurs =
      noClasses()
          .that()
          .resideInAPackage("io.netdrift.detector.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              Arrays.stream(STAGES.toArray(String[]::new))
                  .filter(s -> !s.equals("model"))
                  .map(WallsTest::packageOf)
                  .toArray(String[]::new));

  @ArchTest
  static final ArchRule theSdkOnlyWhereAwsIsReadOrStateIsStored =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.netdrift.detector.live..",
              "io.netdrift.detector.attribution..",
              "io.netdrift.detector.revert..")
          .and()
          .doNotHaveSimpleName("S3StateStore")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk..");
}
