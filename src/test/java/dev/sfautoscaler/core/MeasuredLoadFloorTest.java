package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.SettableClock;
import dev.sfautoscaler.core.port.QueueGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The static policy's load floor (no {@code targetWaitSeconds}): when the queue reads empty, a scale-in stops at the
 * units that CloudWatch's last minute of messages sent keeps busy at the time in flight a message took over its last
 * published minutes, not at the units busy at that one instant; and read-capacity asks CloudWatch for it only when the
 * counts alone would scale in.
 */
class MeasuredLoadFloorTest {

    /** 1..20 units, 100 messages per unit, one message per unit at a time: the static policy. */
    private static final ScalingPolicy STATIC = Fixtures.policy().build();

    /** 15 minutes, 900 messages deleted, 2 in flight on average: 2 s in flight a message. */
    private static final QueueMetrics.Window TWO_SECONDS = new QueueMetrics.Window(15, 900, 2.0);

    private static QueueMetrics minute(long sent, QueueMetrics.Window window) {
        return new QueueMetrics(NOW.minusSeconds(90), 60, OptionalLong.of(70), OptionalLong.of(3), OptionalLong.empty(),
                false, OptionalLong.of(sent), Optional.of(window));
    }

    private static Optional<QueueSnapshot> queue(long visible, long inFlight, QueueMetrics m) {
        return Optional.of(new QueueSnapshot(QUEUE_URL, visible, inFlight, 0, NOW, Optional.of(m)));
    }

    @Test
    void aQueueThatJustEmptiedBringsTheFleetDownToTheLoadNotToTheUnitsBusyThatInstant() {
        // 180 messages sent in the minute, 2 s each in flight: 6 messages in flight on average, 6 units; 1 right now.
        ScaleDecision d = decider().decide(fleet(10), queue(0, 1, minute(180, TWO_SECONDS)), manual(), STATIC);

        assertEquals(ScaleAction.SCALE_IN, d.action(), d.reason());
        assertEquals(6, d.to(), d.reason());
        assertTrue(d.reason().contains("but the 180 messages sent in CloudWatch's last minute, at the 2 s in flight a "
                + "message took over its last 15 minutes (900 messages deleted, 2 in flight on average), keep 6 units "
                + "busy (the load itself), so 6 units"), d.reason());
    }

    @Test
    void rightAfterASurgeCloudWatchsLaggingMinuteDoesNotHoldTheSurgesFleet() {
        // The last published minute still has the surge's 1800 messages (60 units at 2 s), but nothing is in flight
        // now: a load of 60 in flight almost never shows 0, so the floor holds at most 9 (Poisson, 3 deviations).
        ScaleDecision d = decider().decide(fleet(60), queue(0, 0, minute(1800, TWO_SECONDS)), manual(),
                Fixtures.policy().maxCapacity(80).build());

        assertEquals(ScaleAction.SCALE_IN, d.action(), d.reason());
        assertEquals(9, d.to(), d.reason());
        assertTrue(d.reason().contains("keep 60 units busy (the load itself), but CloudWatch's minute lags and 0 "
                + "messages in flight now make a load above 9 in flight unlikely, so 9 units"), d.reason());
    }

    @Test
    void aFleetAtItsLoadStaysWhenTheQueueReadsEmpty() {
        ScaleDecision d = decider().decide(fleet(6), queue(0, 1, minute(180, TWO_SECONDS)), manual(), STATIC);

        assertEquals(ScaleAction.NONE, d.action(), d.reason());
        assertEquals(ReasonCode.AT_DESIRED, d.reasonCode());
    }

    @Test
    void theFloorOnlyHoldsCapacityItNeverAddsAny() {
        // 600 messages a minute at 2 s would keep 20 units busy; the fleet asks for 4 and the queue reads empty.
        ScaleDecision d = decider().decide(fleet(4), queue(0, 4, minute(600, TWO_SECONDS)), manual(), STATIC);

        assertEquals(ScaleAction.NONE, d.action(), d.reason());
        assertEquals(4, d.to());
    }

    @Test
    void whenTheLoadIsGoneAnIdleFleetComesDownToItsMinimum() {
        ScaleDecision d = decider().decide(fleet(10), queue(0, 0, minute(0, TWO_SECONDS)), manual(), STATIC);

        assertEquals(ScaleAction.SCALE_IN, d.action(), d.reason());
        assertEquals(STATIC.minCapacity(), d.to(), d.reason());
        assertFalse(d.reason().contains("CloudWatch"), d.reason());
    }

    @Test
    void withoutCloudWatchTheBusyUnitsAloneHoldTheFleetAsBefore() {
        Optional<QueueSnapshot> countsOnly = Fixtures.queue(0, 3);
        Optional<QueueSnapshot> nothingDeleted = queue(0, 3, minute(180, new QueueMetrics.Window(15, 0, 0.0)));

        assertEquals(3, decider().decide(fleet(10), countsOnly, manual(), STATIC).to());
        assertEquals(3, decider().decide(fleet(10), nothingDeleted, manual(), STATIC).to(),
                "no message deleted in the window: no pace to measure the load with");
    }

