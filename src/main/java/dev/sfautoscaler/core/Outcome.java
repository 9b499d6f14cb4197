package dev.sfautoscaler.core;

/** How an evaluation ended, as a notification reports it. */
public enum Outcome {
    /** Capacity changed. */
    SCALED("scaled"),
    /** A dry run: the change that would have been made. */
    DRY_RUN("dry-run"),
    /** The policy wanted no change. */
    NO_CHANGE("no-change"),
    /** An error stopped the evaluation. */
    FAILED("failed"),
    /** An evaluation succeeded after failures that were notified: the failure alert closes. */
    RECOVERED("recovered");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
