package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.Optional;

/**
 * A decided change, handed to {@code modify}.
 *
 * @param fleetId                         the fleet
 * @param action                          scale-out or scale-in
 * @param from                            the target capacity the decision was made against
 * @param to                              the target capacity to set
 * @param onDemandTargetCapacity          optional on-demand part, at most {@code to}
 * @param excessCapacityTerminationPolicy what EC2 does with instances above a lowered target
 * @param triggerKey                      the decision's trigger key, recorded with the change
 * @param dryRun                          report what would happen, write nothing
 * @param targetKind                      which kind of target {@code fleetId} names
 * @param askedAt                         when the decision was asked for ({@link ScaleDecision#askedAt}); the
 *                                        change is recorded with this time (empty: when it is made)
 */
public record ModifyRequest(String fleetId, ScaleAction action, int from, int to,
        Optional<Integer> onDemandTargetCapacity, ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy,
        String triggerKey, boolean dryRun, TargetKind targetKind, Optional<Instant> askedAt) {

    /** A change recorded with the time it is made. */
    public ModifyRequest(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy, String triggerKey, boolean dryRun,
            TargetKind targetKind) {
        this(fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy, triggerKey, dryRun,
                targetKind, Optional.empty());
    }

    /** A change to a spot fleet request. */
    public ModifyRequest(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy, String triggerKey, boolean dryRun) {
        this(fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy, triggerKey, dryRun,
                TargetKind.SPOT_FLEET);
    }

    public ModifyRequest {
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
        targetKind.requireId("fleetId", fleetId);
        if (action == null || !action.isChange()) {
            throw new InvalidInput("action", "must be scale-out or scale-in; a decision without a change is not modified");
        }
        Validation.requireNonNegative("from", from);
        Validation.requireNonNegative("to", to);
        if (to > ScalingPolicy.CAPACITY_LIMIT) {
            throw new InvalidInput("to", "must be at most " + ScalingPolicy.CAPACITY_LIMIT + "; got " + to);
        }
        if (action == ScaleAction.SCALE_OUT && to <= from) {
            throw new InvalidInput("to", "must be above from (" + from + ") for scale-out; got " + to);
        }
        if (action == ScaleAction.SCALE_IN && to >= from) {
            throw new InvalidInput("to", "must be below from (" + from + ") for scale-in; got " + to);
        }
        onDemandTargetCapacity = onDemandTargetCapacity == null ? Optional.empty() : onDemandTargetCapacity;
        if (onDemandTargetCapacity.isPresent()) {
            Validation.requireNonNegative("onDemandTargetCapacity", onDemandTargetCapacity.get());
            if (onDemandTargetCapacity.get() > to) {
                throw new InvalidInput("onDemandTargetCapacity", "must not exceed to (" + onDemandTargetCapacity.get()
                        + " > " + to + ")");
            }
        }
        excessCapacityTerminationPolicy = excessCapacityTerminationPolicy == null
                ? ExcessCapacityTerminationPolicy.DEFAULT : excessCapacityTerminationPolicy;
        triggerKey = triggerKey == null ? "" : triggerKey;
        askedAt = askedAt == null ? Optional.empty() : askedAt;
    }

    public static ModifyRequest of(ScaleDecision decision, boolean dryRun) {
        return new ModifyRequest(decision.fleetId(), decision.action(), decision.from(), decision.to(),
                decision.onDemandTargetCapacity(), decision.excessCapacityTerminationPolicy(), decision.triggerKey(),
                dryRun, decision.targetKind(), Optional.ofNullable(decision.askedAt()));
    }

    public Target target() {
        return new Target(targetKind, fleetId);
    }
}
