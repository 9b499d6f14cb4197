package dev.sfautoscaler.core;

/** An error that ended an evaluation, as Step Functions caught it: its name and its message. */
public record FailureReport(String error, String cause) {

    public FailureReport {
        error = error == null || error.isBlank() ? "Unknown" : error;
        cause = cause == null ? "" : cause;
    }

    /**
     * The error's short name. A Java class name loses its package ({@code dev.sfautoscaler.core.error.FleetBusy}
     * reads {@code FleetBusy}); a Step Functions or Lambda error keeps its prefix ({@code States.Timeout},
     * {@code Lambda.Unknown}), which is how people know it.
     */
    public String shortName() {
        int dot = error.lastIndexOf('.');
        if (dot <= 0 || dot == error.length() - 1) {
            return error;
        }
        String prefix = error.substring(0, dot);
        boolean javaPackage = Character.isLowerCase(prefix.charAt(0));
        return javaPackage ? error.substring(dot + 1) : error;
    }
}
