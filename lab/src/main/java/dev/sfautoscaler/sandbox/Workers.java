package dev.sfautoscaler.sandbox;

import java.util.Set;

/**
 * The {@link WorkerPool} as the run shares it: the fleet poller says which instances the fleet has,
 * the workers' thread steps the pool, the minute lines and the chart count the running instances.
 */
final class Workers {

    private final WorkerPool pool;
    /** The fleet's instances as last read in the emulator. */
    private volatile Set<String> instances = Set.of();

    Workers(WorkerPool pool) {
        this.pool = pool;
    }

    /** The fleet's active instances now; the workers follow them at their next step. */
    void follow(Set<String> active) {
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

    /** Instances booted and taking messages. */
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
