package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the throughput estimate learns from a plant whose units each finish {@code 1 / serviceSeconds}
 * messages a second, what it refuses to learn from, its stored form, and what the decider does with it.
 */
class ThroughputEstimatorTest {

    static final Instant T0 = Instant.parse("2026-11-28T04:00:00Z");
    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";

    /** A fleet of {@code running} units asking for as many. */
    static FleetSnapshot fleet(int running) {
        return new FleetSnapshot("sfr-0123abcd-4567-89ef-0123-456789abcdef", running, running, 0, 0,
                FleetState.ACTIVE, ActivityStatus.FULFILLED, FleetType.MAINTAIN, Optional.empty());
    }

    /** A reading at minute {@code minute}: counts, and CloudWatch's deletions of the minute before. */
    static Optional<QueueSnapshot> reading(int minute, long visible, long inFlight, Long deleted) {
        Instant at = T0.plusSeconds(60L * minute);
        Optional<QueueMetrics> m = deleted == null ? Optional.empty() : Optional.of(new QueueMetrics(
                at.minusSeconds(60), 60, OptionalLong.of(deleted), OptionalLong.empty(), OptionalLong.empty(), false));
        return Optional.of(new QueueSnapshot(QUEUE, visible, inFlight, 0, at, m));
    }

    /**
     * A busy plant: {@code units} units all working (one message each), each finishing a message every
     * {@code serviceSeconds} on average (Poisson noise), for {@code minutes}.
     */
    static Optional<ThroughputEstimate> run(Optional<ThroughputEstimate> start, int units, double serviceSeconds,
            int minutes, long seed) {
        return run(start, 1, units, serviceSeconds, minutes, seed);
    }

