package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.change;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A burst from zero as a policy with {@code targetWaitSeconds} meets it: a start on one reading when the backlog is
 * more than stray counts, a fleet about to run the queue dry that keeps only the units that finish it by the next
 * reading, and idle units after a scale-in that the scale-in cooldown does not hold once no message waits.
 */
class BurstEndTest {

    private static final ScalingPolicy LEARNING = ScalingPolicy.builder().minCapacity(0).maxCapacity(60)
            .backlogPerUnit(100).targetWaitSeconds(600L).build();

    /** 0.523 messages per unit-second, as a burst's first minutes teach it (two observations). */
    private static final ThroughputEstimate PACE = new ThroughputEstimate(0.523, 2, NOW, 792, NOW, 60);

    /** The reading stored a minute before: {@code counted} messages, 60 units busy; no CloudWatch metrics yet. */
    private static FleetSnapshot sixtyUnitsAfter(long counted) {
        return fleet(60).withStoredEstimate(Optional.of(
                new ThroughputEstimate(0.515, 1, NOW.minusSeconds(60), counted, NOW.minusSeconds(60), 60)));
    }

    @Test
    void aFleetThatEmptiesTheQueueBeforeTheNextReadingKeepsOnlyTheUnitsThatFinishIt() {
        // 2706 -> 792 in a minute with 60 units busy at 0.523: nothing arrives; 792 in 60 s need 26 units.
        ScaleDecision d = decider().decide(sixtyUnitsAfter(2706), queue(732, 60), manual(), LEARNING,
                Optional.of(PACE));

        assertEquals(ScaleAction.SCALE_IN, d.action(), d.reason());
        assertEquals(26, d.to(), d.reason());
        assertTrue(d.reason().contains("26 units clear it and what arrives by the next reading in 60 s"), d.reason());
    }

    @Test
    void aBacklogThatDoesNotFallKeepsEveryBusyUnit() {
        // The same 792 a minute ago: as much arrives as the 60 units finish.
        ScaleDecision d = decider().decide(sixtyUnitsAfter(792), queue(732, 60), manual(), LEARNING,
                Optional.of(PACE));

        assertEquals(ScaleAction.NONE, d.action(), d.reason());
        assertEquals(60, d.to());
    }

    @Test
    void terminatingBusyUnitsWouldLoseTheirMessagesSoTheBusyUnitsStay() {
        ScalingPolicy terminate = LEARNING.toBuilder().scaleIn(ScaleInMode.TERMINATE).build();

        ScaleDecision d = decider().decide(sixtyUnitsAfter(2706), queue(732, 60), manual(), terminate,
                Optional.of(PACE));

        assertEquals(ScaleAction.NONE, d.action(), d.reason());
    }

    @Test
    void afterAScaleInIdleUnitsLeaveInTheCooldownOnceNoMessageWaits() {
        // Three messages in flight a minute ago too: a trickle the three busy units keep up with.
        FleetSnapshot afterScaleIn = fleet(10).withLastChange(change(ScaleAction.SCALE_IN, 60, 10, 62, "sched-1"))
                .withStoredEstimate(Optional.of(new ThroughputEstimate(0.523, 2, NOW.minusSeconds(60), 3,
                        NOW.minusSeconds(60), 3)));

        ScaleDecision empty = decider().decide(afterScaleIn, queue(0, 3), manual(), LEARNING, Optional.of(PACE));
        ScaleDecision waiting = decider().decide(afterScaleIn, queue(40, 3), manual(), LEARNING, Optional.of(PACE));

        assertEquals(3, empty.to(), empty.reason());
        assertTrue(empty.reason().contains("the scale-in cooldown, 58 s left, holds no idle unit"), empty.reason());
        assertEquals(ReasonCode.SCALE_IN_COOLDOWN, waiting.reasonCode(), waiting.reason());
    }

    @Test
    void aBurstStartsTheFleetOnOneReadingAndAStrayCountDoesNot() {
        ScaleDecision burst = decider().decide(fleet(0), queue(156, 0), manual(), LEARNING, Optional.empty());
        ScaleDecision stray = decider().decide(fleet(0), queue(2, 0), manual(), LEARNING, Optional.empty());

        assertEquals(2, burst.to(), burst.reason());
        assertEquals(ReasonCode.UNCONFIRMED_FROM_ZERO, stray.reasonCode(), stray.reason());
    }
}
