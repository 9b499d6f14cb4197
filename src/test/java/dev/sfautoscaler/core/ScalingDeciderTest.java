package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertDecision;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.SCALE_IN_ALARM;
import static dev.sfautoscaler.core.Fixtures.SCALE_OUT_ALARM;
import static dev.sfautoscaler.core.Fixtures.alarm;
import static dev.sfautoscaler.core.Fixtures.change;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.policy;
import static dev.sfautoscaler.core.Fixtures.queue;
import static dev.sfautoscaler.core.Fixtures.queueReadSecondsAgo;
import static dev.sfautoscaler.core.Fixtures.scaleInAlarm;
import static dev.sfautoscaler.core.Fixtures.scaleOutAlarm;
import static dev.sfautoscaler.core.Fixtures.stepPolicy;
import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scaling policy, rule by rule, with realistic numbers. Defaults unless a row says otherwise:
 * target tracking, 100 messages per unit, 1 message in flight per busy unit, capacity 1..20,
 * scale-out cooldown 60 s, scale-in cooldown 120 s, scale-in tolerance 5 %, no step limits, queue
 * read just now.
 */
class ScalingDeciderTest {

    @Test
    void backlog_of_640_at_100_per_unit_scales_a_fleet_of_3_out_to_7_and_says_why() {
        ScaleDecision d = decider().decide(fleet(3), queue(600, 40), manual(), policy().build());

        assertDecision(d, "scale-out", 3, 7, ReasonCode.BACKLOG_NEEDS_MORE);
        assertEquals("A backlog of 640 messages (600 visible, 40 in flight) needs 7 units at 100 messages per unit;"
                + " the fleet asks for 3, so scale out 3 -> 7.", d.reason());
        DecisionBasis b = d.basis();
        assertEquals(new DecisionBasis(ScalingMode.TARGET_TRACKING, 600L, 40L, 0L, 640L, 0L, 100, 7, 7, 3, 3.0, 1, 20,
                null, null), b);
        assertEquals(640L, d.backlog());
        assertEquals(FLEET_ID, d.fleetId());
        assertEquals("manual-run-1:1", d.triggerKey());
        assertEquals(NOW, d.decidedAt());
    }

    @Nested
    class TargetTracking {

        @ParameterizedTest(name = "target {0}, {1} visible + {2} in flight + {3} delayed (count delayed: {4}) -> {5} {6}")
        @CsvSource(delimiter = '|', textBlock = """
                 3 |  600 |  40 |   0 | false | scale-out |  7 | BACKLOG_NEEDS_MORE
                 3 |  300 |   0 |   0 | false | none      |  3 | AT_DESIRED
                 3 |  201 |   0 |   0 | false | none      |  3 | AT_DESIRED
                 3 |  200 |   1 |   0 | false | none      |  3 | AT_DESIRED
                 3 |  301 |   0 |   0 | false | scale-out |  4 | BACKLOG_NEEDS_MORE
                 3 |  300 |   0 | 500 | false | none      |  3 | AT_DESIRED
                 3 |  300 |   0 | 500 | true  | scale-out |  8 | BACKLOG_NEEDS_MORE
                 3 |    0 | 750 |   0 | false | scale-out |  8 | BACKLOG_NEEDS_MORE
                10 |  500 |   0 |   0 | false | scale-in  |  5 | BACKLOG_NEEDS_LESS
                10 |    0 |   0 |   0 | false | scale-in  |  1 | BACKLOG_NEEDS_LESS
                10 |    0 |   0 | 900 | true  | scale-in  |  9 | BACKLOG_NEEDS_LESS
                 3 | 5000 |   0 |   0 | false | scale-out | 20 | BACKLOG_NEEDS_MORE
                20 | 5000 |   0 |   0 | false | none      | 20 | AT_MAX
                 1 |    0 |   0 |   0 | false | none      |  1 | AT_MIN
                 1 |   99 |   0 |   0 | false | none      |  1 | AT_DESIRED
                """)
        void desired_is_counted_messages_over_backlog_per_unit(int target, long visible, long inFlight, long delayed,
                boolean includeDelayed, String action, int to, ReasonCode code) {
            ScaleDecision d = decider().decide(fleet(target), queue(visible, inFlight, delayed), manual(),
                    policy().includeDelayed(includeDelayed).build());

            assertDecision(d, action, target, to, code);
        }

        @Test
        void a_capped_decision_says_what_the_backlog_needed_and_where_it_was_capped() {
            ScaleDecision d = decider().decide(fleet(3), queue(5000, 0), manual(), policy().build());

            assertMentions(d.reason(), "needs 50 units", "capped at the maximum of 20", "scale out 3 -> 20");
            assertEquals(50, d.basis().desiredBeforeBounds());
            assertEquals(20, d.basis().desired());
        }

        @Test
        void a_huge_backlog_scales_out_to_the_maximum_and_never_wraps_around() {
            ScaleDecision d = decider().decide(fleet(3), queue(Long.MAX_VALUE, 1, 1), manual(),
                    policy().includeDelayed(true).build());

            assertDecision(d, "scale-out", 3, 20, ReasonCode.BACKLOG_NEEDS_MORE);
            assertEquals(Long.MAX_VALUE, d.backlog());
            assertMentions(d.reason(), "needs 92233720368547759 units", "capped at the maximum of 20");
        }

        @Test
        void delayed_messages_are_named_in_the_reason_only_when_they_count() {
            ScalingPolicy counting = policy().includeDelayed(true).build();

            assertMentions(decider().decide(fleet(3), queue(600, 40, 100), manual(), counting).reason(),
                    "A backlog of 740 messages (600 visible, 40 in flight, 100 delayed)");
            String notCounting = decider().decide(fleet(3), queue(600, 40, 100), manual(), policy().build()).reason();
            assertMentions(notCounting, "A backlog of 640 messages (600 visible, 40 in flight)");
            assertFalse(notCounting.contains("delayed"), notCounting);
        }

