package dev.sfautoscaler.core;

import dev.sfautoscaler.core.Verdict.Bound;
import dev.sfautoscaler.core.Verdict.Premise;
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
 * tolerance and the step limits. The package README explains each rule and reason code.
 *
 * <p>The rules compute a {@link Verdict}: numbers, a reason code and the facts behind it, no words.
 * {@link DecisionExplainer} writes the sentence.
 */
public final class ScalingDecider {

    /**
     * How far in the future a last-change marker may be dated and still count: clocks differ by a
     * little. A marker dated further ahead is ignored for the cooldowns (it would otherwise hold them
     * until that date), and the decision says so; one within this skew counts as made just now.
     */
    public static final Duration MARKER_CLOCK_SKEW = Duration.ofSeconds(60);

    private final Clock clock;

    public ScalingDecider(Clock clock) {
        this.clock = clock;
    }

    /**
     * The decision, inside the policy's bounds and the target's own ({@link FleetSnapshot#ownBounds}):
     * when the target's bound is the tighter one and it stopped the change, the reason says so; the
     * reading's warnings (the group's own scaling policies) are repeated after it.
     */
    public ScaleDecision decide(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger,
            ScalingPolicy policy) {
        return decide(fleet, queue, trigger, policy, fleet.storedEstimate());
    }

    /**
     * The decision with read-capacity's throughput estimate ({@link CapacityReading#estimate()}): with
     * {@code targetWaitSeconds} it sets the backlog per unit once it rests on
     * {@link ThroughputEstimator#MIN_OBSERVATIONS} observations; the sentence shows it in any case.
     */
    public ScaleDecision decide(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger,
            ScalingPolicy policy, Optional<ThroughputEstimate> estimate) {
        Instant now = clock.instant();
        ScalingPolicy.Scheduled scheduled = policy.at(now);
        ScalingPolicy bounded = fleet.ownBounds().map(b -> within(scheduled.policy(), b)).orElse(scheduled.policy());
        Verdict verdict = new Evaluation(fleet, queue, trigger, bounded, scheduled, now, estimate).run();
        ScaleDecision decision = verdict.decision(DecisionExplainer.explain(verdict));
        String more = DecisionExplainer.targetNotes(decision, scheduled.policy(), bounded, fleet.warnings());
        return more.isEmpty() ? decision : decision.withReason(decision.reason() + more);
    }

    /** The policy, its bounds narrowed to the target's own; where they do not meet, the target's bound wins. */
    static ScalingPolicy within(ScalingPolicy policy, OwnBounds own) {
        int min = Math.max(policy.minCapacity(), own.min());
        int max = Math.min(policy.maxCapacity(), own.max());
        if (min > max) {
            min = max = own.max() < policy.minCapacity() ? own.max() : own.min();
        }
        if (min == policy.minCapacity() && max == policy.maxCapacity()) {
            return policy;
        }
        int cap = max;
        return policy.toBuilder().minCapacity(min).maxCapacity(max)
                .onDemandTargetCapacity(policy.onDemandTargetCapacity().map(n -> Math.min(n, cap)).orElse(null))
                .build();
    }


    /** What the rules find, before it is put into words. */
    Verdict evaluate(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy) {
        Instant now = clock.instant();
        ScalingPolicy.Scheduled scheduled = policy.at(now);
        return new Evaluation(fleet, queue, trigger, scheduled.policy(), scheduled, now, fleet.storedEstimate()).run();
    }

    /** {@link #evaluate} with a throughput estimate. */
    Verdict evaluate(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy,
            Optional<ThroughputEstimate> estimate) {
        Instant now = clock.instant();
        ScalingPolicy.Scheduled scheduled = policy.at(now);
        return new Evaluation(fleet, queue, trigger, scheduled.policy(), scheduled, now, estimate).run();
    }

    /**
     * Whether the queue's counts alone, without CloudWatch, make this a scale-in by the backlog
     * ({@link ReasonCode#BACKLOG_NEEDS_LESS}): read-capacity asks CloudWatch for the static policy's load floor only
     * then, as GetMetricData bills every metric it reads.
     */
    public boolean scalesInOnCounts(FleetSnapshot fleet, QueueSnapshot queue, Trigger trigger, ScalingPolicy policy) {
        Instant now = clock.instant();
        ScalingPolicy.Scheduled scheduled = policy.at(now);
        ScalingPolicy bounded = fleet.ownBounds().map(b -> within(scheduled.policy(), b)).orElse(scheduled.policy());
        Verdict v = new Evaluation(fleet, Optional.of(queue), trigger, bounded, scheduled, now, Optional.empty())
                .rules();
        return v.action() == ScaleAction.SCALE_IN && v.code() == ReasonCode.BACKLOG_NEEDS_LESS;
    }

