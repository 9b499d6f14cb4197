package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/** CloudWatch alarm state. {@link #INSUFFICIENT_DATA} means "no data", never "zero backlog". */
public enum AlarmState {
    ALARM,
    OK,
    INSUFFICIENT_DATA;

    public static AlarmState fromWire(String field, String value) {
        for (AlarmState s : values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        throw new InvalidInput(field, "must be one of ALARM, OK, INSUFFICIENT_DATA; got '" + value + "'");
    }
}
