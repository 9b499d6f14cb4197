package dev.sfautoscaler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fleet's open failure alert: failed evaluations in a row since {@code firstFailureAt}.
 *
 * @param fleetId        the fleet
 * @param firstFailureAt the first failure of the streak
 * @param lastFailureAt  the latest failure
 * @param failures       failures in the streak, this one included
 * @param lastNoticeAt   when a failure notice was last published, if ever
 * @param notices        failure notices published in the streak
 * @param suppressed     failures not mailed since the last notice
 * @param lastError      the latest failure's error and message
 */
public record FailureStreak(String fleetId, Instant firstFailureAt, Instant lastFailureAt, long failures,
        Optional<Instant> lastNoticeAt, long notices, long suppressed, String lastError) {

    /** The wait after the first notice, the second, the third; then {@link #DAILY} for good. */
    public static final List<Duration> BACK_OFF = List.of(Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4));
    public static final Duration DAILY = Duration.ofHours(24);

    public FailureStreak {
        lastNoticeAt = lastNoticeAt == null ? Optional.empty() : lastNoticeAt;
        lastError = lastError == null ? "" : lastError;
    }

    /** The wait after the {@code notices}-th notice before the next one is published. */
    public static Duration backOffAfter(long notices) {
        return notices >= 1 && notices <= BACK_OFF.size() ? BACK_OFF.get((int) notices - 1) : DAILY;
    }

    /** When a failure may be mailed again; empty when nothing was mailed yet (the next failure is). */
    public Optional<Instant> nextNoticeAt() {
        return notices == 0 ? Optional.empty() : lastNoticeAt.map(at -> at.plus(backOffAfter(notices)));
    }

    /** Whether a failure at {@code now} is published: the streak's first notice, or the back-off has passed. */
    public boolean noticeDue(Instant now) {
        return nextNoticeAt().map(next -> !now.isBefore(next)).orElse(true);
    }
}