    /**
     * The largest mean in-flight count that one reading of {@code inFlight} messages still makes plausible. CloudWatch's
     * minute lags the end of a surge by a minute or two, and the instant's count bounds what the load can still be:
     * messages in flight at a steady load vary round their mean as a Poisson count (less with a bounded fleet), which
     * almost never (3 standard deviations) reads k when its mean is above ((3 + sqrt(9 + 4k)) / 2)^2: 9 for 0, 14.4
     * for 3.
     */
    public static double plausibleInFlight(long inFlight) {
        return Math.pow((3 + Math.sqrt(9 + 4.0 * inFlight)) / 2, 2);
    }

    /**
     * The share of {@code targetWaitSeconds} the fleet aims at: sized to the full target, a queue waits about
     * the target on average and longer half the time, so the backlog per unit is the work of half of it (the
     * same rule as the benchmark's hand-tuned {@code backlogPerUnit}).
     */
    public static final double WAIT_BUDGET = 0.5;

    /**
     * How long a FIFO group cap that a reading proved holds the fleet (stored with the estimate): after it, the
     * fleet may grow again, by at most twice the groups in flight a decision, to find out whether more groups
     * have work (nothing else tells: SQS counts no groups with a backlog).
     */
    public static final Duration FIFO_RECHECK = Duration.ofMinutes(30);

    /**
     * A backlog that starts a fleet from zero on one reading: SQS's approximate counts show a stray message or two
     * on an idle queue, never ten; below this a start waits for a second reading to agree. A burst shows this many
     * in its first seconds, and waiting a reading for it costs the burst a minute and the fleet the units that
     * minute's backlog then needs.
     */
    public static final long SELF_CONFIRMING_BACKLOG = 10;

    /**
     * Seconds to the next reading, as the busy-unit floor of a learning policy counts them: the schedule's period as
     * Terraform deploys it (rate(1 minute), also EventBridge's least).
     */
    public static final long READING_SECONDS = 60;

    /**
     * The backlog per unit a policy uses: with {@code targetWaitSeconds} and an estimate resting on enough
     * observations, what one unit gets through in {@link #WAIT_BUDGET} of the target (at least 1); otherwise
     * {@code backlogPerUnit}.
     */
    public static long backlogPerUnit(ScalingPolicy policy, Optional<ThroughputEstimate> estimate) {
        if (policy.targetWaitSeconds().isEmpty() || estimate == null) {
            return policy.backlogPerUnit();
        }
        double budget = policy.targetWaitSeconds().get() * WAIT_BUDGET;
        return estimate.filter(ThroughputEstimate::learnt)
                .map(e -> usable(e) ? e.backlogPerUnit(budget) : Math.min(policy.backlogPerUnit(), e.backlogPerUnit(budget)))
                .orElse(policy.backlogPerUnit());
    }

    /** Whether an estimate rests on enough observations to size a fleet. */
    public static boolean usable(ThroughputEstimate e) {
        return e.learnt() && e.observations() >= ThroughputEstimator.MIN_OBSERVATIONS;
    }

