package dev.sfautoscaler.core.error;

/** EC2 refused the modification with {@code FleetNotInModifiableState}. */
public final class FleetNotInModifiableState extends AutoscalerException {

    public FleetNotInModifiableState(String fleetId, String awsMessage) {
        super("EC2 refused to modify fleet " + fleetId + " (FleetNotInModifiableState: " + awsMessage
                + "); only active fleets of type 'maintain' can be modified");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
