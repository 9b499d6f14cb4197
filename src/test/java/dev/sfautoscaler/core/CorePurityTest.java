package dev.sfautoscaler.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the core what the brief says it is: plain Java that a Lambda handler, a test or a
 * simulator can call without AWS, Quarkus or JSON libraries, with no annotations from outside
 * {@code java.*} (and so nothing a native image would have to register). Production classes only;
 * {@link CorePurityRulesCanFailTest} shows each rule catching a violation.
 */
@AnalyzeClasses(packages = "dev.sfautoscaler.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CorePurityTest {

    static final String CORE = "dev.sfautoscaler.core..";

    @ArchTest
    static final ArchRule no_aws_quarkus_json_or_jakarta = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "io.quarkus..",
                    "com.fasterxml..", "jakarta..", "javax..", "org.jboss..", "io.smallrye..", "org.eclipse..")
            .because("the core is plain Java; adapters translate AWS and JSON at the edge");

    @ArchTest
    static final ArchRule only_java_and_itself = classes().that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CORE)
            .because("java.* only: no library of any kind in the core");

    @ArchTest
    static final ArchRule no_reflection = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("java.lang.reflect..")
            .because("reflection would need registration in a native image");

    @ArchTest
    static final ArchRule no_foreign_annotations = classes().that().resideInAPackage(CORE)
            .should(useOnlyJavaAnnotations())
            .because("annotations from frameworks would tie the core to them");

    @ArchTest
    static final ArchRule ports_speak_core = classes().that().resideInAPackage("dev.sfautoscaler.core.port..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.sfautoscaler.core..")
            .because("a port speaks core records only; adapters do the translating");

    @ArchTest
    static final ArchRule core_does_not_know_its_adapters = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.sfautoscaler.aws..",
                    "dev.sfautoscaler.handler..", "dev.sfautoscaler.config..")
            .because("dependencies point inwards: handler -> core <- aws");

    static final List<ArchRule> RULES = List.of(no_aws_quarkus_json_or_jakarta, only_java_and_itself, no_reflection,
            no_foreign_annotations, ports_speak_core, core_does_not_know_its_adapters);

    /** Class, field, method, constructor and parameter annotations must all come from java.*. */
    static ArchCondition<JavaClass> useOnlyJavaAnnotations() {
        return new ArchCondition<>("use only annotations from java.*") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                List<JavaAnnotation<?>> found = new ArrayList<>(javaClass.getAnnotations());
                for (JavaMember member : javaClass.getMembers()) {
                    found.addAll(member.getAnnotations());
                    if (member instanceof JavaCodeUnit code) {
                        for (JavaParameter parameter : code.getParameters()) {
                            found.addAll(parameter.getAnnotations());
                        }
                    }
                }
                for (JavaAnnotation<?> annotation : found) {
                    String type = annotation.getRawType().getName();
                    if (!type.startsWith("java.")) {
                        events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " uses @" + type
                                + " on " + annotation.getAnnotatedElement()));
                    }
                }
            }
        };
    }
}
