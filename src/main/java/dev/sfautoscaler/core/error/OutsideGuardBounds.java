package dev.sfautoscaler.core.error;

/**
 * The target is outside the guard bounds the deployment set for the fleet
 * (its guard item in the state table, from Terraform; or {@code AUTOSCALER_GUARD_BOUNDS}'s JSON), or the
 * fleet has none while the deployment has a guard. The
 * bounds live with the deployment, not in the execution input, so that whoever may start an
 * execution cannot size a fleet at will. Nothing was changed.
 */
public final class OutsideGuardBounds extends AutoscalerException {

    public OutsideGuardBounds(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
