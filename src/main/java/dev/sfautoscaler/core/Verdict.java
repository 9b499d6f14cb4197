package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.Optional;

/**
 * What one evaluation of the policy found, before any of it is put into words: the action and the
 * new target, the reason code, what the decision rests on, and the facts its sentence needs.
 * {@link ScalingDecider} computes it; {@link DecisionExplainer} writes the sentence.
 *
 * @param action                 scale-out, scale-in or none
 * @param to                     target capacity asked for (the fleet's own for none)
 * @param onDemandTargetCapacity on-demand part to request with a change, never above {@code to}
 * @param code                   the reason code
 * @param premise                what the decision rests on: the same code reads differently after an alarm
 * @param fleet                  the fleet as read
 * @param trigger                why the policy was evaluated
 * @param policy                 the policy
 * @param basis                  the numbers used, as the decision records them
 * @param queueStale             the queue reading was set aside as too old (its age is in the basis)
 * @param needed                 units the backlog calls for before the busy-unit floor and the bounds; 0 when
 *                               the decision did not size the fleet to the backlog
 * @param busyUnits              units busy with in-flight messages when they hold the fleet above
 *                               {@code needed}; 0 when they do not
 * @param bound                  the bound that moved the desired capacity, if one did
 * @param stepLimit              the per-decision step limit that cut the change short; 0 when none did
 * @param futureMarker           the fleet's last-change marker when it is dated too far in the future to
 *                               count for the cooldowns (set aside, and the sentence says so)
 * @param decidedAt              when
 * @param minWindow              the open schedule window whose minimum is the one in force
 * @param maxWindow              the open schedule window whose maximum is the one in force
 * @param held                   for {@code PAUSED}: what the rules decided, which the pause holds back
 * @param estimate               the throughput estimate, when the policy learns ({@code targetWaitSeconds})
 * @param groupCap               the units a FIFO queue's message groups can use, when that capped the fleet; else 0
 * @param groupCapKind           what told the cap: this reading, one remembered with the estimate, or a probe
 * @param carryingUnits          units the last period's messages sent need at the learnt pace (or, for the static
 *                               policy, at the pace measured over CloudWatch's last minutes), when they held the
 *                               fleet above the backlog's need; else 0
 * @param keepAliveLeft          seconds the keep-alive still holds the fleet's last unit, when it does; else 0
 * @param clearingUnits          units that clear the counted backlog by the next reading at the learnt pace, when
 *                               they lowered the busy-unit floor; else 0
 * @param cooldownWaived         seconds the scale-in cooldown had left when it did not hold idle units (nothing
 *                               visible after a scale-in, {@code targetWaitSeconds}); else 0
 * @param measured               for the static policy's load floor: the CloudWatch numbers it used, when it held
 *                               the fleet above what the queue's counts need; else empty
 */
record Verdict(
        ScaleAction action,
        int to,
        Optional<Integer> onDemandTargetCapacity,
        ReasonCode code,
        Premise premise,
        FleetSnapshot fleet,
        Trigger trigger,
        ScalingPolicy policy,
        DecisionBasis basis,
        boolean queueStale,
        long needed,
        long busyUnits,
        Bound bound,
        int stepLimit,
        Optional<LastChange> futureMarker,
        Instant decidedAt,
        Optional<ScheduleWindow> minWindow,
        Optional<ScheduleWindow> maxWindow,
        Optional<Verdict> held,
        Optional<ThroughputEstimate> estimate,
        long groupCap,
        GroupCap groupCapKind,
        long carryingUnits,
        long keepAliveLeft,
        long clearingUnits,
        long cooldownWaived,
        Optional<QueueMetrics> measured) {

    /** What set a FIFO queue's group cap. */
    enum GroupCap {
        NONE,
        /** This reading: units stand idle while messages wait. */
        SEEN,
        /** A reading within {@link ScalingDecider#FIFO_RECHECK}, stored with the estimate. */
        REMEMBERED,
        /** No reading tells: the fleet grows by at most twice the groups in flight. */
        PROBE
    }

    /** What a decision rests on. */
    enum Premise {
        /** The fleet alone: it cannot be scaled, this trigger already changed it, or it is below the minimum. */
        FLEET,
        /** The fleet asks for more than the maximum. */
        ABOVE_MAX,
        /** Target tracking: the queue reading, or the lack of a usable one. */
        QUEUE,
        /** Step mode: the scale-out alarm is in ALARM. */
        SCALE_OUT_ALARM,
        /** Target tracking without usable queue data: the scale-out alarm is in ALARM. */
        SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA,
        /** Step mode: the scale-in alarm is in ALARM. */
        SCALE_IN_ALARM,
        /** Step mode: the trigger is not one of the policy's alarms entering ALARM. */
        OTHER_TRIGGER
    }

    /** Which bound, if any, moved the desired capacity. */
    enum Bound {
        NONE,
        RAISED_TO_MIN,
        CAPPED_AT_MAX
    }

    /** The capacity the fleet asks for, against which the decision was made. */
    int current() {
        return fleet.targetCapacity();
    }

    /** This verdict held back by a pause: no change, the same numbers, {@code PAUSED}. */
    Verdict paused() {
        return new Verdict(ScaleAction.NONE, current(), Optional.empty(), ReasonCode.PAUSED, premise, fleet, trigger,
                policy, basis, queueStale, needed, busyUnits, bound, stepLimit, futureMarker, decidedAt, minWindow,
                maxWindow, Optional.of(this), estimate, groupCap, groupCapKind, carryingUnits, keepAliveLeft,
                clearingUnits, cooldownWaived, measured);
    }

    /** The decision, with the sentence that explains this verdict. */
    ScaleDecision decision(String reason) {
        return new ScaleDecision(fleet.fleetId(), action, current(), to, onDemandTargetCapacity,
                policy.excessCapacityTerminationPolicy(), code, reason, basis, trigger.dedupKey(), decidedAt,
                fleet.targetKind(), trigger.askedAt(decidedAt));
    }
}
