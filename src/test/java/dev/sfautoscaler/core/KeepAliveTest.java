package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive of a fleet that may go to zero: with {@code targetWaitSeconds} its last unit stays until the
 * queue has been quiet for the scale-in cooldown since the last message seen, so messages that trickle in keep
 * one warm unit instead of each waiting for a launch. Driven as deployed: one reading a minute, the estimate
 * updated by {@link ThroughputEstimator} and carried to the next reading, the decision applied to the fleet.
 */
class KeepAliveTest {

    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    /** One reading a minute of the given counts; the fleet target after each decision, and the decisions. */
    private record Run(List<Integer> fleet, List<ScaleDecision> decisions) {
    }

    private static Run run(ScalingPolicy policy, long[] counted) {
        int target = 1;
        Optional<LastChange> last = Optional.empty();
        Optional<ThroughputEstimate> estimate = Optional.empty();
        List<Integer> fleet = new ArrayList<>();
        List<ScaleDecision> decisions = new ArrayList<>();
        for (int minute = 0; minute < counted.length; minute++) {
            Instant now = START.plusSeconds(60L * minute);
            FleetSnapshot f = new FleetSnapshot("sfr-0abc1234def567890", target, target, 0, 0, FleetState.ACTIVE,
                    ActivityStatus.FULFILLED, FleetType.MAINTAIN, last).withStoredEstimate(estimate);
            Optional<QueueSnapshot> q = Optional.of(new QueueSnapshot(Fixtures.QUEUE_URL, 0, counted[minute], 0, now));
            estimate = ThroughputEstimator.update(estimate, f, q, policy.inFlightPerUnit());
            ScaleDecision d = new ScalingDecider(Clock.fixed(now, ZoneOffset.UTC))
                    .decide(f, q, Trigger.manual("tick-" + minute, now), policy, estimate);
            if (d.action() != ScaleAction.NONE) {
                last = Optional.of(new LastChange(now, d.action(), target, d.to(), d.triggerKey()));
                target = d.to();
            }
            fleet.add(target);
            decisions.add(d);
        }
        return new Run(fleet, decisions);
    }

    /** A message seen at every third reading (a worker busy with it), nothing at the others, then quiet. */
    private static long[] trickleThenQuiet(int trickleMinutes, int quietMinutes) {
        long[] counted = new long[trickleMinutes + quietMinutes];
        for (int m = 0; m < trickleMinutes; m++) {
            counted[m] = m % 3 == 0 ? 1 : 0;
        }
        return counted;
    }

    private static ScalingPolicy.Builder zeroToTen() {
        return ScalingPolicy.builder().minCapacity(0).maxCapacity(10).backlogPerUnit(100);
    }

    @Test
    void messages_that_trickle_in_keep_the_last_unit_and_it_goes_a_cooldown_after_the_last_one() {
        Run run = run(zeroToTen().targetWaitSeconds(300L).build(), trickleThenQuiet(60, 10));

        for (int m = 0; m < 60; m++) {
            assertEquals(1, run.fleet().get(m), "minute " + m + ": " + run.decisions().get(m).reason());
        }
        // The last message is seen at minute 57, the queue is found empty at 58: 120 s of quiet from there.
        assertEquals(1, run.fleet().get(59));
        assertEquals(0, run.fleet().get(60), run.decisions().get(60).reason());
        ScaleDecision held = run.decisions().get(59);
        assertEquals(ReasonCode.KEEP_ALIVE, held.reasonCode());
        assertTrue(held.reason().contains("quiet for only 60 s since the last message seen")
                && held.reason().contains("60 s left"), held.reason());
    }

    @Test
    void without_the_keep_alive_the_same_trickle_drops_the_fleet_to_zero_between_messages() {
        // A policy without targetWaitSeconds has only the cooldown since the last change: it lets the unit go
        // while messages still come, and each of them then finds no unit.
        Run run = run(zeroToTen().build(), trickleThenQuiet(60, 10));

        assertTrue(run.fleet().subList(0, 60).contains(0), run.fleet().toString());
    }

    @Test
    void units_above_the_last_one_go_as_the_backlog_says() {
        long[] counted = new long[12];
        counted[0] = 400; // four units' worth, then empty
        ScalingPolicy policy = zeroToTen().targetWaitSeconds(300L).build();

        Run run = run(policy, counted);

        assertEquals(4, run.fleet().get(0));
        int in = run.fleet().indexOf(1);
        ScaleDecision toOne = run.decisions().get(in);
        assertEquals(ScaleAction.SCALE_IN, toOne.action(), toOne.reason());
        assertTrue(toOne.reason().contains("the keep-alive keeps the last unit"), toOne.reason());
        assertEquals(0, run.fleet().get(11));
    }

    @Test
    void the_quiet_spell_survives_the_tag() {
        ThroughputEstimate e = new ThroughputEstimate(0.5, 7, START, 0, START.plusSeconds(60), 0,
                Optional.of(START.plusSeconds(60)));

        assertEquals(e, ThroughputEstimate.fromWire(e.toWire()));
        assertEquals(Optional.empty(), ThroughputEstimate.fromWire(
                new ThroughputEstimate(0.5, 7, START, 3, START, 1).toWire()).quietSince());
    }
}
