package dev.sfautoscaler.core;

/** What EC2 does with running instances when the target capacity goes down. */
public enum ExcessCapacityTerminationPolicy {
    /** EC2 terminates instances above the new target. */
    DEFAULT("default"),
    /** Instances keep running; the fleet just stops replacing them. */
    NO_TERMINATION("noTermination");

    private final String wireName;

    ExcessCapacityTerminationPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
