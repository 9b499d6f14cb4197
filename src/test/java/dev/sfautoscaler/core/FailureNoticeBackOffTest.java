package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.fakes.InMemoryFailureAlerts;
import dev.sfautoscaler.core.fakes.RecordingNotifier;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A lasting failure is mailed once, then after 15 min, 1 h, 4 h and every 24 h, then when it clears. */
class FailureNoticeBackOffTest {

    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryFailureAlerts alerts = new InMemoryFailureAlerts();
    private final SettableClock clock = new SettableClock(NOW);
    private final ChangeNotifier changes = new ChangeNotifier(notifier, Optional.of(alerts), clock);

    private static NotifyRequest failed(Optional<ModifyOutcome> modify) {
        return new NotifyRequest(FLEET_ID, Outcome.FAILED, Optional.empty(), modify,
                Optional.of(new FailureReport("dev.sfautoscaler.core.error.FleetNotFound", "no fleet " + FLEET_ID)),
                Optional.empty());
    }

    private static NotifyRequest recovered() {
        return new NotifyRequest(FLEET_ID, Outcome.RECOVERED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void a_failure_every_minute_for_two_days_is_mailed_at_the_back_off_times_only() {
        List<Duration> mailedAt = new ArrayList<>();
        for (int minute = 0; minute < 2 * 24 * 60; minute++) {
            clock.set(NOW.plus(Duration.ofMinutes(minute)));
            if (changes.notify(failed(Optional.empty())).published()) {
                mailedAt.add(Duration.ofMinutes(minute));
            }
        }

        assertEquals(List.of(Duration.ZERO, Duration.ofMinutes(15), Duration.ofMinutes(75), Duration.ofMinutes(315),
                Duration.ofMinutes(315 + 24 * 60)), mailedAt);
    }

    @Test
    void the_next_notice_counts_the_failures_not_mailed_and_says_when_the_next_comes() {
        for (int minute = 0; minute <= 15; minute++) {
            clock.set(NOW.plus(Duration.ofMinutes(minute)));
            changes.notify(failed(Optional.empty()));
        }

        List<Notification> mailed = notifier.published();
        assertEquals(2, mailed.size());
        assertMentions(mailed.get(0).summary(), "first failure in a row", "after 15 min, 1 h, 4 h, then every 24 h");
        assertMentions(mailed.get(1).summary(), "16 failures in a row", "14 of them not mailed",
                "next notice goes out from " + NOW.plus(Duration.ofMinutes(75)));
    }

    @Test
    void a_suppressed_failure_says_so_and_when_the_next_notice_goes_out() {
        changes.notify(failed(Optional.empty()));
        clock.advance(Duration.ofMinutes(1));

        ChangeNotifier.Published p = changes.notify(failed(Optional.empty()));

        assertFalse(p.published());
        assertTrue(p.suppressed());
        assertMentions(p.reason().orElseThrow(), "suppressed", "failure 2", "from " + NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void a_failure_after_a_change_is_always_mailed() {
        changes.notify(failed(Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        ModifyOutcome changed = new ModifyOutcome(FLEET_ID, ScaleAction.SCALE_OUT, 3, 7, Optional.empty(), false, true,
                false, false, true, NOW, List.of(), "Fleet " + FLEET_ID + " scaled out 3 -> 7.");

        ChangeNotifier.Published p = changes.notify(failed(Optional.of(changed)));

        assertTrue(p.published());
        assertMentions(p.notification().subject(), "scaled out 3 -> 7, then failed");
    }

    @Test
    void recovery_is_mailed_once_with_the_streak_and_closes_the_alert() {
        changes.notify(failed(Optional.empty()));
        clock.advance(Duration.ofMinutes(30));
        changes.notify(failed(Optional.empty()));
        clock.advance(Duration.ofMinutes(1));

        ChangeNotifier.Published first = changes.notify(recovered());
        ChangeNotifier.Published second = changes.notify(recovered());

        assertTrue(first.published());
        assertEquals(FLEET_ID + " works again after 2 failures since " + NOW, first.notification().subject());
        assertMentions(first.notification().summary(), "FleetNotFound: no fleet " + FLEET_ID);
        assertFalse(alerts.isOpen(FLEET_ID));
        assertFalse(second.published());
        assertMentions(second.reason().orElseThrow(), "no failure alert is open");
    }

    @Test
    void after_a_recovery_the_next_failure_opens_a_new_streak_and_is_mailed() {
        changes.notify(failed(Optional.empty()));
        changes.notify(recovered());
        clock.advance(Duration.ofMinutes(1));

        assertTrue(changes.notify(failed(Optional.empty())).published());
    }

    @Test
    void without_a_state_table_every_failure_is_mailed_and_recovery_sends_nothing() {
        ChangeNotifier plain = new ChangeNotifier(notifier);

        for (int i = 0; i < 3; i++) {
            assertTrue(plain.notify(failed(Optional.empty())).published());
        }
        ChangeNotifier.Published p = plain.notify(recovered());
        assertFalse(p.published());
        assertMentions(p.reason().orElseThrow(), "AUTOSCALER_STATE_TABLE");
    }

    @Test
    void the_back_off_is_documented_as_coded() {
        assertEquals(List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24),
                Duration.ofHours(24)), List.of(FailureStreak.backOffAfter(1), FailureStreak.backOffAfter(2),
                FailureStreak.backOffAfter(3), FailureStreak.backOffAfter(4), FailureStreak.backOffAfter(40)));
    }
}