    /** One evaluation; holds the inputs so the rules read as a sequence. */
    private static final class Evaluation {
        private final FleetSnapshot fleet;
        private final Trigger trigger;
        private final ScalingPolicy policy;
        /** The windows open now that set the policy's minimum or maximum. */
        private final ScalingPolicy.Scheduled scheduled;
        private final Instant now;
        private final int current;
        private final Optional<QueueSnapshot> freshQueue;
        private final boolean queueStale;
        /** Age of the queue reading, fresh or stale; null when there was none. */
        private final Long queueAge;
        /** The marker the cooldowns count from: the fleet's, unless it is dated in the future. */
        private final Optional<LastChange> cooldownMarker;
        /** A marker dated more than {@link #MARKER_CLOCK_SKEW} in the future, set aside. */
        private final Optional<LastChange> futureMarker;
        private final Long secondsSinceLastChange;
        private Premise premise = Premise.FLEET;
        private Integer desiredBeforeBounds;
        /** What the backlog calls for before any cap; can exceed int for absurd backlogs. */
        private long needed;
        private long busyUnits;
        private Integer desired;
        private Bound bound = Bound.NONE;
        private int stepLimit;
        private Long cooldownRemaining;
        /** The throughput estimate, when the policy learns ({@code targetWaitSeconds}). */
        private final Optional<ThroughputEstimate> estimate;
        /** The backlog per unit in force: learnt, or the policy's. */
        private final long backlogPerUnit;
        /** What the FIFO queue's message groups cap the fleet at, when they do, and what says so. */
        private long groupCap;
        private Verdict.GroupCap groupCapKind = Verdict.GroupCap.NONE;
        /** Units the last period's deletions kept busy at the learnt pace, when they hold the fleet; else 0. */
        private long carryingUnits;
        /** Units that clear the backlog by the next reading, when they lowered the busy-unit floor; else 0. */
        private long clearingUnits;
        /** Seconds the scale-in cooldown had left when it did not hold idle units; else 0. */
        private long cooldownWaived;
        /** The CloudWatch numbers the static policy's load floor used, when it held the fleet. */
        private Optional<QueueMetrics> measured = Optional.empty();
        /** Seconds the keep-alive still holds the fleet's last unit, when it does; else 0. */
        private long keepAliveLeft;

        Evaluation(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy,
                ScalingPolicy.Scheduled scheduled, Instant now, Optional<ThroughputEstimate> estimate) {
            this.fleet = fleet;
            this.trigger = trigger;
            this.policy = policy;
            this.scheduled = scheduled;
            this.now = now;
            this.current = fleet.targetCapacity();
            Optional<QueueSnapshot> q = queue == null ? Optional.empty() : queue;
            this.queueAge = q.map(this::ageSeconds).orElse(null);
            this.queueStale = queueAge != null && queueAge > policy.maxQueueDataAgeSeconds();
            this.freshQueue = queueStale ? Optional.empty() : q;
            this.futureMarker = fleet.lastChange().filter(c -> c.at().isAfter(now.plus(MARKER_CLOCK_SKEW)));
            this.cooldownMarker = futureMarker.isPresent() ? Optional.empty() : fleet.lastChange();
            this.secondsSinceLastChange = cooldownMarker
                    .map(c -> Math.max(0, Duration.between(c.at(), now).getSeconds()))
                    .orElse(null);
            this.estimate = policy.targetWaitSeconds().isPresent() && estimate != null ? estimate : Optional.empty();
            this.backlogPerUnit = ScalingDecider.backlogPerUnit(policy, this.estimate);
        }

        private boolean learning() {
            return policy.targetWaitSeconds().isPresent();
        }

        /** CloudWatch's age of the oldest message, when the reading has it. */
        private Optional<Long> oldestAge(QueueSnapshot q) {
            return q.metrics().filter(m -> m.oldestAgeSeconds().isPresent())
                    .map(m -> m.oldestAgeSeconds().getAsLong());
        }

        /**
         * A start from zero rests on two readings that agree (the one stored on the target, taken before this
         * one, saw a backlog too), on a real age of the oldest message, or on a backlog no stray count reaches
         * ({@link #SELF_CONFIRMING_BACKLOG}): a stray count on an idle queue is one reading of a message or two,
         * a real message stays until a worker takes it.
         */
        private boolean confirmedFromZero(QueueSnapshot q) {
            boolean agrees = fleet.storedEstimate()
                    .filter(e -> e.lastReadAt().isBefore(q.readAt()) && e.lastCounted() >= policy.activationBacklog())
                    .isPresent();
            return agrees || oldestAge(q).filter(a -> a > 0).isPresent()
                    || q.counted(policy.includeDelayed()) >= SELF_CONFIRMING_BACKLOG;
        }

        /**
         * A paused target (its {@link FleetSnapshot#PAUSE_TAG} tag) is never changed: the rules still run, so
         * the decision reports the numbers and what they would have done.
         */
        Verdict run() {
            Verdict verdict = rules();
            return fleet.paused() ? verdict.paused() : verdict;
        }

