package dev.sfautoscaler.core;

/** How desired capacity is computed. */
public enum ScalingMode {
    /** Desired = ceil(counted messages / backlog per unit), bounded and damped. The default. */
    TARGET_TRACKING("target-tracking"),
    /** The original design made configurable: +N on the scale-out alarm, -N on the scale-in alarm. */
    STEP("step");

    private final String wireName;

    ScalingMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
