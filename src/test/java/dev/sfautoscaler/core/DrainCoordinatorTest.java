package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.fakes.InMemoryDrainGateway;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryLeases;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.SettableClock;
import dev.sfautoscaler.core.port.FleetGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A drain from start to finish on fakes: the instances that leave are exactly the ones tagged. */
class DrainCoordinatorTest {

    private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");
    private static final String FLEET = "sfr-0123abcd-4567-89ef-0123-456789abcdef";
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
    private static final Target SPOT = Target.spotFleet(FLEET);
    private static final Target GROUP = new Target(TargetKind.AUTO_SCALING_GROUP, "workers");

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final InMemoryDrainGateway instances = new InMemoryDrainGateway();
    private final InMemoryQueueGauge queues = new InMemoryQueueGauge();
    private final DrainCoordinator drain = new DrainCoordinator(fleets, instances,
            new CapacityReader(fleets, queues, clock), new ScalingDecider(clock), clock);
    private final ScalingPolicy policy = ScalingPolicy.builder().minCapacity(1).maxCapacity(10).backlogPerUnit(10)
            .drainTimeoutSeconds(300).build();

    private void fleetOf4() {
        fleets.add(FLEET, 4);
        for (int i = 1; i <= 4; i++) {
            instances.add("i-" + i, 1, T0.minusSeconds(3600 - 60L * i), i == 2 ? BusyHint.IDLE : BusyHint.UNKNOWN);
        }
        queues.put(new QueueSnapshot(QUEUE, 0, 1, 0, T0));
    }

    @Test
    void a_drain_tags_the_idle_then_newest_lowers_the_fleet_without_termination_and_terminates_exactly_those() {
        fleetOf4();

        DrainReport started = drain.start(SPOT, 4, 2, "manual-1#1");

        assertEquals(DrainOutcome.STARTED, started.outcome());
        assertEquals(List.of("i-2", "i-4"), started.instanceIds());
        assertEquals(2, fleets.fleet(FLEET).targetCapacity);
        assertEquals(ExcessCapacityTerminationPolicy.NO_TERMINATION,
                fleets.modifications().get(0).excessCapacityTerminationPolicy());
        assertTrue(started.reason().contains("noTermination"), started.reason());
        assertEquals(Optional.of(T0), instances.targetDrainStartedAt(), "the target says a drain is under way");

        clock.advance(Duration.ofSeconds(20));
        instances.reportDrained("i-2", clock.instant());
        assertEquals(DrainOutcome.WAITING, drain.check(SPOT, QUEUE, policy, "c1").outcome());
        assertEquals(List.of("i-2"), instances.terminated(), "the one that reported leaves at this check");
        assertEquals(Optional.of("2026-12-04T21:00:00Z drained=1 unannounced=0 timedOut=0 units=1 to=2"),
                instances.targetTag(), "and the target carries its count, for the notification");

        clock.advance(Duration.ofSeconds(27));
        instances.reportDrained("i-4", clock.instant());
        DrainReport checked = drain.check(SPOT, QUEUE, policy, "c2");
        assertEquals(DrainOutcome.DRAINED, checked.outcome());

        DrainReport finished = drain.finish(SPOT, "manual-1#1");
        assertEquals(List.of("i-2", "i-4"), instances.terminated());
        assertEquals("Drained 2 instances (2 units) in 47 s (1 of them terminated by earlier steps as each was"
                + " done); Spot Fleet " + FLEET + " 4 -> 2.", finished.reason());
        assertEquals("scaled in 4 -> 2, drained 2 instances (2 units) in 47 s", ChangeNotifier.drained(finished));
        assertEquals(Optional.empty(), instances.targetDrainStartedAt(), "no drain under way any more");
    }

