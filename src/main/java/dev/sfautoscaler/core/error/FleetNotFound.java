package dev.sfautoscaler.core.error;

/** No spot fleet request with this id exists (or the id is malformed). Nothing was changed. */
public final class FleetNotFound extends AutoscalerException {

    private final String fleetId;

    public FleetNotFound(String fleetId, String detail) {
        super("spot fleet request " + fleetId + " was not found (" + detail
                + "); check the fleet id in the execution input or the EventBridge rule");
        this.fleetId = fleetId;
    }

    public String fleetId() {
        return fleetId;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
