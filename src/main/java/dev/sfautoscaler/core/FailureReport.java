package dev.sfautoscaler.core;

/** An error that ended an evaluation, as Step Functions caught it: its name and its message. */
public record FailureReport(String error, String cause) {

    public FailureReport {
        error = error == null || error.isBlank() ? "Unknown" : error;
        cause = cause == null ? "" : cause;
    }

    /** The error's short name: {@code dev.sfautoscaler.core.error.FleetBusy} reads {@code FleetBusy}. */
    public String shortName() {
        int dot = error.lastIndexOf('.');
        return dot >= 0 && dot < error.length() - 1 ? error.substring(dot + 1) : error;
    }
}
