package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/** Spot fleet request {@code Type}. Only {@link #MAINTAIN} fleets can change their target capacity. */
public enum FleetType {
    MAINTAIN("maintain"),
    REQUEST("request"),
    INSTANT("instant");

    private final String wireName;

    FleetType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static FleetType fromWire(String field, String value) {
        for (FleetType t : values()) {
            if (t.wireName.equals(value)) {
                return t;
            }
        }
        throw new InvalidInput(field, "must be one of maintain, request, instant; got '" + Validation.excerpt(value)
                + "'");
    }
}
