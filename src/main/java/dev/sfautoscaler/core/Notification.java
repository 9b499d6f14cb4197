package dev.sfautoscaler.core;

import java.util.Optional;

/**
 * A message for people (subject, summary) and machines (the whole decision, the outcome).
 *
 * @param fleetId     the fleet
 * @param outcome     scaled, dry-run, no-change or failed
 * @param action      the decided action, or none
 * @param subject     one line for a mail client, at most 100 characters
 * @param summary     a few sentences: what happened and why
 * @param decision    the whole decision, when there was one
 * @param modify      what modify did, when it ran
 * @param failure     the error, for a failed evaluation
 * @param executionId the Step Functions execution
 */
public record Notification(String fleetId, Outcome outcome, ScaleAction action, String subject, String summary,
        Optional<ScaleDecision> decision, Optional<ModifyOutcome> modify, Optional<FailureReport> failure,
        Optional<String> executionId) {
}
