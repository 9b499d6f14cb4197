package dev.sfautoscaler.sandbox;

import java.util.Map;

/**
 * The {@link WorkerPool} as the run shares it: the fleet poller says which instances the target has,
 * the workers' thread steps the pool, the minute lines and the chart count the running units.
 */
final class Workers {

    private final WorkerPool pool;
    /** The target's instances as last read in the emulator, each with its capacity units. */
    private volatile Map<String, Integer> instances = Map.of();

    Workers(WorkerPool pool) {
        this.pool = pool;
    }

    /** The target's active instances now, each with its units; the workers follow them at their next step. */
    void follow(Map<String, Integer> active) {
        instances = active;
    }

    /** The instances there when the clock starts run already: no fulfilment, no boot. */
    synchronized void startWithFleet() {
        pool.follow(instances, System.nanoTime(), true);
    }

    /** New instances start booting, terminated ones drop their message, the others take, work and delete. */
    synchronized void step() {
        pool.follow(instances, System.nanoTime(), false);
        pool.step(System.nanoTime());
    }

    /** Capacity units booted and taking messages (an instance of 4 units counts 4). */
    synchronized int running() {
        return pool.running(System.nanoTime());
    }

    synchronized long processed() {
        return pool.processed();
    }

    /** Messages processed a second time: their visibility timeout ran out while a worker had them. */
    synchronized long processedTwice() {
        return pool.duplicates();
    }
}
