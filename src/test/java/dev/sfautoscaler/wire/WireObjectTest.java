package dev.sfautoscaler.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.error.InvalidInput;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader's errors name the field path, for the functions and, with a file prefix, for the lab. */
class WireObjectTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The lab's form: the file, then the path. */
    static final WireObject.Failure IN_FILE = (path, problem) -> new IllegalArgumentException("f.json: " + path + " "
            + problem);

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ScalingPolicy policy(String text) {
        return PolicyFields.read(WireObject.input(json("{'policy': " + text + "}")).optionalObject("policy"));
    }

    @Test
    void aPolicyFieldTheCoreRejectsIsNamedByItsPath() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> policy("{'minCapacity': 5, 'maxCapacity': 2}"));
        assertEquals("invalid input: 'policy.minCapacity' must not exceed policy.maxCapacity (5 > 2)", e.getMessage());
        e = assertThrows(InvalidInput.class, () -> policy("{'minCapacity': -1}"));
        assertEquals("invalid input: 'policy.minCapacity' must not be negative; got -1", e.getMessage());
        e = assertThrows(InvalidInput.class, () -> policy("{'mode': 'aggressive'}"));
        assertEquals("invalid input: 'policy.mode' must be one of target-tracking, step; got 'aggressive'",
                e.getMessage());
        e = assertThrows(InvalidInput.class, () -> policy("{'scaleIn': 'gently'}"));
        assertEquals("invalid input: 'policy.scaleIn' must be one of drain, terminate; got 'gently'", e.getMessage());
        e = assertThrows(InvalidInput.class, () -> policy("{'minCapacity': 0, 'maxCapacity': 2, 'drainTimeoutSeconds': 0}"));
        assertEquals("policy.drainTimeoutSeconds", e.field());
        e = assertThrows(InvalidInput.class, () -> policy("{'minCapacity': 0, 'maxCapacity': 2, 'drainCheckSeconds': 600}"));
        assertEquals("invalid input: 'policy.drainCheckSeconds' must be whole seconds from 1 to 300; got 600",
                e.getMessage());
    }

    @Test
    void anUnknownPolicyFieldIsAnErrorListingTheKnownOnes() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> policy("{'minCapacitty': 2}"));
        assertEquals("policy.minCapacitty", e.field());
        assertEquals("is not a known field here; known fields are activationBacklog, applyMaxImmediately, backlogPerUnit, disableScaleIn, "
                + "drainCheckSeconds, drainTimeoutSeconds, excessCapacityTerminationPolicy, inFlightPerUnit, includeDelayed, maxCapacity, "
                + "maxQueueDataAgeSeconds, maxScaleInStep, maxScaleOutStep, minCapacity, mode, onDemandTargetCapacity, "
                + "scaleIn, scaleInAlarmName, scaleInCooldownSeconds, scaleInTolerance, scaleOutAlarmName, "
                + "scaleOutCooldownSeconds, schedules, stepSize, targetWaitSeconds", e.problem());
    }

    @Test
    void anotherCallerGetsItsOwnErrorsWithTheSamePaths() {
        WireObject spec = WireObject.of(json("{'policy': {'stepSize': 0}, 'extra': 1}"), "[2]", IN_FILE);
        WireObject p = spec.object("policy");
        ScalingPolicy.Builder b = PolicyFields.apply(p, ScalingPolicy.builder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.build(b::build));
        assertEquals("f.json: [2].policy.stepSize must be greater than 0; got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, spec::done);
        assertEquals("f.json: [2].extra is not a known field here; known fields are policy", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WireObject.of(json("{'a': {'b': 'x'}}"), "", IN_FILE).object("a").optionalCount("b"));
        assertEquals("f.json: a.b must be a whole number of 0 or more; got \"x\" (a string)", e.getMessage());
    }

    @Test
    void aPolicyWrittenByTheTableReadsBackTheSame() {
        ScalingPolicy p = ScalingPolicy.builder().mode(ScalingMode.STEP).minCapacity(0).maxCapacity(40)
                .backlogPerUnit(75).inFlightPerUnit(4).includeDelayed(true).scaleInTolerance(0.1).stepSize(3)
                .scaleOutAlarmName("high").scaleInAlarmName("low").onDemandTargetCapacity(2)
                .excessCapacityTerminationPolicy(ExcessCapacityTerminationPolicy.NO_TERMINATION).build();
        JsonNode written = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(WireModule.module())
                .valueToTree(p);
        assertEquals("step", written.get("mode").asText());
        assertEquals("noTermination", written.get("excessCapacityTerminationPolicy").asText());
        assertEquals(JSON.valueToTree(PolicyFields.toMap(p)), written);
        assertEquals(p, PolicyFields.read(Optional.of(WireObject.input(written))));
        assertTrue(PolicyFields.NAMES.containsAll(PolicyFields.toMap(ScalingPolicy.builder().build()).keySet()));
    }

    @Test
    void everyWireEnumReadsBackWhatItWritesAndNamesAreUnique() {
        for (WireEnum<?> names : WireEnum.WRITTEN) {
            roundTrip(names);
        }
        assertEquals("scale-out, scale-in", WireEnum.CHANGE.allowed());
        assertEquals(null, WireEnum.CHANGE.parse("none"), "a recorded change is never none");
    }

    private static <E extends Enum<E>> void roundTrip(WireEnum<E> names) {
        Set<String> seen = new HashSet<>();
        for (E value : names.values()) {
            String name = names.name(value);
            assertNotNull(name);
            assertTrue(seen.add(name), names.type().getSimpleName() + " writes " + name + " twice");
            assertEquals(value, names.parse(name));
        }
        assertEquals(names.type().getEnumConstants().length, names.values().size(), names.type().getSimpleName());
    }
}
