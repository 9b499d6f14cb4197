package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-fleet scaling configuration. Built with {@link #builder()}; every field has a documented
 * default, and the constructor rejects inconsistent values with an {@link InvalidInput} naming
 * the field. The bounds' defaults serve the core's own callers (tests, the simulator); an input's
 * policy must give minCapacity and maxCapacity itself ({@code wire.PolicyFields}).
 *
 * @param mode                            target-tracking (default) or step
 * @param minCapacity                     lower bound in capacity units; 0 allows scaling to zero
 * @param maxCapacity                     upper bound in capacity units
 * @param backlogPerUnit                  messages one capacity unit should have in its backlog
 *                                        (acceptable wait / processing time per message)
 * @param inFlightPerUnit                 messages one capacity unit works on at once (its worker
 *                                        concurrency): target tracking never scales in below the units
 *                                        the in-flight messages keep busy; 0 turns this floor off
 * @param includeDelayed                  count delayed messages as backlog
 * @param activationBacklog               messages needed before scaling up from zero
 * @param scaleOutCooldownSeconds         after a scale-out, no further scale-out for this long
 * @param scaleInCooldownSeconds          after any change, no scale-in for this long
 * @param maxScaleOutStep                 most units added by one decision; 0 means no limit
 * @param maxScaleInStep                  most units removed by one decision; 0 means no limit
 * @param scaleInTolerance                scale in only when desired is below current by more than
 *                                        this fraction of current (0 to 1)
 * @param stepSize                        units added or removed per alarm in step mode
 * @param scaleOutAlarmName               the alarm that means "too much backlog"
 * @param scaleInAlarmName                the alarm that means "too little backlog"
 * @param disableScaleIn                  never scale in (capacity only grows)
 * @param onDemandTargetCapacity          on-demand part of the target, capped at the target
 * @param excessCapacityTerminationPolicy what EC2 does with instances above a lowered target
 * @param maxQueueDataAgeSeconds          queue data older than this counts as missing
 * @param applyMaxImmediately             a fleet above maxCapacity is lowered to it at once; otherwise it
 *                                        comes down as any scale-in does (scale-in cooldown, maxScaleInStep,
 *                                        disableScaleIn)
 * @param schedules                       scheduled capacity windows: while one is open its minimum and maximum
 *                                        narrow the bounds ({@link #at(Instant)}); each within the policy's bounds
 * @param scaleIn                         how a scale-in removes capacity: drain the instances that leave, then
 *                                        terminate exactly those (drain, the default: it waits only for workers
 *                                        that announced the worker contract, docs/workers.md), or lower the
 *                                        target and let AWS pick (terminate)
 * @param drainTimeoutSeconds             how long a drain waits for its instances' workers to report idle before
 *                                        terminating them anyway, whole seconds 1 to {@value #DRAIN_TIMEOUT_LIMIT}
 * @param drainCheckSeconds               the longest wait before a drain looks again at its instances (the
 *                                        workflow's WaitForDrain: 1 s after the start, then as long as the drain
 *                                        has run, up to this), whole seconds 1 to {@value #DRAIN_CHECK_LIMIT}
 */
public record ScalingPolicy(
        ScalingMode mode,
        int minCapacity,
        int maxCapacity,
        long backlogPerUnit,
        int inFlightPerUnit,
        boolean includeDelayed,
        long activationBacklog,
        long scaleOutCooldownSeconds,
        long scaleInCooldownSeconds,
        int maxScaleOutStep,
        int maxScaleInStep,
        double scaleInTolerance,
        int stepSize,
        Optional<String> scaleOutAlarmName,
        Optional<String> scaleInAlarmName,
        boolean disableScaleIn,
        Optional<Integer> onDemandTargetCapacity,
        ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy,
        long maxQueueDataAgeSeconds,
        boolean applyMaxImmediately,
        List<ScheduleWindow> schedules,
        Optional<Long> targetWaitSeconds,
        ScaleInMode scaleIn,
        long drainTimeoutSeconds,
        long drainCheckSeconds) {

    /** Largest capacity we accept: far above any real fleet, far below int overflow. */
    public static final int CAPACITY_LIMIT = 100_000;

    /** Longest wait between two looks at a drain: a Step Functions Wait longer than this only delays it. */
    public static final int DRAIN_CHECK_LIMIT = 300;

    /**
     * Longest drainTimeoutSeconds: a drain that waits its whole timeout still ends in the execution that started it
     * (the state machine's TimeoutSeconds, {@value #EXECUTION_TIMEOUT_SECONDS}): with one more wait of at most
     * {@value #DRAIN_CHECK_LIMIT} s before the check that sees it, and 300 s for the read, decide, start, finish and
     * notify steps around it. A drain longer than its execution would be left to the next one (the stale-drain rule).
     */
    public static final int DRAIN_TIMEOUT_LIMIT = 3000;

    /** The state machine's TimeoutSeconds (statemachine/autoscaler.asl.json; DefinitionTest holds them equal). */
    public static final int EXECUTION_TIMEOUT_SECONDS = 3600;

    public ScalingPolicy {
        if (mode == null) {
            throw new InvalidInput("policy.mode", "must be target-tracking or step");
        }
        Validation.requireNonNegative("policy.minCapacity", minCapacity);
        Validation.requireNonNegative("policy.maxCapacity", maxCapacity);
        if (maxCapacity > CAPACITY_LIMIT) {
            throw new InvalidInput("policy.maxCapacity", "must be at most " + CAPACITY_LIMIT + "; got " + maxCapacity);
        }
        if (minCapacity > maxCapacity) {
            throw new InvalidInput("policy.minCapacity",
                    "must not exceed policy.maxCapacity (" + minCapacity + " > " + maxCapacity + ")");
        }
        Validation.requirePositive("policy.backlogPerUnit", backlogPerUnit);
        Validation.requireNonNegative("policy.inFlightPerUnit", inFlightPerUnit);
        Validation.requireNonNegative("policy.activationBacklog", activationBacklog);
        Validation.requireNonNegative("policy.scaleOutCooldownSeconds", scaleOutCooldownSeconds);
        Validation.requireNonNegative("policy.scaleInCooldownSeconds", scaleInCooldownSeconds);
        Validation.requireNonNegative("policy.maxScaleOutStep", maxScaleOutStep);
        Validation.requireNonNegative("policy.maxScaleInStep", maxScaleInStep);
        if (!(scaleInTolerance >= 0 && scaleInTolerance < 1)) {
            throw new InvalidInput("policy.scaleInTolerance", "must be at least 0 and below 1; got " + scaleInTolerance);
        }
        Validation.requirePositive("policy.stepSize", stepSize);
        scaleOutAlarmName = scaleOutAlarmName == null ? Optional.empty() : scaleOutAlarmName.filter(s -> !s.isBlank());
        scaleInAlarmName = scaleInAlarmName == null ? Optional.empty() : scaleInAlarmName.filter(s -> !s.isBlank());
        if (scaleOutAlarmName.isPresent() && scaleOutAlarmName.equals(scaleInAlarmName)) {
            throw new InvalidInput("policy.scaleInAlarmName", "must differ from policy.scaleOutAlarmName ('"
                    + scaleOutAlarmName.get() + "'): one alarm cannot mean both too much and too little backlog");
        }
        onDemandTargetCapacity = onDemandTargetCapacity == null ? Optional.empty() : onDemandTargetCapacity;
        if (onDemandTargetCapacity.isPresent()) {
            int onDemand = onDemandTargetCapacity.get();
            Validation.requireNonNegative("policy.onDemandTargetCapacity", onDemand);
            if (onDemand > maxCapacity) {
                throw new InvalidInput("policy.onDemandTargetCapacity",
                        "must not exceed policy.maxCapacity (" + onDemand + " > " + maxCapacity + ")");
            }
        }
        if (excessCapacityTerminationPolicy == null) {
            throw new InvalidInput("policy.excessCapacityTerminationPolicy", "must be default or noTermination");
        }
        Validation.requirePositive("policy.maxQueueDataAgeSeconds", maxQueueDataAgeSeconds);
        if (mode == ScalingMode.STEP && scaleOutAlarmName.isEmpty() && scaleInAlarmName.isEmpty()) {
            throw new InvalidInput("policy.scaleOutAlarmName",
                    "step mode needs scaleOutAlarmName or scaleInAlarmName to know which alarm means what");
        }
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        if (scaleIn == null) {
            throw new InvalidInput("policy.scaleIn", "must be drain or terminate");
        }
        if (drainTimeoutSeconds < 1 || drainTimeoutSeconds > DRAIN_TIMEOUT_LIMIT) {
            throw new InvalidInput("policy.drainTimeoutSeconds", "must be whole seconds from 1 to " + DRAIN_TIMEOUT_LIMIT
                    + " (a drain ends within the execution that started it, which Step Functions stops after "
                    + EXECUTION_TIMEOUT_SECONDS + " s); got " + drainTimeoutSeconds);
        }
        if (drainCheckSeconds < 1 || drainCheckSeconds > DRAIN_CHECK_LIMIT) {
            throw new InvalidInput("policy.drainCheckSeconds", "must be whole seconds from 1 to " + DRAIN_CHECK_LIMIT
                    + "; got " + drainCheckSeconds);
        }
        for (int i = 0; i < schedules.size(); i++) {
            ScheduleWindow w = schedules.get(i);
            String at = "policy.schedules[" + i + "].";
            if (w.minCapacity().filter(n -> n > maxCapacity).isPresent()) {
                throw new InvalidInput(at + "minCapacity", "must not exceed policy.maxCapacity ("
                        + w.minCapacity().get() + " > " + maxCapacity + "): a window narrows the policy's bounds");
            }
            if (w.maxCapacity().filter(n -> n < minCapacity).isPresent()) {
                throw new InvalidInput(at + "maxCapacity", "must be at least policy.minCapacity ("
                        + w.maxCapacity().get() + " < " + minCapacity + "): a window narrows the policy's bounds");
            }
        }
        targetWaitSeconds = targetWaitSeconds == null ? Optional.empty() : targetWaitSeconds;
        targetWaitSeconds.ifPresent(v -> Validation.requirePositive("policy.targetWaitSeconds", v));
    }

    /**
     * The bounds at {@code now}, with the windows open then: the highest of their minimums and the
     * lowest of their maximums, each only where it narrows the policy's; where the two cross, the
     * maximum holds.
     *
     * @param policy    this policy with those bounds (and without windows)
     * @param minWindow the open window that sets the minimum, when one raises it
     * @param maxWindow the open window that sets the maximum, when one lowers it
     */
    public record Scheduled(ScalingPolicy policy, Optional<ScheduleWindow> minWindow,
            Optional<ScheduleWindow> maxWindow) {
    }

    /** This policy's bounds at {@code now}, narrowed by the windows open then ({@link Scheduled}). */
    public Scheduled at(Instant now) {
        ScheduleWindow minWindow = null;
        ScheduleWindow maxWindow = null;
        int min = minCapacity;
        int max = maxCapacity;
        for (ScheduleWindow w : schedules) {
            if (!w.isOpen(now)) {
                continue;
            }
            if (w.minCapacity().filter(n -> n > minCapacity).isPresent() && (minWindow == null
                    || w.minCapacity().get() > minWindow.minCapacity().get())) {
                minWindow = w;
            }
            if (w.maxCapacity().filter(n -> n < maxCapacity).isPresent() && (maxWindow == null
                    || w.maxCapacity().get() < maxWindow.maxCapacity().get())) {
                maxWindow = w;
            }
        }
        if (minWindow == null && maxWindow == null) {
            return new Scheduled(this, Optional.empty(), Optional.empty());
        }
        if (maxWindow != null) {
            max = maxWindow.maxCapacity().get();
        }
        if (minWindow != null) {
            min = Math.min(minWindow.minCapacity().get(), max);
            if (min <= minCapacity) {
                min = minCapacity;
                minWindow = null;
            }
        }
        int cap = max;
        ScalingPolicy narrowed = toBuilder().minCapacity(min).maxCapacity(max).schedules(List.of())
                .onDemandTargetCapacity(onDemandTargetCapacity.map(n -> Math.min(n, cap)).orElse(null)).build();
        return new Scheduled(narrowed, Optional.ofNullable(minWindow), Optional.ofNullable(maxWindow));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The defaults, with every field settable; {@link #build()} validates. */
    public static final class Builder {
        private ScalingMode mode = ScalingMode.TARGET_TRACKING;
        private int minCapacity = 1;
        private int maxCapacity = 10;
        private long backlogPerUnit = 100;
        private int inFlightPerUnit = 1;
        private boolean includeDelayed = false;
        private long activationBacklog = 1;
        private long scaleOutCooldownSeconds = 60;
        private long scaleInCooldownSeconds = 120;
        private int maxScaleOutStep = 0;
        private int maxScaleInStep = 0;
        private double scaleInTolerance = 0.05;
        private int stepSize = 1;
        private Optional<String> scaleOutAlarmName = Optional.empty();
        private Optional<String> scaleInAlarmName = Optional.empty();
        private boolean disableScaleIn = false;
        private Optional<Integer> onDemandTargetCapacity = Optional.empty();
        private ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy = ExcessCapacityTerminationPolicy.DEFAULT;
        private long maxQueueDataAgeSeconds = 300;
        private boolean applyMaxImmediately = false;
        private List<ScheduleWindow> schedules = List.of();
        private Optional<Long> targetWaitSeconds = Optional.empty();
        private ScaleInMode scaleIn = ScaleInMode.DRAIN;
        private long drainTimeoutSeconds = 900;
        private long drainCheckSeconds = 5;

        private Builder() {
        }

        private Builder(ScalingPolicy p) {
            mode = p.mode;
            minCapacity = p.minCapacity;
            maxCapacity = p.maxCapacity;
            backlogPerUnit = p.backlogPerUnit;
            inFlightPerUnit = p.inFlightPerUnit;
            includeDelayed = p.includeDelayed;
            activationBacklog = p.activationBacklog;
            scaleOutCooldownSeconds = p.scaleOutCooldownSeconds;
            scaleInCooldownSeconds = p.scaleInCooldownSeconds;
            maxScaleOutStep = p.maxScaleOutStep;
            maxScaleInStep = p.maxScaleInStep;
            scaleInTolerance = p.scaleInTolerance;
            stepSize = p.stepSize;
            scaleOutAlarmName = p.scaleOutAlarmName;
            scaleInAlarmName = p.scaleInAlarmName;
            disableScaleIn = p.disableScaleIn;
            onDemandTargetCapacity = p.onDemandTargetCapacity;
            excessCapacityTerminationPolicy = p.excessCapacityTerminationPolicy;
            maxQueueDataAgeSeconds = p.maxQueueDataAgeSeconds;
            applyMaxImmediately = p.applyMaxImmediately;
            schedules = p.schedules;
            targetWaitSeconds = p.targetWaitSeconds;
            scaleIn = p.scaleIn;
            drainTimeoutSeconds = p.drainTimeoutSeconds;
            drainCheckSeconds = p.drainCheckSeconds;
        }

        public Builder mode(ScalingMode v) { mode = v; return this; }
        public Builder minCapacity(int v) { minCapacity = v; return this; }
        public Builder maxCapacity(int v) { maxCapacity = v; return this; }
        public Builder backlogPerUnit(long v) { backlogPerUnit = v; return this; }
        public Builder inFlightPerUnit(int v) { inFlightPerUnit = v; return this; }
        public Builder includeDelayed(boolean v) { includeDelayed = v; return this; }
        public Builder activationBacklog(long v) { activationBacklog = v; return this; }
        public Builder scaleOutCooldownSeconds(long v) { scaleOutCooldownSeconds = v; return this; }
        public Builder scaleInCooldownSeconds(long v) { scaleInCooldownSeconds = v; return this; }
        public Builder maxScaleOutStep(int v) { maxScaleOutStep = v; return this; }
        public Builder maxScaleInStep(int v) { maxScaleInStep = v; return this; }
        public Builder scaleInTolerance(double v) { scaleInTolerance = v; return this; }
        public Builder stepSize(int v) { stepSize = v; return this; }
        public Builder scaleOutAlarmName(String v) { scaleOutAlarmName = Optional.ofNullable(v); return this; }
        public Builder scaleInAlarmName(String v) { scaleInAlarmName = Optional.ofNullable(v); return this; }
        public Builder disableScaleIn(boolean v) { disableScaleIn = v; return this; }
        public Builder onDemandTargetCapacity(Integer v) { onDemandTargetCapacity = Optional.ofNullable(v); return this; }
        public Builder excessCapacityTerminationPolicy(ExcessCapacityTerminationPolicy v) { excessCapacityTerminationPolicy = v; return this; }
        public Builder maxQueueDataAgeSeconds(long v) { maxQueueDataAgeSeconds = v; return this; }
        public Builder applyMaxImmediately(boolean v) { applyMaxImmediately = v; return this; }
        public Builder schedules(List<ScheduleWindow> v) { schedules = v; return this; }
        public Builder targetWaitSeconds(Long v) { targetWaitSeconds = Optional.ofNullable(v); return this; }
        public Builder scaleIn(ScaleInMode v) { scaleIn = v; return this; }
        public Builder drainTimeoutSeconds(long v) { drainTimeoutSeconds = v; return this; }
        public Builder drainCheckSeconds(long v) { drainCheckSeconds = v; return this; }

        public ScalingPolicy build() {
            return new ScalingPolicy(mode, minCapacity, maxCapacity, backlogPerUnit, inFlightPerUnit,
                    includeDelayed, activationBacklog, scaleOutCooldownSeconds, scaleInCooldownSeconds, maxScaleOutStep,
                    maxScaleInStep, scaleInTolerance, stepSize, scaleOutAlarmName, scaleInAlarmName,
                    disableScaleIn, onDemandTargetCapacity, excessCapacityTerminationPolicy,
                    maxQueueDataAgeSeconds, applyMaxImmediately, schedules, targetWaitSeconds, scaleIn,
                    drainTimeoutSeconds, drainCheckSeconds);
        }
    }
}
