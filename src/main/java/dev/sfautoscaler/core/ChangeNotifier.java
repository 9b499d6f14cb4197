package dev.sfautoscaler.core;

import dev.sfautoscaler.core.port.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Composes the notification for an evaluation and hands it to the notifier. */
public final class ChangeNotifier {

    /** SNS rejects longer subjects. */
    static final int MAX_SUBJECT = 100;

    private final Notifier notifier;

    public ChangeNotifier(Notifier notifier) {
        this.notifier = notifier;
    }

    /** Publishes and returns the notification with the message id the notifier returned. */
    public Published notify(NotifyRequest request) {
        Notification n = compose(request);
        String messageId = notifier.publish(n);
        return new Published(messageId, n);
    }

    /** A published notification and its message id. */
    public record Published(String messageId, Notification notification) {
    }

    static Notification compose(NotifyRequest r) {
        ScaleAction action = r.modify().map(ModifyOutcome::action)
                .or(() -> r.decision().map(ScaleDecision::action)).orElse(ScaleAction.NONE);
        String backlog = r.decision().map(ScaleDecision::backlog).map(b -> " (backlog " + b + ")").orElse("");
        int from = r.modify().map(ModifyOutcome::from).or(() -> r.decision().map(ScaleDecision::from)).orElse(0);
        int to = r.modify().map(ModifyOutcome::to).or(() -> r.decision().map(ScaleDecision::to)).orElse(0);
        String subject;
        List<String> summary = new ArrayList<>();
        switch (r.outcome()) {
            case SCALED -> {
                subject = r.fleetId() + " " + action.pastTense() + " " + from + " -> " + to + backlog;
                r.modify().ifPresent(m -> summary.add(m.summary()));
            }
            case DRY_RUN -> {
                subject = "[dry run] " + r.fleetId() + " would " + action.verb() + " " + from + " -> " + to + backlog;
                summary.add("Dry run: nothing was changed.");
            }
            case NO_CHANGE -> subject = r.fleetId() + " unchanged at " + from + backlog;
            case FAILED -> {
                FailureReport f = r.failure().orElseThrow();
                subject = r.fleetId() + " scaling failed: " + f.shortName();
                if (r.modify().map(ModifyOutcome::applied).orElse(false)) {
                    summary.add("The capacity change was applied before the failure: " + r.modify().get().summary());
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

    /** One printable line of at most {@value #MAX_SUBJECT} characters, as SNS requires. */
    static String subjectLine(String text) {
        String line = text.replaceAll("[\\p{Cntrl}]", " ").trim();
        return line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 3) + "...";
    }
}
