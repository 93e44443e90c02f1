package nl.wijkportaal.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package-by-feature shape of DESIGN.md, kept by the build. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("nl.wijkportaal");

  @Test
  void the_platform_knows_no_feature() {
    noClasses()
        .that()
        .resideInAPackage("nl.wijkportaal.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "nl.wijkportaal.app..",
            "nl.wijkportaal.identity..",
            "nl.wijkportaal.portal..",
            "nl.wijkportaal.catalogue..",
            "nl.wijkportaal.intake..",
            "nl.wijkportaal.inbox..",
            "nl.wijkportaal.chat..",
            "nl.wijkportaal.insight..")
        .check(CLASSES);
  }

  @Test
  void features_do_not_reach_into_the_composition_root() {
    noClasses()
        .that()
        .resideOutsideOfPackage("nl.wijkportaal.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("nl.wijkportaal.app..")
        .check(CLASSES);
  }

  @Test
  void only_a_feature_itself_uses_its_repository() {
    noClasses()
        .that()
        .resideOutsideOfPackages("nl.wijkportaal.identity..", "nl.wijkportaal.app..")
        .should()
        .dependOnClassesThat()
        .haveSimpleName("IdentityRepository")
        .check(CLASSES);
  }
}
