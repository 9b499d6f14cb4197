package dev.sfautoscaler.core.error;

/** The fleet is applying an earlier change ({@code submitted} or {@code modifying}): retry with backoff. */
public final class FleetBusy extends AutoscalerException {

    public FleetBusy(String fleetId, String state) {
        super("fleet " + fleetId + " is in state '" + state + "'; retry after the current modification finishes");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
