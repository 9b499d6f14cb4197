package dev.sfautoscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of the house style: {@code handler -> core <- aws}, {@code config}
 * wires them, and the core speaks plain Java (no AWS SDK, Quarkus, Jackson, jakarta or any other
 * library, so no annotations from them either).
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sfautoscaler");

    @Test
    void theCoreUsesPlainJavaOnly() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.sfautoscaler.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.sfautoscaler.core..")
                .because("the core is pure Java: no AWS SDK, Quarkus, Jackson/JSON or jakarta (see STYLE.md)");
        rule.check(MAIN);
    }

    @Test
    void theCoreKnowsNoAdapterHandlerOrWiring() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.aws..",
                        "dev.sfautoscaler.handler..", "dev.sfautoscaler.config..")
                .check(MAIN);
    }

    @Test
    void handlersReachAwsOnlyThroughTheCore() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.handler..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.aws..", "software.amazon.awssdk..")
                .because("a handler maps input, calls the core once and maps output")
                .check(MAIN);
    }

    @Test
    void adaptersDoNotKnowHandlersOrWiring() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.handler..", "dev.sfautoscaler.config..")
                .check(MAIN);
    }

    @Test
    void adaptersReadNoEnvironment() {
        noClasses().that().resideInAnyPackage("dev.sfautoscaler.aws..", "dev.sfautoscaler.core..",
                        "dev.sfautoscaler.handler..")
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .because("function-wide settings come from @ConfigMapping in config/")
                .check(MAIN);
    }
}
