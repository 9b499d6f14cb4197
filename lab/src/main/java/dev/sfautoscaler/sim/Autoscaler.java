package dev.sfautoscaler.sim;

import java.util.Map;

/** A scaling policy under test, wired to one simulated run. */
interface Autoscaler {

    /** Name in reports, e.g. {@code keda} or {@code ours-default}. */
    String name();

    /** Bounds the fleet starts within: the initial capacity is clamped to them. */
    int minCapacity();

    int maxCapacity();

    /** Creates its alarms and schedules, given the run. Called once before time starts. */
    void start(Sim sim);

    /** The configuration actually used, for the report and the what-if output. */
    Map<String, Object> settings();
}
