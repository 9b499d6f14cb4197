package dev.sfautoscaler.core;

/** How a scale-in removes capacity. */
public enum ScaleInMode {
    /**
     * Pick the instances that leave ({@link DrainPlanner}), tag them {@code sfautoscaler:drain}, lower the
     * target without letting AWS pick others, wait until their workers report {@code sfautoscaler:drained}
     * (or {@code drainTimeoutSeconds} passes), then terminate exactly those.
     */
    DRAIN("drain"),
    /** Lower the target and let AWS terminate instances as it does (the behaviour before drains). */
    TERMINATE("terminate");

    private final String wireName;

    ScaleInMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
