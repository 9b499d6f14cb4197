package dev.sfautoscaler.core;

/** Where a drain stands after one of its steps ({@link DrainCoordinator}). */
public enum DrainOutcome {
    /** start: instances picked and tagged, the target lowered without termination (a group's kept). */
    STARTED("started"),
    /**
     * start: paused since the decision, or (an Auto Scaling group) no instance fits the units to remove: nothing
     * changed.
     */
    NOTHING_TO_DRAIN("nothing-to-drain"),
    /**
     * start: the target no longer asks for the decision's {@code from} (another execution changed it, typically its
     * own drain lowered it): nothing changed; the workflow reads and decides again, and joins a drain under way.
     */
    CHANGED("changed"),
    /**
     * start, a spot fleet or EC2 Fleet: no instance fits the units to remove, but the target was above the decided
     * one: it is lowered to it with noTermination and the change recorded, nothing to wait for (notify it).
     */
    LOWERED("lowered"),
    /** check: some picked instances have not reported idle yet, and the timeout has not passed. */
    WAITING("waiting"),
    /** check: every picked instance reported idle ({@code sfautoscaler:drained}). */
    DRAINED("drained"),
    /** check: drainTimeoutSeconds passed with instances not reported idle; they are terminated anyway. */
    TIMED_OUT("timedOut"),
    /** check: a scale-out is needed now: the instances still draining were untagged, the target raised back. */
    CANCELLED("cancelled"),
    /** finish: the drained (and timed-out) instances were terminated. */
    FINISHED("finished");

    private final String wireName;

    DrainOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
