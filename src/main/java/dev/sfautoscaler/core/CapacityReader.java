package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads fleet and queue. Fleet errors fail the read (nothing can be decided without the fleet);
 * a transient (retryable) queue error yields a reading without queue data, which the policy treats
 * as "unknown", never as "empty". Errors that will not pass by themselves (wrong queue, missing
 * permission, bad input) fail the read.
 */
public final class CapacityReader {

    private final FleetGateway fleets;
    private final QueueGauge queues;
    private final Clock clock;

    public CapacityReader(FleetGateway fleets, QueueGauge queues, Clock clock) {
        this.fleets = fleets;
        this.queues = queues;
        this.clock = clock;
    }

    /** Reads a spot fleet request and its queue. */
    public CapacityReading read(String fleetId, String queueUrl) {
        return read(Target.spotFleet(fleetId), queueUrl);
    }

    public CapacityReading read(Target target, String queueUrl) {
        if (target == null) {
            throw new InvalidInput("target", "is required");
        }
        Validation.requireText("queueUrl", queueUrl);
        FleetSnapshot fleet = fleets.describe(target);
        try {
            return new CapacityReading(fleet, Optional.of(queues.read(queueUrl)), Optional.empty(), clock.instant());
        } catch (AutoscalerException e) {
            // Only a fault that can pass by itself becomes "no queue data"; anything that needs a person
            // (wrong queue, missing permission, a KMS key policy, bad input) fails the read so it is seen.
            if (!e.retryable()) {
                throw e;
            }
            return new CapacityReading(fleet, Optional.empty(),
                    Optional.of(e.errorName() + ": " + e.getMessage()), clock.instant());
        }
    }
}
