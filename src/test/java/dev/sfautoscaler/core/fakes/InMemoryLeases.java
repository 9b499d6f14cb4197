package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.Lease;
import dev.sfautoscaler.core.port.FleetLeases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Leases in memory, with the state table's condition: free, lapsed, or already the holder's. */
public final class InMemoryLeases implements FleetLeases {

    private final Map<String, Lease> leases = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized Optional<Lease> take(Lease wanted, Instant now) {
        calls.add("take " + wanted.fleetId());
        Lease held = leases.get(wanted.fleetId());
        if (held != null && !held.expiresAt().isBefore(now) && !held.holder().equals(wanted.holder())) {
            return Optional.of(held);
        }
        leases.put(wanted.fleetId(), wanted);
        return Optional.empty();
    }

    @Override
    public synchronized void release(String fleetId, String holder) {
        calls.add("release " + fleetId);
        Lease held = leases.get(fleetId);
        if (held != null && held.holder().equals(holder)) {
            leases.remove(fleetId);
        }
    }

    /** Another holder's lease, as a concurrent execution would have taken it. */
    public synchronized void hold(Lease lease) {
        leases.put(lease.fleetId(), lease);
    }

    public synchronized Optional<Lease> held(String fleetId) {
        return Optional.ofNullable(leases.get(fleetId));
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
