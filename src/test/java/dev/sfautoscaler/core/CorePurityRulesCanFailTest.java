package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.sfautoscaler.core.archfixture.AnnotatedCore;
import dev.sfautoscaler.core.archfixture.LeakyCore;
import dev.sfautoscaler.core.archfixture.ReflectiveCore;
import dev.sfautoscaler.core.port.archfixture.PortLeakingOutward;
import org.junit.jupiter.api.Test;

/** Each purity rule, applied to a deliberately impure fixture in a core package, reports it. */
class CorePurityRulesCanFailTest {

    private static void assertCatches(ArchRule rule, Class<?> offender, String mentioned) {
        JavaClasses classes = new ClassFileImporter().importClasses(offender);
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes), rule.getDescription());
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }

    @Test
    void an_aws_client_in_the_core_is_caught() {
        assertCatches(CorePurityTest.no_aws_quarkus_json_or_jakarta, LeakyCore.class, "Ec2Client");
        assertCatches(CorePurityTest.only_java_and_itself, LeakyCore.class, "Ec2Client");
    }

    @Test
    void a_framework_annotation_on_a_parameter_is_caught() {
        assertCatches(CorePurityTest.no_foreign_annotations, AnnotatedCore.class, "@jakarta.inject.Named");
        assertCatches(CorePurityTest.no_aws_quarkus_json_or_jakarta, AnnotatedCore.class, "jakarta.inject.Named");
    }

    @Test
    void reflection_is_caught() {
        assertCatches(CorePurityTest.no_reflection, ReflectiveCore.class, "java.lang.reflect.Method");
    }

    @Test
    void a_port_speaking_an_sdk_type_is_caught() {
        assertCatches(CorePurityTest.ports_speak_core, PortLeakingOutward.class, "software.amazon.awssdk.regions.Region");
    }
}
