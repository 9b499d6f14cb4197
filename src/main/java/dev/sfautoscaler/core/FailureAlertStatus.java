package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.port.FailureAlerts;
import java.util.Optional;

/**
 * Whether a fleet has an open failure alert, for read-capacity's {@code failureAlertOpen}: the
 * workflow then sends {@code recovered} when the evaluation succeeds. Without a state table there
 * are no alerts. A fault that can pass by itself reads as "no alert": the recovery notice waits
 * for a later evaluation rather than failing this one; a fault that needs a person (a missing
 * permission, a missing table) fails the read, so that it is seen.
 */
public final class FailureAlertStatus {

    private final Optional<FailureAlerts> alerts;

    public FailureAlertStatus(Optional<FailureAlerts> alerts) {
        this.alerts = alerts;
    }

    public boolean isOpen(String fleetId) {
        if (alerts.isEmpty()) {
            return false;
        }
        try {
            return alerts.get().isOpen(fleetId);
        } catch (AutoscalerException e) {
            if (e.retryable()) {
                return false;
            }
            throw e;
        }
    }
}
