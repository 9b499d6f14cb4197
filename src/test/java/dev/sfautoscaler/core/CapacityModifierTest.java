package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.error.FleetNotScalable;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway.Operation;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CapacityModifierTest {

    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final SettableClock clock = new SettableClock(NOW);
    // As deployed: a lease per fleet and guard bounds that allow these tests' targets.
    private final CapacityModifier modifier = new CapacityModifier(fleets,
            Optional.of(new dev.sfautoscaler.core.fakes.InMemoryLeases()),
            GuardBounds.of(java.util.Map.of(FLEET_ID, new GuardBounds.Range(0, 100))), clock);
    private InMemoryFleetGateway.Fleet fleet;

    @BeforeEach
    void aFleetOfThree() {
        fleet = fleets.add(FLEET_ID, 3);
    }

    private static ModifyRequest scaleOut3To7(boolean dryRun) {
        return new ModifyRequest(FLEET_ID, ScaleAction.SCALE_OUT, 3, 7, Optional.empty(),
                ExcessCapacityTerminationPolicy.DEFAULT, "evt-7f3a:1", dryRun);
    }

    @Test
    void sets_the_target_records_the_change_and_says_so() {
        clock.advance(Duration.ofSeconds(2));

        ModifyOutcome o = modifier.modify(scaleOut3To7(false));

        assertEquals(7, fleet.targetCapacity);
        assertEquals(Optional.of(new LastChange(NOW.plusSeconds(2), ScaleAction.SCALE_OUT, 3, 7, "evt-7f3a:1")),
                LastChange.fromMarker(fleet.marker));
        assertAll(
                () -> assertTrue(o.applied()),
                () -> assertTrue(o.changeRecorded()),
                () -> assertFalse(o.dryRun()),
                () -> assertFalse(o.alreadyApplied()),
                () -> assertEquals(List.of(), o.warnings()),
                () -> assertEquals(NOW.plusSeconds(2), o.at()),
                () -> assertEquals("Spot Fleet sfr-0abc1234def567890 scaled out 3 -> 7.", o.summary()));
        // Read, change, record, and read again to see whether something else changed it at the same moment.
        assertEquals(List.of(Operation.DESCRIBE, Operation.MODIFY, Operation.RECORD_CHANGE, Operation.DESCRIBE),
                fleets.calls().stream().map(InMemoryFleetGateway.Call::operation).toList());
    }

    @Test
    void the_on_demand_part_and_termination_policy_go_to_the_fleet() {
        modifier.modify(new ModifyRequest(FLEET_ID, ScaleAction.SCALE_IN, 3, 2, Optional.of(1),
                ExcessCapacityTerminationPolicy.NO_TERMINATION, "evt-1:1", false));

        assertEquals(List.of(new ModifyCommand(FLEET_ID, 2, Optional.of(1),
                ExcessCapacityTerminationPolicy.NO_TERMINATION)), fleets.modifications());
        assertEquals(1, fleet.onDemandTargetCapacity);
        assertEquals("noTermination", fleet.excessCapacityTerminationPolicy);
    }

    @Test
    void a_scale_in_below_the_fleets_on_demand_part_lowers_that_part_instead_of_failing() {
        fleet.targetCapacity = 10;
        fleet.onDemandTargetCapacity = 4;

        ModifyOutcome o = modifier.modify(new ModifyRequest(FLEET_ID, ScaleAction.SCALE_IN, 10, 2, Optional.empty(),
                ExcessCapacityTerminationPolicy.DEFAULT, "evt-1:1", false));

        assertEquals(2, fleet.targetCapacity);
        assertEquals(2, fleet.onDemandTargetCapacity);
        assertEquals(Optional.of(2), o.onDemandTargetCapacity());
    }

    private ModifyOutcome change(ScaleAction action, int from, int to, Optional<Integer> onDemand) {
        return modifier.modify(new ModifyRequest(FLEET_ID, action, from, to, onDemand,
                ExcessCapacityTerminationPolicy.DEFAULT, "evt-" + from + "-" + to + ":1", false));
    }

    @Test
    void the_on_demand_part_a_scale_in_lowered_comes_back_with_the_scale_out() {
        // Issue 16: on-demand 4, target 10 -> 2 -> 10 left on-demand 2.
        fleet.targetCapacity = 10;
        fleet.onDemandTargetCapacity = 4;

        change(ScaleAction.SCALE_IN, 10, 2, Optional.of(2)); // decide caps the on-demand part at the new target
        assertEquals(2, fleet.onDemandTargetCapacity);
        assertEquals(Optional.of(4), LastChange.fromMarker(fleet.marker).orElseThrow().onDemandToRestore());

        ModifyOutcome out = change(ScaleAction.SCALE_OUT, 2, 10, Optional.empty());

        assertEquals(10, fleet.targetCapacity);
        assertEquals(4, fleet.onDemandTargetCapacity);
        assertEquals(Optional.of(4), out.onDemandTargetCapacity());
        assertEquals(Optional.empty(), LastChange.fromMarker(fleet.marker).orElseThrow().onDemandToRestore(),
                "nothing left to restore");
    }

    @Test
    void the_on_demand_part_comes_back_as_far_as_each_target_allows() {
        fleet.targetCapacity = 10;
        fleet.onDemandTargetCapacity = 4;

        change(ScaleAction.SCALE_IN, 10, 2, Optional.empty());
        change(ScaleAction.SCALE_OUT, 2, 3, Optional.empty());
        assertEquals(3, fleet.onDemandTargetCapacity);
        assertEquals(Optional.of(4), LastChange.fromMarker(fleet.marker).orElseThrow().onDemandToRestore());
        change(ScaleAction.SCALE_IN, 3, 1, Optional.empty());
        assertEquals(1, fleet.onDemandTargetCapacity);
        change(ScaleAction.SCALE_OUT, 1, 8, Optional.empty());

        assertEquals(4, fleet.onDemandTargetCapacity);
    }

    @Test
    void an_on_demand_part_changed_by_someone_else_meanwhile_is_the_new_share() {
        fleet.targetCapacity = 10;
        fleet.onDemandTargetCapacity = 4;
        change(ScaleAction.SCALE_IN, 10, 2, Optional.empty());
        fleet.onDemandTargetCapacity = 0; // the owner turned the on-demand part off in the console

        change(ScaleAction.SCALE_OUT, 2, 10, Optional.empty());

        assertEquals(0, fleet.onDemandTargetCapacity);
        assertEquals(Optional.empty(), fleets.modifications().get(1).onDemandTargetCapacity());
    }

    @Test
    void the_decisions_own_on_demand_part_wins_over_the_remembered_one() {
        fleet.targetCapacity = 10;
        fleet.onDemandTargetCapacity = 4;
        change(ScaleAction.SCALE_IN, 10, 2, Optional.empty());

        change(ScaleAction.SCALE_OUT, 2, 10, Optional.of(1)); // the policy's onDemandTargetCapacity

        assertEquals(1, fleet.onDemandTargetCapacity);
    }

    @Test
    void an_on_demand_part_within_the_new_target_is_left_alone() {
        fleet.onDemandTargetCapacity = 2;

        modifier.modify(scaleOut3To7(false));

        assertEquals(Optional.empty(), fleets.modifications().get(0).onDemandTargetCapacity());
        assertEquals(2, fleet.onDemandTargetCapacity);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CANCELLED             | MAINTAIN | 'cancelled'
            CANCELLED_TERMINATING | MAINTAIN | 'cancelled_terminating'
            FAILED                | MAINTAIN | 'failed'
            ACTIVE                | REQUEST  | 'request'
            """)
    void a_fleet_that_can_never_be_modified_is_refused_without_a_write(FleetState state, FleetType type,
            String named) {
        fleet.state = state;
        fleet.type = type;

        FleetNotScalable e = assertThrows(FleetNotScalable.class, () -> modifier.modify(scaleOut3To7(false)));

        assertMentions(e.getMessage(), "sfr-0abc1234def567890", named);
        assertFalse(e.retryable());
        assertEquals(List.of(), fleets.writes());
        assertEquals(3, fleet.targetCapacity);
    }

    @ParameterizedTest
    @EnumSource(value = FleetState.class, names = {"SUBMITTED", "MODIFYING"})
    void a_busy_fleet_is_refused_as_retryable_without_a_write(FleetState state) {
        fleet.state = state;

        FleetBusy e = assertThrows(FleetBusy.class, () -> modifier.modify(scaleOut3To7(false)));

        assertEquals("fleet sfr-0abc1234def567890 is in state '" + state.wireName()
                + "'; retry after the current modification finishes", e.getMessage());
        assertTrue(e.retryable());
        assertEquals(List.of(), fleets.writes());
    }

    @Test
    void a_fleet_changed_since_the_decision_is_refused_so_the_workflow_decides_again() {
        fleet.targetCapacity = 5;

        CapacityChanged e = assertThrows(CapacityChanged.class, () -> modifier.modify(scaleOut3To7(false)));

        assertMentions(e.getMessage(), "target capacity is 5, not 3", "decide again");
        assertTrue(e.retryable());
        assertEquals(List.of(), fleets.writes());
    }

    @Test
    void ec2_refusing_because_another_change_is_applying_is_busy_and_retryable() {
        // Another execution modified the fleet between this re-read and this call; EC2 refuses while it applies that.
        InMemoryFleetGateway.Fleet f = fleet;
        fleets.beforeNext(Operation.MODIFY, () -> {
            f.targetCapacity = 7;
            f.state = FleetState.MODIFYING;
        });

        FleetBusy e = assertThrows(FleetBusy.class, () -> modifier.modify(scaleOut3To7(false)));

        assertTrue(e.retryable());
        assertMentions(e.getMessage(), "'modifying'");
        assertEquals(List.of(Operation.DESCRIBE, Operation.MODIFY, Operation.DESCRIBE),
                fleets.calls().stream().map(InMemoryFleetGateway.Call::operation).toList(), "no marker written");

        f.state = FleetState.ACTIVE; // the workflow's retry, once the other change has been applied
        ModifyOutcome retry = modifier.modify(scaleOut3To7(false));

        assertTrue(retry.alreadyApplied());
        assertEquals(7, f.targetCapacity);
    }

    @Test
    void ec2_refusing_a_fleet_that_is_active_stands() {
        fleets.failNext(Operation.MODIFY, new FleetNotInModifiableState(FLEET_ID, "not modifiable"));

        assertThrows(FleetNotInModifiableState.class, () -> modifier.modify(scaleOut3To7(false)));
        assertEquals(3, fleet.targetCapacity);
    }

    @Test
    void a_repeated_request_after_success_changes_nothing_more() {
        modifier.modify(scaleOut3To7(false));

        ModifyOutcome again = modifier.modify(scaleOut3To7(false));

        assertTrue(again.alreadyApplied());
        assertTrue(again.applied());
        assertFalse(again.byAnotherTrigger(), "the same trigger: our own earlier attempt, which this one reports");
        assertMentions(again.summary(), "already asks for 7", "an earlier attempt");
        assertEquals(1, fleets.modifications().size());
        assertEquals(7, fleet.targetCapacity);
    }

    @Test
    void an_attempt_that_changed_the_fleet_but_died_before_recording_is_completed_by_the_retry() {
        fleet.targetCapacity = 7; // the first attempt's ModifySpotFleetRequest went through, then the Lambda timed out

        ModifyOutcome o = modifier.modify(scaleOut3To7(false));

        assertTrue(o.alreadyApplied());
        assertTrue(o.changeRecorded(), "the marker now carries the change, so cooldowns and de-duplication see it");
        assertFalse(o.byAnotherTrigger());
        assertEquals(Optional.of(new LastChange(NOW, ScaleAction.SCALE_OUT, 3, 7, "evt-7f3a:1")),
                LastChange.fromMarker(fleet.marker));
        assertEquals(List.of(), fleets.modifications());
    }

    @Test
    void an_already_recorded_change_is_not_recorded_again() {
        modifier.modify(scaleOut3To7(false));
        clock.advance(Duration.ofSeconds(30));

        ModifyOutcome again = modifier.modify(scaleOut3To7(false));

        assertTrue(again.changeRecorded());
        assertEquals(2, fleets.writes().size(), "one modify and one record, both from the first call");
        assertEquals(NOW, LastChange.fromMarker(fleet.marker).orElseThrow().at(), "the cooldown clock did not restart");
    }

    @Test
    void a_concurrent_decision_for_the_same_change_does_not_overwrite_the_first_marker() {
        // Two different alarm events both decided 3 -> 7; the other one got there first and recorded it.
        fleet.targetCapacity = 7;
        fleet.marker = new LastChange(NOW.minusSeconds(5), ScaleAction.SCALE_OUT, 3, 7, "evt-other:1").toMarker();

        ModifyOutcome o = modifier.modify(scaleOut3To7(false));

        assertTrue(o.alreadyApplied());
        assertTrue(o.byAnotherTrigger(), "the other execution reports the change; notify must not repeat it");
        assertMentions(o.summary(), "another execution (trigger evt-other:1)");
        assertTrue(o.changeRecorded());
        assertEquals(List.of(), fleets.writes());
        assertEquals("evt-other:1", LastChange.fromMarker(fleet.marker).orElseThrow().triggerId());
    }

    @Test
    void a_dry_run_on_a_fleet_already_at_the_target_is_still_a_dry_run() {
        fleet.targetCapacity = 7;

        ModifyOutcome o = modifier.modify(scaleOut3To7(true));

        assertTrue(o.dryRun());
        assertEquals(List.of(), fleets.writes());
    }

    @Test
    void an_unexpected_error_while_recording_still_reports_the_applied_change() {
        fleets.failNext(Operation.RECORD_CHANGE, new IllegalStateException("connection reset"));

        ModifyOutcome o = modifier.modify(scaleOut3To7(false));

        assertTrue(o.applied());
        assertFalse(o.changeRecorded());
        assertMentions(o.warnings().get(0), "applied but not recorded", "connection reset");
    }

    @Test
    void a_dry_run_writes_nothing_and_says_what_it_would_do() {
        ModifyOutcome o = modifier.modify(scaleOut3To7(true));

        assertTrue(o.dryRun());
        assertFalse(o.applied());
        assertFalse(o.changeRecorded());
        assertEquals("Dry run: would scale out 3 -> 7 on fleet sfr-0abc1234def567890; nothing was changed.", o.summary());
        assertEquals(List.of(), fleets.writes());
        assertEquals(3, fleet.targetCapacity);
        assertEquals(null, fleet.marker);
    }

    @Test
    void a_dry_run_still_refuses_a_fleet_that_cannot_take_the_change() {
        fleet.state = FleetState.MODIFYING;

        assertThrows(FleetBusy.class, () -> modifier.modify(scaleOut3To7(true)));
        assertEquals(List.of(), fleets.writes());
    }

    @Test
    void a_change_applied_but_not_recorded_is_a_success_with_a_warning() {
        fleets.failNext(Operation.RECORD_CHANGE, new AccessDenied("CreateTags", "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        ModifyOutcome o = modifier.modify(scaleOut3To7(false));

        assertTrue(o.applied());
        assertFalse(o.changeRecorded());
        assertEquals(7, fleet.targetCapacity);
        assertEquals(1, o.warnings().size());
        assertMentions(o.warnings().get(0), "applied but not recorded", "AccessDenied", "CreateTags",
                "cooldowns and duplicate detection will not see it");
        assertEquals("Spot Fleet sfr-0abc1234def567890 scaled out 3 -> 7.", o.summary());
    }

    @Test
    void a_failed_modification_propagates_and_records_nothing() {
        Throttled throttled = new Throttled("ModifySpotFleetRequest", "RequestLimitExceeded", "slow down");
        fleets.failNext(Operation.MODIFY, throttled);

        assertSame(throttled, assertThrows(Throttled.class, () -> modifier.modify(scaleOut3To7(false))));

        assertEquals(3, fleet.targetCapacity);
        assertEquals(null, fleet.marker);
        assertTrue(fleets.calls().stream().noneMatch(c -> c.operation() == Operation.RECORD_CHANGE));
    }

    @Test
    void ec2_refusing_the_state_propagates_as_its_typed_error() {
        fleets.failNext(Operation.MODIFY, new FleetNotInModifiableState(FLEET_ID, "state changed"));

        assertThrows(FleetNotInModifiableState.class, () -> modifier.modify(scaleOut3To7(false)));
        assertEquals(null, fleet.marker);
    }
}
