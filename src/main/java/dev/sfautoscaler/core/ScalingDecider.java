package dev.sfautoscaler.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scaling policy: a pure function of the fleet, the queue, the trigger, the policy and the
 * clock. It never calls AWS; the same inputs give the same decision.
 *
 * <p>Order of rules: a fleet that cannot be scaled, a duplicate delivery, the hard bounds, then
 * the mode's desired capacity, damped by cooldowns, the scale-in tolerance and the step limits.
 */
public final class ScalingDecider {

    private final Clock clock;

    public ScalingDecider(Clock clock) {
        this.clock = clock;
    }

    public ScaleDecision decide(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger,
            ScalingPolicy policy) {
        return new Evaluation(fleet, queue, trigger, policy, clock.instant()).run();
    }

    /** One evaluation; holds the inputs so the rules read as a sequence. */
    private static final class Evaluation {
        private final FleetSnapshot fleet;
        private final Trigger trigger;
        private final ScalingPolicy policy;
        private final Instant now;
        private final int current;
        private final Optional<QueueSnapshot> freshQueue;
        private final boolean queueStale;
        private final Long secondsSinceLastChange;
        private Integer desiredBeforeBounds;
        private Integer desired;
        private Long cooldownRemaining;

        Evaluation(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy,
                Instant now) {
            this.fleet = fleet;
            this.trigger = trigger;
            this.policy = policy;
            this.now = now;
            this.current = fleet.targetCapacity();
            Optional<QueueSnapshot> q = queue == null ? Optional.empty() : queue;
            this.queueStale = q.isPresent() && ageSeconds(q.get()) > policy.maxQueueDataAgeSeconds();
            this.freshQueue = queueStale ? Optional.empty() : q;
            this.secondsSinceLastChange = fleet.lastChange()
                    .map(c -> Math.max(0, Duration.between(c.at(), now).getSeconds()))
                    .orElse(null);
        }

        ScaleDecision run() {
            Optional<String> notScalable = fleet.notScalableReason();
            if (notScalable.isPresent()) {
                return none(ReasonCode.FLEET_NOT_SCALABLE, "Fleet " + fleet.fleetId() + " cannot be scaled: "
                        + notScalable.get() + ", so no change.");
            }
            String key = trigger.dedupKey();
            if (!key.isEmpty() && fleet.lastChange().map(c -> key.equals(c.triggerId())).orElse(false)) {
                LastChange c = fleet.lastChange().get();
                return none(ReasonCode.DUPLICATE_TRIGGER, "This trigger (" + key + ") already " + c.action().pastTense()
                        + " the fleet " + c.from() + " -> " + c.to() + " at " + c.at()
                        + "; a repeated delivery changes nothing.");
            }
            if (current < policy.minCapacity()) {
                desired = policy.minCapacity();
                return change(ScaleAction.SCALE_OUT, policy.minCapacity(), ReasonCode.RAISE_TO_MIN,
                        "The fleet asks for " + current + " units, below the minimum of " + policy.minCapacity()
                                + ", so scale out " + current + " -> " + policy.minCapacity() + ".");
            }
            if (current > policy.maxCapacity()) {
                desired = policy.maxCapacity();
                return change(ScaleAction.SCALE_IN, policy.maxCapacity(), ReasonCode.LOWER_TO_MAX,
                        "The fleet asks for " + current + " units, above the maximum of " + policy.maxCapacity()
                                + ", so scale in " + current + " -> " + policy.maxCapacity() + ".");
            }
            return policy.mode() == ScalingMode.STEP ? step() : targetTracking();
        }

