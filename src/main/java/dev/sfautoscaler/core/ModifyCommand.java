package dev.sfautoscaler.core;

import java.util.Optional;

/** A validated capacity change, as handed to the fleet gateway. */
public record ModifyCommand(String fleetId, int targetCapacity, Optional<Integer> onDemandTargetCapacity,
        ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy) {
}
