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
 * @param at        when the change was made
 * @param action    scale out or scale in
 * @param from      target capacity before
 * @param to        target capacity after
 * @param triggerId the trigger that caused it (event id and round), used to ignore duplicate deliveries
 */
public record LastChange(Instant at, ScaleAction action, int from, int to, String triggerId) {

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
    }

    /** Tag value form: {@code at=2026-11-28T04:00:00Z action=scale-out from=3 to=7 trigger=<id>}. */
    public String toMarker() {
        return "at=" + at + " action=" + action.wireName() + " from=" + from + " to=" + to
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
                    Integer.parseInt(fields.get("from")), Integer.parseInt(fields.get("to")), trigger));
        } catch (DateTimeParseException | NumberFormatException | NullPointerException | InvalidInput e) {
            return Optional.empty();
        }
    }
}
