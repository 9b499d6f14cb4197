package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.change;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.morning;
import static dev.sfautoscaler.core.Fixtures.policy;
import static dev.sfautoscaler.core.Fixtures.queue;
import static dev.sfautoscaler.core.Fixtures.queueReadSecondsAgo;
import static dev.sfautoscaler.core.Fixtures.scaleInAlarm;
import static dev.sfautoscaler.core.Fixtures.scaleOutAlarm;
import static dev.sfautoscaler.core.Fixtures.stepPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfautoscaler.core.Verdict.Premise;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sentences, word for word: every reason code under every premise it comes with, as an
 * execution history, a notification and the benchmark report show it. A changed word fails here
 * first.
 */
class DecisionExplainerTest {

    record Row(ReasonCode code, Premise premise, Supplier<Verdict> verdict, String sentence) {
        @Override
        public String toString() {
            return code + " on " + premise;
        }
    }

    static final ScalingPolicy P = policy().build();
    /** Learns its backlog per unit for a 300 s wait; 100 messages per unit is the starting guess. */
    static final ScalingPolicy LEARNING = policy().targetWaitSeconds(300L).build();

    /** An estimate of {@code rate} messages per unit-second resting on {@code observations}. */
    static ThroughputEstimate learnt(double rate, int observations) {
        return new ThroughputEstimate(rate, observations, Fixtures.NOW.minusSeconds(60), 100,
                Fixtures.NOW.minusSeconds(60), 3);
    }

