package dev.sfautoscaler.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Realistic inputs for core tests: one fleet, one queue, one instant. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    static final String FLEET_ID = "sfr-0abc1234def567890";
    static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";
    static final String SCALE_OUT_ALARM = "jobs-backlog-high";
    static final String SCALE_IN_ALARM = "jobs-backlog-low";

    private Fixtures() {
    }

    /** An active, fully fulfilled maintain fleet with no recorded change. */
    static FleetSnapshot fleet(int target) {
        return fleet(target, target);
    }

    static FleetSnapshot fleet(int target, double fulfilled) {
        return new FleetSnapshot(FLEET_ID, target, fulfilled, 0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED,
                FleetType.MAINTAIN, Optional.empty());
    }

    static FleetSnapshot fleet(int target, FleetState state, FleetType type) {
        return new FleetSnapshot(FLEET_ID, target, target, 0, 0, state, ActivityStatus.FULFILLED, type,
                Optional.empty());
    }

    static LastChange change(ScaleAction action, int from, int to, long secondsAgo, String triggerKey) {
        return new LastChange(NOW.minusSeconds(secondsAgo), action, from, to, triggerKey);
    }

    static Optional<QueueSnapshot> queue(long visible, long inFlight) {
        return queue(visible, inFlight, 0);
    }

    static Optional<QueueSnapshot> queue(long visible, long inFlight, long delayed) {
        return Optional.of(new QueueSnapshot(QUEUE_URL, visible, inFlight, delayed, NOW));
    }

    static Optional<QueueSnapshot> queueReadSecondsAgo(long visible, long secondsAgo) {
        return Optional.of(new QueueSnapshot(QUEUE_URL, visible, 0, 0, NOW.minusSeconds(secondsAgo)));
    }

    static Trigger manual() {
        return Trigger.manual("manual-run-1", NOW);
    }

    static Trigger alarm(String name, AlarmState state) {
        return Trigger.alarm("evt-7f3a", name, state, NOW);
    }

    static Trigger scaleOutAlarm() {
        return alarm(SCALE_OUT_ALARM, AlarmState.ALARM);
    }

    static Trigger scaleInAlarm() {
        return alarm(SCALE_IN_ALARM, AlarmState.ALARM);
    }

    /** Target tracking, 100 messages per unit, 1..20, no cooldown surprises beyond the defaults. */
    static ScalingPolicy.Builder policy() {
        return ScalingPolicy.builder().minCapacity(1).maxCapacity(20).backlogPerUnit(100)
                .scaleOutAlarmName(SCALE_OUT_ALARM).scaleInAlarmName(SCALE_IN_ALARM);
    }

    /** A window open at {@link #NOW} (05:00 in Paris, a Saturday): 04:50 to 06:50 Paris time. */
    static ScheduleWindow morning(Integer min, Integer max) {
        return ScheduleWindow.of("morning", "50 4 * * *", "Europe/Paris", 120, min, max);
    }

    static ScalingPolicy.Builder stepPolicy() {
        return policy().mode(ScalingMode.STEP).stepSize(1);
    }

    static ScalingDecider decider() {
        return new ScalingDecider(Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