        @Test
        void scale_in_is_disabled_on_request_but_scale_out_still_works() {
            ScalingPolicy noScaleIn = policy().disableScaleIn(true).build();

            ScaleDecision in = decider().decide(fleet(10), queue(100, 0), manual(), noScaleIn);
            assertDecision(in, "none", 10, 10, ReasonCode.SCALE_IN_DISABLED);
            assertMentions(in.reason(), "scale-in is disabled", "stays at 10");

            assertDecision(decider().decide(fleet(3), queue(640, 0), manual(), noScaleIn), "scale-out", 3, 7,
                    ReasonCode.BACKLOG_NEEDS_MORE);
        }

        @Test
        void scale_in_alarm_in_target_tracking_mode_only_wakes_the_policy_up() {
            assertDecision(decider().decide(fleet(10), queue(500, 0), scaleInAlarm(), policy().build()),
                    "scale-in", 10, 5, ReasonCode.BACKLOG_NEEDS_LESS);
        }
    }

    /**
     * The busy-unit floor ({@code inFlightPerUnit}): a drained queue whose workers are all busy is not
     * "almost no work". Without it the fleet collapses each time the queue empties and scales out again
     * a few minutes later (the limit cycle the simulator showed, docs/benchmarks).
     */
    @Nested
    class BusyUnitFloor {

        @ParameterizedTest(name = "target {0} ({1} running), {2} visible + {3} in flight at {4} per unit, min {5}"
                + " -> {6} {7}")
        @CsvSource(delimiter = '|', textBlock = """
                15 | 15  |    0 |  9 |  1 |  1 | scale-in  |  9 | BACKLOG_NEEDS_LESS
                15 | 15  |    0 |  9 |  0 |  1 | scale-in  |  1 | BACKLOG_NEEDS_LESS
                15 | 15  |    0 | 18 |  4 |  1 | scale-in  |  5 | BACKLOG_NEEDS_LESS
                15 | 15  |    0 |  9 | 16 |  1 | scale-in  |  1 | BACKLOG_NEEDS_LESS
                15 | 15  |    0 | 15 |  1 |  1 | none      | 15 | AT_DESIRED
                15 | 15  |  500 |  9 |  1 |  1 | scale-in  |  9 | BACKLOG_NEEDS_LESS
                15 | 15  | 1000 |  9 |  1 |  1 | scale-in  | 11 | BACKLOG_NEEDS_LESS
                 6 |  6  |    0 | 30 |  1 |  1 | none      |  6 | AT_DESIRED
                10 |  4  |    0 | 10 |  1 |  1 | scale-in  |  4 | BACKLOG_NEEDS_LESS
                10 |  4.5|    0 | 10 |  1 |  1 | scale-in  |  5 | BACKLOG_NEEDS_LESS
                10 | 12  |    0 | 30 |  1 |  1 | none      | 10 | AT_DESIRED
                20 | 20  |    0 | 19 |  1 |  1 | none      | 20 | WITHIN_TOLERANCE
                15 | 15  |    0 |  9 |  1 | 12 | scale-in  | 12 | BACKLOG_NEEDS_LESS
                12 | 12  |    0 |  9 |  1 | 12 | none      | 12 | AT_MIN
                10 | 10  | 1490 | 10 |  1 |  1 | scale-out | 15 | BACKLOG_NEEDS_MORE
                """)
        void target_tracking_never_scales_in_below_the_units_busy_with_in_flight_messages(int target,
                double running, long visible, long inFlight, int inFlightPerUnit, int min, String action, int to,
                ReasonCode code) {
            ScaleDecision d = decider().decide(fleet(target, running), queue(visible, inFlight), manual(),
                    policy().minCapacity(min).inFlightPerUnit(inFlightPerUnit).build());

            assertDecision(d, action, target, to, code);
        }

        @Test
        void the_reason_says_the_backlog_need_and_the_busy_units_that_hold_the_fleet() {
            ScaleDecision d = decider().decide(fleet(15), queue(0, 9), manual(), policy().build());

            assertEquals("A backlog of 9 messages (0 visible, 9 in flight) needs 1 unit at 100 messages per unit, but"
                    + " the 9 messages in flight keep 9 units busy (1 message per unit at a time), so 9 units; the"
                    + " fleet asks for 15, so scale in 15 -> 9.", d.reason());
            assertEquals(9, d.basis().desiredBeforeBounds(), "the floor is what the decision aimed for");
            assertEquals(9, d.basis().desired());
        }

        @Test
        void a_floor_below_the_minimum_is_raised_to_it_and_says_so() {
            ScaleDecision d = decider().decide(fleet(15), queue(0, 9), manual(), policy().minCapacity(12).build());

            assertEquals("A backlog of 9 messages (0 visible, 9 in flight) needs 1 unit at 100 messages per unit, but"
                    + " the 9 messages in flight keep 9 units busy (1 message per unit at a time), so 9 units, raised"
                    + " to the minimum of 12; the fleet asks for 15, so scale in 15 -> 12.", d.reason());
        }

        @Test
        void without_the_floor_the_reason_is_the_plain_formula() {
            ScaleDecision d = decider().decide(fleet(15), queue(0, 9), manual(), policy().inFlightPerUnit(0).build());

            assertEquals("A backlog of 9 messages (0 visible, 9 in flight) needs 1 unit at 100 messages per unit;"
                    + " the fleet asks for 15, so scale in 15 -> 1.", d.reason());
        }

