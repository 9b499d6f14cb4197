package dev.sfautoscaler.core;

import java.util.Optional;

/** A validated capacity change, as handed to the fleet gateway. */
public record ModifyCommand(String fleetId, int targetCapacity, Optional<Integer> onDemandTargetCapacity,
        ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy, TargetKind targetKind) {

    /** A change to a spot fleet request. */
    public ModifyCommand(String fleetId, int targetCapacity, Optional<Integer> onDemandTargetCapacity,
            ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy) {
        this(fleetId, targetCapacity, onDemandTargetCapacity, excessCapacityTerminationPolicy, TargetKind.SPOT_FLEET);
    }

    public ModifyCommand {
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
    }

    public Target target() {
        return new Target(targetKind, fleetId);
    }
}
