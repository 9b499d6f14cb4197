package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.QueueNotFound;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads fleet and queue. Fleet errors fail the read (nothing can be decided without the fleet);
 * a transient queue error yields a reading without queue data, which the policy treats as
 * "unknown", never as "empty". Configuration errors (wrong queue, missing permission) fail.
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

    public CapacityReading read(String fleetId, String queueUrl) {
        Validation.requireFleetId("fleetId", fleetId);
        Validation.requireText("queueUrl", queueUrl);
        FleetSnapshot fleet = fleets.describe(fleetId);
        try {
            return new CapacityReading(fleet, Optional.of(queues.read(queueUrl)), Optional.empty(), clock.instant());
        } catch (QueueNotFound | AccessDenied | InvalidInput e) {
            throw e;
        } catch (AutoscalerException e) {
            return new CapacityReading(fleet, Optional.empty(),
                    Optional.of(e.errorName() + ": " + e.getMessage()), clock.instant());
        }
    }
}
