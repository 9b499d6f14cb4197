package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;

/**
 * What {@code notify} reports.
 *
 * @param fleetId     the fleet
 * @param outcome     scaled, dry-run, no-change, failed or recovered
 * @param decision    the decision, when one was made
 * @param modify      what modify did, when it ran
 * @param failure     the error, for a failed evaluation
 * @param executionId the Step Functions execution, for a link back to its history
 * @param fleetNow    after a failed modify: the fleet read again, which says whether the change was made
 * @param targetKind  which kind of target {@code fleetId} names: the notification's sentences use its word
 * @param drain       a scale-in that drained its instances: the drain's last step (FinishDrain), whose numbers
 *                    the notification gives (how many drained, timed out, and how long it took), or StartDrain's
 *                    {@code lowered} (a fleet's target lowered with no instance to drain)
 */
public record NotifyRequest(String fleetId, Outcome outcome, Optional<ScaleDecision> decision,
        Optional<ModifyOutcome> modify, Optional<FailureReport> failure, Optional<String> executionId,
        Optional<FleetAfterFailure> fleetNow, TargetKind targetKind, Optional<DrainReport> drain) {

    public NotifyRequest(String fleetId, Outcome outcome, Optional<ScaleDecision> decision,
            Optional<ModifyOutcome> modify, Optional<FailureReport> failure, Optional<String> executionId,
            Optional<FleetAfterFailure> fleetNow, TargetKind targetKind) {
        this(fleetId, outcome, decision, modify, failure, executionId, fleetNow, targetKind, Optional.empty());
    }

    public NotifyRequest(String fleetId, Outcome outcome, Optional<ScaleDecision> decision,
            Optional<ModifyOutcome> modify, Optional<FailureReport> failure, Optional<String> executionId) {
        this(fleetId, outcome, decision, modify, failure, executionId, Optional.empty());
    }

    /** The kind taken from the decision or modify's outcome, else a spot fleet's. */
    public NotifyRequest(String fleetId, Outcome outcome, Optional<ScaleDecision> decision,
            Optional<ModifyOutcome> modify, Optional<FailureReport> failure, Optional<String> executionId,
            Optional<FleetAfterFailure> fleetNow) {
        this(fleetId, outcome, decision, modify, failure, executionId, fleetNow,
                (decision == null ? Optional.<ScaleDecision>empty() : decision).map(ScaleDecision::targetKind)
                        .or(() -> (modify == null ? Optional.<ModifyOutcome>empty() : modify)
                                .map(ModifyOutcome::targetKind))
                        .orElse(TargetKind.SPOT_FLEET));
    }

    public NotifyRequest {
        Validation.requireTargetId("fleetId", fleetId);
        targetKind = targetKind == null ? TargetKind.SPOT_FLEET : targetKind;
        if (outcome == null) {
            throw new InvalidInput("outcome", "must be scaled, dry-run, no-change, failed or recovered");
        }
        decision = decision == null ? Optional.empty() : decision;
        modify = modify == null ? Optional.empty() : modify;
        failure = failure == null ? Optional.empty() : failure;
        executionId = executionId == null ? Optional.empty() : executionId.filter(s -> !s.isBlank());
        fleetNow = fleetNow == null ? Optional.empty() : fleetNow;
        drain = drain == null ? Optional.empty() : drain;
        if (outcome == Outcome.FAILED && failure.isEmpty()) {
            throw new InvalidInput("failure", "is required when outcome is failed (error and cause)");
        }
        if ((outcome == Outcome.SCALED || outcome == Outcome.DRY_RUN) && decision.isEmpty() && modify.isEmpty()) {
            throw new InvalidInput("decision", "is required when outcome is " + outcome.wireName());
        }
    }

    /**
     * Whether this execution's change was made: modify applied it (not as a dry run), or modify
     * failed and the fleet, read again, asks for the decision's target.
     */
    public boolean changeMade() {
        if (modify.filter(m -> m.applied() && !m.dryRun()).isPresent()) {
            return true;
        }
        Optional<Integer> target = fleetNow.flatMap(FleetAfterFailure::targetCapacity);
        return target.isPresent() && decision.filter(d -> d.from() != d.to() && d.to() == target.get()).isPresent();
    }
}
