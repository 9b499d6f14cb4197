package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/** {@code ActivityStatus} of a spot fleet request; {@link #UNKNOWN} when EC2 omits it. */
public enum ActivityStatus {
    ERROR("error"),
    PENDING_FULFILLMENT("pending_fulfillment"),
    PENDING_TERMINATION("pending_termination"),
    FULFILLED("fulfilled"),
    UNKNOWN("unknown");

    private final String wireName;

    ActivityStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ActivityStatus fromWire(String field, String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        for (ActivityStatus s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw new InvalidInput(field, "must be one of error, pending_fulfillment, pending_termination, "
                + "fulfilled, unknown; got '" + Validation.excerpt(value) + "'");
    }
}
