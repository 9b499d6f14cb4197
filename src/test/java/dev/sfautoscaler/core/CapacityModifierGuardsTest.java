package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway.Operation;
import dev.sfautoscaler.core.fakes.InMemoryLeases;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guards around a change: the deployment's bounds, the fleet's lease, the re-read after the write. */
class CapacityModifierGuardsTest {

    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final InMemoryLeases leases = new InMemoryLeases();
    private final SettableClock clock = new SettableClock(NOW);
    private final GuardBounds bounds = GuardBounds.of(Map.of(FLEET_ID, new GuardBounds.Range(2, 6)));
    private final CapacityModifier modifier = new CapacityModifier(fleets, Optional.of(leases), bounds, clock);
    private final Invocation invocation = new Invocation("req-1", Duration.ofSeconds(40));

    @BeforeEach
    void aFleetOfThree() {
        fleets.add(FLEET_ID, 3);
    }

    private static ModifyRequest scaleOut(int from, int to, boolean dryRun) {
        return new ModifyRequest(FLEET_ID, ScaleAction.SCALE_OUT, from, to, Optional.empty(),
                ExcessCapacityTerminationPolicy.DEFAULT, "evt-7f3a:1", dryRun);
    }

    @Test
    void a_target_above_the_guard_is_refused_before_anything_is_read_or_written() {
        OutsideGuardBounds e = assertThrows(OutsideGuardBounds.class,
                () -> modifier.modify(scaleOut(3, 7, false), invocation));

        assertMentions(e.getMessage(), "target 7", FLEET_ID, "2..6", "nothing was changed");
        assertEquals(List.of(), fleets.calls());
        assertEquals(List.of(), leases.calls());
    }

    @Test
    void a_dry_run_outside_the_guard_is_refused_too() {
        assertThrows(OutsideGuardBounds.class, () -> modifier.modify(scaleOut(3, 7, true), invocation));
    }

    @Test
    void a_fleet_the_deployment_does_not_name_is_refused() {
        fleets.add("sfr-0def0000000000000", 3);
        ModifyRequest other = new ModifyRequest("sfr-0def0000000000000", ScaleAction.SCALE_OUT, 3, 5, Optional.empty(),
                ExcessCapacityTerminationPolicy.DEFAULT, "evt-7f3a:1", false);

        OutsideGuardBounds e = assertThrows(OutsideGuardBounds.class, () -> modifier.modify(other, invocation));

        assertMentions(e.getMessage(), "sfr-0def0000000000000", "no guard bounds", FLEET_ID);
        assertEquals(3, fleets.fleet("sfr-0def0000000000000").targetCapacity);
    }

    @Test
    void a_misconfigured_guard_fails_every_modify_saying_what_is_wrong() {
        CapacityModifier broken = new CapacityModifier(fleets, Optional.of(leases),
                GuardBounds.misconfigured("AUTOSCALER_GUARD_BOUNDS is not JSON (Unexpected character)"), clock);

        AwsCallFailed e = assertThrows(AwsCallFailed.class, () -> broken.modify(scaleOut(3, 5, false), invocation));

        assertMentions(e.getMessage(), "NotConfigured", "AUTOSCALER_GUARD_BOUNDS is not JSON", "\"min\"");
        assertFalse(e.retryable());
        assertEquals(List.of(), fleets.calls());
    }

    @Test
    void inside_the_guard_the_change_is_made_under_the_lease_and_the_lease_is_given_back() {
        ModifyOutcome o = modifier.modify(scaleOut(3, 5, false), invocation);

        assertTrue(o.applied());
        assertEquals(List.of(), o.warnings());
        assertEquals(5, fleets.fleet(FLEET_ID).targetCapacity);
        assertEquals(List.of("take " + FLEET_ID, "release " + FLEET_ID), leases.calls());
        assertEquals(Optional.empty(), leases.held(FLEET_ID));
    }

