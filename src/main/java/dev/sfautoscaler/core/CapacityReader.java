package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fleet and queue. Fleet errors fail the read (nothing can be decided without the fleet);
 * a transient (retryable) queue error yields a reading without queue data, which the policy treats
 * as "unknown", never as "empty". Errors that will not pass by themselves (wrong queue, missing
 * permission, bad input) fail the read.
 *
 * <p>With a policy that has {@code targetWaitSeconds}, the reading also reads the queue's CloudWatch
 * metrics ({@link QueueGauge#readWithMetrics}), updates the throughput estimate stored on the target
 * ({@link ThroughputEstimator}) and stores it back when it learnt something, or at most every
 * {@link #ESTIMATE_REFRESH} to keep its last counts current. A store that fails never fails the reading:
 * it is one more warning of the fleet, which decide repeats, and the next reading learns from the one
 * stored before.
 *
 * <p>With a policy without {@code targetWaitSeconds}, CloudWatch is read only when the queue's counts alone would
 * scale the fleet in: the static policy's load floor measures the load from it ({@link #withMeasuredLoad}).
 */
public final class CapacityReader {

    /** How often an estimate that learnt nothing is stored again, to keep the counts it measures from current. */
    public static final Duration ESTIMATE_REFRESH = Duration.ofMinutes(5);

    private final FleetGateway fleets;
    private final QueueGauge queues;
    private final Clock clock;

    public CapacityReader(FleetGateway fleets, QueueGauge queues, Clock clock) {
        this.fleets = fleets;
        this.queues = queues;
        this.clock = clock;
    }

    /** Reads a spot fleet request and its queue. */
    public CapacityReading read(String fleetId, String queueUrl) {
        return read(Target.spotFleet(fleetId), queueUrl);
    }

    /**
     * Reads the target and its queue and, when the policy gives {@code targetWaitSeconds}, the queue's
     * CloudWatch metrics, and updates and stores the throughput estimate ({@link CapacityReading#estimate()}).
     * Without such a policy nothing is learnt and CloudWatch is not asked (it bills each call).
     */
    public CapacityReading read(Target target, String queueUrl, ScalingPolicy policy) {
        boolean learning = policy != null && policy.targetWaitSeconds().isPresent();
        CapacityReading reading = read(target, queueUrl, learning, learning && policy.minCapacity() == 0);
        if (!learning) {
            return policy == null ? reading : withMeasuredLoad(reading, queueUrl, policy);
        }
        Optional<ThroughputEstimate> stored = reading.fleet().storedEstimate();
        Optional<ThroughputEstimate> estimate = ThroughputEstimator.update(stored, reading.fleet(), reading.queue(),
                policy.inFlightPerUnit());
        FleetSnapshot fleet = estimate.filter(e -> worthStoring(stored, e))
                .flatMap(e -> store(target, e))
                .map(problem -> withWarning(reading.fleet(), problem))
                .orElse(reading.fleet());
        return new CapacityReading(fleet, reading.queue(), reading.queueProblem(), reading.readAt(), estimate);
    }

    /**
     * The static policy's reading: when its counts alone would scale the fleet in, CloudWatch's view of the queue
     * too (one GetMetricData call), from which decide measures the load that the scale-in must not go below
     * ({@link ScalingDecider}'s load floor). A fleet that is not about to scale in costs no CloudWatch call.
     */
    private CapacityReading withMeasuredLoad(CapacityReading reading, String queueUrl, ScalingPolicy policy) {
        if (reading.queue().isEmpty() || policy.mode() != ScalingMode.TARGET_TRACKING || policy.inFlightPerUnit() == 0
                || !new ScalingDecider(clock).scalesInOnCounts(reading.fleet(), reading.queue().get(),
                        Trigger.schedule("read-capacity", reading.readAt()), policy)) {
            return reading;
        }
        QueueSnapshot queue = reading.queue().get().withMetrics(queues.metrics(queueUrl));
        return new CapacityReading(reading.fleet(), Optional.of(queue), reading.queueProblem(), reading.readAt(),
                reading.estimate());
    }

    /**
     * A new estimate, one that learnt something, one whose backlog came or went (a start from zero compares
     * with the reading before), one not yet usable that saw a backlog (without CloudWatch's deletions, as in
     * the first minutes of a burst after six idle hours, the next reading learns from how far this one's
     * backlog fell: it needs this reading, not one from minutes ago before the burst arrived), or one whose
     * counts are {@link #ESTIMATE_REFRESH} newer.
     */
    static boolean worthStoring(Optional<ThroughputEstimate> stored, ThroughputEstimate updated) {
        if (stored.isEmpty()) {
            return true;
        }
        ThroughputEstimate s = stored.get();
        return s.observations() != updated.observations()
                || !ScalingDecider.usable(updated) && updated.lastCounted() > 0
                || (s.lastCounted() == 0) != (updated.lastCounted() == 0)
                || s.messagesPerUnitSecond() != updated.messagesPerUnitSecond()
                || !s.quietSince().equals(updated.quietSince())
                || !s.groupCapAt().equals(updated.groupCapAt())
                || Duration.between(s.lastReadAt(), updated.lastReadAt()).compareTo(ESTIMATE_REFRESH) >= 0;
    }

    /** Stores the estimate on the target; why it could not, when it could not. */
    private Optional<String> store(Target target, ThroughputEstimate estimate) {
        try {
            fleets.recordEstimate(target, estimate);
            return Optional.empty();
        } catch (AutoscalerException e) {
            return Optional.of("the throughput estimate could not be stored on " + target.id() + " ("
                    + e.errorName() + ": " + e.getMessage() + "); the next reading learns from the one stored before");
        }
    }

    private static FleetSnapshot withWarning(FleetSnapshot f, String warning) {
        List<String> warnings = new ArrayList<>(f.warnings());
        warnings.add(warning);
        return new FleetSnapshot(f.fleetId(), f.targetCapacity(), f.fulfilledCapacity(), f.onDemandTargetCapacity(),
                f.onDemandFulfilledCapacity(), f.state(), f.activityStatus(), f.type(), f.lastChange(), f.targetKind(),
                f.ownBounds(), warnings, f.pausedBy(), f.storedEstimate(), f.drainStartedAt());
    }

    public CapacityReading read(Target target, String queueUrl) {
        return read(target, queueUrl, false, false);
    }

    /**
     * With {@code keepAlive} (a learning policy whose fleet may go to zero) CloudWatch is read on an empty queue
     * too while the fleet runs: its deletions are what the keep-alive counts as messages seen between readings.
     */
    private CapacityReading read(Target target, String queueUrl, boolean withMetrics, boolean keepAlive) {
        if (target == null) {
            throw new InvalidInput("target", "is required");
        }
        Validation.requireText("queueUrl", queueUrl);
        FleetSnapshot fleet = fleets.describe(target);
        try {
            QueueSnapshot queue = withMetrics ? queues.readWithMetrics(queueUrl, keepAlive && fleet.targetCapacity() > 0)
                    : queues.read(queueUrl);
            return new CapacityReading(fleet, Optional.of(queue), Optional.empty(), clock.instant());
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
}
