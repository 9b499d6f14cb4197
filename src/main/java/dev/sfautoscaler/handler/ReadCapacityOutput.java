package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.CapacityReading;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ThroughputEstimate;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * {@code read-capacity} output. {@code queue} is {@code null} when the queue could not be read,
 * and {@code queueProblem} says why; a missing queue never means an empty one.
 * {@code failureAlertOpen}: earlier evaluations of this fleet failed and were notified, and nothing
 * has announced its recovery yet (the workflow sends {@code recovered} when this one succeeds).
 * {@code estimate}: for a policy with {@code targetWaitSeconds}, what one capacity unit gets through,
 * updated with this reading (null otherwise, and until there is one); decide sizes from it.
 */
@RegisterForReflection
public record ReadCapacityOutput(FleetSnapshot fleet, QueueSnapshot queue, String queueProblem, Instant readAt,
        boolean failureAlertOpen, ThroughputEstimate estimate) {

    static ReadCapacityOutput of(CapacityReading reading, boolean failureAlertOpen) {
        return new ReadCapacityOutput(reading.fleet(), reading.queue().orElse(null),
                reading.queueProblem().orElse(null), reading.readAt(), failureAlertOpen,
                reading.estimate().orElse(null));
    }
}