        private Verdict rules() {
            if (fleet.notScalableReason().isPresent()) {
                return none(ReasonCode.FLEET_NOT_SCALABLE);
            }
            if (fleet.lastChange().map(c -> trigger.isRepeatOf(c.triggerId())).orElse(false)) {
                return none(ReasonCode.DUPLICATE_TRIGGER);
            }
            if (current < policy.minCapacity()) {
                desired = policy.minCapacity();
                return change(ScaleAction.SCALE_OUT, policy.minCapacity(), minFromWindow()
                        ? ReasonCode.SCHEDULED_MIN : ReasonCode.RAISE_TO_MIN);
            }
            if (current > policy.maxCapacity()) {
                if (maxFromWindow()) {
                    // As a scheduled action does: the window's maximum applies when it opens.
                    premise = Premise.ABOVE_MAX;
                    desired = policy.maxCapacity();
                    return change(ScaleAction.SCALE_IN, policy.maxCapacity(), ReasonCode.SCHEDULED_MAX);
                }
                return lowerToMax();
            }
            return policy.mode() == ScalingMode.STEP ? step() : targetTracking();
        }

        /** Whether an open window set the minimum in force (a target's own tighter minimum does not count). */
        private boolean minFromWindow() {
            return scheduled.minWindow().isPresent() && scheduled.policy().minCapacity() == policy.minCapacity();
        }

        private boolean maxFromWindow() {
            return scheduled.maxWindow().isPresent() && scheduled.policy().maxCapacity() == policy.maxCapacity();
        }

        /**
         * A fleet above the maximum (a lowered maxCapacity, or a change made outside the autoscaler)
         * comes down as any scale-in does: not while scale-in is disabled or the scale-in cooldown runs,
         * at most maxScaleInStep units per decision. The tolerance does not apply: it damps a desired
         * capacity that moves with the backlog, and a fleet a few units above a fixed maximum would
         * otherwise stay there. applyMaxImmediately lowers it to the maximum at once.
         */
        private Verdict lowerToMax() {
            premise = Premise.ABOVE_MAX;
            desired = policy.maxCapacity();
            if (policy.applyMaxImmediately()) {
                return change(ScaleAction.SCALE_IN, policy.maxCapacity(), ReasonCode.LOWER_TO_MAX);
            }
            if (policy.disableScaleIn()) {
                return none(ReasonCode.SCALE_IN_DISABLED);
            }
            if (inScaleInCooldown()) {
                return none(ReasonCode.SCALE_IN_COOLDOWN);
            }
            return change(ScaleAction.SCALE_IN, limitIn(policy.maxCapacity()), ReasonCode.LOWER_TO_MAX);
        }

