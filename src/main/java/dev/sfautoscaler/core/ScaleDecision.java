package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.Optional;

/**
 * What the policy decided and why.
 *
 * @param fleetId                         the fleet
 * @param action                          scale-out, scale-in or none
 * @param from                            target capacity the decision was made against
 * @param to                              target capacity asked for (equals {@code from} for none)
 * @param onDemandTargetCapacity          on-demand part to request with the change, never above {@code to}
 * @param excessCapacityTerminationPolicy what EC2 should do with instances above a lowered target
 * @param reasonCode                      machine-readable cause
 * @param reason                          one sentence a person understands
 * @param basis                           the numbers used
 * @param triggerKey                      the trigger's dedup key, recorded with the change
 * @param decidedAt                       when
 * @param targetKind                      which kind of target {@code fleetId} names
 * @param askedAt                         when the decision was asked for ({@link Trigger#askedAt}): a change is
 *                                        dated with it, so the cooldowns count from its trigger, not from
 *                                        whenever {@code modify} got to it
 */
public record ScaleDecision(
        String fleetId,
        ScaleAction action,
        int from,
        int to,
        Optional<Integer> onDemandTargetCapacity,
        ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy,
        ReasonCode reasonCode,
        String reason,
        DecisionBasis basis,
        String triggerKey,
        Instant decidedAt,
        TargetKind targetKind,
        Instant askedAt) {

    /** A decision asked for when it was made. */
    public ScaleDecision(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy, ReasonCode reasonCode, String reason,
            DecisionBasis basis, String triggerKey, Instant decidedAt, TargetKind targetKind) {
        this(fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy, reasonCode, reason,
                basis, triggerKey, decidedAt, targetKind, decidedAt);
    }

    /** A decision on a spot fleet request. */
    public ScaleDecision(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy, ReasonCode reasonCode, String reason,
            DecisionBasis basis, String triggerKey, Instant decidedAt) {
        this(fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy, reasonCode, reason,
                basis, triggerKey, decidedAt, TargetKind.SPOT_FLEET);
    }

    public ScaleDecision {
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
        askedAt = askedAt == null ? decidedAt : askedAt;
    }

    /** The same decision with more said about it. */
    public ScaleDecision withReason(String newReason) {
        return new ScaleDecision(fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy,
                reasonCode, newReason, basis, triggerKey, decidedAt, targetKind, askedAt);
    }

    public Target target() {
        return new Target(targetKind, fleetId);
    }

    public boolean isChange() {
        return action.isChange();
    }

    /** Backlog counted, or {@code null} when the decision had no queue data. */
    public Long backlog() {
        return basis == null ? null : basis.counted();
    }
}
