package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/** {@code SpotFleetRequestState} as EC2 reports it. */
public enum FleetState {
    SUBMITTED("submitted"),
    ACTIVE("active"),
    MODIFYING("modifying"),
    CANCELLED_RUNNING("cancelled_running"),
    CANCELLED_TERMINATING("cancelled_terminating"),
    CANCELLED("cancelled"),
    FAILED("failed");

    private final String wireName;

    FleetState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Cancelled or failed: no modification will ever succeed. */
    public boolean isTerminal() {
        return this == CANCELLED_RUNNING || this == CANCELLED_TERMINATING || this == CANCELLED || this == FAILED;
    }

    /** Submitted or modifying: a modification would be refused now but may succeed later. */
    public boolean isBusy() {
        return this == SUBMITTED || this == MODIFYING;
    }

    public static FleetState fromWire(String field, String value) {
        for (FleetState s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw new InvalidInput(field, "must be one of submitted, active, modifying, cancelled_running, "
                + "cancelled_terminating, cancelled, failed; got '" + Validation.excerpt(value) + "'");
    }
}