    static List<Row> rows() {
        return List.of(
                new Row(ReasonCode.FLEET_NOT_SCALABLE, Premise.FLEET, () -> decider().evaluate(
                        fleet(3, FleetState.CANCELLED, FleetType.MAINTAIN), queue(640, 0), manual(), P),
                        "Fleet sfr-0abc1234def567890 cannot be scaled: it is in state 'cancelled', so no change."),
                new Row(ReasonCode.FLEET_NOT_SCALABLE, Premise.FLEET, () -> decider().evaluate(
                        fleet(3, FleetState.ACTIVE, FleetType.REQUEST), queue(640, 0), manual(), P),
                        "Fleet sfr-0abc1234def567890 cannot be scaled: its type is 'request'; only 'maintain' fleets can"
                        + " change capacity, so no change."),
                new Row(ReasonCode.DUPLICATE_TRIGGER, Premise.FLEET, () -> decider().evaluate(fleet(7).withLastChange(
                        change(ScaleAction.SCALE_OUT, 3, 7, 30, "evt-7f3a:1")), queue(640, 0), scaleOutAlarm(), P),
                        "This trigger (evt-7f3a) already scaled out the fleet 3 -> 7 at 2026-11-28T03:59:30Z;"
                        + " a repeated delivery changes nothing."),
                new Row(ReasonCode.RAISE_TO_MIN, Premise.FLEET, () -> decider().evaluate(fleet(1), Optional.empty(),
                        manual(), policy().minCapacity(2).build()),
                        "The fleet asks for 1 unit, below the minimum of 2, so scale out 1 -> 2."),
                new Row(ReasonCode.SCHEDULED_MIN, Premise.FLEET, () -> decider().evaluate(fleet(3), queue(0, 0),
                        manual(), policy().schedules(List.of(morning(8, null))).build()),
                        "The fleet asks for 3 units, below the minimum of 8 of window 'morning' (50 4 * * * in"
                        + " Europe/Paris, 120 min), so scale out 3 -> 8."),
                new Row(ReasonCode.SCHEDULED_MAX, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(12),
                        queue(1200, 0), manual(), policy().schedules(List.of(morning(null, 4))).build()),
                        "The fleet asks for 12 units, above the maximum of 4 of window 'morning' (50 4 * * * in"
                        + " Europe/Paris, 120 min), so scale in 12 -> 4."),
                new Row(ReasonCode.AT_MIN, Premise.QUEUE, () -> decider().evaluate(fleet(8), queue(0, 0),
                        manual(), policy().schedules(List.of(morning(8, null))).build()),
                        "A backlog of 0 messages (0 visible, 0 in flight) needs 0 units at 100 messages per unit,"
                        + " raised to the minimum of 8 of window 'morning' (50 4 * * * in Europe/Paris, 120 min);"
                        + " the fleet already asks for 8, so no change."),
                new Row(ReasonCode.PAUSED, Premise.QUEUE, () -> decider().evaluate(
                        fleet(3).withPausedBy(Optional.of("incident 42")), queue(640, 0), manual(), P),
                        "Fleet sfr-0abc1234def567890 is paused by its tag sfautoscaler:paused ('incident 42'), so no"
                        + " change; unpaused: A backlog of 640 messages (640 visible, 0 in flight) needs 7 units at"
                        + " 100 messages per unit; the fleet asks for 3, so scale out 3 -> 7."),
                new Row(ReasonCode.PAUSED, Premise.QUEUE, () -> decider().evaluate(
                        fleet(3).withPausedBy(Optional.of("")), queue(300, 0), manual(), P),
                        "Fleet sfr-0abc1234def567890 is paused by its tag sfautoscaler:paused (no reason given), so"
                        + " no change; unpaused: A backlog of 300 messages (300 visible, 0 in flight) needs 3 units"
                        + " at 100 messages per unit; the fleet already asks for 3, so no change."),
                new Row(ReasonCode.LOWER_TO_MAX, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(25), Optional.empty(),
                        manual(), P),
                        "The fleet asks for 25 units, above the maximum of 20, so scale in 25 -> 20."),
                new Row(ReasonCode.LOWER_TO_MAX, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(25), Optional.empty(),
                        manual(), policy().maxScaleInStep(3).build()),
                        "The fleet asks for 25 units, above the maximum of 20 and one decision may move at most 3"
                        + " units, so scale in 25 -> 22."),
                new Row(ReasonCode.LOWER_TO_MAX, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(25), Optional.empty(),
                        manual(), policy().maxScaleInStep(3).applyMaxImmediately(true).build()),
                        "The fleet asks for 25 units, above the maximum of 20 and the policy applies the maximum"
                        + " immediately (applyMaxImmediately), so scale in 25 -> 20."),
                new Row(ReasonCode.SCALE_IN_COOLDOWN, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(25)
                        .withLastChange(change(ScaleAction.SCALE_OUT, 20, 25, 30, "evt-1:1")), Optional.empty(),
                        manual(), P),
                        "The fleet asks for 25 units, above the maximum of 20, but the last change was 30 s ago and"
                        + " the scale-in cooldown has 90 s left, so no change."),
                new Row(ReasonCode.SCALE_IN_DISABLED, Premise.ABOVE_MAX, () -> decider().evaluate(fleet(25),
                        Optional.empty(), manual(), policy().disableScaleIn(true).build()),
                        "The fleet asks for 25 units, above the maximum of 20, but scale-in is disabled, so no"
                        + " change."),
                new Row(ReasonCode.BACKLOG_NEEDS_MORE, Premise.QUEUE, () -> decider().evaluate(fleet(3)
                        .withLastChange(change(ScaleAction.SCALE_OUT, 2, 3, -3600, "evt-1:1")), queue(640, 0),
                        manual(), P),
                        "A backlog of 640 messages (640 visible, 0 in flight) needs 7 units at 100 messages per"
                        + " unit; the fleet asks for 3, so scale out 3 -> 7. The fleet's last-change marker is dated"
                        + " 2026-11-28T05:00:00Z, more than 60 s in the future, so the cooldowns ignore it."),
                new Row(ReasonCode.BACKLOG_NEEDS_MORE, Premise.QUEUE, () -> decider().evaluate(fleet(3),
                        queue(600, 40, 100), manual(), policy().includeDelayed(true).maxScaleOutStep(2).build()),
                        "A backlog of 740 messages (600 visible, 40 in flight, 100 delayed) needs 8 units at"
                        + " 100 messages per unit; the fleet asks for 3 and one decision may move at most 2"
                        + " units, so scale out 3 -> 5."),
                new Row(ReasonCode.BACKLOG_NEEDS_MORE, Premise.QUEUE, () -> decider().evaluate(fleet(3),
                        queue(5000, 0), manual(), policy().backlogPerUnit(1).build()),
                        "A backlog of 5000 messages (5000 visible, 0 in flight) needs 5000 units at 1 message"
                        + " per unit, capped at the maximum of 20; the fleet asks for 3, so scale out 3 -> 20."),
                new Row(ReasonCode.BACKLOG_NEEDS_LESS, Premise.QUEUE, () -> decider().evaluate(fleet(15),
                        queue(0, 9), manual(), P),
                        "A backlog of 9 messages (0 visible, 9 in flight) needs 1 unit at 100 messages per"
                        + " unit, but the 9 messages in flight keep 9 units busy (1 message per unit at a"
                        + " time), so 9 units; the fleet asks for 15, so scale in 15 -> 9."),
                new Row(ReasonCode.BACKLOG_NEEDS_LESS, Premise.QUEUE, () -> decider().evaluate(fleet(10),
                        queue(100, 0), manual(), policy().maxScaleInStep(1).build()),
                        "A backlog of 100 messages (100 visible, 0 in flight) needs 1 unit at 100 messages"
                        + " per unit; the fleet asks for 10 and one decision may move at most 1 unit, so scale"
                        + " in 10 -> 9."),
                new Row(ReasonCode.AT_DESIRED, Premise.QUEUE, () -> decider().evaluate(fleet(3), queue(300, 0),
                        manual(), P),
                        "A backlog of 300 messages (300 visible, 0 in flight) needs 3 units at 100 messages"
                        + " per unit; the fleet already asks for 3, so no change."),
                new Row(ReasonCode.AT_MAX, Premise.QUEUE, () -> decider().evaluate(fleet(20), queue(5000, 0),
                        manual(), P),
                        "A backlog of 5000 messages (5000 visible, 0 in flight) needs 50 units at 100"
                        + " messages per unit, capped at the maximum of 20; the fleet already asks for 20, so"
                        + " no change."),
                new Row(ReasonCode.AT_MIN, Premise.QUEUE, () -> decider().evaluate(fleet(1), queue(0, 0),
                        manual(), P),
                        "A backlog of 0 messages (0 visible, 0 in flight) needs 0 units at 100 messages per"
                        + " unit, raised to the minimum of 1; the fleet already asks for 1, so no change."),
                new Row(ReasonCode.WITHIN_TOLERANCE, Premise.QUEUE, () -> decider().evaluate(fleet(20),
                        queue(1900, 0), manual(), policy().scaleInTolerance(0.125).build()),
                        "A backlog of 1900 messages (1900 visible, 0 in flight) needs 19 units at 100"
                        + " messages per unit; the fleet asks for 20 and 19 is within the scale-in tolerance of"
                        + " 12.5% below it, so no change."),
                new Row(ReasonCode.SCALE_OUT_COOLDOWN, Premise.QUEUE, () -> decider().evaluate(fleet(3).withLastChange(
                        change(ScaleAction.SCALE_OUT, 1, 3, 10, "evt-0:1")), queue(640, 0), manual(), P),
                        "A backlog of 640 messages (640 visible, 0 in flight) needs 7 units at 100 messages"
                        + " per unit, but the fleet scaled out 10 s ago and the scale-out cooldown has 50 s"
                        + " left, so no change."),
                new Row(ReasonCode.SCALE_IN_COOLDOWN, Premise.QUEUE, () -> decider().evaluate(fleet(10).withLastChange(
                        change(ScaleAction.SCALE_OUT, 3, 10, 10, "evt-0:1")), queue(100, 0), manual(), P),
                        "A backlog of 100 messages (100 visible, 0 in flight) needs 1 unit at 100 messages"
                        + " per unit, but the last change was 10 s ago and the scale-in cooldown has 110 s"
                        + " left, so no change."),
                new Row(ReasonCode.SCALE_IN_DISABLED, Premise.QUEUE, () -> decider().evaluate(fleet(10),
                        queue(100, 0), manual(), policy().disableScaleIn(true).build()),
                        "A backlog of 100 messages (100 visible, 0 in flight) needs 1 unit at 100 messages"
                        + " per unit; scale-in is disabled, so the fleet stays at 10."),
                new Row(ReasonCode.BELOW_ACTIVATION, Premise.QUEUE, () -> decider().evaluate(fleet(0), queue(1, 0),
                        manual(), policy().minCapacity(0).activationBacklog(50).build()),
                        "The fleet is at zero and the backlog of 1 message is below the activation threshold"
                        + " of 50, so it stays at zero."),
                new Row(ReasonCode.NO_QUEUE_DATA, Premise.QUEUE, () -> decider().evaluate(fleet(5), Optional.empty(),
                        manual(), P),
                        "Queue data is missing; missing or stale data never counts as an empty queue, so no"
                        + " change."),
                new Row(ReasonCode.STALE_QUEUE_DATA, Premise.QUEUE, () -> decider().evaluate(fleet(5),
                        queueReadSecondsAgo(0, 900), manual(), P),
                        "Queue data is 900 s old (the limit is 300 s); missing or stale data never counts as"
                        + " an empty queue, so no change."),
                new Row(ReasonCode.ALARM_WITHOUT_QUEUE_DATA, Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA,
                        () -> decider().evaluate(fleet(3), Optional.empty(), scaleOutAlarm(), P),
                        "The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, so"
                        + " scale out 3 -> 4 (step 1)."),
                new Row(ReasonCode.ALARM_WITHOUT_QUEUE_DATA, Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA,
                        () -> decider().evaluate(fleet(3), queueReadSecondsAgo(0, 900), scaleOutAlarm(),
                                policy().stepSize(4).maxScaleOutStep(2).build()),
                        "The scale-out alarm jobs-backlog-high is in ALARM and queue data is 900 s old (the"
                        + " limit is 300 s), so scale out 3 -> 5 (step 4, at most 2 units per decision)."),
                new Row(ReasonCode.FULFILLING, Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA, () -> decider().evaluate(
                        fleet(4, 3), Optional.empty(), scaleOutAlarm(), P),
                        "The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, but 1"
                        + " of the 4 requested units is still being fulfilled; adding more for the same backlog"
                        + " would count it twice, so no change."),
                new Row(ReasonCode.AT_MAX, Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA, () -> decider().evaluate(
                        fleet(20), Optional.empty(), scaleOutAlarm(), P),
                        "The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, but the"
                        + " fleet is at the maximum of 20, so no change."),
                new Row(ReasonCode.SCALE_OUT_COOLDOWN, Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA,
                        () -> decider().evaluate(fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 1, 3, 10,
                                "evt-0:1")), Optional.empty(), scaleOutAlarm(), P),
                        "The scale-out alarm jobs-backlog-high is in ALARM and queue data is missing, but the"
                        + " fleet scaled out 10 s ago and the scale-out cooldown has 50 s left, so no change."),
                new Row(ReasonCode.STEP_OUT_ON_ALARM, Premise.SCALE_OUT_ALARM, () -> decider().evaluate(fleet(19),
                        queue(640, 0), scaleOutAlarm(), stepPolicy().stepSize(4).build()),
                        "The scale-out alarm jobs-backlog-high is in ALARM, so scale out 19 -> 20 (step 4,"
                        + " capped at the maximum of 20)."),
                new Row(ReasonCode.FULFILLING, Premise.SCALE_OUT_ALARM, () -> decider().evaluate(fleet(6, 3.5),
                        queue(640, 0), scaleOutAlarm(), stepPolicy().build()),
                        "The scale-out alarm jobs-backlog-high is in ALARM, but 2.5 of the 6 requested units"
                        + " are still being fulfilled; adding more for the same backlog would count it twice,"
                        + " so no change."),
                new Row(ReasonCode.AT_MAX, Premise.SCALE_OUT_ALARM, () -> decider().evaluate(fleet(20),
                        queue(640, 0), scaleOutAlarm(), stepPolicy().build()),
                        "The scale-out alarm jobs-backlog-high is in ALARM, but the fleet is at the maximum"
                        + " of 20, so no change."),
                new Row(ReasonCode.SCALE_OUT_COOLDOWN, Premise.SCALE_OUT_ALARM, () -> decider().evaluate(
                        fleet(3).withLastChange(change(ScaleAction.SCALE_OUT, 1, 3, 10, "evt-0:1")), queue(640, 0),
                        scaleOutAlarm(), stepPolicy().build()),
                        "The scale-out alarm jobs-backlog-high is in ALARM, but the fleet scaled out 10 s ago"
                        + " and the scale-out cooldown has 50 s left, so no change."),
                new Row(ReasonCode.STEP_IN_ON_ALARM, Premise.SCALE_IN_ALARM, () -> decider().evaluate(fleet(2),
                        queue(3, 0), scaleInAlarm(), stepPolicy().stepSize(4).build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM (backlog 3), so scale in 2 -> 1"
                        + " (step 4, held at the minimum of 1)."),
                new Row(ReasonCode.AT_MIN, Premise.SCALE_IN_ALARM, () -> decider().evaluate(fleet(1), queue(0, 0),
                        scaleInAlarm(), stepPolicy().build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM, but the fleet is at the minimum of"
                        + " 1, so no change."),
                new Row(ReasonCode.SCALE_IN_DISABLED, Premise.SCALE_IN_ALARM, () -> decider().evaluate(fleet(5),
                        queue(0, 0), scaleInAlarm(), stepPolicy().disableScaleIn(true).build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM, but scale-in is disabled, so no"
                        + " change."),
                new Row(ReasonCode.SCALE_IN_COOLDOWN, Premise.SCALE_IN_ALARM, () -> decider().evaluate(
                        fleet(5).withLastChange(change(ScaleAction.SCALE_IN, 6, 5, 100, "evt-0:1")), queue(0, 0),
                        scaleInAlarm(), stepPolicy().build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM, but the last change was 100 s ago"
                        + " and the scale-in cooldown has 20 s left, so no change."),
                new Row(ReasonCode.NO_QUEUE_DATA, Premise.SCALE_IN_ALARM, () -> decider().evaluate(fleet(5),
                        Optional.empty(), scaleInAlarm(), stepPolicy().build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM, but queue data is missing; no"
                        + " scale-in without queue data, so no change."),
                new Row(ReasonCode.STALE_QUEUE_DATA, Premise.SCALE_IN_ALARM, () -> decider().evaluate(fleet(5),
                        queueReadSecondsAgo(0, 900), scaleInAlarm(), stepPolicy().build()),
                        "The scale-in alarm jobs-backlog-low is in ALARM, but queue data is 900 s old (the"
                        + " limit is 300 s); no scale-in without queue data, so no change."),
                new Row(ReasonCode.OLDEST_MESSAGE_TOO_OLD, Premise.QUEUE, () -> decider().evaluate(fleet(3),
                        queue(280, 3).map(q -> q.withMetrics(Optional.of(new QueueMetrics(Fixtures.NOW.minusSeconds(60),
                                60, OptionalLong.of(40), OptionalLong.of(420), OptionalLong.empty(), false)))),
                        manual(), LEARNING, Optional.of(learnt(1.0, 12))),
                        "A backlog of 283 messages (280 visible, 3 in flight) needs 2 units at 150 messages per unit"
                        + " (target wait 300 s; learnt 1 message per unit-second over 12 observations: 150 per unit in"
                        + " half the target), but the 3 messages in flight keep 3 units busy (1 message per unit at a"
                        + " time), so 3 units; yet the oldest message has waited 420 s, longer than the target of 300"
                        + " s, so the units are slower than estimated: scale out 3 -> 4."),
                new Row(ReasonCode.UNCONFIRMED_FROM_ZERO, Premise.QUEUE, () -> decider().evaluate(fleet(0),
                        queue(2, 0), manual(), LEARNING.toBuilder().minCapacity(0).build(), Optional.empty()),
                        "The fleet is at zero and only this reading shows a backlog (2 messages); an idle queue's"
                        + " approximate counts show stray messages, so a start waits for the next reading to agree or"
                        + " for a real age of the oldest message (target wait 300 s; nothing learnt yet, so the"
                        + " starting guess of 100); no change."),
                new Row(ReasonCode.KEEP_ALIVE, Premise.QUEUE, () -> decider().evaluate(fleet(1), queue(0, 0), manual(),
                        LEARNING.toBuilder().minCapacity(0).build(), Optional.of(new ThroughputEstimate(1.0, 12,
                                Fixtures.NOW.minusSeconds(600), 0, Fixtures.NOW, 0,
                                Optional.of(Fixtures.NOW.minusSeconds(45))))),
                        "The queue is empty (target wait 300 s; learnt 1 message per unit-second over 12 observations:"
                        + " 150 per unit in half the target), but it has been quiet for only 45 s since the last"
                        + " message seen; the last unit stays until 120 s of quiet (the keep-alive, 75 s left; each new"
                        + " message starts it again), so no change."),
                new Row(ReasonCode.BACKLOG_NEEDS_MORE, Premise.QUEUE, () -> decider().evaluate(fleet(3),
                        queue(640, 0), manual(), LEARNING, Optional.of(learnt(1.0, 2))),
                        "A backlog of 640 messages (640 visible, 0 in flight) needs 7 units at 100 messages per unit"
                        + " (target wait 300 s; learnt 1 message per unit-second over 2 observations, fewer than"
                        + " 3, so the starting guess of 100); the fleet asks for 3, so scale out 3 -> 7."),
                new Row(ReasonCode.BACKLOG_NEEDS_MORE, Premise.QUEUE, () -> decider().evaluate(fleet(3),
                        queue(640, 0), manual(), LEARNING, Optional.of(learnt(0.4, 2))),
                        "A backlog of 640 messages (640 visible, 0 in flight) needs 11 units at 60 messages per unit"
                        + " (target wait 300 s; learnt 0.4 messages per unit-second over 2 observations, fewer than"
                        + " 3, but already slower than the starting guess of 100 allows, so 60 per unit in half the"
                        + " target); the fleet asks for 3, so scale out 3 -> 11."),
                new Row(ReasonCode.BACKLOG_NEEDS_LESS, Premise.QUEUE, () -> decider().evaluate(fleet(10),
                        queue(640, 2), manual(), LEARNING, Optional.of(learnt(0.5, 40))),
                        "A backlog of 642 messages (640 visible, 2 in flight) needs 9 units at 75 messages per unit"
                        + " (target wait 300 s; learnt 0.5 messages per unit-second over 40 observations: 75 per unit"
                        + " in half the target); the fleet asks for 10, so scale in 10 -> 9."),
                new Row(ReasonCode.NOT_A_SCALING_ALARM, Premise.OTHER_TRIGGER, () -> decider().evaluate(fleet(3),
                        queue(640, 0), Trigger.schedule("evt-9", Fixtures.NOW), stepPolicy().scaleInAlarmName(null)
                                .build()),
                        "Step mode acts only when the scale-out alarm jobs-backlog-high enters ALARM, and"
                        + " this trigger is a scheduled run, so no change."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reads_word_for_word(Row row) {
        Verdict v = row.verdict().get();

        assertEquals(row.code(), v.code(), "code");
        assertEquals(row.premise(), v.premise(), "premise");
        String sentence = DecisionExplainer.explain(v);
        assertEquals(row.sentence(), sentence);
        DecisionAssert.assertReadable(v.decision(sentence));
    }

    @Test
    void every_reason_code_has_a_sentence_here() {
        assertEquals(EnumSet.allOf(ReasonCode.class),
                rows().stream().map(Row::code).collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class))));
    }
}