        @Test
        void the_floor_does_not_shorten_the_scale_in_cooldown_or_lift_the_step_limit() {
            FleetSnapshot justScaled = fleet(15).withLastChange(change(ScaleAction.SCALE_OUT, 10, 15, 60, "evt-0:1"));

            assertDecision(decider().decide(justScaled, queue(0, 9), manual(), policy().build()), "none", 15, 15,
                    ReasonCode.SCALE_IN_COOLDOWN);
            assertDecision(decider().decide(fleet(15), queue(0, 9), manual(), policy().maxScaleInStep(2).build()),
                    "scale-in", 15, 13, ReasonCode.BACKLOG_NEEDS_LESS);
        }

        @Test
        void step_mode_ignores_the_floor() {
            assertDecision(decider().decide(fleet(3), queue(0, 3), scaleInAlarm(), stepPolicy().build()), "scale-in",
                    3, 2, ReasonCode.STEP_IN_ON_ALARM);
        }
    }

    @Nested
    class Bounds {

        @ParameterizedTest(name = "target {0} with bounds {1}..{2}, queue {3} -> {4} {5}")
        @CsvSource(delimiter = '|', textBlock = """
                 0 | 2 | 10 | missing | scale-out |  2 | RAISE_TO_MIN
                 1 | 2 | 10 |    5000 | scale-out |  2 | RAISE_TO_MIN
                15 | 1 | 10 | missing | scale-in  | 10 | LOWER_TO_MAX
                15 | 1 | 10 |    5000 | scale-in  | 10 | LOWER_TO_MAX
                15 | 1 | 10 |       0 | scale-in  | 10 | LOWER_TO_MAX
                 5 | 5 |  5 |    5000 | none      |  5 | AT_MAX
                 5 | 5 |  5 |       0 | none      |  5 | AT_MIN
                 5 | 5 |  5 |     500 | none      |  5 | AT_DESIRED
                 3 | 5 |  5 |       0 | scale-out |  5 | RAISE_TO_MIN
                 0 | 0 |  0 |    5000 | none      |  0 | AT_MAX
                """)
        void a_fleet_outside_its_bounds_is_brought_inside_whatever_the_queue_says(int target, int min, int max,
                String visible, String action, int to, ReasonCode code) {
            Optional<QueueSnapshot> q = visible.equals("missing") ? Optional.empty() : queue(Long.parseLong(visible), 0);

            ScaleDecision d = decider().decide(fleet(target), q, manual(), policy().minCapacity(min).maxCapacity(max)
                    .build());

            assertDecision(d, action, target, to, code);
        }

        @Test
        void the_minimum_wins_over_cooldowns_and_step_limits() {
            FleetSnapshot justScaled = fleet(1).withLastChange(change(ScaleAction.SCALE_IN, 3, 1, 10, "evt-1:1"));
            ScalingPolicy p = policy().minCapacity(4).maxScaleOutStep(1).build();

            ScaleDecision d = decider().decide(justScaled, queue(0, 0), manual(), p);

            assertDecision(d, "scale-out", 1, 4, ReasonCode.RAISE_TO_MIN);
        }

        @Test
        void a_fleet_above_the_maximum_comes_down_no_faster_than_the_step_limit() {
            // Issue 16: a fleet of 40 under a policy with maximum 10 must not lose 30 units in one decision.
            ScalingPolicy p = policy().minCapacity(1).maxCapacity(10).maxScaleInStep(8).build();

            ScaleDecision d = decider().decide(fleet(40), queue(5000, 0), manual(), p);

            assertDecision(d, "scale-in", 40, 32, ReasonCode.LOWER_TO_MAX);
            assertEquals("The fleet asks for 40 units, above the maximum of 10 and one decision may move at most 8"
                    + " units, so scale in 40 -> 32.", d.reason());
        }

        @Test
        void a_fleet_above_the_maximum_waits_for_the_scale_in_cooldown() {
            FleetSnapshot justScaled = fleet(15).withLastChange(change(ScaleAction.SCALE_OUT, 12, 15, 10, "evt-1:1"));
            ScalingPolicy p = policy().maxCapacity(10).build();

            ScaleDecision d = decider().decide(justScaled, queue(5000, 0), manual(), p);

            assertDecision(d, "none", 15, 15, ReasonCode.SCALE_IN_COOLDOWN);
            assertEquals("The fleet asks for 15 units, above the maximum of 10, but the last change was 10 s ago and"
                    + " the scale-in cooldown has 110 s left, so no change.", d.reason());
        }

        @Test
        void a_fleet_above_the_maximum_stays_while_scale_in_is_disabled() {
            ScaleDecision d = decider().decide(fleet(15), queue(0, 0), manual(),
                    policy().maxCapacity(10).disableScaleIn(true).build());

            assertDecision(d, "none", 15, 15, ReasonCode.SCALE_IN_DISABLED);
            assertMentions(d.reason(), "above the maximum of 10", "scale-in is disabled");
        }

        @Test
        void a_fleet_above_the_maximum_ignores_the_scale_in_tolerance() {
            // 21 -> 20 is within 5 % of 21; a bound does not move with the backlog, so the dead band does not apply.
            ScaleDecision d = decider().decide(fleet(21), queue(5000, 0), manual(), policy().build());

            assertDecision(d, "scale-in", 21, 20, ReasonCode.LOWER_TO_MAX);
        }

        @Test
        void apply_max_immediately_lowers_to_the_maximum_at_once() {
            FleetSnapshot justScaled = fleet(40).withLastChange(change(ScaleAction.SCALE_OUT, 30, 40, 10, "evt-1:1"));
            ScalingPolicy p = policy().maxCapacity(10).maxScaleInStep(2).applyMaxImmediately(true).build();

            ScaleDecision d = decider().decide(justScaled, queue(5000, 0), manual(), p);

            assertDecision(d, "scale-in", 40, 10, ReasonCode.LOWER_TO_MAX);
            assertEquals("The fleet asks for 40 units, above the maximum of 10 and the policy applies the maximum"
                    + " immediately (applyMaxImmediately), so scale in 40 -> 10.", d.reason());
        }
    }

    @Nested
    class ScaleToZero {

