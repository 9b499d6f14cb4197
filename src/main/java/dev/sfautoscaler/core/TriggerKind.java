package dev.sfautoscaler.core;

/** What started the evaluation. */
public enum TriggerKind {
    /** A CloudWatch alarm state change delivered by EventBridge. */
    ALARM("alarm"),
    /** A person started an execution by hand. */
    MANUAL("manual"),
    /** A scheduled rule. */
    SCHEDULE("schedule");

    private final String wireName;

    TriggerKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
