package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.CapacityReading;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.QueueSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * {@code read-capacity} output. {@code queue} is {@code null} when the queue could not be read,
 * and {@code queueProblem} says why; a missing queue never means an empty one.
 */
@RegisterForReflection
public record ReadCapacityOutput(FleetSnapshot fleet, QueueSnapshot queue, String queueProblem, Instant readAt) {

    static ReadCapacityOutput of(CapacityReading reading) {
        return new ReadCapacityOutput(reading.fleet(), reading.queue().orElse(null),
                reading.queueProblem().orElse(null), reading.readAt());
    }
}
