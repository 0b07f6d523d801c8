package io.netdrift.detector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** A wall of {@link WallsTest}'s that needs the test classes imported too. */
class MainCodeWallTest {
  /** Where a class was compiled to: Maven's test output, or main's. */
  static final DescribedPredicate<JavaClass> TEST_CODE =
      DescribedPredicate.describe(
          "test code",
          c ->
              c.getSource()
                  .map(s -> s.getUri().toString().contains("/test-classes/"))
                  .orElse(false));

  @Test
  void mainCodeNeverImportsTestCode() {
    JavaClasses all = new ClassFileImporter().importPackages("io.netdrift.detector");
    assertThat(all.stream().filter(TEST_CODE)).as("test classes are imported too").isNotEmpty();

    noClasses()
        .that(DescribedPredicate.not(TEST_CODE))
        .should()
        .dependOnClassesThat(TEST_CODE)
        .check(all);
  }
}