    @Test
    void a_lease_another_execution_holds_is_fleet_busy_and_nothing_is_read_or_written() {
        leases.hold(new Lease(FLEET_ID, "req-0 (trigger schedule-1:1)", NOW.plusSeconds(30)));

        FleetBusy e = assertThrows(FleetBusy.class, () -> modifier.modify(scaleOut(3, 5, false), invocation));

        assertMentions(e.getMessage(), "another execution", "req-0 (trigger schedule-1:1)", "retry");
        assertTrue(e.retryable());
        assertEquals(List.of(), fleets.calls());
        assertEquals(3, fleets.fleet(FLEET_ID).targetCapacity);
    }

    @Test
    void a_lapsed_lease_is_taken_over() {
        leases.hold(new Lease(FLEET_ID, "req-0", NOW.minusSeconds(1)));

        ModifyOutcome o = modifier.modify(scaleOut(3, 5, false), invocation);

        assertTrue(o.applied());
        assertEquals(5, fleets.fleet(FLEET_ID).targetCapacity);
        assertEquals(Optional.empty(), leases.held(FLEET_ID));
    }

    @Test
    void the_lease_outlasts_the_invocation_by_five_seconds() {
        fleets.beforeNext(Operation.MODIFY, () -> assertEquals(NOW.plusSeconds(45),
                leases.held(FLEET_ID).orElseThrow().expiresAt()));

        modifier.modify(scaleOut(3, 5, false), invocation);

        assertTrue(fleets.calls().stream().anyMatch(c -> c.operation() == Operation.MODIFY));
    }

    @Test
    void the_lease_is_given_back_after_a_failure_too() {
        fleets.fleet(FLEET_ID).targetCapacity = 4;

        assertThrows(CapacityChanged.class, () -> modifier.modify(scaleOut(3, 5, false), invocation));

        assertEquals(Optional.empty(), leases.held(FLEET_ID));
    }

    @Test
    void a_dry_run_takes_no_lease() {
        modifier.modify(scaleOut(3, 5, true), invocation);

        assertEquals(List.of(), leases.calls());
    }

    @Test
    void without_a_state_table_or_guard_the_outcome_warns_of_both() {
        ModifyOutcome o = new CapacityModifier(fleets, clock).modify(scaleOut(3, 7, false), invocation);

        assertTrue(o.applied());
        assertEquals(2, o.warnings().size(), o.warnings().toString());
        assertMentions(o.warnings().get(0), "AUTOSCALER_GUARD_BOUNDS is not set");
        assertMentions(o.warnings().get(1), "AUTOSCALER_STATE_TABLE is not set", "not serialised");
    }

    @Test
    void a_change_made_outside_the_autoscaler_at_the_same_moment_is_reported_as_overwritten() {
        // Someone sets 6 in the console right after this modify set 5.
        fleets.beforeNext(Operation.RECORD_CHANGE, () -> fleets.fleet(FLEET_ID).targetCapacity = 6);

        ModifyOutcome o = modifier.modify(scaleOut(3, 5, false), invocation);

        assertTrue(o.applied());
        assertTrue(o.overwritten());
        assertMentions(o.warnings().get(0), "asks for 6, not 5", "outside the autoscaler");
        LastChange marker = LastChange.fromMarker(fleets.fleet(FLEET_ID).marker).orElseThrow();
        assertEquals(5, marker.to()); // the marker describes the change that was made
    }

    @Test
    void a_fleet_still_applying_the_change_is_not_overwritten() {
        fleets.modifyLeavesFleetModifying(true);
        // EC2 may still show the old target while it is applying the change.
        fleets.beforeNext(Operation.RECORD_CHANGE, () -> fleets.fleet(FLEET_ID).targetCapacity = 3);

        ModifyOutcome o = modifier.modify(scaleOut(3, 5, false), invocation);

        assertFalse(o.overwritten());
        assertEquals(List.of(), o.warnings());
    }
}
