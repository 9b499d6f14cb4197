package dev.sfautoscaler.core;

import dev.sfautoscaler.core.port.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Composes the notification for an evaluation and hands it to the notifier. */
public final class ChangeNotifier {

    /** SNS: "less than 100 characters long". */
    static final int MAX_SUBJECT = 99;

    private final Notifier notifier;

    public ChangeNotifier(Notifier notifier) {
        this.notifier = notifier;
    }

    /**
     * Publishes and returns the notification with the message id the notifier returned. A change that
     * another execution made (two triggers decided the same change at the same time) is not announced
     * again: that execution announces it; the result says why nothing was sent.
     */
    public Published notify(NotifyRequest request) {
        Notification n = compose(request);
        if (request.outcome() == Outcome.SCALED && request.modify().filter(ModifyOutcome::byAnotherTrigger).isPresent()) {
            return new Published(Optional.empty(), n, Optional.of("not sent: another execution made this change"
                    + " and announces it"));
        }
        return new Published(Optional.of(notifier.publish(n)), n, Optional.empty());
    }

    /**
     * What {@link #notify} did.
     *
     * @param messageId    the notifier's id for the message, when one was sent
     * @param notification what was sent, or would have been
     * @param notSent      why nothing was sent, when nothing was
     */
    public record Published(Optional<String> messageId, Notification notification, Optional<String> notSent) {
    }

    static Notification compose(NotifyRequest r) {
        ScaleAction action = r.modify().map(ModifyOutcome::action)
                .or(() -> r.decision().map(ScaleDecision::action)).orElse(ScaleAction.NONE);
        String backlog = r.decision().map(ScaleDecision::backlog).map(b -> " (backlog " + b + ")").orElse("");
        Optional<Integer> from = r.modify().map(ModifyOutcome::from).or(() -> r.decision().map(ScaleDecision::from));
        Optional<Integer> to = r.modify().map(ModifyOutcome::to).or(() -> r.decision().map(ScaleDecision::to));
        String fromTo = from.orElse(0) + " -> " + to.orElse(0);
        boolean changeApplied = r.modify().map(m -> m.applied() && !m.dryRun()).orElse(false);
        String subject;
        List<String> summary = new ArrayList<>();
        switch (r.outcome()) {
            case SCALED -> {
                subject = r.fleetId() + " " + action.pastTense() + " " + fromTo + backlog;
                r.modify().ifPresent(m -> summary.add(m.summary()));
            }
            case DRY_RUN -> {
                subject = "[dry run] " + r.fleetId() + " would " + action.verb() + " " + fromTo + backlog;
                summary.add("Dry run: nothing was changed.");
            }
            case NO_CHANGE -> subject = r.fleetId() + " unchanged" + from.map(f -> " at " + f).orElse("") + backlog;
            case FAILED -> {
                FailureReport f = r.failure().orElseThrow();
                // A failure after the change must not hide the change: the subject says both. After a
                // failed modify, the fleet read again says whether the change was made anyway.
                boolean unknown = !changeApplied && r.fleetNow().flatMap(FleetAfterFailure::readFailure).isPresent();
                subject = r.changeMade()
                        ? r.fleetId() + " " + action.pastTense() + " " + fromTo + ", then failed: " + f.shortName()
                        : unknown
                                ? r.fleetId() + " may have " + action.pastTense() + " " + fromTo + ", then failed: "
                                        + f.shortName()
                                : r.fleetId() + " scaling failed: " + f.shortName();
                if (changeApplied) {
                    summary.add("The capacity change was applied before the failure: " + r.modify().get().summary());
                } else {
                    r.fleetNow().ifPresent(now -> summary.add(afterFailure(now, from, to)));
                }
                summary.add(f.shortName() + ": " + f.cause());
            }
            default -> throw new IllegalStateException("unknown outcome " + r.outcome());
        }
        r.decision().ifPresent(d -> summary.add(d.reason()));
        r.modify().ifPresent(m -> summary.addAll(m.warnings()));
        r.executionId().ifPresent(e -> summary.add("Execution: " + e));
        return new Notification(r.fleetId(), r.outcome(), action, subjectLine(subject), String.join("\n", summary),
                r.decision(), r.modify(), r.failure(), r.executionId());
    }

    /** What the fleet, read again after a failed modify, says about the change. */
    private static String afterFailure(FleetAfterFailure now, Optional<Integer> from, Optional<Integer> to) {
        String change = from.orElse(0) + " -> " + to.orElse(0);
        if (now.targetCapacity().isEmpty()) {
            FailureReport why = now.readFailure().orElseThrow();
            return "Whether the change " + change + " was made is unknown: the fleet could not be read again ("
                    + why.shortName() + ": " + why.cause() + "). Look at its target capacity.";
        }
        int target = now.targetCapacity().get();
        String read = "The fleet, read again after the failure, ";
        if (to.isPresent() && target == to.get() && !from.equals(to)) {
            return read + "asks for " + target + ": the change " + change + " was made, but modify did not confirm it,"
                    + " so its last-change marker may be missing (cooldowns would not see the change).";
        }
        if (from.isPresent() && target == from.get()) {
            return read + "still asks for " + target + ": no change was made.";
        }
        return read + "asks for " + target + (to.isPresent() ? ", neither " + from.orElse(0) + " nor " + to.get()
                + ": something else changed it." : ".");
    }

    /**
     * One printable line of at most {@value #MAX_SUBJECT} characters, as SNS requires: every control
     * character (C0 and C1) and line or paragraph separator becomes a space, and a cut never splits a
     * surrogate pair.
     */
    static String subjectLine(String text) {
        String line = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", " ").trim();
        if (line.length() <= MAX_SUBJECT) {
            return line;
        }
        int cut = MAX_SUBJECT - 3;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + "...";
    }
}
