package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad policy value is refused with an InvalidInput that names the field and the value. */
class ScalingPolicyTest {

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                bad("min above max", b -> b.minCapacity(5).maxCapacity(4), "policy.minCapacity", "5 > 4"),
                bad("negative min", b -> b.minCapacity(-1), "policy.minCapacity", "-1"),
                bad("negative max", b -> b.minCapacity(0).maxCapacity(-1), "policy.maxCapacity", "-1"),
                bad("max above the capacity limit", b -> b.maxCapacity(100_001), "policy.maxCapacity", "100001"),
                bad("no mode", b -> b.mode(null), "policy.mode",
                        "target-tracking or step"),
                bad("zero backlog per unit", b -> b.backlogPerUnit(0), "policy.backlogPerUnit", "0"),
                bad("negative backlog per unit", b -> b.backlogPerUnit(-100), "policy.backlogPerUnit", "-100"),
                bad("negative in-flight messages per unit", b -> b.inFlightPerUnit(-1), "policy.inFlightPerUnit",
                        "-1"),
                bad("negative activation backlog", b -> b.activationBacklog(-1), "policy.activationBacklog", "-1"),
                bad("negative scale-out cooldown", b -> b.scaleOutCooldownSeconds(-60),
                        "policy.scaleOutCooldownSeconds", "-60"),
                bad("negative scale-in cooldown", b -> b.scaleInCooldownSeconds(-1), "policy.scaleInCooldownSeconds",
                        "-1"),
                bad("negative scale-out step limit", b -> b.maxScaleOutStep(-2), "policy.maxScaleOutStep", "-2"),
                bad("negative scale-in step limit", b -> b.maxScaleInStep(-2), "policy.maxScaleInStep", "-2"),
                bad("tolerance below 0", b -> b.scaleInTolerance(-0.1), "policy.scaleInTolerance", "-0.1"),
                bad("tolerance of 1", b -> b.scaleInTolerance(1.0), "policy.scaleInTolerance", "1.0"),
                bad("tolerance of 10 (percent, not fraction)", b -> b.scaleInTolerance(10), "policy.scaleInTolerance",
                        "10.0"),
                bad("tolerance not a number", b -> b.scaleInTolerance(Double.NaN), "policy.scaleInTolerance", "NaN"),
                bad("zero step size", b -> b.stepSize(0), "policy.stepSize", "0"),
                bad("negative on-demand part", b -> b.onDemandTargetCapacity(-1), "policy.onDemandTargetCapacity",
                        "-1"),
                bad("on-demand part above max", b -> b.maxCapacity(4).onDemandTargetCapacity(5),
                        "policy.onDemandTargetCapacity", "5 > 4"),
                bad("no excess capacity termination policy",
                        b -> b.excessCapacityTerminationPolicy(null),
                        "policy.excessCapacityTerminationPolicy", "default or noTermination"),
                bad("zero queue data age", b -> b.maxQueueDataAgeSeconds(0), "policy.maxQueueDataAgeSeconds", "0"),
                bad("the same alarm for both directions", b -> b.scaleOutAlarmName("jobs-backlog")
                        .scaleInAlarmName("jobs-backlog"), "policy.scaleInAlarmName", "'jobs-backlog'"),
                bad("step mode without alarm names", b -> b.mode(ScalingMode.STEP).scaleOutAlarmName(null)
                        .scaleInAlarmName(" "), "policy.scaleOutAlarmName", "step mode needs"),
                bad("no scale-in mode", b -> b.scaleIn(null), "policy.scaleIn", "drain or terminate"),
                bad("zero drain timeout", b -> b.drainTimeoutSeconds(0), "policy.drainTimeoutSeconds", "0"),
                bad("drain timeout longer than an execution allows", b -> b.drainTimeoutSeconds(3001),
                        "policy.drainTimeoutSeconds", "1 to 3000 (a drain ends within the execution"),
                bad("zero drain check", b -> b.drainCheckSeconds(0), "policy.drainCheckSeconds", "1 to 300; got 0"),
                bad("drain check over five minutes", b -> b.drainCheckSeconds(301), "policy.drainCheckSeconds",
                        "1 to 300; got 301"));
    }

    private static Arguments bad(String name, UnaryOperator<ScalingPolicy.Builder> change, String field,
            String mentioned) {
        return Arguments.of(name, change, field, mentioned);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void a_bad_value_is_refused_naming_the_field(String name, UnaryOperator<ScalingPolicy.Builder> change,
            String field, String mentioned) {
        ScalingPolicy.Builder builder = change.apply(ScalingPolicy.builder());

        InvalidInput e = assertThrows(InvalidInput.class, builder::build);

        assertEquals(field, e.field());
        assertMentions(e.getMessage(), "'" + field + "'", mentioned);
        assertEquals("InvalidInput", e.errorName());
        assertFalse(e.retryable());
    }

    @Test
    void the_defaults_are_the_documented_ones() {
        ScalingPolicy p = ScalingPolicy.builder().build();

        assertAll(
                () -> assertEquals(ScalingMode.TARGET_TRACKING, p.mode()),
                () -> assertEquals(1, p.minCapacity()),
                () -> assertEquals(10, p.maxCapacity()),
                () -> assertEquals(100, p.backlogPerUnit()),
                () -> assertEquals(1, p.inFlightPerUnit()),
                () -> assertFalse(p.includeDelayed()),
                () -> assertEquals(1, p.activationBacklog()),
                () -> assertEquals(60, p.scaleOutCooldownSeconds()),
                () -> assertEquals(120, p.scaleInCooldownSeconds()),
                () -> assertEquals(0, p.maxScaleOutStep()),
                () -> assertEquals(0, p.maxScaleInStep()),
                () -> assertEquals(0.05, p.scaleInTolerance()),
                () -> assertEquals(1, p.stepSize()),
                () -> assertEquals(Optional.empty(), p.scaleOutAlarmName()),
                () -> assertEquals(Optional.empty(), p.scaleInAlarmName()),
                () -> assertFalse(p.disableScaleIn()),
                () -> assertEquals(Optional.empty(), p.onDemandTargetCapacity()),
                () -> assertEquals(ExcessCapacityTerminationPolicy.DEFAULT, p.excessCapacityTerminationPolicy()),
                () -> assertEquals(300, p.maxQueueDataAgeSeconds()),
                () -> assertEquals(ScaleInMode.DRAIN, p.scaleIn()),
                () -> assertEquals(900, p.drainTimeoutSeconds()),
                () -> assertEquals(5, p.drainCheckSeconds()));
    }

    static Stream<Arguments> edgeValues() {
        return Stream.of(
                Arguments.of("scale to zero: 0..0", (UnaryOperator<ScalingPolicy.Builder>) b -> b.minCapacity(0)
                        .maxCapacity(0)),
                Arguments.of("min equals max", (UnaryOperator<ScalingPolicy.Builder>) b -> b.minCapacity(7)
                        .maxCapacity(7)),
                Arguments.of("max at the capacity limit", (UnaryOperator<ScalingPolicy.Builder>) b -> b
                        .maxCapacity(ScalingPolicy.CAPACITY_LIMIT)),
                Arguments.of("tolerance 0", (UnaryOperator<ScalingPolicy.Builder>) b -> b.scaleInTolerance(0)),
                Arguments.of("tolerance 0.99", (UnaryOperator<ScalingPolicy.Builder>) b -> b.scaleInTolerance(0.99)),
                Arguments.of("on-demand part equal to max", (UnaryOperator<ScalingPolicy.Builder>) b -> b
                        .onDemandTargetCapacity(10)),
                Arguments.of("step mode with only a scale-in alarm", (UnaryOperator<ScalingPolicy.Builder>) b -> b
                        .mode(ScalingMode.STEP).scaleInAlarmName("jobs-backlog-low")),
                Arguments.of("busy-unit floor off", (UnaryOperator<ScalingPolicy.Builder>) b -> b.inFlightPerUnit(0)),
                Arguments.of("no cooldowns", (UnaryOperator<ScalingPolicy.Builder>) b -> b.scaleOutCooldownSeconds(0)
                        .scaleInCooldownSeconds(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeValues")
    void edge_values_that_make_sense_are_accepted(String name, UnaryOperator<ScalingPolicy.Builder> change) {
        assertDoesNotThrow(() -> change.apply(ScalingPolicy.builder()).build());
    }

    @Test
    void blank_alarm_names_count_as_absent_and_to_builder_keeps_every_field() {
        ScalingPolicy p = ScalingPolicy.builder().scaleOutAlarmName("  ").scaleInAlarmName("jobs-backlog-low")
                .minCapacity(2).maxCapacity(30).backlogPerUnit(50).inFlightPerUnit(4).includeDelayed(true)
                .activationBacklog(5)
                .scaleOutCooldownSeconds(10).scaleInCooldownSeconds(20).maxScaleOutStep(3).maxScaleInStep(4)
                .scaleInTolerance(0.2).stepSize(2).disableScaleIn(true).onDemandTargetCapacity(1)
                .excessCapacityTerminationPolicy(ExcessCapacityTerminationPolicy.NO_TERMINATION)
                .maxQueueDataAgeSeconds(120).build();

        assertEquals(Optional.empty(), p.scaleOutAlarmName());
        assertEquals(p, p.toBuilder().build());
    }
}
