package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fleet and queue. Fleet errors fail the read (nothing can be decided without the fleet);
 * a transient (retryable) queue error yields a reading without queue data, which the policy treats
 * as "unknown", never as "empty". Errors that will not pass by themselves (wrong queue, missing
 * permission, bad input) fail the read.
 */
public final class CapacityReader {

    private final FleetGateway fleets;
    private final QueueGauge queues;
    private final Clock clock;
    private final EstimateRecorder estimates;

    public CapacityReader(FleetGateway fleets, QueueGauge queues, Clock clock) {
        this.fleets = fleets;
        this.queues = queues;
        this.clock = clock;
        this.estimates = new EstimateRecorder(fleets);
    }

    /** Reads a spot fleet request and its queue. */
    public CapacityReading read(String fleetId, String queueUrl) {
        return read(Target.spotFleet(fleetId), queueUrl);
    }

    public CapacityReading read(Target target, String queueUrl) {
        return read(target, queueUrl, false);
    }

    /**
     * Reads the target and its queue; {@code learning} (the policy has a {@code targetWaitSeconds}) also
     * reads the queue's CloudWatch metrics ({@link QueueGauge#readWithMetrics}) and keeps the throughput
     * estimate on the target. Without it nothing is learnt and CloudWatch is not asked (it bills each call).
     */
    public CapacityReading read(Target target, String queueUrl, boolean learning) {
        if (target == null) {
            throw new InvalidInput("target", "is required");
        }
        Validation.requireText("queueUrl", queueUrl);
        FleetSnapshot fleet = fleets.describe(target);
        try {
            QueueSnapshot queue = learning ? queues.readWithMetrics(queueUrl) : queues.read(queueUrl);
            return withEstimateRecorded(
                    new CapacityReading(fleet, Optional.of(queue), Optional.empty(), clock.instant()));
        } catch (AutoscalerException e) {
            // Only a fault that can pass by itself becomes "no queue data"; anything that needs a person
            // (wrong queue, missing permission, a KMS key policy, bad input) fails the read so it is seen.
            if (!e.retryable()) {
                throw e;
            }
            return new CapacityReading(fleet, Optional.empty(),
                    Optional.of(e.errorName() + ": " + e.getMessage()), clock.instant());
        }
    }

    /**
     * Stores the reading's estimate on the target when it is worth a write ({@link EstimateRecorder#due});
     * a write that failed is one more warning of the fleet, which decide repeats, and never fails the reading.
     */
    CapacityReading withEstimateRecorded(CapacityReading reading) {
        if (reading.estimate().isEmpty()) {
            return reading;
        }
        FleetSnapshot f = reading.fleet();
        Optional<String> problem = estimates.record(f.target(), f.storedEstimate(), reading.estimate().get());
        if (problem.isEmpty()) {
            return reading;
        }
        List<String> warnings = new ArrayList<>(f.warnings());
        warnings.add(problem.get());
        FleetSnapshot warned = new FleetSnapshot(f.fleetId(), f.targetCapacity(), f.fulfilledCapacity(),
                f.onDemandTargetCapacity(), f.onDemandFulfilledCapacity(), f.state(), f.activityStatus(), f.type(),
                f.lastChange(), f.targetKind(), f.ownBounds(), warnings, f.pausedBy(), f.storedEstimate());
        return new CapacityReading(warned, reading.queue(), reading.queueProblem(), reading.readAt(),
                reading.estimate());
    }
}
