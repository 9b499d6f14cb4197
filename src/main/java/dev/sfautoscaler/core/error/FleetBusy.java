package dev.sfautoscaler.core.error;

import java.time.Instant;

/**
 * The fleet is applying an earlier change ({@code submitted} or {@code modifying}), or another
 * execution holds its lease and is modifying it now: retry with backoff.
 */
public final class FleetBusy extends AutoscalerException {

    public FleetBusy(String fleetId, String state) {
        super("fleet " + fleetId + " is in state '" + state + "'; retry after the current modification finishes");
    }

    private FleetBusy(String message) {
        super(message);
    }

    /** Another execution's modify holds the fleet's lease. */
    /** The target's own API refused the change while another is under way (an Auto Scaling activity). */
    public static FleetBusy refused(String fleetId, String why) {
        return new FleetBusy("fleet " + fleetId + " is busy (" + why + "); retry after the current change finishes");
    }

    public static FleetBusy leaseHeld(String fleetId, String holder, Instant until) {
        return new FleetBusy("fleet " + fleetId + " is being modified by another execution (lease held by " + holder
                + " until " + until + " at the latest); retry after it finishes");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