        private ScaleDecision targetTracking() {
            if (freshQueue.isEmpty()) {
                if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                    return stepOut(ReasonCode.ALARM_WITHOUT_QUEUE_DATA, "Queue data is "
                            + (queueStale ? "stale" : "missing") + " but the scale-out alarm "
                            + trigger.alarmName().orElse("") + " is in ALARM");
                }
                return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA,
                        "Queue data is " + (queueStale ? "older than " + policy.maxQueueDataAgeSeconds() + " s" : "missing")
                                + "; missing data never counts as an empty queue, so no change.");
            }
            QueueSnapshot q = freshQueue.get();
            long counted = q.counted(policy.includeDelayed());
            if (current == 0 && counted < policy.activationBacklog()) {
                desiredBeforeBounds = 0;
                desired = Math.max(0, policy.minCapacity());
                return none(ReasonCode.BELOW_ACTIVATION, "The fleet is at zero and the backlog of " + counted
                        + " messages is below the activation threshold of " + policy.activationBacklog()
                        + ", so it stays at zero.");
            }
            long raw = ceilDiv(counted, policy.backlogPerUnit());
            String need = "A backlog of " + counted + " messages (" + describe(q) + ") needs "
                    + Math.min(raw, ScalingPolicy.CAPACITY_LIMIT) + " units at " + policy.backlogPerUnit()
                    + " messages per unit";
            if (policy.inFlightPerUnit() > 0) {
                // Messages in flight occupy units: however short the queue, the fleet does not shrink
                // below the units that are busy (never more than it runs or asks for, so this alone
                // never scales out).
                long busy = Math.min(Math.min(ceilDiv(q.inFlight(), policy.inFlightPerUnit()),
                        (long) Math.ceil(fleet.fulfilledCapacity())), current);
                if (busy > raw) {
                    need += ", but the " + q.inFlight() + " messages in flight keep " + busy + " units busy (at "
                            + policy.inFlightPerUnit() + " per unit), so " + busy + " units";
                    raw = busy;
                }
            }
            desiredBeforeBounds = (int) Math.min(raw, ScalingPolicy.CAPACITY_LIMIT);
            desired = clamp(desiredBeforeBounds);
            need += bounded();
            if (desired > current) {
                if (inScaleOutCooldown()) {
                    return none(ReasonCode.SCALE_OUT_COOLDOWN, need + ", but the fleet scaled out "
                            + secondsSinceLastChange + " s ago and the scale-out cooldown has " + cooldownRemaining
                            + " s left, so no change.");
                }
                int to = limitOut(desired);
                return change(ScaleAction.SCALE_OUT, to, ReasonCode.BACKLOG_NEEDS_MORE,
                        need + "; the fleet asks for " + current + stepLimitNote(to) + ", so scale out " + current
                                + " -> " + to + ".");
            }
            if (desired < current) {
                if (policy.disableScaleIn()) {
                    return none(ReasonCode.SCALE_IN_DISABLED, need + "; scale-in is disabled, so the fleet stays at "
                            + current + ".");
                }
                if (!belowTolerance(desired)) {
                    return none(ReasonCode.WITHIN_TOLERANCE, need + "; the fleet asks for " + current
                            + ", within the scale-in tolerance of " + percent(policy.scaleInTolerance())
                            + ", so no change.");
                }
                if (inScaleInCooldown()) {
                    return none(ReasonCode.SCALE_IN_COOLDOWN, need + ", but the last change was "
                            + secondsSinceLastChange + " s ago and the scale-in cooldown has " + cooldownRemaining
                            + " s left, so no change.");
                }
                int to = limitIn(desired);
                return change(ScaleAction.SCALE_IN, to, ReasonCode.BACKLOG_NEEDS_LESS,
                        need + "; the fleet asks for " + current + stepLimitNote(to) + ", so scale in " + current
                                + " -> " + to + ".");
            }
            ReasonCode code = desiredBeforeBounds > policy.maxCapacity() ? ReasonCode.AT_MAX
                    : desiredBeforeBounds < policy.minCapacity() ? ReasonCode.AT_MIN : ReasonCode.AT_DESIRED;
            return none(code, need + "; the fleet already asks for " + current + ", so no change.");
        }

        private ScaleDecision step() {
            if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                if (fleet.pendingCapacity() > 0) {
                    return none(ReasonCode.FULFILLING, "The scale-out alarm is in ALARM, but " + fmt(fleet.pendingCapacity())
                            + " of the " + current + " requested units are still being fulfilled; adding more for the"
                            + " same backlog would count it twice, so no change.");
                }
                return stepOut(ReasonCode.STEP_OUT_ON_ALARM, "The scale-out alarm "
                        + trigger.alarmName().orElse("") + " is in ALARM");
            }
            if (trigger.isAlarm(policy.scaleInAlarmName())) {
                String because = "The scale-in alarm " + trigger.alarmName().orElse("") + " is in ALARM";
                if (freshQueue.isEmpty()) {
                    return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA, because
                            + ", but queue data is " + (queueStale ? "stale" : "missing")
                            + "; no scale-in without queue data, so no change.");
                }
                desiredBeforeBounds = current - policy.stepSize();
                desired = clamp(desiredBeforeBounds);
                if (desired >= current) {
                    return none(ReasonCode.AT_MIN, because + ", but the fleet is at the minimum of "
                            + policy.minCapacity() + ", so no change.");
                }
                if (policy.disableScaleIn()) {
                    return none(ReasonCode.SCALE_IN_DISABLED, because + ", but scale-in is disabled, so no change.");
                }
                if (inScaleInCooldown()) {
                    return none(ReasonCode.SCALE_IN_COOLDOWN, because + ", but the last change was "
                            + secondsSinceLastChange + " s ago and the scale-in cooldown has " + cooldownRemaining
                            + " s left, so no change.");
                }
                int to = limitIn(desired);
                return change(ScaleAction.SCALE_IN, to, ReasonCode.STEP_IN_ON_ALARM,
                        because + " (backlog " + freshQueue.get().counted(policy.includeDelayed()) + "), so scale in "
                                + current + " -> " + to + ".");
            }
            return none(ReasonCode.NOT_A_SCALING_ALARM, "Step mode acts only when "
                    + alarmNames() + " enters ALARM; this trigger ("
                    + trigger.kind().wireName() + trigger.alarmName().map(n -> " " + n).orElse("")
                    + trigger.alarmState().map(s -> " " + s).orElse("") + ") is neither, so no change.");
        }

        /** Adds one step for an alarm; shared by step mode and the no-data fallback of target tracking. */
        private ScaleDecision stepOut(ReasonCode code, String because) {
            desiredBeforeBounds = current + policy.stepSize();
            desired = clamp(desiredBeforeBounds);
            if (desired <= current) {
                return none(ReasonCode.AT_MAX, because + ", but the fleet is at the maximum of "
                        + policy.maxCapacity() + ", so no change.");
            }
            if (inScaleOutCooldown()) {
                return none(ReasonCode.SCALE_OUT_COOLDOWN, because + ", but the fleet scaled out "
                        + secondsSinceLastChange + " s ago and the scale-out cooldown has " + cooldownRemaining
                        + " s left, so no change.");
            }
            int to = limitOut(desired);
            return change(ScaleAction.SCALE_OUT, to, code, because + ", so scale out " + current + " -> " + to
                    + " (step " + policy.stepSize() + ").");
        }

        private boolean inScaleOutCooldown() {
            Optional<LastChange> last = fleet.lastChange();
            if (last.isEmpty() || last.get().action() != ScaleAction.SCALE_OUT) {
                return false;
            }
            return remaining(policy.scaleOutCooldownSeconds());
        }

        private boolean inScaleInCooldown() {
            return fleet.lastChange().isPresent() && remaining(policy.scaleInCooldownSeconds());
        }

        private boolean remaining(long cooldownSeconds) {
            long left = cooldownSeconds - secondsSinceLastChange;
            if (left > 0) {
                cooldownRemaining = left;
                return true;
            }
            return false;
        }

        private boolean belowTolerance(int target) {
            return target < current * (1.0 - policy.scaleInTolerance());
        }

        private int limitOut(int target) {
            return policy.maxScaleOutStep() > 0 ? Math.min(target, current + policy.maxScaleOutStep()) : target;
        }

        private int limitIn(int target) {
            return policy.maxScaleInStep() > 0 ? Math.max(target, current - policy.maxScaleInStep()) : target;
        }

        private int clamp(int value) {
            return Math.max(policy.minCapacity(), Math.min(policy.maxCapacity(), value));
        }

        private String bounded() {
            if (desiredBeforeBounds > policy.maxCapacity()) {
                return ", capped at the maximum of " + policy.maxCapacity();
            }
            if (desiredBeforeBounds < policy.minCapacity()) {
                return ", raised to the minimum of " + policy.minCapacity();
            }
            return "";
        }

        private String stepLimitNote(int to) {
            return to != desired ? " and one decision may move at most "
                    + (to > current ? policy.maxScaleOutStep() : policy.maxScaleInStep()) + " units" : "";
        }

        private String alarmNames() {
            StringBuilder b = new StringBuilder();
            policy.scaleOutAlarmName().ifPresent(n -> b.append("the scale-out alarm ").append(n));
            policy.scaleInAlarmName().ifPresent(n -> b.append(b.length() > 0 ? " or " : "").append("the scale-in alarm ").append(n));
            return b.toString();
        }

        private ScaleDecision change(ScaleAction action, int to, ReasonCode code, String reason) {
            Optional<Integer> onDemand = policy.onDemandTargetCapacity().map(od -> Math.min(od, to));
            return new ScaleDecision(fleet.fleetId(), action, current, to, onDemand,
                    policy.excessCapacityTerminationPolicy(), code, reason, basis(), trigger.dedupKey(), now);
        }

        private ScaleDecision none(ReasonCode code, String reason) {
            return new ScaleDecision(fleet.fleetId(), ScaleAction.NONE, current, current, Optional.empty(),
                    policy.excessCapacityTerminationPolicy(), code, reason, basis(), trigger.dedupKey(), now);
        }

        private DecisionBasis basis() {
            QueueSnapshot q = freshQueue.orElse(null);
            return new DecisionBasis(policy.mode(),
                    q == null ? null : q.visible(),
                    q == null ? null : q.inFlight(),
                    q == null ? null : q.delayed(),
                    q == null ? null : q.counted(policy.includeDelayed()),
                    q == null ? null : ageSeconds(q),
                    policy.backlogPerUnit(), desiredBeforeBounds, desired, current, fleet.fulfilledCapacity(),
                    policy.minCapacity(), policy.maxCapacity(), secondsSinceLastChange, cooldownRemaining);
        }

        private long ageSeconds(QueueSnapshot q) {
            return Math.max(0, Duration.between(q.readAt(), now).getSeconds());
        }

        private String describe(QueueSnapshot q) {
            String s = q.visible() + " visible, " + q.inFlight() + " in flight";
            if (policy.includeDelayed()) {
                s += ", " + q.delayed() + " delayed";
            }
            return s;
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    private static String fmt(double units) {
        return units == Math.rint(units) ? Long.toString((long) units) : Double.toString(units);
    }
}
