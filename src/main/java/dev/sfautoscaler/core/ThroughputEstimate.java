package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one capacity unit gets through, learnt online by {@link ThroughputEstimator}, with the last
 * reading it was updated from (the next update measures from there).
 *
 * @param messagesPerUnitSecond messages one busy capacity unit finishes per second; 0 until the first observation
 * @param observations          how many readings taught it something (quiet ones do not count)
 * @param updatedAt             when {@code messagesPerUnitSecond} last changed
 * @param lastCounted           the backlog counted at the last reading
 * @param lastReadAt            when the last reading was taken
 * @param lastBusyUnits         the capacity units running at the last reading
 * @param quietSince            the first reading that found the queue empty after one that saw messages, while
 *                              it stays empty: the keep-alive of the fleet's last unit counts from here, so each
 *                              new message seen extends it; empty while messages are seen (or before any was)
 * @param groupCap              on a FIFO queue: the units its message groups kept busy when a reading last proved it
 *                              (units stood idle while messages waited); 0 when no reading proved one
 * @param groupCapAt            when that reading was taken
 */
public record ThroughputEstimate(double messagesPerUnitSecond, int observations, Instant updatedAt,
        long lastCounted, Instant lastReadAt, double lastBusyUnits, Optional<Instant> quietSince, long groupCap,
        Optional<Instant> groupCapAt) {

    /** The stored form's version; {@link #fromWire} refuses others. */
    static final String VERSION = "1";

    /** Longest value an EC2 tag holds. */
    public static final int WIRE_LIMIT = 255;

    public ThroughputEstimate {
        if (!Double.isFinite(messagesPerUnitSecond) || messagesPerUnitSecond < 0) {
            throw new InvalidInput("estimate.messagesPerUnitSecond",
                    "must be a finite number of at least 0; got " + messagesPerUnitSecond);
        }
        Validation.requireNonNegative("estimate.observations", observations);
        if (updatedAt == null) {
            throw new InvalidInput("estimate.updatedAt", "is required");
        }
        Validation.requireNonNegative("estimate.lastCounted", lastCounted);
        if (lastReadAt == null) {
            throw new InvalidInput("estimate.lastReadAt", "is required");
        }
        if (!Double.isFinite(lastBusyUnits) || lastBusyUnits < 0) {
            throw new InvalidInput("estimate.lastBusyUnits", "must be a finite number of at least 0; got "
                    + lastBusyUnits);
        }
        quietSince = quietSince == null ? Optional.empty() : quietSince;
        Validation.requireNonNegative("estimate.groupCap", groupCap);
        groupCapAt = groupCapAt == null || groupCap == 0 ? Optional.empty() : groupCapAt;
        if (groupCapAt.isEmpty()) {
            groupCap = 0;
        }
    }

    /** An estimate that knows of no FIFO group cap. */
    public ThroughputEstimate(double messagesPerUnitSecond, int observations, Instant updatedAt, long lastCounted,
            Instant lastReadAt, double lastBusyUnits, Optional<Instant> quietSince) {
        this(messagesPerUnitSecond, observations, updatedAt, lastCounted, lastReadAt, lastBusyUnits, quietSince, 0,
                Optional.empty());
    }

    /** An estimate that knows of no quiet spell. */
    public ThroughputEstimate(double messagesPerUnitSecond, int observations, Instant updatedAt, long lastCounted,
            Instant lastReadAt, double lastBusyUnits) {
        this(messagesPerUnitSecond, observations, updatedAt, lastCounted, lastReadAt, lastBusyUnits, Optional.empty());
    }

    /** Nothing learnt yet, only a reading to measure the next one from. */
    public static ThroughputEstimate firstReading(long counted, Instant readAt, double busyUnits) {
        return new ThroughputEstimate(0, 0, readAt, counted, readAt, busyUnits);
    }

    /** Whether it has learnt anything at all. */
    public boolean learnt() {
        return observations > 0 && messagesPerUnitSecond > 0;
    }

    /**
     * The backlog one unit clears within {@code waitSeconds}, to the nearest message: at least 1, and at
     * most {@link Long#MAX_VALUE} for an absurd estimate. (Rounded, not floored: with slow messages a few
     * per unit is the whole setting, and an estimate jittering around 2.97 and 3.02 must not switch the fleet
     * between two sizes a third apart.)
     */
    public long backlogPerUnit(double waitSeconds) {
        double messages = Math.rint(messagesPerUnitSecond * waitSeconds);
        return messages >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) messages);
    }

    /**
     * The stored form: one line of {@code key=value} words, at most {@link #WIRE_LIMIT} characters, made of
     * the characters every AWS tag accepts (letters, digits, space, {@code + - = . _ : / @}).
     */
    public String toWire() {
        return "v=" + VERSION + " r=" + messagesPerUnitSecond + " n=" + observations + " u=" + updatedAt
                + " c=" + lastCounted + " t=" + lastReadAt + " b=" + lastBusyUnits
                + quietSince.map(q -> " q=" + q).orElse("")
                + groupCapAt.map(at -> " g=" + groupCap + " gt=" + at).orElse("");
    }

    /**
     * Reads {@link #toWire()}'s form ({@code q}, the quiet spell, and {@code g}/{@code gt}, the FIFO group cap,
     * are optional: a tag written before it existed
     * reads as no quiet spell). A value that is not one (edited by hand, another version) is an
     * {@link InvalidInput} naming {@code estimate}; a caller reading a tag treats it as no estimate.
     */
    public static ThroughputEstimate fromWire(String value) {
        if (value == null || value.length() > WIRE_LIMIT) {
            throw new InvalidInput("estimate", "is no stored throughput estimate (null or longer than "
                    + WIRE_LIMIT + " characters)");
        }
        Map<String, String> words = new HashMap<>();
        for (String word : value.trim().split(" +")) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw notAnEstimate(value);
            }
            words.put(word.substring(0, eq), word.substring(eq + 1));
        }
        if (!VERSION.equals(words.get("v"))) {
            throw new InvalidInput("estimate", "has version '" + Validation.excerpt(String.valueOf(words.get("v")))
                    + "'; this autoscaler reads version " + VERSION + " (the next reading starts a new estimate)");
        }
        try {
            return new ThroughputEstimate(Double.parseDouble(need(words, "r", value)),
                    Integer.parseInt(need(words, "n", value)), Instant.parse(need(words, "u", value)),
                    Long.parseLong(need(words, "c", value)), Instant.parse(need(words, "t", value)),
                    Double.parseDouble(need(words, "b", value)),
                    Optional.ofNullable(words.get("q")).map(Instant::parse),
                    Long.parseLong(words.getOrDefault("g", "0")),
                    Optional.ofNullable(words.get("gt")).map(Instant::parse));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw notAnEstimate(value);
        }
    }

    private static String need(Map<String, String> words, String key, String value) {
        String v = words.get(key);
        if (v == null) {
            throw notAnEstimate(value);
        }
        return v;
    }

    private static InvalidInput notAnEstimate(String value) {
        return new InvalidInput("estimate", "is no stored throughput estimate: '" + Validation.excerpt(value)
                + "' (expected 'v=1 r=<messages per unit-second> n=<observations> u=<ISO time> c=<counted>"
                + " t=<ISO time> b=<busy units> [q=<ISO time>] [g=<units> gt=<ISO time>]')");
    }
}
