package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.port.FailureAlerts;
import dev.sfautoscaler.core.port.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Composes the notification for an evaluation and hands it to the notifier. With a state table
 * ({@link FailureAlerts}) a lasting failure is mailed once, then at a back-off (after 15 min, 1 h,
 * 4 h, then every 24 h), and once more when the fleet works again ({@link Outcome#RECOVERED}),
 * instead of on every one-minute tick; a failure after a change is always mailed.
 */
public final class ChangeNotifier {

    /** SNS: "less than 100 characters long". */
    static final int MAX_SUBJECT = 99;
    /** How much of a failure's message the alert record keeps. */
    static final int MAX_RECORDED_ERROR = 1000;
    static final String SCHEDULE = "after 15 min, 1 h, 4 h, then every 24 h";

    private final Notifier notifier;
    private final Optional<FailureAlerts> alerts;
    private final Clock clock;

    /** Without a state table: every failure is mailed, and there is no recovery to announce. */
    public ChangeNotifier(Notifier notifier) {
        this(notifier, Optional.empty(), Clock.systemUTC());
    }

    public ChangeNotifier(Notifier notifier, Optional<FailureAlerts> alerts, Clock clock) {
        this.notifier = notifier;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * Publishes and returns the notification with the message id the notifier returned. A change that
     * another execution made (two triggers decided the same change at the same time) is not announced
     * again: that execution announces it; the result says why nothing was sent. A failure inside the
     * back-off is not mailed either, and the result says it was suppressed.
     */
    public Published notify(NotifyRequest request) {
        return switch (request.outcome()) {
            case FAILED -> failed(request);
            case RECOVERED -> recovered(request);
            default -> {
                Notification n = compose(request);
                if (request.outcome() == Outcome.SCALED
                        && request.modify().filter(ModifyOutcome::byAnotherTrigger).isPresent()) {
                    yield Published.not(n, "not sent: another execution made this change and announces it");
                }
                if (request.outcome() == Outcome.SCALED
                        && request.drain().filter(d -> d.outcome() != DrainOutcome.LOWERED && d.instanceIds().isEmpty()
                                && d.units() == 0).isPresent()) {
                    yield Published.not(n, "not sent: the drain left no instance to terminate (another execution"
                            + " finished it and announces it, or a scale-out cancelled it before any was idle)");
                }
                yield Published.sent(notifier.publish(n), n);
            }
        };
    }

    private Published failed(NotifyRequest r) {
        if (alerts.isEmpty()) {
            Notification n = compose(r);
            return Published.sent(notifier.publish(n), n);
        }
        Instant now = clock.instant();
        FailureReport f = r.failure().orElseThrow();
        FailureStreak streak;
        try {
            streak = alerts.get().recordFailure(r.fleetId(), now, cut(f.shortName() + ": " + f.cause()));
        } catch (AutoscalerException e) {
            // The notice matters more than its back-off: mail it.
            Notification n = compose(r);
            return new Published(Optional.of(notifier.publish(n)), n, Optional.of("published without back-off: the"
                    + " failure alert could not be updated (" + e.errorName() + ": " + e.getMessage() + ")"), false);
        }
        Notification n = compose(r, Optional.of(streak), now);
        if (!changeApplied(r) && !streak.noticeDue(now)) {
            alerts.get().recordSuppressed(r.fleetId());
            return new Published(Optional.empty(), n, Optional.of("suppressed: failure " + streak.failures()
                    + " of " + r.targetKind().word() + " " + r.fleetId() + " in a row since " + streak.firstFailureAt()
                    + "; the last notice went out at " + streak.lastNoticeAt().map(Instant::toString).orElse("?")
                    + ", the next goes out from " + streak.nextNoticeAt().map(Instant::toString).orElse("?")
                    + " if it still fails (back-off: " + SCHEDULE + ")"), true);
        }
        String id = notifier.publish(n);
        try {
            alerts.get().recordNotice(r.fleetId(), now, streak.suppressed());
        } catch (AutoscalerException e) {
            return new Published(Optional.of(id), n, Optional.of("published, but not recorded as the last notice ("
                    + e.errorName() + ": " + e.getMessage() + "); the next failure is mailed too"), false);
        }
        return Published.sent(id, n);
    }

    private Published recovered(NotifyRequest r) {
        if (alerts.isEmpty()) {
            return Published.not(compose(r), "not sent: failures are not tracked without a state table"
                    + " (AUTOSCALER_STATE_TABLE), so there is no recovery to announce");
        }
        Optional<FailureStreak> closed = alerts.get().close(r.fleetId());
        Notification n = compose(r, closed, clock.instant());
        if (closed.isEmpty()) {
            return Published.not(n, "not sent: no failure alert is open for " + r.targetKind().word() + " "
                    + r.fleetId());
        }
        return Published.sent(notifier.publish(n), n);
    }

    /**
     * A failure notice that reports a change, or a change that may have been made (the fleet could not
     * be read again after a failed modify), is never held back by the back-off.
     */
    private static boolean changeApplied(NotifyRequest r) {
        return r.changeMade() || r.fleetNow().flatMap(FleetAfterFailure::readFailure).isPresent();
    }

    private static String cut(String text) {
        return text.length() <= MAX_RECORDED_ERROR ? text : text.substring(0, MAX_RECORDED_ERROR - 3) + "...";
    }

    /**
     * What {@link #notify} did.
     *
     * @param messageId    the notifier's id for the message, when one was published
     * @param notification what was published, or would have been
     * @param reason       why nothing was published, or what went wrong around a published one
     * @param suppressed   nothing was published because the failure fell inside the back-off
     */
    public record Published(Optional<String> messageId, Notification notification, Optional<String> reason,
            boolean suppressed) {

        static Published sent(String messageId, Notification n) {
            return new Published(Optional.of(messageId), n, Optional.empty(), false);
        }

        static Published not(Notification n, String reason) {
            return new Published(Optional.empty(), n, Optional.of(reason), false);
        }

        public boolean published() {
            return messageId.isPresent();
        }
    }

    /**
     * A drain's subject: {@code scaled in 6 -> 3, drained 3 instances (3 units) in 47 s}, with how many never
     * announced the worker contract and how many timed out when any did
     * ({@code scaled in 6 -> 2, 2 instances drained, 1 not announced and 1 timed out (4 units) in 900 s}); a fleet
     * lowered with no instance to drain ({@link DrainOutcome#LOWERED}): {@code scaled in 4 -> 1, no instance left}.
     */
    static String drained(DrainReport d) {
        return drainedForms(d).get(0);
    }

    /**
     * The forms of a drain's subject, longest first, each keeping what matters most (the change, how many drained,
     * how many timed out with their work): with units and time; without units; without the time and the
     * unannounced ones; the same with a shorter arrow. {@link #fitted} takes the first that fits beside the target's
     * id; the body keeps the rest.
     */
    static List<String> drainedForms(DrainReport d) {
        String change = "scaled in " + d.from() + " -> " + d.to();
        if (d.outcome() == DrainOutcome.LOWERED) {
            return List.of(change + ", no instance left");
        }
        int n = d.drained();
        String instances = n + (n == 1 ? " instance" : " instances");
        List<String> others = new ArrayList<>();
        if (d.unannounced() > 0) {
            others.add(d.unannounced() + " not announced");
        }
        if (d.timedOut() > 0) {
            others.add(d.timedOut() + " timed out");
        }
        String what = others.isEmpty() ? "drained " + instances
                : instances + " drained, " + String.join(" and ", others);
        if (others.size() == 1) {
            what = instances + " drained and " + others.get(0);
        }
        String in = " in " + d.elapsedSeconds() + " s";
        String counts = ", " + n + " drained" + (d.timedOut() > 0 ? ", " + d.timedOut() + " timed out" : "");
        // The last form, for six-digit capacities beside a 42-character EC2 Fleet id: the arrow without its spaces.
        return List.of(change + ", " + what + " (" + d.units() + " units)" + in, change + ", " + what + in,
                change + counts, "scaled in " + d.from() + "->" + d.to() + counts);
    }

    /**
     * The first of {@code forms} (each a subject's text after {@code prefix}, longest first) that fits SNS's limit
     * as one line, each tried first with {@code suffix} (the backlog) and then without; only when even the last,
     * without it, does not fit (a very long Auto Scaling group name) is it cut.
     */
    static String fitted(String prefix, List<String> forms, String suffix) {
        for (String form : forms) {
            for (String candidate : suffix.isEmpty() ? List.of(prefix + form)
                    : List.of(prefix + form + suffix, prefix + form)) {
                String line = subjectLine(candidate);
                if (line.equals(printable(candidate))) {
                    return line;
                }
            }
        }
        return subjectLine(prefix + forms.get(forms.size() - 1));
    }

    static Notification compose(NotifyRequest r) {
        return compose(r, Optional.empty(), Instant.EPOCH);
    }

    /** The notification; a failure notice and a recovery notice also describe the fleet's failure streak. */
    static Notification compose(NotifyRequest r, Optional<FailureStreak> streak, Instant now) {
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
                subject = r.modify().filter(ModifyOutcome::paused).isPresent()
                        ? fitted(r.fleetId() + " ", List.of("paused: did not " + action.verb() + " " + fromTo), backlog)
                        : r.drain().map(d -> fitted(r.fleetId() + " ", drainedForms(d), backlog))
                                .orElse(fitted(r.fleetId() + " ", List.of(action.pastTense() + " " + fromTo), backlog));
                r.modify().ifPresent(m -> summary.add(m.summary()));
                r.drain().ifPresent(d -> summary.add(d.reason()));
            }
            case DRY_RUN -> {
                subject = fitted("[dry run] " + r.fleetId() + " ", List.of("would " + action.verb() + " " + fromTo),
                        backlog);
                summary.add("Dry run: nothing was changed.");
            }
            case NO_CHANGE -> subject = fitted(r.fleetId() + " ", List.of("unchanged" + from.map(f -> " at " + f)
                    .orElse("")), backlog);
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
                    r.fleetNow().ifPresent(fleetNow -> summary.add(afterFailure(r.targetKind(), fleetNow, from, to)));
                }
                summary.add(f.shortName() + ": " + f.cause());
                streak.ifPresent(s -> summary.add(streakLine(s, now)));
            }
            case RECOVERED -> {
                subject = streak.map(s -> r.fleetId() + " works again after " + failures(s.failures()) + " since "
                        + s.firstFailureAt()).orElse(r.fleetId() + " works again");
                streak.ifPresent(s -> summary.add(r.targetKind().word() + " " + r.fleetId() + " works again after " + failures(s.failures())
                        + " in a row since " + s.firstFailureAt() + " (the last at " + s.lastFailureAt() + ": "
                        + s.lastError() + "). " + s.notices() + " failure notice(s) were sent; "
                        + s.suppressed() + " failure(s) since the last one were not mailed."));
            }
            default -> throw new IllegalStateException("unknown outcome " + r.outcome());
        }
        r.decision().ifPresent(d -> summary.add(d.reason()));
        r.modify().ifPresent(m -> summary.addAll(m.warnings()));
        r.executionId().ifPresent(e -> summary.add("Execution: " + e));
        return new Notification(r.fleetId(), r.outcome(), action, subjectLine(subject), String.join("\n", summary),
                r.decision(), r.modify(), r.failure(), r.executionId());
    }

    /** What the target, read again after a failed modify, says about the change. */
    private static String afterFailure(TargetKind kind, FleetAfterFailure now, Optional<Integer> from,
            Optional<Integer> to) {
        String change = from.orElse(0) + " -> " + to.orElse(0);
        if (now.targetCapacity().isEmpty()) {
            FailureReport why = now.readFailure().orElseThrow();
            return "Whether the change " + change + " was made is unknown: the " + kind.word() + " could not be read again ("
                    + why.shortName() + ": " + why.cause() + "). Look at its target capacity.";
        }
        int target = now.targetCapacity().get();
        String read = "The " + kind.word() + ", read again after the failure, ";
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

    /** The failure streak in a failure notice: how long, how much was not mailed, when the next notice comes. */
    private static String streakLine(FailureStreak s, Instant now) {
        Duration next = FailureStreak.backOffAfter(s.notices() + 1);
        String schedule = "if it keeps failing, the next notice goes out from " + now.plus(next) + " (back-off: "
                + SCHEDULE + "), and a recovery notice when it works again";
        if (s.failures() <= 1) {
            return "This is the first failure in a row; " + schedule + ".";
        }
        return "Failing since " + s.firstFailureAt() + ": " + failures(s.failures()) + " in a row; " + s.suppressed()
                + " of them not mailed since the last notice" + s.lastNoticeAt().map(at -> " at " + at).orElse("")
                + "; " + schedule + ".";
    }

    private static String failures(long n) {
        return n == 1 ? "1 failure" : n + " failures";
    }

    /**
     * One printable line of at most {@value #MAX_SUBJECT} characters, as SNS requires: every control
     * character (C0 and C1) and line or paragraph separator becomes a space, and a cut never splits a
     * surrogate pair.
     */
    static String subjectLine(String text) {
        String line = printable(text);
        if (line.length() <= MAX_SUBJECT) {
            return line;
        }
        int cut = MAX_SUBJECT - 3;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + "...";
    }

    /** {@code text} on one line: every control character and line or paragraph separator a space, trimmed. */
    private static String printable(String text) {
        return text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", " ").trim();
    }
}
