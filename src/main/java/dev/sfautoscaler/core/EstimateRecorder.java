package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.port.FleetGateway;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the throughput estimate on the target ({@link FleetGateway#recordEstimate}) when it is worth a
 * write: when it learnt something (its observation count changed), or when the stored one's reading is
 * {@link #REFRESH} old, so that the next reading measures from a recent one. A one-minute schedule so
 * writes at most once a minute while the estimate learns and once every five minutes otherwise.
 *
 * <p>A failed write never fails the reading: the decision needs the reading, not the tag. The next
 * reading measures from the estimate that is stored; the problem is returned for the reading's warnings.
 */
public final class EstimateRecorder {

    /** How old the stored estimate's reading may get before an unchanged estimate is written again. */
    public static final Duration REFRESH = Duration.ofMinutes(5);

    private final FleetGateway fleets;

    public EstimateRecorder(FleetGateway fleets) {
        this.fleets = fleets;
    }

    /** Whether {@code updated} should replace {@code stored} on the target. */
    public static boolean due(Optional<ThroughputEstimate> stored, ThroughputEstimate updated) {
        if (stored.isEmpty()) {
            return true;
        }
        ThroughputEstimate before = stored.get();
        if (before.equals(updated)) {
            return false;
        }
        return before.observations() != updated.observations()
                || !updated.lastReadAt().isBefore(before.lastReadAt().plus(REFRESH));
    }

    /**
     * Writes {@code updated} when {@link #due}; returns why it could not be written, when it could not.
     */
    public Optional<String> record(Target target, Optional<ThroughputEstimate> stored, ThroughputEstimate updated) {
        if (!due(stored, updated)) {
            return Optional.empty();
        }
        try {
            fleets.recordEstimate(target, updated);
            return Optional.empty();
        } catch (AutoscalerException e) {
            return Optional.of("the throughput estimate could not be stored on " + target.id() + " ("
                    + e.errorName() + ": " + e.getMessage() + "); the next reading learns from the one stored before");
        }
    }
}
