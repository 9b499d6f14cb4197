package dev.sfautoscaler.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a drain under way has removed so far, carried on the target's {@link FleetSnapshot#DRAIN_STARTED_TAG}
 * after its time: each {@code CheckDrain} terminates the instances that are done (their worker reported, or never
 * announced the contract) instead of keeping them for the slowest, and {@code FinishDrain} adds these counts to
 * its own, so the notification counts every instance of the drain, also when a later execution resumed it.
 *
 * <p>The tag's value: {@code 2026-12-04T21:00:00Z} (nothing removed yet, as before counts were carried) or
 * {@code 2026-12-04T21:00:00Z drained=2 unannounced=1 timedOut=0 units=3}, with {@code to=1} at the end once
 * start writes the decided target (for a group's finish). A count missing or unreadable (edited by hand)
 * counts as 0: the notification may then undercount, the drain itself still ends right.
 *
 * @param askedAt     when the drain was asked for (the decision's time): the tag's first word
 * @param drained     instances whose worker reported {@code sfautoscaler:drained}, already terminated
 * @param unannounced instances whose worker never announced the contract, already terminated without waiting
 * @param timedOut    instances terminated at drainTimeoutSeconds without reporting (only finish does that)
 * @param units       the capacity units of all of those
 * @param decidedTo   the target the scale-in decided: a group's finish lowers its desired capacity to it when what
 *                    runs cannot be removed without going below it (a weighted group's 4-unit instance at 1);
 *                    empty on a tag written before it was carried
 */
public record DrainProgress(Instant askedAt, int drained, int unannounced, int timedOut, int units,
        Optional<Integer> decidedTo) {

    public DrainProgress {
        askedAt = askedAt.truncatedTo(ChronoUnit.SECONDS);
        decidedTo = decidedTo == null ? Optional.empty() : decidedTo.filter(t -> t >= 0);
        if (drained < 0 || unannounced < 0 || timedOut < 0 || units < 0) {
            throw new IllegalArgumentException("drain counts are never negative: " + drained + ", " + unannounced
                    + ", " + timedOut + ", " + units);
        }
    }

    public DrainProgress(Instant askedAt, int drained, int unannounced, int timedOut, int units) {
        this(askedAt, drained, unannounced, timedOut, units, Optional.empty());
    }

    /** A drain asked for at {@code askedAt} that has removed nothing yet. */
    public static DrainProgress none(Instant askedAt) {
        return new DrainProgress(askedAt, 0, 0, 0, 0);
    }

    /** These counts, for a scale-in that decided {@code to}. */
    public DrainProgress decided(int to) {
        return new DrainProgress(askedAt, drained, unannounced, timedOut, units, Optional.of(to));
    }

    /** These counts without a decided target: a scale-out cancelled the scale-in. */
    public DrainProgress undecided() {
        return new DrainProgress(askedAt, drained, unannounced, timedOut, units, Optional.empty());
    }

    /** How many instances it has removed. */
    public int instances() {
        return drained + unannounced + timedOut;
    }

    /** These counts plus instances just terminated: {@code reported} that reported, {@code silent} that never announced. */
    public DrainProgress plus(int reported, int silent, int timedOutNow, int unitsNow) {
        return new DrainProgress(askedAt, drained + reported, unannounced + silent, timedOut + timedOutNow,
                units + unitsNow, decidedTo);
    }

    /** The target tag's value. */
    public String toTag() {
        String time = askedAt.toString();
        String counts = instances() == 0 ? time
                : time + " drained=" + drained + " unannounced=" + unannounced + " timedOut=" + timedOut + " units="
                        + units;
        return counts + decidedTo.map(t -> " to=" + t).orElse("");
    }

    /** The progress a target tag's value says; none for a value whose first word is no time. */
    public static Optional<DrainProgress> fromTag(Optional<String> tagValue) {
        String[] words = tagValue.map(String::strip).orElse("").split("\\s+");
        if (words[0].isEmpty()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(words[0]);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        int drained = 0;
        int unannounced = 0;
        int timedOut = 0;
        int units = 0;
        Optional<Integer> to = Optional.empty();
        for (int k = 1; k < words.length; k++) {
            int eq = words[k].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            int n = count(words[k].substring(eq + 1));
            switch (words[k].substring(0, eq)) {
                case "drained" -> drained = n;
                case "unannounced" -> unannounced = n;
                case "timedOut" -> timedOut = n;
                case "units" -> units = n;
                case "to" -> to = decidedTarget(words[k].substring(eq + 1));
                default -> {
                }
            }
        }
        return Optional.of(new DrainProgress(at, drained, unannounced, timedOut, units, to));
    }

    /** An unreadable decided target is none: finish then leaves a group where its decrements took it. */
    private static Optional<Integer> decidedTarget(String text) {
        try {
            return Optional.of(Integer.parseInt(text)).filter(t -> t >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int count(String text) {
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
