package dev.sfautoscaler.core;

/** CloudWatch alarm state. {@link #INSUFFICIENT_DATA} means "no data", never "zero backlog". */
public enum AlarmState {
    ALARM,
    OK,
    INSUFFICIENT_DATA
}
