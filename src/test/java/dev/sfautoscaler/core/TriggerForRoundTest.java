package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.SCALE_OUT_ALARM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which trigger a round of an execution is evaluated for: the alarm event, else the scheduled
 * event, else a manual run named by the execution; and a round below 1 is refused.
 */
class TriggerForRoundTest {

    static final Trigger ALARM = Trigger.alarm("evt-7f3a", SCALE_OUT_ALARM, AlarmState.ALARM, NOW.minusSeconds(20));
    static final Trigger SCHEDULE = Trigger.schedule("evt-sched-1", NOW.minusSeconds(5));

    /** An event that must not be read: the test fails if it is. */
    static final Supplier<Optional<Trigger>> NOT_READ = () -> {
        throw new AssertionError("this event should not have been read");
    };

    @Test
    void the_alarm_event_decides_and_the_scheduled_event_is_not_read() {
        Trigger t = Trigger.forRound(1, () -> Optional.of(ALARM), NOT_READ, "exec-1", NOW);

        assertEquals(ALARM, t);
        assertEquals("evt-7f3a:1", t.dedupKey());
    }

    @Test
    void without_an_alarm_event_the_scheduled_event_decides() {
        Trigger t = Trigger.forRound(1, Optional::empty, () -> Optional.of(SCHEDULE), "exec-1", NOW);

        assertEquals(SCHEDULE, t);
    }

    @Test
    void without_either_event_it_is_a_manual_run_named_by_the_execution_at_now() {
        Trigger t = Trigger.forRound(1, Optional::empty, Optional::empty, "manual-2026-11-28", NOW);

        assertEquals(Trigger.manual("manual-2026-11-28", NOW), t);
        assertEquals(TriggerKind.MANUAL, t.kind());
        assertEquals("manual-2026-11-28:1", t.dedupKey());
    }

    @Test
    void a_manual_run_without_a_name_has_no_key_so_it_is_never_taken_for_a_repeat() {
        Trigger t = Trigger.forRound(1, Optional::empty, Optional::empty, "", NOW);

        assertEquals("", t.dedupKey());
        assertFalse(t.isRepeatOf(":1"));
    }

    @Test
    void the_round_goes_into_the_key_so_each_round_may_change_the_fleet_once() {
        Trigger alarmRound3 = Trigger.forRound(3, () -> Optional.of(ALARM), NOT_READ, "exec-1", NOW);
        Trigger scheduleRound2 = Trigger.forRound(2, Optional::empty, () -> Optional.of(SCHEDULE), "exec-1", NOW);
        Trigger manualRound2 = Trigger.forRound(2, Optional::empty, Optional::empty, "exec-1", NOW);

        assertEquals(ALARM.inRound(3), alarmRound3);
        assertEquals("evt-7f3a:3", alarmRound3.dedupKey());
        assertEquals("evt-sched-1:2", scheduleRound2.dedupKey());
        assertEquals("exec-1:2", manualRound2.dedupKey());
        assertFalse(alarmRound3.isRepeatOf("evt-7f3a:2"), "round 2's change does not block round 3");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void a_round_below_1_is_refused_naming_round_before_any_event_is_read(int round) {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> Trigger.forRound(round, NOT_READ, NOT_READ, "exec-1", NOW));

        assertEquals("round", e.field());
        assertEquals("invalid input: 'round' must be 1 or more; got " + round, e.getMessage());
    }
}
