package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The static policy's load floor over generated fleets, queues and CloudWatch windows: it only ever holds capacity
 * the counts alone would have let go (never adds any, never leaves the bounds), and with no message sent it holds
 * nothing, so a fleet whose load is gone comes down exactly as without it.
 */
class MeasuredLoadFloorPropertyTest {

    private static final ScalingDecider DECIDER = new ScalingDecider(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ScaleDecision decide(int current, ScalingPolicy policy, long visible, long inFlight,
            Optional<QueueMetrics> metrics) {
        FleetSnapshot fleet = Fixtures.fleet(current);
        QueueSnapshot q = new QueueSnapshot(QUEUE_URL, visible, inFlight, 0, NOW, metrics);
        return DECIDER.decide(fleet, Optional.of(q), Fixtures.manual(), policy);
    }

    private static Optional<QueueMetrics> metrics(long sent, int minutes, long deleted, double meanInFlight,
            boolean fifo, long groups) {
        return Optional.of(new QueueMetrics(NOW.minusSeconds(90), 60, OptionalLong.of(deleted / minutes),
                OptionalLong.of(5), fifo ? OptionalLong.of(groups) : OptionalLong.empty(), fifo, OptionalLong.of(sent),
                Optional.of(new QueueMetrics.Window(minutes, deleted, meanInFlight))));
    }

    @Property(tries = 500)
    void theFloorHoldsOnlyWhatTheCountsWouldLetGoAndStaysInTheBounds(
            @ForAll @IntRange(min = 0, max = 60) int current, @ForAll @IntRange(min = 0, max = 10) int min,
            @ForAll @IntRange(min = 0, max = 50) int extra, @ForAll @IntRange(min = 0, max = 3) int inFlightPerUnit,
            @ForAll @LongRange(min = 0, max = 400) long visible, @ForAll @LongRange(min = 0, max = 60) long inFlight,
            @ForAll @LongRange(min = 0, max = 5000) long sent, @ForAll @IntRange(min = 1, max = 15) int minutes,
            @ForAll @LongRange(min = 0, max = 50000) long deleted,
            @ForAll @DoubleRange(min = 0, max = 200) double meanInFlight, @ForAll boolean fifo,
            @ForAll @LongRange(min = 0, max = 20) long groups) {
        ScalingPolicy policy = Fixtures.policy().minCapacity(min).maxCapacity(Math.max(1, min + extra))
                .inFlightPerUnit(inFlightPerUnit).build();

        ScaleDecision without = decide(current, policy, visible, inFlight, Optional.empty());
        ScaleDecision with = decide(current, policy, visible, inFlight,
                metrics(sent, minutes, deleted, meanInFlight, fifo, groups));

        assertTrue(with.to() >= policy.minCapacity() && with.to() <= policy.maxCapacity() || with.to() == current,
                () -> "outside the bounds: " + with.reason());
        if (with.action() == ScaleAction.SCALE_OUT || without.action() == ScaleAction.SCALE_OUT) {
            assertEquals(without.to(), with.to(), () -> "the floor changed a scale-out: " + with.reason());
        }
        assertTrue(with.to() >= without.to() || with.to() == current, () -> "the floor let more go: " + with.reason());
        assertTrue(with.to() <= Math.max(current, without.to()), () -> "the floor added capacity: " + with.reason());
    }

    @Property(tries = 300)
    void withNoMessageSentTheFleetComesDownAsWithoutTheFloor(
            @ForAll @IntRange(min = 0, max = 60) int current, @ForAll @IntRange(min = 0, max = 5) int min,
            @ForAll @LongRange(min = 0, max = 60) long inFlight, @ForAll @IntRange(min = 1, max = 15) int minutes,
            @ForAll @LongRange(min = 0, max = 50000) long deleted,
            @ForAll @DoubleRange(min = 0, max = 200) double meanInFlight) {
        ScalingPolicy policy = Fixtures.policy().minCapacity(min).maxCapacity(60).build();

        ScaleDecision without = decide(current, policy, 0, inFlight, Optional.empty());
        ScaleDecision with = decide(current, policy, 0, inFlight, metrics(0, minutes, deleted, meanInFlight, false, 0));

        assertEquals(without.to(), with.to(), with.reason());
        assertEquals(without.action(), with.action(), with.reason());
    }
}