    @Test
    void aFifoQueuesGroupsInFlightBoundTheLoad() {
        // One message group: however many messages were sent, one unit at a time works on it.
        QueueMetrics fifo = new QueueMetrics(NOW.minusSeconds(90), 60, OptionalLong.of(30), OptionalLong.of(400),
                OptionalLong.of(1), true, OptionalLong.of(180), Optional.of(TWO_SECONDS));

        ScaleDecision d = decider().decide(fleet(4), queue(0, 0, fifo), manual(), STATIC);

        assertEquals(1, d.to(), d.reason());
        assertTrue(d.reason().contains("but this FIFO queue's 1 message group in flight keep at most 1 unit busy"),
                d.reason());
    }

    @Test
    void thePolicyThatLearnsKeepsItsOwnFloorAndIgnoresTheWindow() {
        ScalingPolicy learning = Fixtures.policy().targetWaitSeconds(300L).build();

        ScaleDecision d = decider().decide(fleet(10), queue(0, 1, minute(180, TWO_SECONDS)), manual(), learning,
                Optional.empty());

        assertFalse(d.reason().contains("in flight a message took"), d.reason());
    }

    @Test
    void theFloorStaysInsideTheBounds() {
        ScalingPolicy narrow = Fixtures.policy().minCapacity(2).maxCapacity(8).build();

        // A load of 20 units holds a fleet at its maximum of 8 there; a load of 1 unit leaves it at its minimum of 2.
        assertEquals(8, decider().decide(fleet(8), queue(0, 1, minute(600, TWO_SECONDS)), manual(), narrow).to());
        assertEquals(2, decider().decide(fleet(8), queue(0, 0, minute(30, TWO_SECONDS)), manual(), narrow).to());
    }

    /** A gauge that says which CloudWatch reads it was asked for. */
    private static final class CountingGauge implements QueueGauge {
        final List<String> asked = new ArrayList<>();
        final QueueSnapshot counts;

        CountingGauge(QueueSnapshot counts) {
            this.counts = counts;
        }

        @Override
        public QueueSnapshot read(String queueUrl) {
            asked.add("counts");
            return counts;
        }

        @Override
        public Optional<QueueMetrics> metrics(String queueUrl) {
            asked.add("metrics");
            return Optional.of(minute(180, TWO_SECONDS));
        }
    }

    @Test
    void readCapacityAsksCloudWatchOnlyWhenTheCountsAloneWouldScaleIn() {
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        fleets.add(FLEET_ID, 10);
        Target target = Target.spotFleet(FLEET_ID);
        SettableClock clock = new SettableClock(NOW);

        CountingGauge empty = new CountingGauge(new QueueSnapshot(QUEUE_URL, 0, 1, 0, NOW));
        CapacityReading reading = new CapacityReader(fleets, empty, clock).read(target, QUEUE_URL, STATIC);
        assertEquals(List.of("counts", "metrics"), empty.asked);
        assertEquals(6, decider().decide(reading.fleet(), reading.queue(), manual(), STATIC).to());

        CountingGauge busy = new CountingGauge(new QueueSnapshot(QUEUE_URL, 900, 40, 0, NOW));
        new CapacityReader(fleets, busy, clock).read(target, QUEUE_URL, STATIC);
        assertEquals(List.of("counts"), busy.asked, "a backlog that needs the fleet: no scale-in, no CloudWatch call");

        InMemoryFleetGateway cooling = new InMemoryFleetGateway();
        cooling.add(FLEET_ID, 10).marker = new LastChange(NOW.minusSeconds(30), ScaleAction.SCALE_OUT, 4, 10,
                "evt-1:1").toMarker();
        CountingGauge coolingGauge = new CountingGauge(new QueueSnapshot(QUEUE_URL, 0, 1, 0, NOW));
        new CapacityReader(cooling, coolingGauge, clock).read(target, QUEUE_URL, STATIC);
        assertEquals(List.of("counts"), coolingGauge.asked, "in the scale-in cooldown nothing scales in");
    }

    @Test
    void theWindowTakesOnlyTheMinutesThatHaveBothNumbers() {
        // Minutes 1 and 2 have both numbers; minute 3 has deletions but no in-flight count, minute 0 the reverse.
        Optional<QueueMetrics.Window> window = QueueMetrics.Window.ofMinutes(
                Map.of(1L, 30.0, 2L, 31.0, 3L, 500.0), Map.of(0L, 9.0, 1L, 1.0, 2L, 2.0));
        assertEquals(Optional.of(new QueueMetrics.Window(2, 61, 1.5)), window);
        assertEquals(Optional.empty(), QueueMetrics.Window.ofMinutes(Map.of(3L, 500.0),
                Map.of(0L, 9.0)));
    }
}
