package dev.sfautoscaler.core;

import dev.sfautoscaler.core.port.FleetGateway;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fleets a check is about to read, read together first ({@link FleetGateway#describeAll}): inside
 * {@link #reading}, the first {@link #describe} of each of them answers from that batch, and every
 * later one, and any other target, reads the fleet again. Writes always go through. The batch belongs
 * to the thread that asked for it (Lambda runs one request at a time; tests may run several), and is
 * dropped when the work ends.
 */
public final class PrefetchedFleets implements FleetGateway {

    private final FleetGateway fleets;
    private final ThreadLocal<Map<Target, FleetSnapshot>> batch = ThreadLocal.withInitial(HashMap::new);

    public PrefetchedFleets(FleetGateway fleets) {
        this.fleets = fleets;
    }

    /** Reads {@code targets} together, then runs {@code work}, whose reads of them answer from that batch. */
    public <T> T reading(List<Target> targets, Supplier<T> work) {
        batch.set(new HashMap<>(fleets.describeAll(targets)));
        try {
            return work.get();
        } finally {
            batch.remove();
        }
    }

    @Override
    public FleetSnapshot describe(Target target) {
        FleetSnapshot read = batch.get().remove(target);
        return read != null ? read : fleets.describe(target);
    }

    @Override
    public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        return fleets.describeAll(targets);
    }

    @Override
    public void modify(ModifyCommand command) {
        fleets.modify(command);
    }

    @Override
    public void recordChange(Target target, LastChange change) {
        fleets.recordChange(target, change);
    }

    @Override
    public void recordEstimate(Target target, ThroughputEstimate estimate) {
        fleets.recordEstimate(target, estimate);
    }
}
