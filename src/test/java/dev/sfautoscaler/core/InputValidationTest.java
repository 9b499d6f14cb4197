package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The records the handlers build from JSON refuse bad values, naming the field. */
class InputValidationTest {

    private static final ExcessCapacityTerminationPolicy DEFAULT = ExcessCapacityTerminationPolicy.DEFAULT;

    static Stream<Arguments> badRecords() {
        return Stream.of(
                bad("fleet id missing", "fleet.fleetId", "is required", () -> fleet(null, 3, FleetState.ACTIVE)),
                bad("fleet id not an sfr- id", "fleet.fleetId", "'i-0abc'", () -> fleet("i-0abc", 3,
                        FleetState.ACTIVE)),
                bad("negative target", "fleet.targetCapacity", "-1", () -> fleet(FLEET_ID, -1, FleetState.ACTIVE)),
                bad("fleet state missing", "fleet.state", "is required", () -> fleet(FLEET_ID, 3, null)),
                bad("negative fulfilled", "fleet.fulfilledCapacity", "-0.5", () -> new FleetSnapshot(FLEET_ID, 3, -0.5,
                        0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED, FleetType.MAINTAIN, Optional.empty())),
                bad("unknown fleet state", "fleet.state", "'paused'", () -> FleetState.fromWire("fleet.state",
                        "paused")),
                bad("unknown fleet type", "fleet.type", "'spot'", () -> FleetType.fromWire("fleet.type", "spot")),
                bad("unknown activity status", "fleet.activityStatus", "'busy'", () -> ActivityStatus.fromWire(
                        "fleet.activityStatus", "busy")),
                bad("queue url missing", "queue.queueUrl", "is required", () -> new QueueSnapshot(" ", 1, 0, 0, NOW)),
                bad("negative visible", "queue.visible", "-3", () -> new QueueSnapshot(QUEUE_URL, -3, 0, 0, NOW)),
                bad("negative in flight", "queue.inFlight", "-1", () -> new QueueSnapshot(QUEUE_URL, 0, -1, 0, NOW)),
                bad("queue read time missing", "queue.readAt", "is required", () -> new QueueSnapshot(QUEUE_URL, 0,
                        0, 0, null)),
                bad("trigger kind missing", "trigger.kind", "alarm, manual or schedule", () -> new Trigger(null, "x",
                        1, Optional.empty(), Optional.empty(), NOW)),
                bad("trigger round 0", "trigger.round", "0", () -> Trigger.manual("x", NOW).inRound(0)),
                bad("alarm trigger without state", "trigger.alarmName", "name and state", () -> new Trigger(
                        TriggerKind.ALARM, "evt", 1, Optional.of("jobs-backlog-high"), Optional.empty(), NOW)),
                bad("modify without a change", "action", "scale-out or scale-in", () -> new ModifyRequest(FLEET_ID,
                        ScaleAction.NONE, 3, 3, Optional.empty(), DEFAULT, "", false)),
                bad("scale-out that goes down", "to", "above from (7)", () -> new ModifyRequest(FLEET_ID,
                        ScaleAction.SCALE_OUT, 7, 3, Optional.empty(), DEFAULT, "", false)),
                bad("scale-in that goes up", "to", "below from (3)", () -> new ModifyRequest(FLEET_ID,
                        ScaleAction.SCALE_IN, 3, 7, Optional.empty(), DEFAULT, "", false)),
                bad("modify above the capacity limit", "to", "100000", () -> new ModifyRequest(FLEET_ID,
                        ScaleAction.SCALE_OUT, 3, 100_001, Optional.empty(), DEFAULT, "", false)),
                bad("on-demand part above the new target", "onDemandTargetCapacity", "5 > 4", () -> new ModifyRequest(
                        FLEET_ID, ScaleAction.SCALE_IN, 7, 4, Optional.of(5), DEFAULT, "", false)),
                bad("notify a failure without the error", "failure", "outcome is failed", () -> new NotifyRequest(
                        FLEET_ID, Outcome.FAILED, null, null, null, null)),
                bad("notify a change without the decision", "decision", "scaled", () -> new NotifyRequest(FLEET_ID,
                        Outcome.SCALED, null, null, null, null)),
                bad("last change without action", "lastChange.action", "scale-out or scale-in", () -> new LastChange(
                        NOW, ScaleAction.NONE, 3, 3, "")));
    }

    private static Arguments bad(String name, String field, String mentioned, Executable construction) {
        return Arguments.of(name, field, mentioned, construction);
    }

    private static FleetSnapshot fleet(String id, int target, FleetState state) {
        return new FleetSnapshot(id, target, 0, 0, 0, state, ActivityStatus.FULFILLED, FleetType.MAINTAIN,
                Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void a_bad_value_is_refused_naming_the_field(String name, String field, String mentioned, Executable construction) {
        InvalidInput e = assertThrows(InvalidInput.class, construction);

        assertEquals(field, e.field());
        assertMentions(e.getMessage(), "'" + field + "'", mentioned);
    }

    @Test
    void optional_parts_default_sensibly() {
        FleetSnapshot f = new FleetSnapshot(FLEET_ID, 3, 3, 0, 0, FleetState.ACTIVE, null, FleetType.MAINTAIN, null);
        ModifyRequest m = new ModifyRequest(FLEET_ID, ScaleAction.SCALE_OUT, 3, 7, null, null, null, false);
        Trigger t = new Trigger(TriggerKind.SCHEDULE, null, 1, null, null, NOW);

        assertEquals(ActivityStatus.UNKNOWN, f.activityStatus());
        assertEquals(Optional.empty(), f.lastChange());
        assertEquals(DEFAULT, m.excessCapacityTerminationPolicy());
        assertEquals("", m.triggerKey());
        assertEquals("", t.dedupKey());
        assertEquals(ActivityStatus.UNKNOWN, ActivityStatus.fromWire("fleet.activityStatus", null));
    }

    @Test
    void a_modify_request_carries_the_decision_unchanged() {
        ScaleDecision d = Fixtures.decider().decide(Fixtures.fleet(3), Fixtures.queue(600, 40), Fixtures.manual(),
                Fixtures.policy().onDemandTargetCapacity(1).build());

        ModifyRequest r = ModifyRequest.of(d, true);

        assertEquals(new ModifyRequest(FLEET_ID, ScaleAction.SCALE_OUT, 3, 7, Optional.of(1), DEFAULT,
                "manual-run-1:1", true, TargetKind.SPOT_FLEET, Optional.of(Fixtures.NOW)), r);
    }

    @Test
    void failure_report_short_name_is_the_class_name_a_person_knows() {
        assertEquals("FleetBusy", new FailureReport("dev.sfautoscaler.core.error.FleetBusy", "x").shortName());
        assertEquals("Unknown", new FailureReport(" ", null).shortName());
    }
}
