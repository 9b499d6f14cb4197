package dev.sfautoscaler.core;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scaling policy: a pure function of the fleet, the queue, the trigger, the policy and the
 * clock. It never calls AWS; the same inputs give the same decision.
 *
 * <p>Order of rules: a fleet that cannot be scaled, a duplicate delivery, the hard bounds, missing
 * or stale queue data, then the mode's desired capacity (in target tracking never below the units
 * busy with in-flight messages), damped by cooldowns, fulfilment still pending, the scale-in
 * tolerance and the step limits. The package README explains each rule and
 * reason code.
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
        /** Age of the queue reading, fresh or stale; null when there was none. */
        private final Long queueAge;
        private final Long secondsSinceLastChange;
        private Integer desiredBeforeBounds;
        /** What the backlog calls for before any cap; can exceed int for absurd backlogs. */
        private long needed;
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
            this.queueAge = q.map(this::ageSeconds).orElse(null);
            this.queueStale = queueAge != null && queueAge > policy.maxQueueDataAgeSeconds();
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
            if (fleet.lastChange().map(c -> trigger.isRepeatOf(c.triggerId())).orElse(false)) {
                LastChange c = fleet.lastChange().get();
                return none(ReasonCode.DUPLICATE_TRIGGER, "This trigger (" + trigger.id() + ") already "
                        + c.action().pastTense()
                        + " the fleet " + c.from() + " -> " + c.to() + " at " + c.at()
                        + "; a repeated delivery changes nothing.");
            }
            if (current < policy.minCapacity()) {
                desired = policy.minCapacity();
                return change(ScaleAction.SCALE_OUT, policy.minCapacity(), ReasonCode.RAISE_TO_MIN,
                        "The fleet asks for " + count(current, "unit") + ", below the minimum of "
                                + policy.minCapacity()
                                + ", so scale out " + current + " -> " + policy.minCapacity() + ".");
            }
            if (current > policy.maxCapacity()) {
                desired = policy.maxCapacity();
                return change(ScaleAction.SCALE_IN, policy.maxCapacity(), ReasonCode.LOWER_TO_MAX,
                        "The fleet asks for " + count(current, "unit") + ", above the maximum of "
                                + policy.maxCapacity()
                                + ", so scale in " + current + " -> " + policy.maxCapacity() + ".");
            }
            return policy.mode() == ScalingMode.STEP ? step() : targetTracking();
        }

        private ScaleDecision targetTracking() {
            if (freshQueue.isEmpty()) {
                if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                    return stepOut(ReasonCode.ALARM_WITHOUT_QUEUE_DATA, "The scale-out alarm "
                            + trigger.alarmName().orElse("") + " is in ALARM and queue data is " + queueProblem());
                }
                return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA,
                        "Queue data is " + queueProblem()
                                + "; missing or stale data never counts as an empty queue, so no change.");
            }
            QueueSnapshot q = freshQueue.get();
            long counted = q.counted(policy.includeDelayed());
            if (current == 0 && counted < policy.activationBacklog()) {
                desiredBeforeBounds = 0;
                desired = Math.max(0, policy.minCapacity());
                return none(ReasonCode.BELOW_ACTIVATION, "The fleet is at zero and the backlog of "
                        + count(counted, "message") + " is below the activation threshold of "
                        + policy.activationBacklog()
                        + ", so it stays at zero.");
            }
            needed = ceilDiv(counted, policy.backlogPerUnit());
            String need = "A backlog of " + count(counted, "message") + " (" + describe(q) + ") needs "
                    + count(needed, "unit") + " at " + count(policy.backlogPerUnit(), "message") + " per unit";
            long floored = needed;
            long busy = busyUnits(q);
            if (busy > needed) {
                // Units that are busy with in-flight messages stay: a drained queue whose workers are all
                // busy does not mean the work is done (otherwise the fleet collapses each time the queue
                // empties and has to scale out again). Capped at what runs and what is asked for, the
                // floor only ever holds capacity, never adds it.
                need += ", but the " + count(q.inFlight(), "message") + " in flight keep "
                        + count(busy, "unit") + " busy (" + count(policy.inFlightPerUnit(), "message")
                        + " per unit at a time), so " + count(busy, "unit");
                floored = busy;
            }
            desiredBeforeBounds = (int) Math.min(floored, ScalingPolicy.CAPACITY_LIMIT);
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
                    return none(ReasonCode.WITHIN_TOLERANCE, need + "; the fleet asks for " + current + " and "
                            + desired + " is within the scale-in tolerance of " + percent(policy.scaleInTolerance())
                            + " below it, so no change.");
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
            ReasonCode code = needed > policy.maxCapacity() ? ReasonCode.AT_MAX
                    : desiredBeforeBounds < policy.minCapacity() ? ReasonCode.AT_MIN : ReasonCode.AT_DESIRED;
            return none(code, need + "; the fleet already asks for " + current + ", so no change.");
        }

        private ScaleDecision step() {
            if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                return stepOut(ReasonCode.STEP_OUT_ON_ALARM, "The scale-out alarm "
                        + trigger.alarmName().orElse("") + " is in ALARM");
            }
            if (trigger.isAlarm(policy.scaleInAlarmName())) {
                String because = "The scale-in alarm " + trigger.alarmName().orElse("") + " is in ALARM";
                if (freshQueue.isEmpty()) {
                    return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA, because
                            + ", but queue data is " + queueProblem()
                            + "; no scale-in without queue data, so no change.");
                }
                desiredBeforeBounds = (int) Math.max((long) current - policy.stepSize(), 0);
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
                                + current + " -> " + to + stepNote(to, policy.maxScaleInStep()) + ".");
            }
            return none(ReasonCode.NOT_A_SCALING_ALARM, "Step mode acts only when " + alarmNames()
                    + " enters ALARM, and this trigger is " + describe(trigger) + ", so no change.");
        }

        /**
         * Adds one step for an alarm; shared by step mode and the no-data fallback of target tracking.
         * An alarm says nothing about capacity already on its way, so while units are still being
         * fulfilled another step would answer the same backlog twice.
         */
        private ScaleDecision stepOut(ReasonCode code, String because) {
            double pending = fleet.pendingCapacity();
            if (pending > 0) {
                return none(ReasonCode.FULFILLING, because + ", but " + fmt(pending) + " of the "
                        + count(current, "requested unit") + " " + (pending <= 1 ? "is" : "are")
                        + " still being fulfilled; adding more for the same backlog would count it twice,"
                        + " so no change.");
            }
            desiredBeforeBounds = (int) Math.min((long) current + policy.stepSize(), ScalingPolicy.CAPACITY_LIMIT);
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
                    + stepNote(to, policy.maxScaleOutStep()) + ".");
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

        /**
         * Whether {@code target} is below current by more than the tolerance. Decimal arithmetic, because
         * in doubles 10 * (1 - 0.7) is 2.9999999999999996 and 3 would pass for "more than 70 % below 10".
         */
        private boolean belowTolerance(int target) {
            BigDecimal drop = BigDecimal.valueOf((long) current - target);
            BigDecimal allowed = BigDecimal.valueOf(policy.scaleInTolerance()).multiply(BigDecimal.valueOf(current));
            return drop.compareTo(allowed) > 0;
        }

        private int limitOut(int target) {
            return policy.maxScaleOutStep() > 0 ? (int) Math.min(target, (long) current + policy.maxScaleOutStep())
                    : target;
        }

        private int limitIn(int target) {
            return policy.maxScaleInStep() > 0 ? (int) Math.max(target, (long) current - policy.maxScaleInStep())
                    : target;
        }

        /**
         * Units kept busy by in-flight messages, at most what the fleet runs and what it asks for;
         * 0 when {@code inFlightPerUnit} is 0 (the floor is off).
         */
        private long busyUnits(QueueSnapshot q) {
            if (policy.inFlightPerUnit() == 0) {
                return 0;
            }
            long running = (long) Math.ceil(fleet.fulfilledCapacity());
            return Math.min(Math.min(ceilDiv(q.inFlight(), policy.inFlightPerUnit()), running), current);
        }

        private int clamp(int value) {
            return Math.max(policy.minCapacity(), Math.min(policy.maxCapacity(), value));
        }

        private String bounded() {
            if (needed > policy.maxCapacity()) {
                return ", capped at the maximum of " + policy.maxCapacity();
            }
            if (desiredBeforeBounds < policy.minCapacity()) {
                return ", raised to the minimum of " + policy.minCapacity();
            }
            return "";
        }

        private String stepLimitNote(int to) {
            return to != desired ? " and one decision may move at most "
                    + count(to > current ? policy.maxScaleOutStep() : policy.maxScaleInStep(), "unit") : "";
        }

        /** " (step 4)", plus what cut it short: a bound, or the per-decision step limit. */
        private String stepNote(int to, int limit) {
            String cut = "";
            if (desired > desiredBeforeBounds) {
                cut = ", held at the minimum of " + policy.minCapacity();
            } else if (desired < desiredBeforeBounds) {
                cut = ", capped at the maximum of " + policy.maxCapacity();
            }
            if (to != desired) {
                cut += ", at most " + count(limit, "unit") + " per decision";
            }
            return " (step " + policy.stepSize() + cut + ")";
        }

        /** "missing", or how old a stale reading was. */
        private String queueProblem() {
            return queueStale ? queueAge + " s old (the limit is " + policy.maxQueueDataAgeSeconds() + " s)"
                    : "missing";
        }

        private String describe(Trigger t) {
            return switch (t.kind()) {
                case MANUAL -> "a manual run";
                case SCHEDULE -> "a scheduled run";
                case ALARM -> "the alarm " + t.alarmName().orElse("") + " entering "
                        + t.alarmState().map(Enum::name).orElse("an unknown state");
            };
        }

        private String alarmNames() {
            StringBuilder b = new StringBuilder();
            policy.scaleOutAlarmName().ifPresent(n -> b.append("the scale-out alarm ").append(n));
            policy.scaleInAlarmName().ifPresent(n -> b.append(b.length() > 0 ? " or " : "")
                    .append("the scale-in alarm ").append(n));
            return b.toString();
        }

        private ScaleDecision change(ScaleAction action, int to, ReasonCode code, String reason) {
            // EC2 refuses a target below the on-demand part, so a fleet's own on-demand part comes down with it.
            Optional<Integer> onDemand = policy.onDemandTargetCapacity().map(od -> Math.min(od, to))
                    .or(() -> fleet.onDemandTargetCapacity() > to ? Optional.of(to) : Optional.empty());
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
                    queueAge,
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

    /** 0.1 reads "10%", 0.125 reads "12.5%": as configured, not rounded. */
    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** "1 unit", "7 units": a history read by people should not say "1 units". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String fmt(double units) {
        return units == Math.rint(units) ? Long.toString((long) units) : Double.toString(units);
    }
}
