package io.netdrift.cdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import software.constructs.Construct;

/**
 * The CDK app's walls: the reviewed rules are read and checked without the CDK ({@code rules} never
 * imports it), and constructs build from loaded rules, never from files they read themselves, so
 * every value a template holds went through the loader's checks.
 */
@AnalyzeClasses(packages = "io.netdrift", importOptions = ImportOption.DoNotIncludeTests.class)
class WallsTest {
  @ArchTest
  static final ArchRule theRulesNeverImportTheCdk =
      noClasses()
          .that()
          .resideInAPackage("io.netdrift.rules..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon.awscdk..", "software.constructs..", "io.netdrift.cdk..");

  @ArchTest
  static final ArchRule constructsNeverReadFiles =
      noClasses()
          .that()
          .areAssignableTo(Construct.class)
          .should()
          .dependOnClassesThat(
              JavaClass.Predicates.belongToAnyOf(
                  java.nio.file.Files.class,
                  java.io.FileInputStream.class,
                  java.io.FileReader.class,
                  io.netdrift.rules.RulesLoader.class));
}
