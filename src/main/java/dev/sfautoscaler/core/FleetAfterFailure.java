package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;

/**
 * The fleet read again after {@code modify} failed: what it asks for now, or why it could not be
 * read. A modify that timed out or crashed may have made its change before it failed; this says
 * whether it did.
 *
 * @param targetCapacity what the fleet asks for now, when it could be read
 * @param readFailure    why it could not be read, when it could not
 */
public record FleetAfterFailure(Optional<Integer> targetCapacity, Optional<FailureReport> readFailure) {

    public FleetAfterFailure {
        targetCapacity = targetCapacity == null ? Optional.empty() : targetCapacity;
        readFailure = readFailure == null ? Optional.empty() : readFailure;
        if (targetCapacity.isEmpty() && readFailure.isEmpty()) {
            throw new InvalidInput("fleetNow", "needs targetCapacity, or the Error and Cause of the read that failed");
        }
    }

    public static FleetAfterFailure read(int targetCapacity) {
        return new FleetAfterFailure(Optional.of(targetCapacity), Optional.empty());
    }

    public static FleetAfterFailure unreadable(FailureReport why) {
        return new FleetAfterFailure(Optional.empty(), Optional.of(why));
    }
}
