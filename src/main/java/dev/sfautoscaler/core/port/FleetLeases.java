package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.Lease;
import java.time.Instant;
import java.util.Optional;

/**
 * One lease per fleet, so that two executions never modify the same fleet at the same moment.
 * Implementations take it with a conditional write: free, expired, or already this holder's.
 */
public interface FleetLeases {

    /**
     * Takes {@code wanted} unless another holder's lease is still valid at {@code now}.
     *
     * @return empty when the lease is now {@code wanted}'s; otherwise the lease that stands in the way
     */
    Optional<Lease> take(Lease wanted, Instant now);

    /** Gives the lease back, if {@code holder} still holds it; a lease someone else took over is left alone. */
    void release(String fleetId, String holder);
}