    @Test
    void a_drain_whose_execution_died_is_finished_by_a_later_check_and_finish_from_the_tags_alone() {
        fleetOf4();
        drain.start(SPOT, 4, 2, "dead-execution#1");
        instances.reportDrained("i-2", T0.plusSeconds(5));
        clock.advance(Duration.ofSeconds(600));

        // A later execution knows nothing but the target: the instances' tags carry the drain.
        DrainReport checked = drain.check(SPOT, QUEUE, policy, "later");
        DrainReport finished = drain.finish(SPOT, "later");

        assertEquals(DrainOutcome.TIMED_OUT, checked.outcome());
        assertEquals(List.of("i-2", "i-4"), instances.terminated());
        assertEquals(1, finished.timedOut());
        assertEquals(2, fleets.fleet(FLEET).targetCapacity);
        assertEquals(Optional.empty(), instances.targetDrainStartedAt());
    }

    @Test
    void a_start_that_fails_after_marking_the_target_leaves_the_fleet_as_it_was_once_a_later_finish_runs() {
        fleetOf4();
        instances.failNextMark(new IllegalStateException("CreateTags timed out"));

        try {
            drain.start(SPOT, 4, 2, "dead-execution#1");
        } catch (IllegalStateException expected) {
            // the execution fails here; the target's tag says a drain is under way
        }
        assertEquals(Optional.of(T0), instances.targetDrainStartedAt());
        DrainReport checked = drain.check(SPOT, QUEUE, policy, "later");
        drain.finish(SPOT, "later");

        assertEquals(DrainOutcome.DRAINED, checked.outcome());
        assertEquals(List.of(), instances.terminated());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity, "never lowered, so nothing to give back");
        assertEquals(Optional.empty(), instances.targetDrainStartedAt(), "and no drain under way any more");
    }

    @Test
    void a_worker_that_never_reports_is_terminated_at_the_timeout_and_counted_as_timed_out() {
        fleetOf4();
        drain.start(SPOT, 4, 3, "manual-1#1");
        clock.advance(Duration.ofSeconds(299));
        assertEquals(DrainOutcome.WAITING, drain.check(SPOT, QUEUE, policy, "c1").outcome());

        clock.advance(Duration.ofSeconds(1));
        DrainReport timedOut = drain.check(SPOT, QUEUE, policy, "c2");

        assertEquals(DrainOutcome.TIMED_OUT, timedOut.outcome());
        assertEquals(1, timedOut.timedOut());
        DrainReport finished = drain.finish(SPOT, "manual-1#1");
        assertEquals(List.of("i-2"), instances.terminated());
        assertEquals(1, finished.timedOut());
        assertTrue(finished.reason().contains("1 timed out"), finished.reason());
    }

    @Test
    void a_scale_out_during_the_drain_untags_the_instances_still_busy_and_raises_the_target_back() {
        fleetOf4();
        drain.start(SPOT, 4, 2, "manual-1#1");
        instances.reportDrained("i-2", T0.plusSeconds(5));
        queues.put(new QueueSnapshot(QUEUE, 60, 2, 0, T0.plusSeconds(15)));
        clock.advance(Duration.ofSeconds(15));

        DrainReport cancelled = drain.check(SPOT, QUEUE, policy, "c1");

        assertEquals(DrainOutcome.CANCELLED, cancelled.outcome());
        assertEquals(List.of("i-4", "i-2"), cancelled.instanceIds(), "the busy one, and the idle one the 6 needed want");
        assertEquals(Optional.empty(), instances.instance("i-4").drainTag());
        assertEquals(Optional.empty(), instances.instance("i-2").drainTag());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity, "raised back by both instances' units");
        drain.finish(SPOT, "manual-1#1");
        assertEquals(List.of(), instances.terminated(), "nothing left: the scale-out needs every instance");
    }

    @Test
    void a_cancel_whose_raise_is_refused_changes_nothing_so_the_retry_cancels_and_raises_the_target_back() {
        fleetOf4();
        drain.start(SPOT, 4, 2, "manual-1#1");
        instances.reportDrained("i-2", T0.plusSeconds(5));
        queues.put(new QueueSnapshot(QUEUE, 60, 2, 0, T0.plusSeconds(15)));
        clock.advance(Duration.ofSeconds(15));
        fleets.failNext(InMemoryFleetGateway.Operation.MODIFY, new FleetBusy(FLEET, "modifying"));

        assertThrows(FleetBusy.class, () -> drain.check(SPOT, QUEUE, policy, "c1"));
        assertTrue(instances.instance("i-4").drainTag().isPresent(), "the busy instance keeps its tag");
        DrainReport retried = drain.check(SPOT, QUEUE, policy, "c1");

        assertEquals(DrainOutcome.CANCELLED, retried.outcome(), retried.reason());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity, "raised back by the busy instance's unit, which"
                + " would otherwise run above the target, and the idle one's the scale-out needs");
        assertEquals(Optional.empty(), instances.instance("i-4").drainTag());
    }

    @Test
    void a_group_keeps_its_desired_capacity_until_finish_and_counts_instances_already_draining() {
        fleets.add("workers", 4);
        instances.add("i-a", 1, T0, BusyHint.UNKNOWN).add("i-b", 1, T0.plusSeconds(1), BusyHint.UNKNOWN)
                .add("i-c", 2, T0.plusSeconds(2), BusyHint.UNKNOWN);

        DrainReport first = drain.start(GROUP, 4, 3, "t#1");
        DrainReport again = drain.start(GROUP, 4, 3, "t2#1");

        assertEquals(List.of("i-b"), first.instanceIds());
        assertEquals(DrainOutcome.NOTHING_TO_DRAIN, again.outcome(), again.reason());
        assertEquals(4, fleets.fleet("workers").targetCapacity);
        assertEquals(List.of(), fleets.modifications());
    }

    @Test
    void a_groups_change_is_recorded_at_finish_dated_when_the_drain_was_asked_for() {
        fleets.add("workers", 2);
        instances.add("i-a", 1, T0, BusyHint.IDLE).add("i-b", 1, T0.plusSeconds(1), BusyHint.IDLE);
        FleetGateway tagged = taggedFleets();
        DrainCoordinator groupDrain = new DrainCoordinator(tagged, instances,
                new CapacityReader(tagged, queues, clock), new ScalingDecider(clock), clock);
        clock.set(T0.plusSeconds(6));

        groupDrain.start(GROUP, 2, 1, "tick#1", Optional.of(T0));
        clock.set(T0.plusSeconds(15));
        groupDrain.finish(GROUP, "tick#1");

        assertEquals(Optional.of(T0), LastChange.fromMarker(fleets.fleet("workers").marker).map(LastChange::at),
                "the tick the scale-in answered, not StartDrain (6 s) or FinishDrain (15 s)");
        assertEquals(1, fleets.fleet("workers").targetCapacity);
    }

    @Test
    void a_fleet_with_no_instance_light_enough_is_lowered_to_the_decided_target_and_says_no_instance_left() {
        // Weighted 1 and 4, one 4-unit instance at target 4: 4 -> 1 can remove none of it.
        fleets.add(FLEET, 4);
        instances.add("i-big", 4, T0, BusyHint.IDLE);
        clock.set(T0.plusSeconds(5));

        DrainReport r = drain.start(SPOT, 4, 1, "t#1", Optional.of(T0));

        assertEquals(DrainOutcome.LOWERED, r.outcome());
        assertEquals("No instance of Spot Fleet " + FLEET + " left for 4 -> 1: no instance weighs 3 units or less;"
                + " the target is lowered 4 -> 1 with noTermination, so AWS terminates none and the 3 units above"
                + " it keep running.", r.reason());
        assertEquals(List.of(4, 1), List.of(r.from(), r.to()));
        assertEquals(1, fleets.fleet(FLEET).targetCapacity);
        assertEquals(ExcessCapacityTerminationPolicy.NO_TERMINATION,
                fleets.modifications().get(0).excessCapacityTerminationPolicy());
        assertEquals(Optional.of(new LastChange(T0, ScaleAction.SCALE_IN, 4, 1, "t#1")),
                LastChange.fromMarker(fleets.fleet(FLEET).marker), "the cooldown counts from the decision");
        assertEquals(List.of(), instances.terminated());
        assertEquals(Optional.empty(), instances.targetDrainStartedAt(), "no drain under way: nothing to wait for");
        assertEquals("scaled in 4 -> 1, no instance left", ChangeNotifier.drained(r));
    }

    @Test
    void a_fleet_with_no_instance_to_drain_is_not_lowered_below_its_guard_bounds() {
        fleets.add(FLEET, 4);
        instances.add("i-big", 4, T0, BusyHint.IDLE);
        DrainCoordinator guarded = new DrainCoordinator(fleets, instances, new CapacityReader(fleets, queues, clock),
                new ScalingDecider(clock), Optional.empty(), GuardBounds.of(Map.of(FLEET, new GuardBounds.Range(2, 8))),
                clock);

        assertThrows(OutsideGuardBounds.class, () -> guarded.start(SPOT, 4, 1, "t#1"));

        assertEquals(4, fleets.fleet(FLEET).targetCapacity);
        assertEquals(List.of(), fleets.modifications());
    }

    @Test
    void a_group_with_no_instance_light_enough_drains_nothing_and_changes_nothing() {
        fleets.add("workers", 4);
        instances.add("i-big", 4, T0, BusyHint.IDLE);

        DrainReport r = drain.start(GROUP, 4, 1, "t#1");

        assertEquals(DrainOutcome.NOTHING_TO_DRAIN, r.outcome());
        assertTrue(r.reason().contains("no instance weighs 3 units or less, so nothing changed"), r.reason());
        assertEquals(4, fleets.fleet("workers").targetCapacity);
        assertEquals(List.of(), fleets.modifications());
        assertEquals(null, fleets.fleet("workers").marker, "no change recorded");
    }

    @Test
    void a_stale_decision_on_a_fleet_with_no_instance_light_enough_still_changes_nothing() {
        fleets.add(FLEET, 4);
        instances.add("i-big", 4, T0, BusyHint.IDLE);

        DrainReport r = drain.start(SPOT, 8, 1, "t#1");

        assertEquals(DrainOutcome.CHANGED, r.outcome(), "read and decided again, not lowered on a stale reading");
        assertTrue(r.reason().contains("was decided when it asked for 8; it asks for 4 now"), r.reason());
        assertEquals(List.of(), fleets.modifications());
    }

    @Test
    void a_step_waits_while_another_execution_holds_the_target_and_gives_the_lease_back_after() {
        fleetOf4();
        InMemoryLeases leases = new InMemoryLeases();
        DrainCoordinator leased = new DrainCoordinator(fleets, instances, new CapacityReader(fleets, queues, clock),
                new ScalingDecider(clock), Optional.of(leases), GuardBounds.unset(), clock);
        leases.hold(new Lease(FLEET, "modify of execution evt-1", T0.plusSeconds(60)));

        FleetBusy busy = assertThrows(FleetBusy.class, () -> leased.start(SPOT, 4, 2, "t#1", Optional.empty(), Invocation.local()));

        assertTrue(busy.getMessage().contains("modify of execution evt-1"), busy.getMessage());
        assertEquals(Optional.empty(), instances.targetDrainStartedAt(), "nothing was written");
        leases.release(FLEET, "modify of execution evt-1");
        assertEquals(DrainOutcome.STARTED, leased.start(SPOT, 4, 2, "t#1", Optional.empty(), Invocation.local()).outcome());
        assertEquals(Optional.empty(), leases.held(FLEET), "given back after the step");
    }

    @Test
    void a_drain_that_would_leave_the_fleet_below_its_guard_bounds_writes_nothing() {
        fleetOf4();
        DrainCoordinator guarded = new DrainCoordinator(fleets, instances, new CapacityReader(fleets, queues, clock),
                new ScalingDecider(clock), Optional.empty(), GuardBounds.of(Map.of(FLEET, new GuardBounds.Range(3, 8))),
                clock);

        assertThrows(OutsideGuardBounds.class, () -> guarded.start(SPOT, 4, 2, "t#1"));

        assertEquals(Optional.empty(), instances.targetDrainStartedAt());
        assertEquals(Optional.empty(), instances.instance("i-4").drainTag());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity);
    }

    @Test
    void a_decision_made_before_another_executions_drain_lowered_the_target_changes_nothing_and_asks_to_decide_again() {
        fleetOf4();
        DrainCoordinator asAws = new DrainCoordinator(taggedFleets(), instances,
                new CapacityReader(taggedFleets(), queues, clock), new ScalingDecider(clock), clock);
        asAws.start(SPOT, 4, 3, "schedule#1");

        // The alarm's execution decided 4 -> 2 from a reading taken before the schedule's drain lowered the target.
        DrainReport stale = asAws.start(SPOT, 4, 2, "alarm#1");

        assertEquals(DrainOutcome.CHANGED, stale.outcome(), "the workflow reads and decides again on this outcome");
        assertEquals("The scale-in 4 -> 2 of Spot Fleet " + FLEET + " was decided when it asked for 4; it asks for 3"
                + " now (another execution changed it, and its drain is under way), so nothing was changed here: read"
                + " the target and the queue again and decide again, joining that drain.", stale.reason());
        assertEquals(3, fleets.fleet(FLEET).targetCapacity, "lowered once, by the first drain only");
        assertEquals(1, instances.instances(SPOT).stream().filter(DrainInstance::draining).count());
    }

    @Test
    void a_decision_made_before_another_execution_changed_the_target_without_a_drain_says_so() {
        fleetOf4();
        fleets.fleet(FLEET).targetCapacity = 6;

        DrainReport stale = drain.start(SPOT, 4, 2, "alarm#1");

        assertEquals(DrainOutcome.CHANGED, stale.outcome());
        assertTrue(stale.reason().contains("it asks for 6 now (another execution changed it), so nothing was"
                + " changed here: read the target and the queue again and decide again."), stale.reason());
        assertEquals(List.of(), fleets.modifications());
    }

    @Test
    void a_group_drain_counts_the_instances_already_draining_against_the_guard_bounds() {
        fleets.add("workers", 4);
        instances.add("i-a", 1, T0, BusyHint.UNKNOWN).add("i-b", 1, T0.plusSeconds(1), BusyHint.UNKNOWN)
                .add("i-c", 1, T0.plusSeconds(2), BusyHint.UNKNOWN).add("i-d", 1, T0.plusSeconds(3), BusyHint.UNKNOWN);
        DrainCoordinator guarded = new DrainCoordinator(fleets, instances, new CapacityReader(fleets, queues, clock),
                new ScalingDecider(clock), Optional.empty(),
                GuardBounds.of(Map.of("workers", new GuardBounds.Range(2, 8))), clock);
        guarded.start(GROUP, 4, 3, "t#1");

        // The group still asks for 4 (it is lowered at finish): one instance draining, two more would leave 1.
        assertThrows(OutsideGuardBounds.class, () -> guarded.start(GROUP, 4, 1, "t2#1"));
        assertEquals(1, instances.instances(GROUP).stream().filter(DrainInstance::draining).count());
    }

    /** The fleets as the AWS gateways describe them: with the target's sfautoscaler:drainStartedAt tag. */
    private FleetGateway taggedFleets() {
        return fleets.describedAs(f -> f.withDrainStartedAt(instances.targetDrainStartedAt()));
    }

    @Test
    void a_weighted_fleet_running_more_than_its_target_drains_down_to_the_decided_target_not_short_of_it() {
        // Target 8, but 10 units run (1 + 4 + 1 + 4: AWS rounds a weighted fleet up); 8 -> 1 may remove 9 units.
        fleets.add(FLEET, 8);
        instances.add("i-s1", 1, T0, BusyHint.UNKNOWN).add("i-l1", 4, T0.plusSeconds(1), BusyHint.UNKNOWN)
                .add("i-s2", 1, T0.plusSeconds(2), BusyHint.UNKNOWN).add("i-l2", 4, T0.plusSeconds(3), BusyHint.UNKNOWN);
        FleetGateway tagged = taggedFleets();
        DrainCoordinator weighted = new DrainCoordinator(tagged, instances, new CapacityReader(tagged, queues, clock),
                new ScalingDecider(clock), clock);
        queues.put(new QueueSnapshot(QUEUE, 0, 0, 0, T0));

        DrainReport started = weighted.start(SPOT, 8, 1, "t#1");

        assertEquals(List.of("i-l2", "i-s2", "i-l1"), started.instanceIds(), "9 units go, 1 stays: the decided 1");
        assertEquals(1, fleets.fleet(FLEET).targetCapacity);
        List.of("i-s2", "i-l2", "i-l1").forEach(id -> instances.reportDrained(id, T0.plusSeconds(3)));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(DrainOutcome.DRAINED, weighted.check(SPOT, QUEUE, policy, "c1").outcome());
        DrainReport finished = weighted.finish(SPOT, "t#1");
        assertEquals(List.of("i-s1"), instances.instances(SPOT).stream().map(DrainInstance::id).toList());
        assertEquals("scaled in 8 -> 1, drained 3 instances (9 units) in 4 s", ChangeNotifier.drained(finished));
    }

    @Test
    void a_fleet_running_less_than_its_target_drains_only_what_runs_above_the_decided_target() {
        // Target 8 with 6 units launched so far: 8 -> 4 drains 2 and lowers the target to 4, launching nothing.
        fleets.add(FLEET, 8);
        for (int i = 1; i <= 6; i++) {
            instances.add("i-" + i, 1, T0.plusSeconds(i), BusyHint.UNKNOWN);
        }

        DrainReport started = drain.start(SPOT, 8, 4, "t#1");

        assertEquals(List.of("i-6", "i-5"), started.instanceIds());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity);
        assertEquals(4, started.to());
    }

    @Test
    void a_fleet_running_no_more_than_the_decided_target_drains_nothing_but_is_lowered_to_it() {
        // Target 8 with 2 units launched so far: 8 -> 4 leaves both, and AWS must stop launching towards 8.
        fleets.add(FLEET, 8);
        instances.add("i-1", 1, T0, BusyHint.IDLE).add("i-2", 1, T0, BusyHint.IDLE);

        DrainReport r = drain.start(SPOT, 8, 4, "t#1");

        assertEquals(DrainOutcome.LOWERED, r.outcome());
        assertTrue(r.reason().contains("its running instances count 2 units, no more than the 4 decided"), r.reason());
        assertTrue(r.reason().endsWith("the target is lowered 8 -> 4 with noTermination, so AWS terminates none and"
                + " launches no more towards 8."), r.reason());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity);
        assertEquals(List.of(), instances.terminated());
    }

    @Test
    void a_group_running_less_than_its_desired_capacity_never_drains_below_the_decided_target() {
        fleets.add("workers", 6);
        instances.add("i-a", 1, T0, BusyHint.UNKNOWN).add("i-b", 1, T0.plusSeconds(1), BusyHint.UNKNOWN)
                .add("i-c", 1, T0.plusSeconds(2), BusyHint.UNKNOWN).add("i-d", 1, T0.plusSeconds(3), BusyHint.UNKNOWN);

        DrainReport started = drain.start(GROUP, 6, 3, "t#1");

        assertEquals(List.of("i-d"), started.instanceIds(), "4 run: one may go, not the 3 units the decision removes");
    }

    @Test
    void a_scale_out_during_the_drain_keeps_the_idle_instances_it_needs_and_terminates_the_others_at_once() {
        fleets.add(FLEET, 6);
        for (int i = 1; i <= 6; i++) {
            instances.add("i-" + i, 1, T0.minusSeconds(600 - i), BusyHint.UNKNOWN);
        }
        drain.start(SPOT, 6, 2, "manual-1#1");
        // i-3..i-6 drain; three report idle, i-6 stays busy; then a backlog for 4 units.
        List.of("i-3", "i-4", "i-5").forEach(id -> instances.reportDrained(id, T0.plusSeconds(5)));
        queues.put(new QueueSnapshot(QUEUE, 40, 0, 0, T0.plusSeconds(15)));
        clock.advance(Duration.ofSeconds(15));

        DrainReport cancelled = drain.check(SPOT, QUEUE, policy, "c1");

        assertEquals(DrainOutcome.CANCELLED, cancelled.outcome(), cancelled.reason());
        assertEquals(4, fleets.fleet(FLEET).targetCapacity, "the busy one and the newest idle one stay: 2 + 2 = 4");
        assertEquals(List.of("i-6", "i-5"), cancelled.instanceIds());
        assertEquals(Optional.empty(), instances.instance("i-5").drainTag(), "kept and untagged");
        assertEquals(List.of("i-4", "i-3"), instances.terminated(), "the idle ones beyond the 4 needed left at once");
        assertTrue(cancelled.reason().contains("2 instances already idle and beyond the 4 needed were terminated"
                + " now: i-4, i-3"), cancelled.reason());
        DrainReport finished = drain.finish(SPOT, "manual-1#1");
        assertEquals(List.of("i-4", "i-3"), instances.terminated(), "finish finds nothing more to terminate");
        assertEquals("scaled in 6 -> 4, drained 2 instances (2 units) in 15 s", ChangeNotifier.drained(finished));
    }

    @Test
    void a_weighted_group_whose_decrements_stop_above_the_decided_target_is_lowered_to_it_at_finish() {
        // Desired 8 but 10 units run (4 + 4 + 1 + 1); 8 -> 1 drains 7 units at most (4 + 1 + 1: the decrements
        // cannot take the desired capacity below 1), leaving one 4-unit instance that AWS would keep at desired 1.
        fleets.add("workers", 8);
        instances.add("i-l1", 4, T0, BusyHint.UNKNOWN).add("i-l2", 4, T0.plusSeconds(1), BusyHint.UNKNOWN)
                .add("i-s1", 1, T0.plusSeconds(2), BusyHint.UNKNOWN).add("i-s2", 1, T0.plusSeconds(3), BusyHint.UNKNOWN);

        DrainReport started = drain.start(GROUP, 8, 1, "t#1");
        assertEquals(List.of("i-s2", "i-s1", "i-l2"), started.instanceIds());
        assertEquals(Optional.of("2026-12-04T21:00:00Z to=1"), instances.targetTag());
        DrainReport finished = drain.finish(GROUP, "t#1");

        assertEquals(List.of("i-l1"), instances.instances(GROUP).stream().map(DrainInstance::id).toList());
        assertEquals(1, fleets.fleet("workers").targetCapacity, "the decided target: AWS cannot remove the 4-unit"
                + " instance and keep 1, so it terminates nothing");
        assertEquals(1, finished.to());
    }

    @Test
    void a_group_keeps_a_desired_capacity_above_the_decided_target_while_aws_could_remove_an_instance_at_it() {
        // 4 + 4 running for 8 -> 3: one 4-unit instance leaves (desired 4). A desired capacity of 3 keeps the other
        // (4 - 4 < 3), so finish lowers the group to 3; one of 1 would not: AWS would then terminate it.
        fleets.add("workers", 8);
        instances.add("i-l1", 4, T0, BusyHint.UNKNOWN).add("i-l2", 4, T0.plusSeconds(1), BusyHint.UNKNOWN);

        drain.start(GROUP, 8, 3, "t#1");
        drain.finish(GROUP, "t#1");

        assertEquals(3, fleets.fleet("workers").targetCapacity, "one 4-unit instance runs: AWS keeps it at 3");
    }

    @Test
    void a_cancelled_group_drain_is_not_lowered_to_the_scale_ins_target_at_finish() {
        fleets.add("workers", 4);
        for (int i = 1; i <= 4; i++) {
            instances.add("i-" + i, 1, T0.plusSeconds(i), BusyHint.UNKNOWN);
        }
        drain.start(GROUP, 4, 1, "t#1");
        queues.put(new QueueSnapshot(QUEUE, 60, 0, 0, T0.plusSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(DrainOutcome.CANCELLED, drain.check(GROUP, QUEUE, policy, "c1").outcome());

        drain.finish(GROUP, "t#1");

        assertEquals(4, fleets.fleet("workers").targetCapacity);
        assertEquals(List.of(), instances.terminated());
    }
}