    static Optional<ThroughputEstimate> run(Optional<ThroughputEstimate> start, int fromMinute, int units,
            double serviceSeconds, int minutes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Optional<ThroughputEstimate> e = start;
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            long deleted = poisson(rng, units * 60 / serviceSeconds);
            e = ThroughputEstimator.update(e, fleet(units), reading(m, 500, units, deleted), 1);
        }
        return e;
    }

    static long poisson(SplittableRandom rng, double mean) {
        // The normal approximation is enough here; never negative.
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void learns_the_pace_of_a_busy_plant() {
        ThroughputEstimate e = run(Optional.empty(), 10, 2.0, 30, 1).orElseThrow();

        assertEquals(0.5, e.messagesPerUnitSecond(), 0.05, "2 s a message is 0.5 messages per unit-second");
        assertEquals(29, e.observations(), "30 readings; the first one's period ended before it");
    }

    @Test
    void a_fleet_at_its_load_with_an_empty_queue_does_not_learn_its_waiting_as_slower_work() {
        // 10 units at 0.5 a second learnt while a backlog waited; then the queue runs near empty: the readings find
        // 9 or 10 units busy, but between them units wait for messages, so the minute's deletions over the units
        // counted busy read 10% below the pace (270 deleted over 10 busy units). Before, the estimate followed them
        // to about 0.45, and the load floor held a unit more than the load.
        ThroughputEstimate learnt = run(Optional.empty(), 10, 2.0, 30, 3).orElseThrow();
        Optional<ThroughputEstimate> e = Optional.of(learnt);
        for (int m = 31; m < 61; m++) {
            e = ThroughputEstimator.update(e, fleet(10), reading(m, 0, 10, 270L), 1);
        }
        assertEquals(learnt.messagesPerUnitSecond(), e.orElseThrow().messagesPerUnitSecond(), 1e-9,
                "a near-empty queue's samples below the estimate lower nothing");

        // The same slower samples while messages wait at both readings are slower work, and are followed.
        Optional<ThroughputEstimate> waiting = Optional.of(learnt);
        for (int m = 31; m < 61; m++) {
            waiting = ThroughputEstimator.update(waiting, fleet(10), reading(m, 300, 10, 270L), 1);
        }
        assertEquals(0.45, waiting.orElseThrow().messagesPerUnitSecond(), 0.01);

        // And a near-empty queue's faster samples still raise a low estimate (an oversized fleet learns).
        Optional<ThroughputEstimate> low = Optional.of(new ThroughputEstimate(0.25, 10, T0.plusSeconds(60L * 30),
                300, T0.plusSeconds(60L * 30), 10));
        for (int m = 31; m < 61; m++) {
            low = ThroughputEstimator.update(low, fleet(10), reading(m, 0, 10, 300L), 1);
        }
        assertEquals(0.5, low.orElseThrow().messagesPerUnitSecond(), 0.02);
    }

    @Test
    void a_period_that_ended_before_the_first_reading_teaches_nothing() {
        // A fleet that has just started: its first minute's deletions are half its pace (units starting, the
        // queue filling), but the first reading, taken after that period, finds every unit busy.
        Optional<ThroughputEstimate> first = ThroughputEstimator.update(Optional.empty(), fleet(10),
                reading(1, 50, 10, 150L), 1);
        Optional<ThroughputEstimate> second = ThroughputEstimator.update(first, fleet(10),
                reading(2, 50, 10, 300L), 1);

        assertEquals(0, first.orElseThrow().observations(), "the first reading only records its counts");
        assertEquals(1, second.orElseThrow().observations());
        assertEquals(0.5, second.orElseThrow().messagesPerUnitSecond(), 1e-9,
                "the period after the first reading, not the half pace of the one before");
    }

    @Test
    void an_oversized_fleet_learns_too_because_only_busy_units_count() {
        // 40 units run, 9 are busy: the deletions are 9 units' worth.
        Optional<ThroughputEstimate> e = Optional.empty();
        for (int m = 1; m <= 20; m++) {
            e = ThroughputEstimator.update(e, fleet(40), reading(m, 0, 9, 270L), 1);
        }

        assertEquals(0.5, e.orElseThrow().messagesPerUnitSecond(), 1e-9);
    }

    @Test
    void a_quiet_queue_teaches_nothing() {
        ThroughputEstimate busy = run(Optional.empty(), 10, 2.0, 10, 2).orElseThrow();
        // The backlog had drained by the last busy reading.
        ThroughputEstimate learnt = new ThroughputEstimate(busy.messagesPerUnitSecond(), busy.observations(),
                busy.updatedAt(), 0, busy.lastReadAt(), 0);
        Optional<ThroughputEstimate> e = Optional.of(learnt);
        for (int m = 11; m <= 11 + 24 * 60; m++) {
            // A day of nothing: no unit busy, no deletions (or CloudWatch publishing nothing at all).
            e = ThroughputEstimator.update(e, fleet(2), reading(m, 0, 0, m % 2 == 0 ? 0L : null), 1);
        }

        assertEquals(learnt.messagesPerUnitSecond(), e.orElseThrow().messagesPerUnitSecond());
        assertEquals(learnt.observations(), e.orElseThrow().observations());
    }

    @Test
    void each_period_is_learnt_once_however_often_it_is_read() {
        Optional<ThroughputEstimate> e = run(Optional.empty(), 10, 2.0, 5, 3);
        int before = e.orElseThrow().observations();
        Optional<QueueSnapshot> again = reading(5, 500, 10, 9999L)
                .map(q -> new QueueSnapshot(q.queueUrl(), 500, 10, 0, q.readAt().plusSeconds(3), q.metrics()));

        Optional<ThroughputEstimate> after = ThroughputEstimator.update(e, fleet(10), again, 1);

        assertEquals(before, after.orElseThrow().observations(), "the same CloudWatch period read again by the execution");
        assertEquals(e.orElseThrow().messagesPerUnitSecond(), after.orElseThrow().messagesPerUnitSecond());
    }

    @Test
    void a_burst_of_fast_failures_moves_the_estimate_a_quarter_at_most_per_observation() {
        ThroughputEstimate learnt = run(Optional.empty(), 10, 2.0, 20, 4).orElseThrow();
        assertEquals(19, learnt.observations());
        Optional<ThroughputEstimate> e = Optional.of(learnt);
        List<Double> rates = new ArrayList<>();
        for (int m = 21; m <= 23; m++) { // after the 20 minutes of learning
            // Three minutes of messages failing in 10 ms and deleted: 60000 a minute.
            e = ThroughputEstimator.update(e, fleet(10), reading(m, 500, 10, 60_000L), 1);
            rates.add(e.orElseThrow().messagesPerUnitSecond());
        }

        assertTrue(rates.get(2) <= learnt.messagesPerUnitSecond() * Math.pow(ThroughputEstimator.MAX_RISE, 3) + 1e-9,
                "after three minutes at most x1.25^3: " + rates);
    }

    @Test
    void a_slower_release_is_followed_within_minutes() {
        ThroughputEstimate fast = run(Optional.empty(), 10, 2.0, 30, 5).orElseThrow();
        ThroughputEstimate slow = run(Optional.of(fast), 31, 10, 4.0, 15, 6).orElseThrow();

        assertEquals(0.25, slow.messagesPerUnitSecond(), 0.03);
    }

    @Test
    void without_deletions_only_a_falling_backlog_teaches_and_only_a_lower_bound() {
        Optional<ThroughputEstimate> e = Optional.of(new ThroughputEstimate(0.1, 5, T0, 1000, T0, 10));
        // 600 fewer messages in a minute with 10 busy units: at least 1 message per unit-second.
        Optional<ThroughputEstimate> raised = ThroughputEstimator.update(e, fleet(10), reading(1, 390, 10, null), 1);
        // A growing backlog says nothing (arrivals may have outpaced any pace).
        Optional<ThroughputEstimate> grown = ThroughputEstimator.update(e, fleet(10), reading(1, 1990, 10, null), 1);

        assertEquals(0.1 * ThroughputEstimator.MAX_RISE, raised.orElseThrow().messagesPerUnitSecond(), 1e-9);
        assertEquals(0.1, grown.orElseThrow().messagesPerUnitSecond());
        assertEquals(2000, grown.orElseThrow().lastCounted(), "the counts move on for the next reading");
    }

    /** A reading whose CloudWatch metrics carry no datapoint yet (a queue awake again after six idle hours). */
    static Optional<QueueSnapshot> unpublished(int minute, long visible, long inFlight) {
        Instant at = T0.plusSeconds(60L * minute);
        return Optional.of(new QueueSnapshot(QUEUE, visible, inFlight, 0, at, Optional.of(new QueueMetrics(at, 60,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), false))));
    }

    @Test
    void a_burst_from_zero_learns_from_its_falling_backlog_while_cloudwatch_publishes_nothing_yet() {
        // 11 units work off a burst of 6000 at 0.5 messages per unit-second (330 a minute); SQS publishes no
        // datapoint for the queue's first minutes after six idle hours, so read-capacity gets metrics without any.
        Optional<ThroughputEstimate> e = ThroughputEstimator.update(Optional.empty(), fleet(11),
                unpublished(0, 5989, 11), 1);
        long backlog = 6000;
        for (int m = 1; m <= 3; m++) {
            backlog -= 330;
            e = ThroughputEstimator.update(e, fleet(11), unpublished(m, backlog - 11, 11), 1);
        }

        assertEquals(0.5, e.orElseThrow().messagesPerUnitSecond(), 1e-9);
        assertEquals(ThroughputEstimator.MIN_OBSERVATIONS, e.orElseThrow().observations(),
                "each minute's fall counts: usable within three minutes of the burst");
    }

    @Test
    void a_fall_while_the_units_were_still_booting_teaches_nothing() {
        // 0 units busy at the last reading, 6 now: they took their first messages part-way through the minute.
        Optional<ThroughputEstimate> e = Optional.of(ThroughputEstimate.firstReading(6040, T0, 0));

        Optional<ThroughputEstimate> after = ThroughputEstimator.update(e, fleet(6), unpublished(1, 6009, 6), 1);

        assertFalse(after.orElseThrow().learnt(), "25 fewer over 3 average busy units would say 0.14, a quarter"
                + " of the truth, and the fleet would be sized four times too large");
    }

    @Test
    void a_lower_bound_within_its_noise_of_the_estimate_confirms_it_and_one_far_below_teaches_nothing() {
        Optional<ThroughputEstimate> e = Optional.of(new ThroughputEstimate(0.5, 1, T0, 5000, T0, 11));

        // 320 fewer in a minute with 11 busy: 0.485, within two standard deviations of a count of 320.
        ThroughputEstimate near = ThroughputEstimator.update(e, fleet(11), unpublished(1, 4680 - 11, 11), 1)
                .orElseThrow();
        // 100 fewer: arrivals may have hidden the work, so it says nothing about the pace.
        ThroughputEstimate far = ThroughputEstimator.update(e, fleet(11), unpublished(1, 4900 - 11, 11), 1)
                .orElseThrow();

        assertEquals(0.5, near.messagesPerUnitSecond(), 1e-9, "a lower bound never lowers the estimate");
        assertEquals(2, near.observations());
        assertEquals(1, far.observations());
    }

    @Test
    void the_reader_stores_each_reading_with_a_backlog_until_the_estimate_is_usable() {
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        FleetSnapshot f = fleet(11);
        fleets.add(f.fleetId(), 11);
        ScalingPolicy policy = ScalingPolicy.builder().maxCapacity(60).targetWaitSeconds(600L).build();
        // The burst still arrives between the first two readings (the backlog grows: nothing learnt), then falls.
        long[] backlogs = {3000, 6040, 5710, 5380, 5050};
        for (int m = 0; m < backlogs.length; m++) {
            Optional<QueueSnapshot> q = unpublished(m, backlogs[m] - 11, 11);
            new CapacityReader(fleets, url -> q.get(), Clock.fixed(q.get().readAt(), ZoneOffset.UTC))
                    .read(f.target(), QUEUE, policy);
        }

        // Had the reading at 6040 not been stored, each fall would be measured from 3000, before the burst.
        ThroughputEstimate stored = fleets.describe(f.target()).storedEstimate().orElseThrow();
        assertTrue(ScalingDecider.usable(stored), "usable three minutes after the burst: " + stored.toWire());
        assertEquals(0.5, stored.messagesPerUnitSecond(), 1e-9);
    }

    @Test
    void the_stored_form_fits_a_tag_and_reads_back() {
        ThroughputEstimate e = new ThroughputEstimate(0.003_333_333_333_333_3, 1234, T0, 98_765_432_100L,
                T0.plusSeconds(61), 12.5);

        String wire = e.toWire();

        assertTrue(wire.length() <= ThroughputEstimate.WIRE_LIMIT, wire);
        assertTrue(wire.matches("[A-Za-z0-9 +\\-=._:/@]+"), "only characters every AWS tag accepts: " + wire);
        assertEquals(e, ThroughputEstimate.fromWire(wire));
    }

    @Test
    void a_value_that_is_no_estimate_is_a_typed_error_naming_it() {
        InvalidInput garbage = assertThrows(InvalidInput.class, () -> ThroughputEstimate.fromWire("fast"));
        InvalidInput version = assertThrows(InvalidInput.class,
                () -> ThroughputEstimate.fromWire("v=9 r=1 n=1 u=2026-11-28T04:00:00Z c=0 t=2026-11-28T04:00:00Z b=1"));

        assertEquals("estimate", garbage.field());
        assertTrue(version.getMessage().contains("version '9'"), version.getMessage());
    }

    @Test
    void the_reader_stores_what_it_learnt_on_the_target_and_reads_it_back() {
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        FleetSnapshot f = fleet(10);
        fleets.add(f.fleetId(), 10);
        ScalingPolicy policy = ScalingPolicy.builder().maxCapacity(40).targetWaitSeconds(300L).build();
        List<ThroughputEstimate> stored = new ArrayList<>();
        for (int m = 1; m <= 5; m++) {
            Optional<QueueSnapshot> q = reading(m, 500, 10, 300L);
            Clock at = Clock.fixed(q.get().readAt(), ZoneOffset.UTC);
            CapacityReading r = new CapacityReader(fleets, url -> q.get(), at).read(f.target(), QUEUE, policy);
            stored.add(fleets.describe(f.target()).storedEstimate().orElseThrow());
            assertEquals(r.estimate(), fleets.describe(f.target()).storedEstimate());
        }

        assertEquals(0.5, stored.get(4).messagesPerUnitSecond(), 1e-9);
        assertEquals(4, stored.get(4).observations(), "five readings; the first one's period ended before it");
    }

    @Test
    void a_policy_without_a_target_wait_learns_nothing_and_stores_nothing() {
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        FleetSnapshot f = fleet(10);
        fleets.add(f.fleetId(), 10);
        Optional<QueueSnapshot> q = reading(1, 500, 10, 300L);

        CapacityReading r = new CapacityReader(fleets, url -> q.get(), Clock.fixed(q.get().readAt(), ZoneOffset.UTC))
                .read(f.target(), QUEUE, ScalingPolicy.builder().build());

        assertFalse(r.estimate().isPresent());
        assertFalse(fleets.describe(f.target()).storedEstimate().isPresent());
    }

    @Test
    void the_backlog_per_unit_is_half_the_target_wait_at_the_learnt_pace_once_it_has_enough_observations() {
        ScalingPolicy policy = ScalingPolicy.builder().maxCapacity(40).backlogPerUnit(10).targetWaitSeconds(300L).build();
        ThroughputEstimate two = new ThroughputEstimate(0.5, 2, T0, 0, T0, 1);
        ThroughputEstimate three = new ThroughputEstimate(0.5, 3, T0, 0, T0, 1);
        ThroughputEstimate tiny = new ThroughputEstimate(1e-9, 300, T0, 0, T0, 1);

        ThroughputEstimate twoSlow = new ThroughputEstimate(0.02, 2, T0, 0, T0, 1);

        assertEquals(10, ScalingDecider.backlogPerUnit(policy, Optional.of(two)), "the starting guess");
        assertEquals(3, ScalingDecider.backlogPerUnit(policy, Optional.of(twoSlow)),
                "before it is usable, an estimate slower than the guess already counts: erring toward capacity");
        assertEquals(75, ScalingDecider.backlogPerUnit(policy, Optional.of(three)));
        assertEquals(1, ScalingDecider.backlogPerUnit(policy, Optional.of(tiny)), "never below one message");
        assertEquals(10, ScalingDecider.backlogPerUnit(policy.toBuilder().targetWaitSeconds(null).build(),
                Optional.of(three)), "without targetWaitSeconds the setting is the setting");
    }

    @Test
    void a_change_is_kept_out_of_the_next_two_periods_only_when_periods_are_short_as_in_the_sandbox() {
        // The sandbox at SPEED=60: CloudWatch's period is one real second, a simulated minute. A change 10 s
        // before the period is 10 periods back and does not blur it; with SQS's minute it would.
        FleetSnapshot changed = fleet(4).withLastChange(new LastChange(T0.minusSeconds(10), ScaleAction.SCALE_OUT, 2,
                4, "alarm-1"));
        Optional<ThroughputEstimate> e = Optional.empty();
        for (int s = 1; s <= 4; s++) {
            Instant at = T0.plusSeconds(s);
            Optional<QueueMetrics> m = Optional.of(new QueueMetrics(at.minusSeconds(1), 1, OptionalLong.of(8),
                    OptionalLong.empty(), OptionalLong.empty(), false));
            e = ThroughputEstimator.update(e, changed, Optional.of(new QueueSnapshot(QUEUE, 50, 4, 0, at, m)), 1);
        }
        assertEquals(2.0, e.orElseThrow().messagesPerUnitSecond(), 1e-9, "8 a second over 4 busy units");
        assertTrue(e.orElseThrow().observations() >= 3, "every period counts: " + e);
        Optional<ThroughputEstimate> before = run(Optional.empty(), -10, 4, 0.5, 10, 5);
        Optional<ThroughputEstimate> minute = ThroughputEstimator.update(before, changed, reading(1, 50, 4, 480L), 1);
        assertEquals(before.orElseThrow().observations(), minute.orElseThrow().observations(),
                "with SQS's minute the change falls inside the period: nothing learnt");
    }

    @Test
    void a_change_after_the_stored_reading_keeps_a_later_period_out_though_the_period_began_after_it() {
        // The stored reading (busy 7) came 30 s after the fleet was raised 7 -> 40, whose units were still booting;
        // nothing was stored over the next minutes (nothing learnt around the change). Three minutes on, the 40 units
        // have worked off the backlog: 460 deletions in the period, and now 8 busy, close to the stored 7.
        Optional<ThroughputEstimate> learnt = run(Optional.empty(), -10, 7, 2.0, 11, 9);
        FleetSnapshot raised = fleet(40).withLastChange(new LastChange(T0.minusSeconds(30), ScaleAction.SCALE_OUT, 7,
                40, "sched-1"));

        Optional<ThroughputEstimate> later = ThroughputEstimator.update(learnt, raised, reading(4, 0, 8, 460L), 1);

        assertEquals(learnt.orElseThrow().observations(), later.orElseThrow().observations(),
                "the stored reading's 7 busy units do not stand for a period the 40 worked in: nothing learnt");
        assertEquals(learnt.orElseThrow().messagesPerUnitSecond(), later.orElseThrow().messagesPerUnitSecond());
        Optional<ThroughputEstimate> steady = ThroughputEstimator.update(later, raised, reading(5, 50, 8, 960L), 1);
        assertEquals(learnt.orElseThrow().observations() + 1, steady.orElseThrow().observations(),
                "a period after a reading taken once the change was through teaches again (a backlog waits: no unit"
                        + " waited for work)");
    }

    @Test
    void a_change_of_a_unit_in_a_large_fleet_does_not_stop_learning_a_large_one_does() {
        // A policy that sizes one unit per message (slow messages, or a guess 4x too low) moves the fleet by a unit
        // at nearly every reading: kept out of learning, it learnt nothing for two hours.
        Optional<ThroughputEstimate> learnt = run(Optional.empty(), -10, 40, 2.0, 10, 6);
        int n = learnt.orElseThrow().observations();
        FleetSnapshot oneMore = fleet(40).withLastChange(new LastChange(T0.minusSeconds(30), ScaleAction.SCALE_OUT,
                39, 40, "sched-1"));
        FleetSnapshot doubled = fleet(40).withLastChange(new LastChange(T0.minusSeconds(30), ScaleAction.SCALE_OUT,
                20, 40, "sched-1"));

        Optional<ThroughputEstimate> small = ThroughputEstimator.update(learnt, oneMore, reading(1, 500, 40, 1200L), 1);
        Optional<ThroughputEstimate> large = ThroughputEstimator.update(learnt, doubled, reading(1, 500, 40, 1200L), 1);

        assertEquals(n + 1, small.orElseThrow().observations(), "39 -> 40: the busy units still say who did the work");
        assertEquals(n, large.orElseThrow().observations(), "20 -> 40: half the units were booting in the period");
    }
}
