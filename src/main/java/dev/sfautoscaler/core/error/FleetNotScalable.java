package dev.sfautoscaler.core.error;

/** The fleet can never be modified as it is: cancelled, failed, or not of type {@code maintain}. */
public final class FleetNotScalable extends AutoscalerException {

    public FleetNotScalable(String fleetId, String why) {
        super("fleet " + fleetId + " cannot be scaled: " + why);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
