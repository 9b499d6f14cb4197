package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The busy-unit floor of target tracking ({@code inFlightPerUnit}): a drained queue with every
 * worker still busy must not be read as "needs almost nothing" (the limit cycle the simulator
 * showed, docs/benchmarks).
 */
class ScalingDeciderBusyFloorTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    private final ScalingDecider decider = new ScalingDecider(Clock.fixed(NOW, ZoneOffset.UTC));

    private static FleetSnapshot fleet(int target, double fulfilled) {
        return new FleetSnapshot("sfr-0123abcd", target, fulfilled, 0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED,
                FleetType.MAINTAIN, Optional.empty());
    }

    private static Optional<QueueSnapshot> queue(long visible, long inFlight) {
        return Optional.of(new QueueSnapshot("https://sqs.eu-west-1.amazonaws.com/1/jobs", visible, inFlight, 0, NOW));
    }

    private ScaleDecision decide(FleetSnapshot f, Optional<QueueSnapshot> q, ScalingPolicy p) {
        return decider.decide(f, q, Trigger.manual("t", NOW), p);
    }

    @Test
    void drainedQueueWithBusyWorkersScalesInOnlyToTheBusyUnits() {
        ScalingPolicy p = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(75).build();
        ScaleDecision d = decide(fleet(15, 15), queue(0, 9), p);
        assertEquals(ScaleAction.SCALE_IN, d.action());
        assertEquals(9, d.to(), d.reason());
        assertTrue(d.reason().contains("9 messages in flight keep 9 units busy"), d.reason());
    }

    @Test
    void withTheFloorOffTheSameQueueCollapsesTheFleet() {
        ScalingPolicy p = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(75).inFlightPerUnit(0).build();
        assertEquals(1, decide(fleet(15, 15), queue(0, 9), p).to());
    }

    @Test
    void workerConcurrencyDividesTheInFlightMessages() {
        ScalingPolicy p = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(75).inFlightPerUnit(4).build();
        assertEquals(5, decide(fleet(15, 15), queue(0, 18), p).to());
    }

    @Test
    void theFloorNeverScalesOutOnItsOwn() {
        // More messages in flight than units (e.g. held by lost workers): the floor caps at the fleet.
        ScalingPolicy p = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(75).build();
        ScaleDecision d = decide(fleet(6, 6), queue(0, 30), p);
        assertEquals(ScaleAction.NONE, d.action(), d.reason());
        assertEquals(ReasonCode.AT_DESIRED, d.reasonCode());
    }

    @Test
    void aLongBacklogStillDrivesScaleOut() {
        ScalingPolicy p = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(75).build();
        ScaleDecision d = decide(fleet(10, 10), queue(1490, 10), p);
        assertEquals(20, d.to(), d.reason());
    }

    @Test
    void boundsStillApply() {
        ScalingPolicy p = ScalingPolicy.builder().minCapacity(12).maxCapacity(40).backlogPerUnit(75).build();
        ScaleDecision d = decide(fleet(15, 15), queue(0, 9), p);
        assertEquals(12, d.to(), d.reason());
    }
}
