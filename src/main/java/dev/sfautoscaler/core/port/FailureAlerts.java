package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.FailureStreak;
import java.time.Instant;
import java.util.Optional;

/**
 * The open failure alert of each fleet: a streak of failed evaluations, how often it was mailed,
 * and how many failures were not. Kept so that a lasting fault is notified once, then at a
 * back-off, then when it clears, instead of on every tick.
 */
public interface FailureAlerts {

    /** Whether a failure streak is open for the fleet (read-capacity tells the workflow). */
    boolean isOpen(String fleetId);

    /** Counts one more failure (opening the streak when none is open) and returns the streak as it now stands. */
    FailureStreak recordFailure(String fleetId, Instant at, String error);

    /** A notice was published at {@code at}; it reported {@code suppressedReported} failures that had not been mailed. */
    void recordNotice(String fleetId, Instant at, long suppressedReported);

    /** One failure was not mailed (inside the back-off). */
    void recordSuppressed(String fleetId);

    /** Closes the streak: the fleet works again. Returns the streak that was open, if any. */
    Optional<FailureStreak> close(String fleetId);
}
