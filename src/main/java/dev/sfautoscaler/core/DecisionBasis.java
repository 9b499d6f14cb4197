package dev.sfautoscaler.core;

/**
 * The numbers a decision used, so that an execution history explains itself. Queue fields are
 * {@code null} when no usable queue data was available; {@code queueDataAgeSeconds} is still set
 * for a reading that was set aside as stale, so the history shows how old it was.
 *
 * @param mode                     the policy mode
 * @param visible                  visible messages
 * @param inFlight                 in-flight messages
 * @param delayed                  delayed messages
 * @param counted                  messages counted as backlog
 * @param queueDataAgeSeconds      age of the queue reading at decision time
 * @param backlogPerUnit           messages per capacity unit
 * @param desiredBeforeBounds      units the backlog calls for, or the units busy with in-flight messages when
 *                                 more (target tracking); current ± step (step mode)
 * @param desired                  that, within [min, max]
 * @param currentTarget            the fleet's requested capacity
 * @param fulfilledCapacity        the fleet's running capacity
 * @param minCapacity              lower bound
 * @param maxCapacity              upper bound
 * @param secondsSinceLastChange   since our last change, {@code null} when none is recorded
 * @param cooldownRemainingSeconds cooldown left for the blocked direction, {@code null} when none applies
 * @param messagesPerUnitSecond    the learnt throughput of one unit, {@code null} without {@code targetWaitSeconds}
 *                                 or before anything was learnt
 * @param estimateObservations     how many observations that estimate rests on, {@code null} likewise
 * @param oldestMessageAgeSeconds  CloudWatch's age of the oldest message, {@code null} when not read
 */
public record DecisionBasis(
        ScalingMode mode,
        Long visible,
        Long inFlight,
        Long delayed,
        Long counted,
        Long queueDataAgeSeconds,
        long backlogPerUnit,
        Integer desiredBeforeBounds,
        Integer desired,
        int currentTarget,
        double fulfilledCapacity,
        int minCapacity,
        int maxCapacity,
        Long secondsSinceLastChange,
        Long cooldownRemainingSeconds,
        Double messagesPerUnitSecond,
        Integer estimateObservations,
        Long oldestMessageAgeSeconds) {

    /** The numbers of a decision without a throughput estimate or CloudWatch's age of the oldest message. */
    public DecisionBasis(ScalingMode mode, Long visible, Long inFlight, Long delayed, Long counted,
            Long queueDataAgeSeconds, long backlogPerUnit, Integer desiredBeforeBounds, Integer desired,
            int currentTarget, double fulfilledCapacity, int minCapacity, int maxCapacity,
            Long secondsSinceLastChange, Long cooldownRemainingSeconds) {
        this(mode, visible, inFlight, delayed, counted, queueDataAgeSeconds, backlogPerUnit, desiredBeforeBounds,
                desired, currentTarget, fulfilledCapacity, minCapacity, maxCapacity, secondsSinceLastChange,
                cooldownRemainingSeconds, null, null, null);
    }
}
