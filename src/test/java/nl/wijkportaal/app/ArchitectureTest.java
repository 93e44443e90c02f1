package nl.wijkportaal.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;
import nl.wijkportaal.platform.Feature;
import org.junit.jupiter.api.Test;

/** The package-by-feature shape of DESIGN.md, kept by the build. */
class ArchitectureTest {

  private static final String BASE = "nl.wijkportaal";

  /** The packages of DESIGN.md's table; the first two are no feature. */
  private static final Set<String> DESIGNED =
      Set.of(
          "app",
          "platform",
          "identity",
          "portal",
          "catalogue",
          "inbox",
          "aanmelding",
          "signalering",
          "triage",
          "privacy",
          "chat",
          "insight");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(BASE);

  /**
   * {@code catalogue} for {@code nl.wijkportaal.catalogue.Offer}; {@code platform} for its parts.
   */
  private static String feature(JavaClass c) {
    String rest = c.getPackageName().substring(BASE.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static Set<String> packages() {
    Set<String> found = new TreeSet<>();
    CLASSES.forEach(c -> found.add(feature(c)));
    return found;
  }

  @Test
  void the_code_has_the_packages_of_the_design_and_no_others() {
    assertThat(DESIGNED).containsAll(packages());
  }

  @Test
  void the_platform_knows_no_feature() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".platform..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(BASE + "..").and(resideOutsideOfPackage(BASE + ".platform..")))
        .check(CLASSES);
  }

  @Test
  void features_do_not_reach_into_the_composition_root() {
    noClasses()
        .that()
        .resideOutsideOfPackage(BASE + ".app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".app..")
        .check(CLASSES);
  }

  @Test
  void every_feature_package_wires_itself_in_one_feature_class() {
    for (String feature : packages()) {
      if (feature.equals("app") || feature.equals("platform")) {
        continue;
      }
      assertThat(
              CLASSES.stream()
                  .filter(c -> feature(c).equals(feature))
                  .filter(c -> !c.isInterface() && assignableTo(Feature.class).test(c))
                  .map(JavaClass::getSimpleName)
                  .toList())
          .as("the classes of package %s that implement Feature", feature)
          .hasSize(1);
    }
  }

  @Test
  void a_feature_reads_no_other_features_repository() {
    classes()
        .that()
        .haveSimpleNameEndingWith("Repository")
        .should(beUsedOnlyByTheirOwnFeature())
        .check(CLASSES);
  }

  private static ArchCondition<JavaClass> beUsedOnlyByTheirOwnFeature() {
    return new ArchCondition<>("be used only by their own feature") {
      @Override
      public void check(JavaClass repository, ConditionEvents events) {
        for (Dependency use : repository.getDirectDependenciesToSelf()) {
          JavaClass user = use.getOriginClass();
          String from = feature(user);
          if (!from.equals(feature(repository))) {
            events.add(SimpleConditionEvent.violated(use, use.getDescription()));
          }
        }
      }
    };
  }
}
