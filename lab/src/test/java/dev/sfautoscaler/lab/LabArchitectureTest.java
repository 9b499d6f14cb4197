package dev.sfautoscaler.lab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.sfautoscaler.sim.archfixture.SimulatorCallingAws;
import org.junit.jupiter.api.Test;

/**
 * What the lab may take from the functions: the pure core and the wire format, as a user's own
 * program could. It runs the deployed handlers only as AWS does, from {@code function.zip} in
 * processes of their own, so it never links against the handlers, the AWS adapters or the Quarkus
 * wiring (the lab's pom leaves their dependencies out, and this keeps the code from reaching them).
 */
class LabArchitectureTest {

    static final JavaClasses LAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.sfautoscaler.lab", "dev.sfautoscaler.sim", "dev.sfautoscaler.sandbox");

    static final ArchRule ONLY_CORE_AND_WIRE = noClasses()
            .that().resideInAnyPackage("dev.sfautoscaler.lab..", "dev.sfautoscaler.sim..", "dev.sfautoscaler.sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.handler..", "dev.sfautoscaler.aws..",
                    "dev.sfautoscaler.config..", "io.quarkus..")
            .because("the lab drives the core in its own JVM and the deployed functions only through function.zip");

    @Test
    void theLabUsesOnlyTheCoreAndTheWireFormatOfTheFunctions() {
        ONLY_CORE_AND_WIRE.check(LAB);
    }

    static final ArchRule SIMULATOR_WITHOUT_EMULATOR = noClasses().that().resideInAPackage("dev.sfautoscaler.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.testkit..", "dev.sfautoscaler.sandbox..",
                    "software.amazon.awssdk..")
            .because("the simulator and the benchmark run without moto or AWS; only the sandbox uses the emulator");

    @Test
    void theSimulatorNeedsNoEmulator() {
        SIMULATOR_WITHOUT_EMULATOR.check(LAB);
    }

    @Test
    void theRulesCatchAViolation() {
        JavaClasses fixture = new ClassFileImporter().importClasses(SimulatorCallingAws.class);
        AssertionError e = assertThrows(AssertionError.class, () -> SIMULATOR_WITHOUT_EMULATOR.check(fixture));
        assertTrue(e.getMessage().contains("software.amazon.awssdk.regions.Region"), e.getMessage());
    }
}