        @ParameterizedTest(name = "target {0}, {1} visible, activation at {2} -> {3} {4}")
        @CsvSource(delimiter = '|', textBlock = """
                0 |   0 |  1 | none      | 0 | BELOW_ACTIVATION
                0 |  40 | 50 | none      | 0 | BELOW_ACTIVATION
                0 |  49 | 50 | none      | 0 | BELOW_ACTIVATION
                0 |  50 | 50 | scale-out | 1 | BACKLOG_NEEDS_MORE
                0 | 640 | 50 | scale-out | 7 | BACKLOG_NEEDS_MORE
                0 |   1 |  1 | scale-out | 1 | BACKLOG_NEEDS_MORE
                2 |   0 | 50 | scale-in  | 0 | BACKLOG_NEEDS_LESS
                1 |   0 |  1 | scale-in  | 0 | BACKLOG_NEEDS_LESS
                2 |  40 | 50 | scale-in  | 1 | BACKLOG_NEEDS_LESS
                """)
        void with_min_zero_the_fleet_sleeps_until_the_backlog_reaches_the_activation_threshold(int target,
                long visible, long activation, String action, int to, ReasonCode code) {
            ScaleDecision d = decider().decide(fleet(target), queue(visible, 0), manual(),
                    policy().minCapacity(0).activationBacklog(activation).build());

            assertDecision(d, action, target, to, code);
        }

        @Test
        void below_activation_names_the_backlog_and_the_threshold() {
            ScaleDecision d = decider().decide(fleet(0), queue(40, 0), manual(),
                    policy().minCapacity(0).activationBacklog(50).build());

            assertEquals("The fleet is at zero and the backlog of 40 messages is below the activation threshold"
                    + " of 50, so it stays at zero.", d.reason());
        }
    }

    @Nested
    class Cooldowns {

        @ParameterizedTest(name = "last {0} {1} s ago, target {2}, {3} visible -> {4} {5}")
        @CsvSource(delimiter = '|', textBlock = """
                scale-out |  30 |  3 | 1000 | none      |  3 | SCALE_OUT_COOLDOWN | 30
                scale-out |  59 |  3 | 1000 | none      |  3 | SCALE_OUT_COOLDOWN |  1
                scale-out |  60 |  3 | 1000 | scale-out | 10 | BACKLOG_NEEDS_MORE |
                scale-in  |  30 |  3 | 1000 | scale-out | 10 | BACKLOG_NEEDS_MORE |
                scale-out | 120 | 10 |  100 | none      | 10 | SCALE_IN_COOLDOWN  | 180
                scale-in  | 299 | 10 |  100 | none      | 10 | SCALE_IN_COOLDOWN  |  1
                scale-in  | 300 | 10 |  100 | scale-in  |  1 | BACKLOG_NEEDS_LESS |
                scale-out | 300 | 10 |  100 | scale-in  |  1 | BACKLOG_NEEDS_LESS |
                scale-out |  -5 |  3 | 1000 | none      |  3 | SCALE_OUT_COOLDOWN | 60
                """)
        void cooldowns_hold_across_executions_through_the_recorded_last_change(String lastAction, long secondsAgo,
                int target, long visible, String action, int to, ReasonCode code, Long remaining) {
            LastChange last = change(ScaleAction.fromWireOrNull(lastAction), 1, target, secondsAgo, "evt-0:1");

            ScaleDecision d = decider().decide(fleet(target).withLastChange(last), queue(visible, 0), manual(),
                    policy().scaleOutCooldownSeconds(60).scaleInCooldownSeconds(300).build());

            assertDecision(d, action, target, to, code);
            assertEquals(remaining, d.basis().cooldownRemainingSeconds(), "cooldown remaining");
            assertEquals(Math.max(0, secondsAgo), d.basis().secondsSinceLastChange(), "seconds since last change");
        }

        @Test
        void a_blocked_scale_out_says_how_long_ago_and_how_long_is_left() {
            FleetSnapshot f = fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 1, 3, 20, "evt-0:1"));

            ScaleDecision d = decider().decide(f, queue(640, 0), manual(), policy().build());

