package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Why the policy is being evaluated.
 *
 * @param kind       alarm, manual or schedule
 * @param id         the delivery's identity (EventBridge event id, or the execution name); may be empty
 * @param round      1 for the first evaluation of an execution, 2.. when the workflow goes round again
 * @param alarmName  the alarm that changed state, for alarm triggers (a manual trigger may name one too)
 * @param alarmState the alarm's new state
 * @param at         when the trigger happened
 */
public record Trigger(TriggerKind kind, String id, int round, Optional<String> alarmName,
        Optional<AlarmState> alarmState, Instant at) {

    /**
     * How old an event may be when it is evaluated and still date the evaluation: EventBridge delivers
     * within seconds; an older event is a late redelivery or a replayed input, dated when evaluated.
     */
    public static final Duration EVENT_AGE_LIMIT = Duration.ofSeconds(60);

    public Trigger {
        if (kind == null) {
            throw new InvalidInput("trigger.kind", "is required (alarm, manual or schedule)");
        }
        if (round < 1) {
            throw new InvalidInput("trigger.round", "must be 1 or more; got " + round);
        }
        if (at == null) {
            throw new InvalidInput("trigger.at", "is required");
        }
        id = id == null ? "" : id.trim();
        alarmName = alarmName == null ? Optional.empty() : alarmName.filter(n -> !n.isBlank());
        alarmState = alarmState == null ? Optional.empty() : alarmState;
        if (kind == TriggerKind.ALARM && (alarmName.isEmpty() || alarmState.isEmpty())) {
            throw new InvalidInput("trigger.alarmName", "an alarm trigger needs the alarm name and state");
        }
    }

    public static Trigger manual(String id, Instant at) {
        return new Trigger(TriggerKind.MANUAL, id, 1, Optional.empty(), Optional.empty(), at);
    }

    /** An EventBridge schedule; its event id de-duplicates a repeated delivery of the same tick. */
    public static Trigger schedule(String eventId, Instant at) {
        return new Trigger(TriggerKind.SCHEDULE, eventId, 1, Optional.empty(), Optional.empty(), at);
    }

    public static Trigger alarm(String eventId, String alarmName, AlarmState state, Instant at) {
        return new Trigger(TriggerKind.ALARM, eventId, 1, Optional.of(alarmName), Optional.of(state), at);
    }

    /**
     * What started round {@code round} of an execution: its alarm event when it has one, else its
     * scheduled event, else a manual run named by the execution at {@code now}. An event is read
     * only when the ones before it are absent, so a scheduled event next to an alarm event is never
     * looked at.
     *
     * @param round         the workflow's round, 1 or more
     * @param alarmEvent    reads the EventBridge alarm event, when the execution has one
     * @param scheduledEvent reads the EventBridge scheduled event, when the execution has one
     * @param executionName the execution's name: the manual trigger's id
     * @param now           when the manual run is evaluated
     * @throws InvalidInput naming {@code round} when it is below 1
     */
    public static Trigger forRound(int round, Supplier<Optional<Trigger>> alarmEvent,
            Supplier<Optional<Trigger>> scheduledEvent, String executionName, Instant now) {
        if (round < 1) {
            throw new InvalidInput("round", "must be 1 or more; got " + round);
        }
        return alarmEvent.get()
                .or(scheduledEvent)
                .orElseGet(() -> manual(executionName, now))
                .inRound(round);
    }

    /**
     * When this evaluation was asked for, the time a change it decides is dated with (the cooldowns
     * count from it): in round 1 the event's own time (the schedule's tick, the alarm's state change),
     * so the ticks of a one-minute schedule are 60 s apart however long the Lambda tasks between a
     * tick and its change take; {@code now} for the workflow's later rounds (it asked for them
     * itself), for an event dated after {@code now}, and for one older than {@link #EVENT_AGE_LIMIT}.
     */
    public Instant askedAt(Instant now) {
        if (round > 1 || at.isAfter(now) || at.isBefore(now.minus(EVENT_AGE_LIMIT))) {
            return now;
        }
        return at;
    }

    public Trigger inRound(int newRound) {
        return new Trigger(kind, id, newRound, alarmName, alarmState, at);
    }

    /**
     * Identity of this delivery and round, recorded with a change so that the same event delivered
     * twice changes capacity once. Empty when the trigger has no id.
     */
    public String dedupKey() {
        return id.isEmpty() ? "" : id + ":" + round;
    }

    /**
     * True when a change recorded under {@code recordedKey} (a {@link #dedupKey()}) came from this same
     * delivery in this round or a later one, so evaluating this trigger again would act twice on one
     * event. A redelivered event starts over at round 1 while the first execution may already have
     * gone round again, hence "this round or later", not "this round".
     */
    public boolean isRepeatOf(String recordedKey) {
        if (id.isEmpty() || recordedKey == null || recordedKey.isEmpty()) {
            return false;
        }
        int colon = recordedKey.lastIndexOf(':');
        if (colon > 0 && recordedKey.substring(0, colon).equals(id)) {
            String recordedRound = recordedKey.substring(colon + 1);
            if (recordedRound.matches("[0-9]{1,9}")) {
                return Integer.parseInt(recordedRound) >= round;
            }
        }
        return recordedKey.equals(dedupKey());
    }

    /** True when this trigger is the named alarm entering ALARM. */
    public boolean isAlarm(Optional<String> name) {
        return name.isPresent() && alarmName.equals(name) && alarmState.equals(Optional.of(AlarmState.ALARM));
    }
}
