package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/**
 * What one execution scales: its kind and its id (the {@code sfr-} or {@code fleet-} id, or the
 * Auto Scaling group's name).
 */
public record Target(TargetKind kind, String id) {

    public Target {
        if (kind == null) {
            throw new InvalidInput("target.kind", "is required: one of spot-fleet, ec2-fleet, auto-scaling-group");
        }
        kind.requireId("target.id", id);
    }

    /** A spot fleet request, as the old {@code fleetId} input names it. */
    public static Target spotFleet(String fleetId) {
        return new Target(TargetKind.SPOT_FLEET, Validation.requireFleetId("fleetId", fleetId));
    }

    @Override
    public String toString() {
        return kind.wireName() + " " + id;
    }
}