            assertMentions(d.reason(), "needs 7 units", "scaled out 20 s ago", "40 s left", "no change");
        }
    }

    @Nested
    class StepLimits {

        @ParameterizedTest(name = "max out {0}, max in {1}: target {2}, {3} visible -> {4}")
        @CsvSource(delimiter = '|', textBlock = """
                2 | 0 |  3 |  640 |  5
                4 | 0 |  3 |  640 |  7
                0 | 0 |  3 |  640 |  7
                1 | 1 |  3 | 5000 |  4
                0 | 3 | 10 |  100 |  7
                0 | 9 | 10 |  100 |  1
                0 | 0 | 10 |  100 |  1
                5 | 2 | 10 |    0 |  8
                2147483647 | 2147483647 |  3 |  640 |  7
                2147483647 | 2147483647 | 10 |    0 |  1
                """)
        void one_decision_moves_at_most_the_step_limit(int maxOut, int maxIn, int target, long visible, int to) {
            ScaleDecision d = decider().decide(fleet(target), queue(visible, 0), manual(),
                    policy().maxScaleOutStep(maxOut).maxScaleInStep(maxIn).build());

            assertEquals(to, d.to());
            if (d.to() != d.basis().desired()) {
                int limit = to > target ? maxOut : maxIn;
                assertMentions(d.reason(), "may move at most " + limit + (limit == 1 ? " unit," : " units,"));
            }
        }
    }

    @Nested
    class Tolerance {

        @ParameterizedTest(name = "tolerance {0}: target {1}, backlog {2} -> {3} {4}")
        @CsvSource(delimiter = '|', textBlock = """
                0.1  | 10 |  900 | none     | 10 | WITHIN_TOLERANCE
                0.1  | 10 |  801 | none     | 10 | WITHIN_TOLERANCE
                0.1  | 10 |  800 | scale-in |  8 | BACKLOG_NEEDS_LESS
                0.0  | 10 |  900 | scale-in |  9 | BACKLOG_NEEDS_LESS
                0.5  |  2 |  100 | none     |  2 | WITHIN_TOLERANCE
                0.49 |  2 |  100 | scale-in |  1 | BACKLOG_NEEDS_LESS
                0.1  |  1 |    0 | scale-in |  0 | BACKLOG_NEEDS_LESS
                0.9  | 20 |  100 | scale-in |  1 | BACKLOG_NEEDS_LESS
                0.9  | 10 |  100 | none     | 10 | WITHIN_TOLERANCE
                0.7  | 10 |  300 | none     | 10 | WITHIN_TOLERANCE
                0.7  | 20 |  600 | none     | 20 | WITHIN_TOLERANCE
                0.7  | 10 |  200 | scale-in |  2 | BACKLOG_NEEDS_LESS
                """)
        void scale_in_only_when_desired_is_below_current_by_more_than_the_tolerance(double tolerance, int target,
                long visible, String action, int to, ReasonCode code) {
            ScaleDecision d = decider().decide(fleet(target), queue(visible, 0), manual(),
                    policy().minCapacity(0).scaleInTolerance(tolerance).build());

            assertDecision(d, action, target, to, code);
        }

        @Test
        void within_tolerance_names_the_tolerance() {
            ScaleDecision d = decider().decide(fleet(20), queue(1900, 0), manual(), policy().build());

            assertEquals("A backlog of 1900 messages (1900 visible, 0 in flight) needs 19 units at 100 messages per"
                    + " unit; the fleet asks for 20 and 19 is within the scale-in tolerance of 5% below it, so no"
                    + " change.", d.reason());
        }

        @Test
        void the_default_tolerance_of_5_percent_lets_a_small_fleet_scale_in_by_one_unit() {
            assertDecision(decider().decide(fleet(10), queue(900, 0), manual(), policy().build()), "scale-in", 10, 9,
                    ReasonCode.BACKLOG_NEEDS_LESS);
            assertDecision(decider().decide(fleet(20), queue(1900, 0), manual(), policy().build()), "none", 20, 20,
                    ReasonCode.WITHIN_TOLERANCE);
            assertDecision(decider().decide(fleet(20), queue(1800, 0), manual(), policy().build()), "scale-in", 20,
                    18, ReasonCode.BACKLOG_NEEDS_LESS);
        }

        @Test
        void a_fractional_tolerance_is_shown_as_configured() {
            ScaleDecision d = decider().decide(fleet(16), queue(1400, 0), manual(),
                    policy().scaleInTolerance(0.125).build());

            assertMentions(d.reason(), "tolerance of 12.5%");
        }
    }

    @Nested
    class MissingQueueData {

        @ParameterizedTest(name = "queue {0}, trigger {1} {2} -> {3} {4}")
        @CsvSource(delimiter = '|', textBlock = """
                missing  | manual            |                   | none      | 5 | NO_QUEUE_DATA
                900 s    | manual            |                   | none      | 5 | STALE_QUEUE_DATA
                301 s    | manual            |                   | none      | 5 | STALE_QUEUE_DATA
                missing  | jobs-backlog-low  | ALARM             | none      | 5 | NO_QUEUE_DATA
                900 s    | jobs-backlog-low  | ALARM             | none      | 5 | STALE_QUEUE_DATA
                missing  | jobs-backlog-high | ALARM             | scale-out | 6 | ALARM_WITHOUT_QUEUE_DATA
                900 s    | jobs-backlog-high | ALARM             | scale-out | 6 | ALARM_WITHOUT_QUEUE_DATA
                missing  | jobs-backlog-high | OK                | none      | 5 | NO_QUEUE_DATA
                missing  | jobs-backlog-high | INSUFFICIENT_DATA | none      | 5 | NO_QUEUE_DATA
                missing  | jobs-backlog-low  | INSUFFICIENT_DATA | none      | 5 | NO_QUEUE_DATA
                300 s    | manual            |                   | scale-in  | 1 | BACKLOG_NEEDS_LESS
                """)
        void missing_or_stale_queue_data_never_counts_as_an_empty_queue(String queueAge, String alarmName,
                AlarmState state, String action, int to, ReasonCode code) {
            Optional<QueueSnapshot> q = queueAge.equals("missing") ? Optional.empty()
                    : queueReadSecondsAgo(0, Long.parseLong(queueAge.replace(" s", "")));
            Trigger t = alarmName.equals("manual") ? manual() : alarm(alarmName, state);

            ScaleDecision d = decider().decide(fleet(5), q, t, policy().maxQueueDataAgeSeconds(300).build());

            assertDecision(d, action, 5, to, code);
            if (code == ReasonCode.NO_QUEUE_DATA || code == ReasonCode.STALE_QUEUE_DATA) {
                assertMentions(d.reason(), "never counts as an empty queue");
                assertEquals(null, d.basis().counted(), "no backlog is reported when there was no usable reading");
            }
        }

        @Test
        void without_queue_data_an_alarm_adds_no_step_while_the_last_one_is_still_being_fulfilled() {
            ScaleDecision d = decider().decide(fleet(6, 5), Optional.empty(), scaleOutAlarm(), policy().build());

            assertDecision(d, "none", 6, 6, ReasonCode.FULFILLING);
            assertEquals("The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, but 1 of the 6"
                    + " requested units is still being fulfilled; adding more for the same backlog would count it"
                    + " twice, so no change.", d.reason());
        }

        @Test
        void without_queue_data_the_scale_out_alarm_adds_one_step_and_says_so() {
            ScaleDecision d = decider().decide(fleet(5), Optional.empty(), scaleOutAlarm(), policy().build());

            assertEquals("The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, so scale out"
                    + " 5 -> 6 (step 1).", d.reason());
        }

        @Test
        void stale_data_says_how_old_it_is_and_the_limit() {
            ScaleDecision d = decider().decide(fleet(5), queueReadSecondsAgo(0, 900), manual(),
                    policy().maxQueueDataAgeSeconds(300).build());

            assertEquals("Queue data is 900 s old (the limit is 300 s); missing or stale data never counts as an"
                    + " empty queue, so no change.", d.reason());
            assertEquals(900L, d.basis().queueDataAgeSeconds(), "the age of the reading that was set aside");
            assertEquals(null, d.basis().counted());
        }

        @Test
        void missing_data_says_so() {
            ScaleDecision d = decider().decide(fleet(5), Optional.empty(), manual(), policy().build());

            assertEquals("Queue data is missing; missing or stale data never counts as an empty queue, so no change.",
                    d.reason());
            assertEquals(null, d.basis().queueDataAgeSeconds());
        }

        @Test
        void a_null_queue_is_missing_data() {
            assertDecision(decider().decide(fleet(5), null, manual(), policy().build()), "none", 5, 5,
                    ReasonCode.NO_QUEUE_DATA);
        }
    }

    @Nested
    class FleetThatCannotBeModified {

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(delimiter = '|', textBlock = """
                CANCELLED             | MAINTAIN | 'cancelled'
                CANCELLED_RUNNING     | MAINTAIN | 'cancelled_running'
                CANCELLED_TERMINATING | MAINTAIN | 'cancelled_terminating'
                FAILED                | MAINTAIN | 'failed'
                ACTIVE                | REQUEST  | 'request'
                ACTIVE                | INSTANT  | 'instant'
                """)
        void gives_no_change_and_says_why(FleetState state, FleetType type, String named) {
            ScaleDecision d = decider().decide(fleet(0, state, type), queue(5000, 0), manual(), policy().build());

            assertDecision(d, "none", 0, 0, ReasonCode.FLEET_NOT_SCALABLE);
            assertMentions(d.reason(), "Fleet sfr-0abc1234def567890 cannot be scaled: ", named);
        }
    }

    @Nested
    class DuplicateTriggers {

        @ParameterizedTest(name = "marker trigger {0}, this trigger {1} round {2} -> {3}")
        @CsvSource(delimiter = '|', textBlock = """
                evt-7f3a:1 | evt-7f3a | 1 | DUPLICATE_TRIGGER
                evt-7f3a:2 | evt-7f3a | 2 | DUPLICATE_TRIGGER
                evt-7f3a:1 | evt-7f3a | 2 | BACKLOG_NEEDS_MORE
                evt-7f3a:2 | evt-7f3a | 1 | DUPLICATE_TRIGGER
                evt-7f3a:3 | evt-7f3a | 2 | DUPLICATE_TRIGGER
                evt-7f3a0:1 | evt-7f3a | 1 | BACKLOG_NEEDS_MORE
                evt-7f3a:1 | evt-7f3a0 | 1 | BACKLOG_NEEDS_MORE
                evt-0000:1 | evt-7f3a | 1 | BACKLOG_NEEDS_MORE
                ''         | evt-7f3a | 1 | BACKLOG_NEEDS_MORE
                """)
        void the_same_delivery_changes_capacity_once(String markerKey, String eventId, int round, ReasonCode code) {
            FleetSnapshot f = fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 1, 3, 3600, markerKey));
            Trigger t = Trigger.alarm(eventId, SCALE_OUT_ALARM, AlarmState.ALARM, NOW).inRound(round);

            ScaleDecision d = decider().decide(f, queue(640, 0), t, policy().build());

            assertEquals(code, d.reasonCode(), d.reason());
        }

        @Test
        void a_redelivery_is_a_duplicate_even_after_the_first_delivery_went_round_again() {
            // The first execution changed capacity in round 1 and again in round 2; the marker shows round 2.
            FleetSnapshot f = fleet(9).withLastChange(change(ScaleAction.SCALE_OUT, 7, 9, 400, "evt-7f3a:2"));

            ScaleDecision d = decider().decide(f, queue(5000, 0), scaleOutAlarm(), policy().build());

            assertDecision(d, "none", 9, 9, ReasonCode.DUPLICATE_TRIGGER);
            assertMentions(d.reason(), "This trigger (evt-7f3a) already scaled out the fleet 7 -> 9");
        }

        @Test
        void a_duplicate_says_what_the_first_delivery_did() {
            FleetSnapshot f = fleet(7).withLastChange(change(ScaleAction.SCALE_OUT, 3, 7, 30, "evt-7f3a:1"));

            ScaleDecision d = decider().decide(f, queue(640, 0), scaleOutAlarm(), policy().build());

            assertDecision(d, "none", 7, 7, ReasonCode.DUPLICATE_TRIGGER);
            assertMentions(d.reason(), "evt-7f3a", "scaled out the fleet 3 -> 7", "changes nothing");
        }

        @Test
        void a_trigger_without_an_id_is_never_taken_for_a_duplicate() {
            FleetSnapshot f = fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 1, 3, 3600, ""));

            ScaleDecision d = decider().decide(f, queue(640, 0), Trigger.manual("", NOW), policy().build());

            assertDecision(d, "scale-out", 3, 7, ReasonCode.BACKLOG_NEEDS_MORE);
        }
    }

    @Nested
    class StepMode {

        @ParameterizedTest(name = "{0} {1}, target {2} fulfilled {3}, queue {4} -> {5} {6}")
        @CsvSource(delimiter = '|', textBlock = """
                jobs-backlog-high | ALARM             |  3 |  3 |     640 | scale-out |  4 | STEP_OUT_ON_ALARM
                jobs-backlog-high | ALARM             |  3 |  3 | missing | scale-out |  4 | STEP_OUT_ON_ALARM
                jobs-backlog-high | ALARM             |  4 |  3 |     640 | none      |  4 | FULFILLING
                jobs-backlog-high | ALARM             | 20 | 20 |    9999 | none      | 20 | AT_MAX
                jobs-backlog-low  | ALARM             |  3 |  3 |       0 | scale-in  |  2 | STEP_IN_ON_ALARM
                jobs-backlog-low  | ALARM             |  3 |  1 |       0 | scale-in  |  2 | STEP_IN_ON_ALARM
                jobs-backlog-low  | ALARM             |  1 |  1 |       0 | none      |  1 | AT_MIN
                jobs-backlog-low  | ALARM             |  3 |  3 | missing | none      |  3 | NO_QUEUE_DATA
                jobs-backlog-high | OK                |  3 |  3 |     640 | none      |  3 | NOT_A_SCALING_ALARM
                jobs-backlog-high | INSUFFICIENT_DATA |  3 |  3 |     640 | none      |  3 | NOT_A_SCALING_ALARM
                jobs-backlog-low  | INSUFFICIENT_DATA |  3 |  3 |       0 | none      |  3 | NOT_A_SCALING_ALARM
                some-other-alarm  | ALARM             |  3 |  3 |     640 | none      |  3 | NOT_A_SCALING_ALARM
                manual            |                   |  3 |  3 |     640 | none      |  3 | NOT_A_SCALING_ALARM
                """)
        void adds_or_removes_one_step_per_alarm(String alarmName, AlarmState state, int target, double fulfilled,
                String visible, String action, int to, ReasonCode code) {
            Optional<QueueSnapshot> q = visible.equals("missing") ? Optional.empty() : queue(Long.parseLong(visible), 0);
            Trigger t = alarmName.equals("manual") ? manual() : alarm(alarmName, state);

            ScaleDecision d = decider().decide(fleet(target, fulfilled), q, t, stepPolicy().build());

            assertDecision(d, action, target, to, code);
            assertEquals(ScalingMode.STEP, d.basis().mode());
        }

        @Test
        void step_size_is_configurable_and_bounded() {
            ScalingPolicy twoAtATime = stepPolicy().stepSize(2).build();

            assertDecision(decider().decide(fleet(3), queue(640, 0), scaleOutAlarm(), twoAtATime), "scale-out", 3, 5,
                    ReasonCode.STEP_OUT_ON_ALARM);
            assertDecision(decider().decide(fleet(19), queue(640, 0), scaleOutAlarm(), twoAtATime), "scale-out", 19,
                    20, ReasonCode.STEP_OUT_ON_ALARM);
            assertDecision(decider().decide(fleet(2), queue(0, 0), scaleInAlarm(), twoAtATime), "scale-in", 2, 1,
                    ReasonCode.STEP_IN_ON_ALARM);
            ScalingPolicy hugeStep = stepPolicy().stepSize(Integer.MAX_VALUE).build();
            assertDecision(decider().decide(fleet(3), queue(640, 0), scaleOutAlarm(), hugeStep), "scale-out", 3, 20,
                    ReasonCode.STEP_OUT_ON_ALARM);
            assertDecision(decider().decide(fleet(3), queue(0, 0), scaleInAlarm(), hugeStep), "scale-in", 3, 1,
                    ReasonCode.STEP_IN_ON_ALARM);
        }

        @Test
        void the_step_reason_names_the_alarm_and_the_step() {
            ScaleDecision d = decider().decide(fleet(3), queue(640, 0), scaleOutAlarm(), stepPolicy().build());

            assertEquals("The scale-out alarm jobs-backlog-high is in ALARM, so scale out 3 -> 4 (step 1).", d.reason());
        }

        @Test
        void a_step_cut_by_the_step_limit_says_so() {
            ScalingPolicy p = stepPolicy().stepSize(4).maxScaleOutStep(2).maxScaleInStep(3).build();

            assertEquals("The scale-out alarm jobs-backlog-high is in ALARM, so scale out 3 -> 5 (step 4, at most 2"
                    + " units per decision).", decider().decide(fleet(3), queue(640, 0), scaleOutAlarm(), p).reason());
            assertEquals("The scale-in alarm jobs-backlog-low is in ALARM (backlog 0), so scale in 10 -> 7 (step 4, at"
                    + " most 3 units per decision).", decider().decide(fleet(10), queue(0, 0), scaleInAlarm(), p)
                    .reason());
            assertEquals("The scale-in alarm jobs-backlog-low is in ALARM (backlog 0), so scale in 10 -> 9 (step 1).",
                    decider().decide(fleet(10), queue(0, 0), scaleInAlarm(), stepPolicy().build()).reason());
            assertEquals("The scale-out alarm jobs-backlog-high is in ALARM, so scale out 19 -> 20 (step 4, capped at"
                    + " the maximum of 20).", decider().decide(fleet(19), queue(640, 0), scaleOutAlarm(), p).reason());
            assertEquals("The scale-in alarm jobs-backlog-low is in ALARM (backlog 0), so scale in 2 -> 1 (step 4,"
                    + " held at the minimum of 1).", decider().decide(fleet(2), queue(0, 0), scaleInAlarm(), p)
                    .reason());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                manual run          | a manual run
                OK                  | the alarm jobs-backlog-high entering OK
                INSUFFICIENT_DATA   | the alarm jobs-backlog-high entering INSUFFICIENT_DATA
                """)
        void a_trigger_step_mode_ignores_is_named_plainly(String kind, String described) {
            Trigger t = kind.equals("manual run") ? manual() : alarm(SCALE_OUT_ALARM, AlarmState.valueOf(kind));

            ScaleDecision d = decider().decide(fleet(3), queue(640, 0), t, stepPolicy().build());

            assertEquals("Step mode acts only when the scale-out alarm jobs-backlog-high or the scale-in alarm"
                    + " jobs-backlog-low enters ALARM, and this trigger is " + described + ", so no change.",
                    d.reason());
        }

        @Test
        void step_mode_respects_cooldowns_and_disabled_scale_in() {
            FleetSnapshot justOut = fleet(4).withLastChange(change(ScaleAction.SCALE_OUT, 3, 4, 10, "evt-0:1"));

            assertDecision(decider().decide(justOut, queue(640, 0), scaleOutAlarm(), stepPolicy().build()), "none", 4,
                    4, ReasonCode.SCALE_OUT_COOLDOWN);
            assertDecision(decider().decide(justOut, queue(0, 0), scaleInAlarm(), stepPolicy().build()), "none", 4, 4,
                    ReasonCode.SCALE_IN_COOLDOWN);
            assertDecision(decider().decide(fleet(4), queue(0, 0), scaleInAlarm(),
                    stepPolicy().disableScaleIn(true).build()), "none", 4, 4, ReasonCode.SCALE_IN_DISABLED);
        }

        @Test
        void a_scale_in_alarm_does_nothing_when_the_policy_names_only_the_scale_out_alarm() {
            ScalingPolicy outOnly = ScalingPolicy.builder().mode(ScalingMode.STEP).scaleOutAlarmName(SCALE_OUT_ALARM)
                    .build();

            ScaleDecision d = decider().decide(fleet(3), queue(0, 0), alarm(SCALE_IN_ALARM, AlarmState.ALARM), outOnly);

            assertDecision(d, "none", 3, 3, ReasonCode.NOT_A_SCALING_ALARM);
            assertMentions(d.reason(), "jobs-backlog-high");
        }
    }

    @Nested
    class OnDemandPart {

        @ParameterizedTest(name = "policy on-demand {0}, target {1}, {2} visible -> to {3}, on-demand {4}")
        @CsvSource(delimiter = '|', textBlock = """
                2 | 3 | 640 | 7 | 2
                2 | 5 |   0 | 1 | 1
                0 | 3 | 640 | 7 | 0
                """)
        void the_on_demand_part_goes_with_the_change_and_never_exceeds_the_target(int onDemand, int target,
                long visible, int to, int expectedOnDemand) {
            ScaleDecision d = decider().decide(fleet(target), queue(visible, 0), manual(),
                    policy().onDemandTargetCapacity(onDemand).build());

            assertEquals(to, d.to());
            assertEquals(Optional.of(expectedOnDemand), d.onDemandTargetCapacity());
        }

        @Test
        void scaling_in_below_the_fleets_on_demand_part_lowers_that_part_too() {
            FleetSnapshot fourOnDemand = new FleetSnapshot(FLEET_ID, 10, 10, 4, 4, FleetState.ACTIVE,
                    ActivityStatus.FULFILLED, FleetType.MAINTAIN, Optional.empty());

            ScaleDecision d = decider().decide(fourOnDemand, queue(200, 0), manual(), policy().build());

            assertEquals(2, d.to());
            assertEquals(Optional.of(2), d.onDemandTargetCapacity(), "EC2 refuses a target below the on-demand part");
        }

        @Test
        void without_an_on_demand_setting_the_change_leaves_it_to_the_fleet() {
            ScaleDecision d = decider().decide(fleet(3), queue(640, 0), manual(), policy().build());

            assertEquals(Optional.empty(), d.onDemandTargetCapacity());
        }

        @Test
        void excess_capacity_termination_policy_travels_with_the_decision() {
            ScaleDecision d = decider().decide(fleet(10), queue(100, 0), manual(),
                    policy().excessCapacityTerminationPolicy(ExcessCapacityTerminationPolicy.NO_TERMINATION).build());

            assertEquals(ExcessCapacityTerminationPolicy.NO_TERMINATION, d.excessCapacityTerminationPolicy());
        }
    }

    @Test
    void the_decision_is_a_function_of_its_inputs_and_the_clock() {
        ScaleDecision first = decider().decide(fleet(3), queue(600, 40), manual(), policy().build());
        ScaleDecision second = decider().decide(fleet(3), queue(600, 40), manual(), policy().build());

        assertEquals(first, second);
    }

    @Nested
    class MarkersFromTheFuture {

        @Test
        void a_marker_dated_far_in_the_future_does_not_hold_the_cooldowns_and_the_reason_says_so() {
            // Issue 16: a marker dated a day ahead held the scale-out cooldown for a day.
            FleetSnapshot f = fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 2, 3, -86_400, "evt-1:1"));

            ScaleDecision d = decider().decide(f, queue(640, 0), manual(), policy().build());

            assertDecision(d, "scale-out", 3, 7, ReasonCode.BACKLOG_NEEDS_MORE);
            assertMentions(d.reason(), "last-change marker is dated 2026-11-29T04:00:00Z",
                    "more than 60 s in the future, so the cooldowns ignore it");
            assertEquals(null, d.basis().secondsSinceLastChange());
        }

        @Test
        void a_marker_a_little_ahead_of_this_clock_counts_as_made_just_now() {
            FleetSnapshot f = fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 2, 3, -30, "evt-1:1"));

            ScaleDecision d = decider().decide(f, queue(640, 0), manual(), policy().build());

            assertDecision(d, "none", 3, 3, ReasonCode.SCALE_OUT_COOLDOWN);
            assertEquals(0L, d.basis().secondsSinceLastChange());
            assertFalse(d.reason().contains("future"), d.reason());
        }

        @Test
        void a_future_marker_still_recognises_a_repeated_delivery() {
            FleetSnapshot f = fleet(7).withLastChange(change(ScaleAction.SCALE_OUT, 3, 7, -86_400, "manual-run-1:1"));

            ScaleDecision d = decider().decide(f, queue(640, 0), manual(), policy().build());

            assertEquals(ReasonCode.DUPLICATE_TRIGGER, d.reasonCode(), d.reason());
        }
    }
}
