package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;

/**
 * A spot fleet request as read from EC2, in capacity units.
 *
 * @param fleetId                   the {@code sfr-} id
 * @param targetCapacity            requested capacity units
 * @param fulfilledCapacity         capacity units running now (may lag the target)
 * @param onDemandTargetCapacity    requested on-demand part of the target
 * @param onDemandFulfilledCapacity on-demand units running now
 * @param state                     the request state
 * @param activityStatus            fulfilment activity, {@link ActivityStatus#UNKNOWN} when EC2 omits it
 * @param type                      maintain, request or instant
 * @param lastChange                the last change this autoscaler made, when known
 */
public record FleetSnapshot(
        String fleetId,
        int targetCapacity,
        double fulfilledCapacity,
        int onDemandTargetCapacity,
        double onDemandFulfilledCapacity,
        FleetState state,
        ActivityStatus activityStatus,
        FleetType type,
        Optional<LastChange> lastChange) {

    public FleetSnapshot {
        Validation.requireFleetId("fleet.fleetId", fleetId);
        Validation.requireNonNegative("fleet.targetCapacity", targetCapacity);
        Validation.requireNonNegative("fleet.fulfilledCapacity", fulfilledCapacity);
        Validation.requireNonNegative("fleet.onDemandTargetCapacity", onDemandTargetCapacity);
        Validation.requireNonNegative("fleet.onDemandFulfilledCapacity", onDemandFulfilledCapacity);
        if (state == null) {
            throw new InvalidInput("fleet.state", "is required");
        }
        if (type == null) {
            throw new InvalidInput("fleet.type", "is required");
        }
        activityStatus = activityStatus == null ? ActivityStatus.UNKNOWN : activityStatus;
        lastChange = lastChange == null ? Optional.empty() : lastChange;
    }

    /** Why this fleet can never be scaled as it is, or empty when it can. */
    public Optional<String> notScalableReason() {
        if (type != FleetType.MAINTAIN) {
            return Optional.of("its type is '" + type.wireName() + "'; only 'maintain' fleets can change capacity");
        }
        if (state.isTerminal()) {
            return Optional.of("it is in state '" + state.wireName() + "'");
        }
        return Optional.empty();
    }

    /** Capacity requested but not running yet. */
    public double pendingCapacity() {
        return Math.max(0, targetCapacity - fulfilledCapacity);
    }

    public FleetSnapshot withTargetCapacity(int newTarget) {
        return new FleetSnapshot(fleetId, newTarget, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, lastChange);
    }

    public FleetSnapshot withLastChange(LastChange change) {
        return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, Optional.ofNullable(change));
    }
}
