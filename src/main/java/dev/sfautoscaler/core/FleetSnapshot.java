package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A scaling target (spot fleet request, EC2 Fleet or Auto Scaling group) as read from its API, in
 * capacity units.
 *
 * @param fleetId                   the target's id: {@code sfr-...}, {@code fleet-...} or the group's name
 * @param targetCapacity            requested capacity units
 * @param fulfilledCapacity         capacity units running now (may lag the target)
 * @param onDemandTargetCapacity    requested on-demand part of the target
 * @param onDemandFulfilledCapacity on-demand units running now
 * @param state                     the request state
 * @param activityStatus            fulfilment activity, {@link ActivityStatus#UNKNOWN} when EC2 omits it
 * @param type                      maintain, request or instant
 * @param lastChange                the last change this autoscaler made, when known
 * @param targetKind                which kind of target, and so which API, {@code fleetId} names
 * @param ownBounds                 the target's own bounds (an Auto Scaling group's MinSize and MaxSize), when it has any
 * @param warnings                  what the reading found that may work against the autoscaler (the group's own
 *                                  scaling policies), for the decision to repeat
 * @param pausedBy                  the value of the target's {@link #PAUSE_TAG} tag when it has one (the
 *                                  operator's reason, may be empty): no decision changes a paused target
 * @param storedEstimate            the throughput estimate stored on the target with the last-change marker, when
 *                                  there is one ({@link ThroughputEstimate#toWire()})
 * @param drainStartedAt            when a drain of this target started, from its {@link #DRAIN_STARTED_TAG} tag
 *                                  (read with the marker): a drain is under way until its finish removes the tag,
 *                                  so an execution that finds one resumes it before deciding anything new
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
        Optional<LastChange> lastChange,
        TargetKind targetKind,
        Optional<OwnBounds> ownBounds,
        List<String> warnings,
        Optional<String> pausedBy,
        Optional<ThroughputEstimate> storedEstimate,
        Optional<Instant> drainStartedAt) {

    /** The tag that pauses a target: while it is on the target, every decision is {@code PAUSED}. */
    public static final String PAUSE_TAG = "sfautoscaler:paused";

    /**
     * The tag on the target while one of its drains is under way: StartDrain writes it (ISO-8601 UTC, seconds),
     * FinishDrain removes it.
     */
    public static final String DRAIN_STARTED_TAG = "sfautoscaler:drainStartedAt";

    /** A target without a drain under way. */
    public FleetSnapshot(String fleetId, int targetCapacity, double fulfilledCapacity, int onDemandTargetCapacity,
            double onDemandFulfilledCapacity, FleetState state, ActivityStatus activityStatus, FleetType type,
            Optional<LastChange> lastChange, TargetKind targetKind, Optional<OwnBounds> ownBounds,
            List<String> warnings, Optional<String> pausedBy, Optional<ThroughputEstimate> storedEstimate) {
        this(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity, onDemandFulfilledCapacity, state,
                activityStatus, type, lastChange, targetKind, ownBounds, warnings, pausedBy, storedEstimate,
                Optional.empty());
    }

    /** A target without a stored throughput estimate. */
    public FleetSnapshot(String fleetId, int targetCapacity, double fulfilledCapacity, int onDemandTargetCapacity,
            double onDemandFulfilledCapacity, FleetState state, ActivityStatus activityStatus, FleetType type,
            Optional<LastChange> lastChange, TargetKind targetKind, Optional<OwnBounds> ownBounds,
            List<String> warnings, Optional<String> pausedBy) {
        this(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity, onDemandFulfilledCapacity, state,
                activityStatus, type, lastChange, targetKind, ownBounds, warnings, pausedBy, Optional.empty());
    }

    /** A target that is not paused. */
    public FleetSnapshot(String fleetId, int targetCapacity, double fulfilledCapacity, int onDemandTargetCapacity,
            double onDemandFulfilledCapacity, FleetState state, ActivityStatus activityStatus, FleetType type,
            Optional<LastChange> lastChange, TargetKind targetKind, Optional<OwnBounds> ownBounds,
            List<String> warnings) {
        this(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity, onDemandFulfilledCapacity, state,
                activityStatus, type, lastChange, targetKind, ownBounds, warnings, Optional.empty());
    }

    /** A target without bounds or warnings of its own. */
    public FleetSnapshot(String fleetId, int targetCapacity, double fulfilledCapacity, int onDemandTargetCapacity,
            double onDemandFulfilledCapacity, FleetState state, ActivityStatus activityStatus, FleetType type,
            Optional<LastChange> lastChange, TargetKind targetKind) {
        this(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity, onDemandFulfilledCapacity, state,
                activityStatus, type, lastChange, targetKind, Optional.empty(), List.of());
    }

    /** A spot fleet request. */
    public FleetSnapshot(String fleetId, int targetCapacity, double fulfilledCapacity, int onDemandTargetCapacity,
            double onDemandFulfilledCapacity, FleetState state, ActivityStatus activityStatus, FleetType type,
            Optional<LastChange> lastChange) {
        this(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity, onDemandFulfilledCapacity, state,
                activityStatus, type, lastChange, TargetKind.SPOT_FLEET);
    }

    public FleetSnapshot {
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
        targetKind.requireId("fleet.fleetId", fleetId);
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
        ownBounds = ownBounds == null ? Optional.empty() : ownBounds;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        pausedBy = pausedBy == null ? Optional.empty() : pausedBy;
        storedEstimate = storedEstimate == null ? Optional.empty() : storedEstimate;
        drainStartedAt = drainStartedAt == null ? Optional.empty() : drainStartedAt;
    }

    public boolean paused() {
        return pausedBy.isPresent();
    }

    /** The same reading, paused by a tag of value {@code reason} (may be empty), or not paused for empty. */
    public FleetSnapshot withPausedBy(Optional<String> reason) {
        return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, lastChange, targetKind, ownBounds, warnings,
                reason, storedEstimate, drainStartedAt);
    }

    public Target target() {
        return new Target(targetKind, fleetId);
    }

    /** Why this fleet can never be scaled as it is, or empty when it can. */
    public Optional<String> notScalableReason() {
        if (type != FleetType.MAINTAIN && targetKind == TargetKind.EC2_FLEET) {
            return Optional.of("its type is '" + type.wireName() + "': an EC2 Fleet keeps a target capacity only when"
                    + " its type is 'maintain'; a 'request' fleet places its capacity once and an 'instant' fleet"
                    + " launches once, so neither can be scaled (create a 'maintain' fleet for the autoscaler)");
        }
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
                onDemandFulfilledCapacity, state, activityStatus, type, lastChange, targetKind, ownBounds, warnings,
                pausedBy, storedEstimate, drainStartedAt);
    }

    public FleetSnapshot withLastChange(LastChange change) {
        return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, Optional.ofNullable(change), targetKind,
                ownBounds, warnings, pausedBy, storedEstimate, drainStartedAt);
    }

    /** The same reading with the estimate stored on the target. */
    public FleetSnapshot withStoredEstimate(Optional<ThroughputEstimate> estimate) {
        return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, lastChange, targetKind, ownBounds, warnings,
                pausedBy, estimate, drainStartedAt);
    }

    /** The same reading with the start of the drain under way, or none. */
    public FleetSnapshot withDrainStartedAt(Optional<Instant> startedAt) {
        return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                onDemandFulfilledCapacity, state, activityStatus, type, lastChange, targetKind, ownBounds, warnings,
                pausedBy, storedEstimate, startedAt);
    }

    /**
     * The value of a {@link #DRAIN_STARTED_TAG} tag as a time (its first word; the counts after it are
     * {@link DrainProgress}'s); a value that is none (edited by hand) counts as none.
     */
    public static Optional<Instant> drainStartedAt(Optional<String> tagValue) {
        return DrainProgress.fromTag(tagValue).map(DrainProgress::askedAt);
    }
}
