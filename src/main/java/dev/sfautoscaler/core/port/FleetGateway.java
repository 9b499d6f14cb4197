package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.Target;
import java.util.List;
import java.util.Map;
import dev.sfautoscaler.core.ThroughputEstimate;

/**
 * The scaling target (spot fleet request, EC2 Fleet, Auto Scaling group) as the core needs it.
 * Implementations translate provider errors into the core's typed errors ({@code FleetNotFound},
 * {@code Throttled}, {@code FleetNotInModifiableState} ...).
 */
public interface FleetGateway {

    /** The target's capacity, state and the last change this autoscaler recorded on it. */
    FleetSnapshot describe(Target target);

    /**
     * Several targets read together, in as few calls as the API allows (the schedule's check reads
     * every fleet of a deployment each minute). The answer holds the targets read; one missing from it
     * (the batch failed, an unknown id spoiled it, the API reads one at a time) is read alone with
     * {@link #describe}, which reports its own error. The default reads none together.
     */
    default Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        return Map.of();
    }

    /** Sets the target (and optional on-demand target) capacity. */
    void modify(ModifyCommand command);

    /** Persists the last change on the target, so cooldowns hold across executions. */
    void recordChange(Target target, LastChange change);

    /**
     * Persists the throughput estimate on the target beside the last-change marker, so learning holds
     * across executions. The default stores nothing (a gateway that cannot store it relearns each time).
     */
    default void recordEstimate(Target target, ThroughputEstimate estimate) {
    }
}
