package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last capacity change this autoscaler made to a fleet. Persisted on the fleet itself (a tag)
 * so that cooldowns and duplicate detection hold across executions.
 *
 * @param at        when the change was asked for: the time of the trigger it answered (a schedule's tick, an
 *                  alarm's state change), at most when it was made ({@link Trigger#askedAt})
 * @param action    scale out or scale in
 * @param from      target capacity before
 * @param to        target capacity after
 * @param triggerId the trigger that caused it (event id and round), used to ignore duplicate deliveries
 * @param onDemandToRestore the on-demand part the fleet is configured with, while a lower target holds
 *                  its on-demand part below it: {@code modify} restores it as the target allows. It
 *                  travels in the marker because the marker is the one tag the autoscaler may write
 *                  (the IAM policy allows no other key), and each change carries it on to the next.
 */
public record LastChange(Instant at, ScaleAction action, int from, int to, String triggerId,
        Optional<Integer> onDemandToRestore) {

    public LastChange(Instant at, ScaleAction action, int from, int to, String triggerId) {
        this(at, action, from, to, triggerId, Optional.empty());
    }

    public LastChange {
        if (at == null) {
            throw new InvalidInput("lastChange.at", "is required");
        }
        if (action == null || !action.isChange()) {
            throw new InvalidInput("lastChange.action", "must be scale-out or scale-in");
        }
        if (from < 0 || to < 0) {
            throw new InvalidInput("lastChange", "capacities must not be negative");
        }
        triggerId = triggerId == null ? "" : triggerId;
        onDemandToRestore = onDemandToRestore == null ? Optional.empty() : onDemandToRestore;
        if (onDemandToRestore.isPresent() && onDemandToRestore.get() < 0) {
            throw new InvalidInput("lastChange.onDemandToRestore", "must not be negative; got "
                    + onDemandToRestore.get());
        }
    }

    /**
     * Tag value form: {@code at=2026-11-28T04:00:00Z action=scale-in from=10 to=2 onDemand=4 trigger=<id>}
     * ({@code onDemand} only while there is an on-demand part to restore).
     */
    public String toMarker() {
        return "at=" + at + " action=" + action.wireName() + " from=" + from + " to=" + to
                + onDemandToRestore.map(n -> " onDemand=" + n).orElse("")
                + (triggerId.isEmpty() ? "" : " trigger=" + triggerId);
    }

    /**
     * Parses a marker written by {@link #toMarker()}. An unreadable marker yields empty: a damaged
     * tag must not stop scaling, it only loses the cooldown for one round.
     */
    public static Optional<LastChange> fromMarker(String marker) {
        if (marker == null || marker.isBlank()) {
            return Optional.empty();
        }
        // The trigger id comes last and is taken whole: it may contain spaces or '=' of its own.
        String head = marker.trim();
        String trigger = "";
        int triggerAt = head.indexOf(" trigger=");
        if (triggerAt >= 0) {
            trigger = head.substring(triggerAt + " trigger=".length());
            head = head.substring(0, triggerAt);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : head.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            ScaleAction action = ScaleAction.fromWireOrNull(fields.get("action"));
            if (action == null || !action.isChange()) {
                return Optional.empty();
            }
            return Optional.of(new LastChange(Instant.parse(fields.get("at")), action,
                    Integer.parseInt(fields.get("from")), Integer.parseInt(fields.get("to")), trigger,
                    onDemand(fields.get("onDemand"))));
        } catch (DateTimeParseException | NumberFormatException | NullPointerException | InvalidInput e) {
            return Optional.empty();
        }
    }

    /** A damaged on-demand memory loses only itself, not the change the marker records. */
    private static Optional<Integer> onDemand(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value)).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The same change, carrying {@code onDemand} as the on-demand part to restore. */
    public LastChange withOnDemandToRestore(Optional<Integer> onDemand) {
        return new LastChange(at, action, from, to, triggerId, onDemand);
    }
}
