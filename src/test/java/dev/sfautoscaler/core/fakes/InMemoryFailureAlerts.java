package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.FailureStreak;
import dev.sfautoscaler.core.port.FailureAlerts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Failure alerts in memory, counted as the state table counts them. */
public final class InMemoryFailureAlerts implements FailureAlerts {

    private final Map<String, FailureStreak> open = new HashMap<>();

    @Override
    public synchronized boolean isOpen(String fleetId) {
        return open.containsKey(fleetId);
    }

    @Override
    public synchronized FailureStreak recordFailure(String fleetId, Instant at, String error) {
        FailureStreak s = open.get(fleetId);
        FailureStreak next = s == null
                ? new FailureStreak(fleetId, at, at, 1, Optional.empty(), 0, 0, error)
                : new FailureStreak(fleetId, s.firstFailureAt(), at, s.failures() + 1, s.lastNoticeAt(), s.notices(),
                        s.suppressed(), error);
        open.put(fleetId, next);
        return next;
    }

    @Override
    public synchronized void recordNotice(String fleetId, Instant at, long suppressedReported) {
        open.computeIfPresent(fleetId, (k, s) -> new FailureStreak(fleetId, s.firstFailureAt(), s.lastFailureAt(),
                s.failures(), Optional.of(at), s.notices() + 1, s.suppressed() - suppressedReported, s.lastError()));
    }

    @Override
    public synchronized void recordSuppressed(String fleetId) {
        open.computeIfPresent(fleetId, (k, s) -> new FailureStreak(fleetId, s.firstFailureAt(), s.lastFailureAt(),
                s.failures(), s.lastNoticeAt(), s.notices(), s.suppressed() + 1, s.lastError()));
    }

    @Override
    public synchronized Optional<FailureStreak> close(String fleetId) {
        return Optional.ofNullable(open.remove(fleetId));
    }
}
