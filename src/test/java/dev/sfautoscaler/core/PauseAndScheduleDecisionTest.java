package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.morning;
import static dev.sfautoscaler.core.Fixtures.policy;
import static dev.sfautoscaler.core.Fixtures.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** decide on a paused target, and inside scheduled windows. */
class PauseAndScheduleDecisionTest {

    /** Whatever the rules would do, a paused target is not changed, and the numbers are still reported. */
    @Property
    void aPausedTargetIsNeverChangedAndItsNumbersAreStillReported(@ForAll @IntRange(max = 40) int current,
            @ForAll @LongRange(max = 10_000) long visible, @ForAll @LongRange(max = 500) long inFlight) {
        ScalingPolicy p = policy().maxCapacity(40).build();
        FleetSnapshot running = fleet(current);
        ScaleDecision unpaused = decider().decide(running, queue(visible, inFlight), manual(), p);

        ScaleDecision paused = decider().decide(running.withPausedBy(Optional.of("deploy")), queue(visible, inFlight),
                manual(), p);

        assertEquals(ReasonCode.PAUSED, paused.reasonCode());
        assertEquals(ScaleAction.NONE, paused.action());
        assertEquals(current, paused.to());
        assertEquals(unpaused.basis(), paused.basis());
        assertTrue(paused.reason().contains("('deploy')"), paused.reason());
        assertTrue(paused.reason().endsWith(unpaused.reason()), paused.reason());
    }

    @Test
    void aWindowOutsideItsHoursChangesNothing() {
        ScheduleWindow evening = ScheduleWindow.of("evening", "0 18 * * *", "Europe/Paris", 60, 12, null);
        ScaleDecision d = decider().decide(fleet(3), queue(300, 0), manual(),
                policy().schedules(List.of(evening)).build());

        assertEquals(ReasonCode.AT_DESIRED, d.reasonCode());
        assertEquals(1, d.basis().minCapacity());
    }

    @Test
    void overlappingWindowsTakeTheHighestMinimumAndTheLowestMaximum() {
        ScalingPolicy p = policy().maxCapacity(40).schedules(List.of(morning(6, 30), morning(10, null),
                ScheduleWindow.of("cap", "0 * * * *", "UTC", 30, null, 25))).build();

        ScaleDecision low = decider().decide(fleet(3), queue(0, 0), manual(), p);
        ScaleDecision high = decider().decide(fleet(20), queue(5000, 0), manual(), p);

        assertEquals(ReasonCode.SCHEDULED_MIN, low.reasonCode());
        assertEquals(10, low.to());
        assertEquals(ReasonCode.BACKLOG_NEEDS_MORE, high.reasonCode());
        assertEquals(25, high.to());
        assertTrue(high.reason().contains("capped at the maximum of 25 of window 'cap' (0 * * * * in UTC, 30 min)"),
                high.reason());
        assertEquals(10, high.basis().minCapacity());
        assertEquals(25, high.basis().maxCapacity());
    }

    @Test
    void whereAWindowsMinimumCrossesAnothersMaximumTheMaximumHolds() {
        ScalingPolicy p = policy().maxCapacity(40).schedules(List.of(morning(20, null), morning(null, 8))).build();

        ScaleDecision d = decider().decide(fleet(3), queue(0, 0), manual(), p);

        assertEquals(ReasonCode.SCHEDULED_MIN, d.reasonCode());
        assertEquals(8, d.to());
    }

    @Test
    void theBacklogStillScalesInsideAWindowAndScaleInStopsAtItsMinimum() {
        ScalingPolicy p = policy().maxCapacity(40).scaleInTolerance(0).schedules(List.of(morning(8, null))).build();

        ScaleDecision out = decider().decide(fleet(8), queue(1500, 0), manual(), p);
        ScaleDecision in = decider().decide(fleet(15), queue(100, 0), manual(), p);

        assertEquals(ReasonCode.BACKLOG_NEEDS_MORE, out.reasonCode());
        assertEquals(15, out.to());
        assertEquals(ReasonCode.BACKLOG_NEEDS_LESS, in.reasonCode());
        assertEquals(8, in.to());
        assertTrue(in.reason().contains("raised to the minimum of 8 of window 'morning'"), in.reason());
    }

    @Test
    void whenTheWindowClosesTheFleetComesBackDownAsTheBacklogSays() {
        ScalingPolicy p = policy().maxCapacity(40).scaleInTolerance(0).schedules(List.of(morning(8, null))).build();
        ScalingDecider later = new ScalingDecider(Clock.fixed(NOW.plusSeconds(2 * 3600), ZoneOffset.UTC));

        ScaleDecision d = later.decide(fleet(8), Optional.of(new QueueSnapshot(Fixtures.QUEUE_URL, 100, 0, 0,
                NOW.plusSeconds(2 * 3600))), manual(), p);

        assertEquals(ReasonCode.BACKLOG_NEEDS_LESS, d.reasonCode());
        assertEquals(1, d.to());
    }

    @Test
    void aPausedTargetInsideAWindowStaysWhereItIs() {
        ScalingPolicy p = policy().schedules(List.of(morning(8, null))).build();

        ScaleDecision d = decider().decide(fleet(3).withPausedBy(Optional.of("")), queue(0, 0), manual(), p);

        assertEquals(ReasonCode.PAUSED, d.reasonCode());
        assertEquals(3, d.to());
        assertTrue(d.reason().endsWith("unpaused: The fleet asks for 3 units, below the minimum of 8 of window"
                + " 'morning' (50 4 * * * in Europe/Paris, 120 min), so scale out 3 -> 8."), d.reason());
    }
}
