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
 * @param at                     when
 * @param warnings               what went wrong after the change, which did not undo it
 * @param summary                one sentence
 */
public record ModifyOutcome(String fleetId, ScaleAction action, int from, int to,
        Optional<Integer> onDemandTargetCapacity, boolean dryRun, boolean applied, boolean alreadyApplied,
        boolean byAnotherTrigger, boolean changeRecorded, Instant at, List<String> warnings, String summary) {

    public ModifyOutcome {
        warnings = List.copyOf(warnings);
    }
}