        private Verdict targetTracking() {
            premise = Premise.QUEUE;
            if (freshQueue.isEmpty()) {
                if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                    premise = Premise.SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA;
                    return stepOut(ReasonCode.ALARM_WITHOUT_QUEUE_DATA);
                }
                return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA);
            }
            QueueSnapshot q = freshQueue.get();
            long counted = q.counted(policy.includeDelayed());
            if (current == 0 && counted < policy.activationBacklog()) {
                desiredBeforeBounds = 0;
                desired = Math.max(0, policy.minCapacity());
                return none(ReasonCode.BELOW_ACTIVATION);
            }
            if (current == 0 && learning() && !confirmedFromZero(q)) {
                desiredBeforeBounds = 0;
                desired = Math.max(0, policy.minCapacity());
                return none(ReasonCode.UNCONFIRMED_FROM_ZERO);
            }
            needed = ceilDiv(counted, backlogPerUnit);
            long floored = needed;
            long busy = busyUnits(q);
            if (busy > needed) {
                // Units that are busy with in-flight messages stay: a drained queue whose workers are all
                // busy does not mean the work is done (otherwise the fleet collapses each time the queue
                // empties and has to scale out again). Capped at what runs and what is asked for, the
                // floor only ever holds capacity, never adds it.
                busyUnits = busy;
                floored = busy;
                floored = clearingBy(q, needed, floored);
            }
            floored = carrying(q, floored);
            floored = measuredLoad(q, floored);
            floored = fifoCapped(q, floored);
            floored = keptAlive(q, floored);
            aim(floored);
            if (desired <= current && learning() && groupCap == 0 && tooOld(q)) {
                // Little's law: the count looks served at the estimated pace, but the oldest message says the
                // units are slower than that (or stuck); add a quarter, at least one unit.
                long more = Math.max(1, ceilDiv(current, 4));
                aim(Math.max(floored, (long) current + more));
                if (desired > current) {
                    if (inScaleOutCooldown()) {
                        return none(ReasonCode.SCALE_OUT_COOLDOWN);
                    }
                    return change(ScaleAction.SCALE_OUT, limitOut(desired), ReasonCode.OLDEST_MESSAGE_TOO_OLD);
                }
            }
            if (desired > current) {
                if (inScaleOutCooldown()) {
                    return none(ReasonCode.SCALE_OUT_COOLDOWN);
                }
                return change(ScaleAction.SCALE_OUT, limitOut(desired), ReasonCode.BACKLOG_NEEDS_MORE);
            }
            if (desired < current) {
                if (policy.disableScaleIn()) {
                    return none(ReasonCode.SCALE_IN_DISABLED);
                }
                if (!belowTolerance(desired)) {
                    return none(ReasonCode.WITHIN_TOLERANCE);
                }
                if (idleAfterScaleIn(q) && secondsSinceLastChange != null) {
                    cooldownWaived = Math.max(0, policy.scaleInCooldownSeconds() - secondsSinceLastChange);
                } else if (inScaleInCooldown()) {
                    return none(ReasonCode.SCALE_IN_COOLDOWN);
                }
                return change(ScaleAction.SCALE_IN, limitIn(desired), ReasonCode.BACKLOG_NEEDS_LESS);
            }
            if (keepAliveLeft > 0) {
                return none(ReasonCode.KEEP_ALIVE);
            }
            return none(switch (bound) {
                case CAPPED_AT_MAX -> ReasonCode.AT_MAX;
                case RAISED_TO_MIN -> ReasonCode.AT_MIN;
                case NONE -> ReasonCode.AT_DESIRED;
            });
        }

        /**
         * With {@code targetWaitSeconds} and drains, the busy-unit floor holds no more units than clear the counted
         * backlog and what arrives meanwhile, at the learnt pace, by the next reading ({@link #READING_SECONDS}): a
         * fleet about to run the queue dry would otherwise stay whole until that reading and idle for the rest of it
         * (a burst's 60 units done 30 s after a reading: half a unit-hour). A unit that leaves finishes its message
         * first; the load floor still applies after this. With messages longer than the interval it never lowers
         * the floor. See {@link #arrivalsPerSecond} for what arrives.
         */
        private long clearingBy(QueueSnapshot q, long needed, long busy) {
            if (!learning() || policy.scaleIn() != ScaleInMode.DRAIN
                    || estimate.filter(ThroughputEstimate::learnt).isEmpty()) {
                return busy;
            }
            double rate = estimate.get().messagesPerUnitSecond();
            long counted = q.counted(policy.includeDelayed());
            double arrivals = arrivalsPerSecond(q, busy, rate, counted);
            long clearing = (long) Math.ceil(((double) counted / READING_SECONDS + arrivals) / rate);
            if (clearing >= busy) {
                return busy;
            }
            clearingUnits = Math.max(needed, clearing);
            return clearingUnits;
        }

        /**
         * Messages arriving per second: CloudWatch's messages sent in its last period; without CloudWatch's metrics,
         * the busy units' work at the learnt pace less how fast the backlog fell since the reading stored before,
         * when that was 30 s to 150 s ago with about the same busy units (a steady queue does not fall, so its
         * arrivals are the busy units' work and the floor holds them all); without either, none. SQS publishes no
         * metrics only for a queue that was idle for six hours: what it holds then is a burst that came after that.
         */
        private double arrivalsPerSecond(QueueSnapshot q, long busy, double rate, long counted) {
            Optional<QueueMetrics> m = q.metrics().filter(x -> x.sent().isPresent());
            if (m.isPresent()) {
                return (double) m.get().sent().getAsLong() / m.get().periodSeconds();
            }
            Optional<ThroughputEstimate> before = fleet.storedEstimate()
                    .filter(e -> e.lastReadAt().isBefore(q.readAt()));
            if (before.isEmpty()) {
                return 0;
            }
            long seconds = Duration.between(before.get().lastReadAt(), q.readAt()).getSeconds();
            double busyBefore = before.get().lastBusyUnits();
            if (seconds < READING_SECONDS / 2 || seconds > 2 * READING_SECONDS + READING_SECONDS / 2
                    || Math.abs(busyBefore - busy) > Math.max(1, ThroughputEstimator.STABLE_BUSY * busy)) {
                return 0;
            }
            double fell = (before.get().lastCounted() - counted) / (double) seconds;
            return Math.max(0, busy * rate - fell);
        }

        /**
         * With {@code targetWaitSeconds}, the scale-in cooldown does not hold units that the last change, a scale-in,
         * kept for messages then in flight once a reading finds the queue empty, nothing visible and nothing in
         * flight: those messages are done, every unit above what the floors still hold (the keep-alive, the load
         * floor) is idle, and the cooldown, which waits to see a scale-in's effect on the backlog, would only bill
         * them for its length. (A burst worked off leaves the units busy at the reading that found the queue empty;
         * their messages take seconds.)
         */
        private boolean idleAfterScaleIn(QueueSnapshot q) {
            return learning() && q.visible() == 0 && (!policy.includeDelayed() || q.delayed() == 0)
                    && cooldownMarker.filter(c -> c.action() == ScaleAction.SCALE_IN).isPresent();
        }

        /**
         * The oldest message has waited longer than the target while a visible backlog of at least one message
         * per unit waits and no capacity is on its way (a lone poison message does not scale the fleet out).
         */
        private boolean tooOld(QueueSnapshot q) {
            long target = policy.targetWaitSeconds().orElse(Long.MAX_VALUE);
            return oldestAge(q).filter(a -> a > target).isPresent() && q.visible() >= Math.max(1, current)
                    && fleet.pendingCapacity() == 0;
        }

        /**
         * A FIFO queue serves each message group one message at a time: when units stand idle while messages
         * wait, every group with work is already in flight, and more units than those groups keep busy would
         * only idle ({@code ApproximateNumberOfGroupsWithInflightMessages}).
         */
        private long fifoCapped(QueueSnapshot q, long units) {
            Optional<QueueMetrics> m = q.metrics().filter(QueueMetrics::fifo)
                    .filter(x -> x.groupsInFlight().isPresent());
            if (!learning() || m.isEmpty() || q.visible() == 0) {
                return units;
            }
            long perUnit = Math.max(1, policy.inFlightPerUnit());
            long inFlightGroups = Math.max(1, ceilDiv(m.get().groupsInFlight().getAsLong(), perUnit));
            java.util.OptionalLong proven = ThroughputEstimator.provenGroupCap(fleet, q, policy.inFlightPerUnit());
            Optional<ThroughputEstimate> remembered = estimate.filter(e -> e.groupCap() > 0
                    && e.groupCapAt().filter(at -> at.plus(FIFO_RECHECK).isAfter(now)).isPresent());
            long cap;
            Verdict.GroupCap kind;
            if (proven.isPresent()) {
                cap = proven.getAsLong();
                kind = Verdict.GroupCap.SEEN;
            } else if (remembered.isPresent()) {
                cap = Math.max(remembered.get().groupCap(), inFlightGroups);
                kind = Verdict.GroupCap.REMEMBERED;
            } else {
                // Every unit is busy and no reading tells how many groups wait: grow, but by at most twice the
                // groups in flight, so that a queue with few groups idles few units finding it out.
                cap = Math.max(current, 2 * inFlightGroups);
                kind = Verdict.GroupCap.PROBE;
            }
            if (units > cap) {
                groupCap = cap;
                groupCapKind = kind;
                return cap;
            }
            return units;
        }

        /**
         * The load floor: with a usable estimate, a scale-in goes no lower than the units that CloudWatch's last
         * period of messages sent needs at the learnt pace (capped at what the fleet asks for: it only holds
         * capacity, never adds it). The busy-unit floor counts the messages in flight at one instant, and a queue
         * that has just emptied shows some units between messages: sized to that, the fleet falls below the load,
         * the queue builds up again and the fleet climbs back, a limit cycle of a few units round the load. The
         * messages sent are the load itself, over a minute; after a burst they fall at once, so a fleet that
         * drained a backlog still comes down.
         */
        private long carrying(QueueSnapshot q, long units) {
            if (!learning() || units >= current || estimate.filter(ScalingDecider::usable).isEmpty()) {
                return units;
            }
            Optional<QueueMetrics> m = q.metrics().filter(x -> x.sent().isPresent());
            if (m.isEmpty()) {
                return units;
            }
            double rate = estimate.get().messagesPerUnitSecond();
            long load = Math.round(m.get().sent().getAsLong() / (rate * m.get().periodSeconds()));
            long held = Math.min(load, current);
            if (held > units) {
                carryingUnits = held;
                return held;
            }
            return units;
        }

        /**
         * The static policy's load floor (no {@code targetWaitSeconds}, so no learnt pace): a scale-in goes no lower
         * than the units that CloudWatch's last minute of messages sent needs at the pace measured over its last
         * published minutes ({@link QueueMetrics.Window#secondsInFlight()}, Little's law), capped at what the fleet
         * asks for: it only holds capacity, never adds it. Without it the busy-unit floor sizes the fleet to one
         * instant's in-flight count when the queue reads empty, below a steady load, and the fleet cycles round it
         * (a bursty-spikes fleet went 3 -> 1 -> 2 -> 3). The messages sent fall at once when the load goes, so an
         * idle fleet still comes down to its minimum; on a FIFO queue the groups in flight bound it, and so does the
         * instant's in-flight count, loosely (CloudWatch's minute lags the end of a surge). Read only when the counts
         * alone would scale in ({@link #scalesInOnCounts}).
         */
        private long measuredLoad(QueueSnapshot q, long units) {
            if (learning() || units >= current || policy.inFlightPerUnit() == 0) {
                return units;
            }
            Optional<QueueMetrics> m = q.metrics().filter(x -> x.sent().isPresent() && x.window().isPresent());
            if (m.isEmpty() || m.get().window().get().secondsInFlight().isEmpty()) {
                return units;
            }
            double secondsInFlight = m.get().window().get().secondsInFlight().getAsDouble();
            double inFlight = m.get().sent().getAsLong() * secondsInFlight / m.get().periodSeconds();
            double plausible = plausibleInFlight(q.inFlight());
            long load = Math.round(Math.min(inFlight, plausible) / policy.inFlightPerUnit());
            if (m.get().fifo() && m.get().groupsInFlight().isPresent()) {
                // A FIFO queue serves a message group one message at a time: the groups in flight bound the units
                // its load can keep busy, however many messages were sent (one group's backlog waits in line). The
                // count is sampled at one instant, which may fall between two messages: a load keeps one unit.
                load = Math.min(load, Math.max(1, ceilDiv(m.get().groupsInFlight().getAsLong(),
                        policy.inFlightPerUnit())));
            }
            long held = Math.min(load, current);
            if (held > units) {
                carryingUnits = held;
                measured = m;
                return held;
            }
            return units;
        }

        /**
         * The keep-alive: with {@code targetWaitSeconds} and a minimum of zero, the fleet's last unit stays until
         * the queue has been quiet for {@code scaleInCooldownSeconds}, counted from the first reading that found
         * it empty ({@link ThroughputEstimate#quietSince}), so each message seen starts the wait again; a fixed
         * timer from the last change would drop the unit while messages still trickle in, and each of them would
         * then wait for a launch. Units above the last one go as the backlog says.
         */
        private long keptAlive(QueueSnapshot q, long units) {
            if (!learning() || units > 0 || current == 0 || estimate.isEmpty()) {
                return units;
            }
            ThroughputEstimate e = estimate.get();
            Optional<Instant> quiet = e.lastReadAt().isBefore(q.readAt())
                    ? ThroughputEstimator.quietSince(e, q)
                    : e.quietSince();
            long left = quiet.map(t -> policy.scaleInCooldownSeconds()
                    - Math.max(0, Duration.between(t, now).getSeconds())).orElse(0L);
            if (left <= 0) {
                return units;
            }
            keepAliveLeft = left;
            return 1;
        }

        private Verdict step() {
            if (trigger.isAlarm(policy.scaleOutAlarmName())) {
                premise = Premise.SCALE_OUT_ALARM;
                return stepOut(ReasonCode.STEP_OUT_ON_ALARM);
            }
            if (trigger.isAlarm(policy.scaleInAlarmName())) {
                premise = Premise.SCALE_IN_ALARM;
                if (freshQueue.isEmpty()) {
                    return none(queueStale ? ReasonCode.STALE_QUEUE_DATA : ReasonCode.NO_QUEUE_DATA);
                }
                aim(Math.max((long) current - policy.stepSize(), 0));
                if (desired >= current) {
                    return none(ReasonCode.AT_MIN);
                }
                if (policy.disableScaleIn()) {
                    return none(ReasonCode.SCALE_IN_DISABLED);
                }
                if (inScaleInCooldown()) {
                    return none(ReasonCode.SCALE_IN_COOLDOWN);
                }
                return change(ScaleAction.SCALE_IN, limitIn(desired), ReasonCode.STEP_IN_ON_ALARM);
            }
            premise = Premise.OTHER_TRIGGER;
            return none(ReasonCode.NOT_A_SCALING_ALARM);
        }

        /**
         * Adds one step for an alarm; shared by step mode and the no-data fallback of target tracking.
         * An alarm says nothing about capacity already on its way, so while units are still being
         * fulfilled another step would answer the same backlog twice.
         */
        private Verdict stepOut(ReasonCode code) {
            if (fleet.pendingCapacity() > 0) {
                return none(ReasonCode.FULFILLING);
            }
            aim(Math.min((long) current + policy.stepSize(), ScalingPolicy.CAPACITY_LIMIT));
            if (desired <= current) {
                return none(ReasonCode.AT_MAX);
            }
            if (inScaleOutCooldown()) {
                return none(ReasonCode.SCALE_OUT_COOLDOWN);
            }
            return change(ScaleAction.SCALE_OUT, limitOut(desired), code);
        }

        /** Sets the desired capacity from the units the mode calls for, within the bounds, and which bound applied. */
        private void aim(long units) {
            desiredBeforeBounds = (int) Math.min(units, ScalingPolicy.CAPACITY_LIMIT);
            desired = Math.max(policy.minCapacity(), Math.min(policy.maxCapacity(), desiredBeforeBounds));
            bound = units > policy.maxCapacity() ? Bound.CAPPED_AT_MAX
                    : units < policy.minCapacity() ? Bound.RAISED_TO_MIN : Bound.NONE;
        }

        private boolean inScaleOutCooldown() {
            Optional<LastChange> last = cooldownMarker;
            if (last.isEmpty() || last.get().action() != ScaleAction.SCALE_OUT) {
                return false;
            }
            return remaining(policy.scaleOutCooldownSeconds());
        }

        private boolean inScaleInCooldown() {
            return cooldownMarker.isPresent() && remaining(policy.scaleInCooldownSeconds());
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
            return limited(target, policy.maxScaleOutStep() > 0
                    ? (int) Math.min(target, (long) current + policy.maxScaleOutStep()) : target,
                    policy.maxScaleOutStep());
        }

        private int limitIn(int target) {
            return limited(target, policy.maxScaleInStep() > 0
                    ? (int) Math.max(target, (long) current - policy.maxScaleInStep()) : target,
                    policy.maxScaleInStep());
        }

        /** Records the step limit when it cut the change short of its target. */
        private int limited(int target, int to, int limit) {
            stepLimit = to != target ? limit : 0;
            return to;
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

        private Verdict change(ScaleAction action, int to, ReasonCode code) {
            // EC2 refuses a target below the on-demand part, so a fleet's own on-demand part comes down with it.
            Optional<Integer> onDemand = policy.onDemandTargetCapacity().map(od -> Math.min(od, to))
                    .or(() -> fleet.onDemandTargetCapacity() > to ? Optional.of(to) : Optional.empty());
            return verdict(action, to, onDemand, code);
        }

        private Verdict none(ReasonCode code) {
            return verdict(ScaleAction.NONE, current, Optional.empty(), code);
        }

        private Verdict verdict(ScaleAction action, int to, Optional<Integer> onDemand, ReasonCode code) {
            return new Verdict(action, to, onDemand, code, premise, fleet, trigger, policy, basis(), queueStale,
                    needed, busyUnits, bound, stepLimit, futureMarker, now,
                    minFromWindow() ? scheduled.minWindow() : Optional.empty(),
                    maxFromWindow() ? scheduled.maxWindow() : Optional.empty(), Optional.empty(), estimate,
                    groupCap, groupCapKind, carryingUnits, keepAliveLeft, clearingUnits, cooldownWaived, measured);
        }

        private DecisionBasis basis() {
            QueueSnapshot q = freshQueue.orElse(null);
            return new DecisionBasis(policy.mode(),
                    q == null ? null : q.visible(),
                    q == null ? null : q.inFlight(),
                    q == null ? null : q.delayed(),
                    q == null ? null : q.counted(policy.includeDelayed()),
                    queueAge,
                    backlogPerUnit, desiredBeforeBounds, desired, current, fleet.fulfilledCapacity(),
                    policy.minCapacity(), policy.maxCapacity(), secondsSinceLastChange, cooldownRemaining,
                    estimate.filter(ThroughputEstimate::learnt).map(ThroughputEstimate::messagesPerUnitSecond)
                            .orElse(null),
                    estimate.map(ThroughputEstimate::observations).orElse(null),
                    q == null ? null : oldestAge(q).orElse(null));
        }

        private long ageSeconds(QueueSnapshot q) {
            return Math.max(0, Duration.between(q.readAt(), now).getSeconds());
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
