package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;

/**
 * The spot fleet as the core needs it. Implementations translate provider errors into the core's
 * typed errors ({@code FleetNotFound}, {@code Throttled}, {@code FleetNotInModifiableState} ...).
 */
public interface FleetGateway {

    /** The fleet's capacity, state and the last change this autoscaler recorded on it. */
    FleetSnapshot describe(String fleetId);

    /** Sets the target (and optional on-demand target) capacity. */
    void modify(ModifyCommand command);

    /** Persists the last change on the fleet, so cooldowns hold across executions. */
    void recordChange(String fleetId, LastChange change);
}
