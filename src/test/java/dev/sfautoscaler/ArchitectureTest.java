package dev.sfautoscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of the house style around the core: {@code handler -> core <- aws},
 * {@code config} wires them, {@code wire} (the JSON codec the handlers and the lab share) knows the
 * core and Jackson only. The core's own purity (java.* only, no annotations, no reflection,
 * ports speaking core records, no knowledge of adapters) is {@code core.CorePurityTest}'s job; this
 * test covers the layers outside it.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sfautoscaler");

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
    void theWireFormatKnowsTheCoreAndJacksonOnly() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.aws..", "dev.sfautoscaler.handler..",
                        "dev.sfautoscaler.config..", "software.amazon..", "io.quarkus..", "jakarta..",
                        "com.amazonaws..")
                .because("the lab reads its files with it, without the functions' Quarkus and AWS dependencies")
                .check(MAIN);
    }

    @Test
    void theMetricsKnowTheCoreAndJacksonOnly() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.aws..", "dev.sfautoscaler.handler..",
                        "dev.sfautoscaler.config..", "software.amazon..", "io.quarkus..", "jakarta..")
                .because("decide's metrics are a line on its log: no AWS call, no framework")
                .check(MAIN);
    }

    @Test
    void theCoreDoesNotKnowItsWireFormat() {
        noClasses().that().resideInAPackage("dev.sfautoscaler.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.sfautoscaler.wire..")
                .because("the wire format maps the core; the core stays plain Java")
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
