package dev.sfautoscaler.core;

import java.time.Duration;
import java.util.UUID;

/**
 * The function invocation that runs a use case: its id and the time it has left before Lambda
 * stops it.
 *
 * @param id        unique per invocation (Lambda's request id)
 * @param remaining time left; a lease taken now is made to outlast it
 */
public record Invocation(String id, Duration remaining) {

    /** Lambda's longest timeout: the bound for an unknown or implausible remaining time. */
    public static final Duration MAX_REMAINING = Duration.ofMinutes(15);

    public Invocation {
        id = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        // Unknown (no deadline, a negative value) or beyond Lambda's maximum: assume the longest.
        remaining = remaining == null || remaining.isNegative() || remaining.isZero()
                || remaining.compareTo(MAX_REMAINING) > 0 ? MAX_REMAINING : remaining;
    }

    /** An invocation outside Lambda (a core test, a local run): a fresh id, the longest time. */
    public static Invocation local() {
        return new Invocation(null, null);
    }
}
