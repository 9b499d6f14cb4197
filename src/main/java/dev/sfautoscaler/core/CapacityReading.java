package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code read-capacity} returns: the fleet, the queue when it could be read, and why not
 * when it could not. A missing queue never means an empty queue.
 */
public record CapacityReading(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Optional<String> queueProblem,
        Instant readAt) {
}
