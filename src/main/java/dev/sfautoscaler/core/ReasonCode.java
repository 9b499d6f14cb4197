package dev.sfautoscaler.core;

/**
 * Machine-readable cause of a decision; the sentence in {@link ScaleDecision#reason()}, written by
 * {@link DecisionExplainer}, explains it.
 */
public enum ReasonCode {
    // changes
    BACKLOG_NEEDS_MORE,
    BACKLOG_NEEDS_LESS,
    RAISE_TO_MIN,
    LOWER_TO_MAX,
    STEP_OUT_ON_ALARM,
    STEP_IN_ON_ALARM,
    ALARM_WITHOUT_QUEUE_DATA,
    /** An open schedule window's minimum raises the fleet. */
    SCHEDULED_MIN,
    /** An open schedule window's maximum lowers the fleet. */
    SCHEDULED_MAX,
    // no change
    AT_DESIRED,
    AT_MAX,
    AT_MIN,
    WITHIN_TOLERANCE,
    SCALE_OUT_COOLDOWN,
    SCALE_IN_COOLDOWN,
    SCALE_IN_DISABLED,
    BELOW_ACTIVATION,
    NO_QUEUE_DATA,
    STALE_QUEUE_DATA,
    FULFILLING,
    NOT_A_SCALING_ALARM,
    DUPLICATE_TRIGGER,
    FLEET_NOT_SCALABLE,
    /** The target carries the pause tag ({@link FleetSnapshot#PAUSE_TAG}): nothing changes. */
    PAUSED,
    /**
     * With {@code targetWaitSeconds}: the oldest message has already waited longer than the target, so the
     * fleet scales out even though the count alone looks served (Little's law: the count is a wait only at
     * the pace the units really keep).
     */
    OLDEST_MESSAGE_TOO_OLD,
    /**
     * With {@code targetWaitSeconds}: the fleet is at zero and only this reading shows a backlog; SQS's
     * approximate counts show stray messages on an idle queue, so a start needs the next reading to agree
     * (or CloudWatch to report a real age of the oldest message).
     */
    UNCONFIRMED_FROM_ZERO,
    /**
     * With {@code targetWaitSeconds} and a minimum of zero: the queue is empty, but the fleet's last unit stays
     * until the queue has been quiet for the scale-in cooldown since the last message seen (the keep-alive).
     */
    KEEP_ALIVE
}
