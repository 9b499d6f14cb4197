package dev.sfautoscaler.core.error;

/** The fleet's target capacity changed between the decision and the modification: read and decide again. */
public final class CapacityChanged extends AutoscalerException {

    public CapacityChanged(String fleetId, int decidedFrom, int actual) {
        super("fleet " + fleetId + " target capacity is " + actual + ", not " + decidedFrom
                + " as when the decision was made; read the fleet and decide again");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
