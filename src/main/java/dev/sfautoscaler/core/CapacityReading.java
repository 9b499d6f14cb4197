package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code read-capacity} returns: the fleet, the queue when it could be read, and why not
 * when it could not. A missing queue never means an empty queue.
 *
 * @param estimate what one capacity unit gets through, updated with this reading from the one stored on the
 *                 target ({@link FleetSnapshot#storedEstimate()}); empty when there is nothing to learn from
 */
public record CapacityReading(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Optional<String> queueProblem,
        Instant readAt, Optional<ThroughputEstimate> estimate) {

    /** A reading without an estimate. */
    public CapacityReading(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Optional<String> queueProblem,
            Instant readAt) {
        this(fleet, queue, queueProblem, readAt, Optional.empty());
    }

    public CapacityReading {
        estimate = estimate == null ? Optional.empty() : estimate;
    }
}
