package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Two rules of a policy with {@code targetWaitSeconds} that read CloudWatch's minute: the load floor (a scale-in
 * stops at the units the messages sent need at the learnt pace) and a FIFO queue's group cap (never more units
 * than its message groups keep busy, remembered from the reading that showed it).
 */
class LoadFloorAndGroupCapTest {

    private static final ScalingPolicy LEARNING = ScalingPolicy.builder().minCapacity(1).maxCapacity(40)
            .backlogPerUnit(100).targetWaitSeconds(300L).build();

    /** 0.5 messages per unit-second over 40 observations: 75 messages per unit in half the target. */
    private static ThroughputEstimate learnt(long groupCap, Instant groupCapAt) {
        return new ThroughputEstimate(0.5, 40, NOW.minusSeconds(60), 700, NOW.minusSeconds(60), 11, Optional.empty(),
                groupCap, Optional.ofNullable(groupCapAt));
    }

    private static Optional<QueueSnapshot> queue(long visible, long inFlight, QueueMetrics m) {
        return Optional.of(new QueueSnapshot(Fixtures.QUEUE_URL, visible, inFlight, 0, NOW, Optional.of(m)));
    }

    private static QueueMetrics minute(long sent, long deleted) {
        return new QueueMetrics(NOW.minusSeconds(90), 60, OptionalLong.of(deleted), OptionalLong.of(20),
                OptionalLong.empty(), false, OptionalLong.of(sent));
    }

    private static QueueMetrics fifoMinute(long groupsInFlight) {
        return new QueueMetrics(NOW.minusSeconds(90), 60, OptionalLong.of(30), OptionalLong.of(200),
                OptionalLong.of(groupsInFlight), true, OptionalLong.of(20));
    }

    @Test
    void aQueueThatJustEmptiedBringsTheFleetDownToTheLoadNotToTheUnitsBusyThatInstant() {
        // 270 messages sent in the minute at 0.5 per unit-second: 9 units of load; 7 in flight right now.
        ScaleDecision d = decider().decide(fleet(11), queue(0, 7, minute(270, 700)), manual(), LEARNING,
                Optional.of(learnt(0, null)));

        assertEquals(ScaleAction.SCALE_IN, d.action());
        assertEquals(9, d.to(), d.reason());
        assertTrue(d.reason().contains("the messages sent in CloudWatch's last minute need 9 units"), d.reason());
    }

    @Test
    void theLoadFloorOnlyHoldsCapacityItNeverAddsAny() {
        ScaleDecision d = decider().decide(fleet(5), queue(0, 5, minute(600, 150)), manual(), LEARNING,
                Optional.of(learnt(0, null)));

        assertEquals(ScaleAction.NONE, d.action(), d.reason());
        assertEquals(5, d.to());
    }

    @Test
    void afterABurstTheLoadIsLowAgainSoTheFleetComesDown() {
        ScaleDecision d = decider().decide(fleet(30), queue(0, 3, minute(60, 1800)), manual(), LEARNING,
                Optional.of(learnt(0, null)));

        assertEquals(3, d.to(), d.reason());
    }

    @Test
    void aFifoQueueWithEveryUnitBusyGrowsByAtMostTwiceItsGroupsInFlight() {
        ScaleDecision d = decider().decide(fleet(1), queue(500, 1, fifoMinute(1)), manual(), LEARNING,
                Optional.of(learnt(0, null)));

        assertEquals(2, d.to(), d.reason());
        assertTrue(d.reason().contains("at most twice the groups in flight: 2 units"), d.reason());
    }

    @Test
    void aGroupCapSeenWithinHalfAnHourHoldsTheFleetAndThenItMayProbeAgain() {
        ScaleDecision held = decider().decide(fleet(1), queue(500, 1, fifoMinute(1)), manual(), LEARNING,
                Optional.of(learnt(1, NOW.minusSeconds(600))));
        ScaleDecision probe = decider().decide(fleet(1), queue(500, 1, fifoMinute(1)), manual(), LEARNING,
                Optional.of(learnt(1, NOW.minus(ScalingDecider.FIFO_RECHECK).minusSeconds(1))));

        assertEquals(ScaleAction.NONE, held.action(), held.reason());
        assertTrue(held.reason().contains("a reading 600 s ago saw units idle while messages waited"), held.reason());
        assertEquals(2, probe.to(), probe.reason());
    }

    @Test
    void unitsIdleWhileMessagesWaitAreStoredAsTheGroupCap() {
        FleetSnapshot two = fleet(2);
        Optional<QueueSnapshot> q = queue(500, 1, fifoMinute(1));

        ThroughputEstimate e = ThroughputEstimator.update(Optional.of(learnt(0, null)), two, q, 1).orElseThrow();
        ScaleDecision d = decider().decide(two, q, manual(), LEARNING, Optional.of(e));

        assertEquals(1, e.groupCap());
        assertEquals(Optional.of(NOW), e.groupCapAt());
        assertEquals(e, ThroughputEstimate.fromWire(e.toWire()), "the tag keeps it");
        assertEquals(1, d.to(), d.reason());
    }
}
