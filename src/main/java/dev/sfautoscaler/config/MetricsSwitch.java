package dev.sfautoscaler.config;

/**
 * {@code AUTOSCALER_METRICS}: whether decide writes each decision's metrics to its log. Any other
 * value than {@code on} or {@code off} stops the function at start, naming the variable.
 */
public enum MetricsSwitch {
    ON,
    OFF
}
