package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code modify} did.
 *
 * @param fleetId                the fleet
 * @param action                 scale-out or scale-in
 * @param from                   target before
 * @param to                     target after (or that would be set, for a dry run)
 * @param onDemandTargetCapacity on-demand part requested
 * @param dryRun                 nothing was written
 * @param applied                the target is now {@code to} (set now, or found already set)
 * @param alreadyApplied         the fleet already asked for {@code to}: an earlier attempt succeeded
 * @param byAnotherTrigger       that earlier attempt came from a different trigger (another execution
 *                               decided the same change and recorded it); that execution reports it
 * @param changeRecorded         the change marker was written (cooldowns and de-duplication rely on it)
 * @param overwritten            read again right after the change, the fleet asked for another target: a
 *                               change made outside the autoscaler landed at the same moment (a warning says which)
 * @param at                     when
 * @param warnings               what went wrong after the change, which did not undo it
 * @param summary                one sentence
 * @param targetKind             which kind of target {@code fleetId} names
 * @param paused                 re-read before the change, the target carried the pause tag
 *                               ({@link FleetSnapshot#PAUSE_TAG}), so nothing was written
 */
public record ModifyOutcome(String fleetId, ScaleAction action, int from, int to,
        Optional<Integer> onDemandTargetCapacity, boolean dryRun, boolean applied, boolean alreadyApplied,
        boolean byAnotherTrigger, boolean changeRecorded, boolean overwritten, Instant at, List<String> warnings,
        String summary, TargetKind targetKind, boolean paused) {

    public ModifyOutcome {
        warnings = List.copyOf(warnings);
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
    }

    /** An outcome on a target that was not paused. */
    public ModifyOutcome(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            boolean dryRun, boolean applied, boolean alreadyApplied, boolean byAnotherTrigger, boolean changeRecorded,
            boolean overwritten, Instant at, List<String> warnings, String summary, TargetKind targetKind) {
        this(fleetId, action, from, to, onDemandTargetCapacity, dryRun, applied, alreadyApplied, byAnotherTrigger,
                changeRecorded, overwritten, at, warnings, summary, targetKind, false);
    }

    /** An outcome for a spot fleet request. */
    public ModifyOutcome(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            boolean dryRun, boolean applied, boolean alreadyApplied, boolean byAnotherTrigger, boolean changeRecorded,
            boolean overwritten, Instant at, List<String> warnings, String summary) {
        this(fleetId, action, from, to, onDemandTargetCapacity, dryRun, applied, alreadyApplied, byAnotherTrigger,
                changeRecorded, overwritten, at, warnings, summary, TargetKind.SPOT_FLEET);
    }

    /** The same outcome, for a target of {@code kind}. */
    public ModifyOutcome withTargetKind(TargetKind kind) {
        return new ModifyOutcome(fleetId, action, from, to, onDemandTargetCapacity, dryRun, applied, alreadyApplied,
                byAnotherTrigger, changeRecorded, overwritten, at, warnings, summary, kind, paused);
    }

    /** An outcome not found overwritten (as older outputs, which lack the field, are read). */
    public ModifyOutcome(String fleetId, ScaleAction action, int from, int to, Optional<Integer> onDemandTargetCapacity,
            boolean dryRun, boolean applied, boolean alreadyApplied, boolean byAnotherTrigger, boolean changeRecorded,
            Instant at, List<String> warnings, String summary) {
        this(fleetId, action, from, to, onDemandTargetCapacity, dryRun, applied, alreadyApplied, byAnotherTrigger,
                changeRecorded, false, at, warnings, summary);
    }

    /** The same outcome with {@code first} put before its warnings. */
    public ModifyOutcome withWarningsFirst(List<String> first) {
        if (first.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(warnings);
        return new ModifyOutcome(fleetId, action, from, to, onDemandTargetCapacity, dryRun, applied, alreadyApplied,
                byAnotherTrigger, changeRecorded, overwritten, at, all, summary, targetKind, paused);
    }
}
