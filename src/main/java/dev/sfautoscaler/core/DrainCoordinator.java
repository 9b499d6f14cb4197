package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.DrainGateway;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.FleetLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code drain} function: a scale-in that loses no work ({@code docs/workers.md}). The drain's state
 * lives on the instances' tags, not in the execution, so any later execution can check, finish or
 * cancel a drain an earlier one started; the target's {@link FleetSnapshot#DRAIN_STARTED_TAG}, from start
 * (before any instance is tagged) to the end of finish, tells read-capacity that a drain is under way.
 *
 * <ul>
 * <li>{@link #start}: pick the instances ({@link DrainPlanner}) whose units fit within what runs above the
 * decided target ({@link #unitsToGo}), tag them {@code sfautoscaler:drain}, and lower a fleet's target to the
 * decided one with {@code noTermination} (AWS keeps every instance running); an Auto Scaling group keeps its
 * desired capacity until finish.</li>
 * <li>{@link #check}: read the tags again: all reported idle, the timeout passed, or a scale-out is needed
 * now (the busy instances, and the idle ones the scale-out still needs, are untagged and the target raised back
 * by their units; the other idle ones are terminated at once). While it waits
 * for some, it terminates the ones already done (reported, or never announced) rather than keep them for the
 * slowest; their counts go on the target's tag ({@link DrainProgress}) for the notification.</li>
 * <li>{@link #finish}: terminate exactly the tagged instances (a group: with decrement), and report the whole
 * drain: the instances it terminates plus those the checks terminated.</li>
 * </ul>
 *
 * <p>An instance whose worker never announced the contract would never report: start terminates it at once,
 * as a terminating scale-in would have removed it.
 *
 * <p>Each step holds the target's lease (the one modify takes) while it reads and writes, so two executions'
 * steps never interleave on one target: a second finish finds the instances gone and terminates nothing.
 * start applies the deployment's guard bounds to the capacity the drain leaves, before it writes anything.
 */
public final class DrainCoordinator {

    /**
     * The first wait after start (when drainCheckSeconds is not shorter): the next waits grow with the drain's age
     * up to drainCheckSeconds ({@link DrainReport#withCheckSeconds}). The workers read their tags every 2 s
     * (docs/workers.md), so the first checks find the workers that were idle reported, and terminate them.
     */
    public static final long FIRST_CHECK_SECONDS = 1;

    private final FleetGateway fleets;
    private final DrainGateway instances;
    private final CapacityReader reader;
    private final ScalingDecider decider;
    private final Optional<FleetLeases> leases;
    private final GuardBounds guard;
    private final Clock clock;

    /** Without leases or guard bounds: one caller at a time (the simulator, tests). */
    public DrainCoordinator(FleetGateway fleets, DrainGateway instances, CapacityReader reader,
            ScalingDecider decider, Clock clock) {
        this(fleets, instances, reader, decider, Optional.empty(), GuardBounds.unset(), clock);
    }

    public DrainCoordinator(FleetGateway fleets, DrainGateway instances, CapacityReader reader,
            ScalingDecider decider, Optional<FleetLeases> leases, GuardBounds guard, Clock clock) {
        this.fleets = fleets;
        this.instances = instances;
        this.reader = reader;
        this.decider = decider;
        this.leases = leases;
        this.guard = guard;
        this.clock = clock;
    }

    /** {@link #start(Target, int, int, String, Optional)} under the target's lease, held by {@code invocation}. */
    public DrainReport start(Target target, int from, int to, String triggerKey, Optional<Instant> askedAt,
            Invocation invocation) {
        return held(target, invocation, triggerKey, () -> start(target, from, to, triggerKey, askedAt));
    }

    /** {@link #check(Target, String, ScalingPolicy, String)} under the target's lease. */
    public DrainReport check(Target target, String queueUrl, ScalingPolicy policy, String checkId,
            Invocation invocation) {
        return held(target, invocation, checkId, () -> check(target, queueUrl, policy, checkId));
    }

    /** {@link #finish(Target, String)} under the target's lease. */
    public DrainReport finish(Target target, String triggerKey, Invocation invocation) {
        return held(target, invocation, triggerKey, () -> finish(target, triggerKey));
    }

    /** Runs {@code step} holding the target's lease (when the deployment has a state table), then gives it back. */
    private DrainReport held(Target target, Invocation invocation, String trigger, Supplier<DrainReport> step) {
        if (leases.isEmpty()) {
            return step.get();
        }
        Instant now = clock.instant();
        String holder = invocation.id() + " (drain, trigger " + trigger + ")";
        Lease wanted = new Lease(target.id(), holder, now.plus(invocation.remaining())
                .plus(CapacityModifier.LEASE_MARGIN));
        leases.get().take(wanted, now).ifPresent(other -> {
            throw FleetBusy.leaseHeld(target.id(), other.holder(), other.expiresAt());
        });
        try {
            return step.get();
        } finally {
            try {
                leases.get().release(target.id(), holder);
            } catch (RuntimeException notReleased) {
                // It lapses at wanted.expiresAt(); the step's own outcome (or error) matters more.
            }
        }
    }

    /** {@link #start(Target, int, int, String, Optional)} for a decision that does not say when it was asked for. */
    public DrainReport start(Target target, int from, int to, String triggerKey) {
        return start(target, from, to, triggerKey, Optional.empty());
    }

    /**
     * Starts draining for a scale-in decision {@code from -> to}. Instances already draining (an earlier
     * drain not finished) stay in the drain; on an Auto Scaling group, whose desired capacity a drain does
     * not lower until finish, their units count towards this scale-in.
     *
     * <p>The change is recorded (a fleet's marker now, a group's at finish) dated {@code askedAt}, when the
     * decision was asked for ({@link ScaleDecision#askedAt}), as modify dates its changes: the next
     * evaluation's cooldown counts from its trigger's clock, not from the seconds this step ran later. The
     * target's {@link FleetSnapshot#DRAIN_STARTED_TAG} carries the same time, for a group's finish; the
     * instances' tags, which the timeout counts from, say when they were tagged. A time after now is not believed.
     */
    public DrainReport start(Target target, int from, int to, String triggerKey, Optional<Instant> askedAt) {
        if (to >= from) {
            throw new InvalidInput("decision.to", "a drain needs a scale-in (to below from); got " + from + " -> " + to);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant asked = askedAt.map(t -> t.truncatedTo(ChronoUnit.SECONDS)).filter(t -> !t.isAfter(now)).orElse(now);
        // A decision made on a target another execution has changed since (another drain lowered it) is stale.
        FleetSnapshot described = fleets.describe(target);
        int current = described.targetCapacity();
        if (described.pausedBy().isPresent()) {
            String why = described.pausedBy().filter(r -> !r.isBlank()).map(r -> " (" + r + ")").orElse("");
            return new DrainReport(target, DrainOutcome.NOTHING_TO_DRAIN, Optional.empty(), current, current,
                    List.of(), 0, 0, 0, 0, 0, 0, 0, "Nothing to drain for " + target.kind().word() + " " + target.id()
                            + " " + from + " -> " + to + ": it was paused" + why + " (tag " + FleetSnapshot.PAUSE_TAG
                            + ") after the decision, so no instance was tagged and nothing changed.");
        }
        if (current != from) {
            // Not the end of the execution: the workflow reads and decides again on what the target asks for now,
            // and joins the other execution's drain when one is under way (statemachine/README.md).
            boolean drainUnderWay = described.drainStartedAt().isPresent();
            return new DrainReport(target, DrainOutcome.CHANGED, Optional.empty(), current, current,
                    List.of(), 0, 0, 0, 0, 0, 0, 0, "The scale-in " + from + " -> " + to + " of "
                            + target.kind().word() + " " + target.id() + " was decided when it asked for " + from
                            + "; it asks for " + current + " now (another execution changed it"
                            + (drainUnderWay ? ", and its drain is under way" : "") + "), so nothing was changed"
                            + " here: read the target and the queue again and decide again"
                            + (drainUnderWay ? ", joining that drain" : "") + ".");
        }
        List<DrainInstance> running = instances.instances(target);
        List<DrainInstance> already = running.stream().filter(DrainInstance::draining).toList();
        int alreadyUnits = units(already);
        // What runs and stays: the capacity the drain may take from without leaving less than the decided target.
        int staying = units(running) - alreadyUnits;
        boolean group = target.kind() == TargetKind.AUTO_SCALING_GROUP;
        int ask = unitsToGo(group, from, to, alreadyUnits, staying);
        DrainPlan plan = DrainPlanner.plan(running, ask);
        if (plan.picked().isEmpty()) {
            String why = running.isEmpty() ? "the " + target.kind().word() + " has no running instance"
                    : group && from - alreadyUnits <= to ? "the instances already draining cover it"
                    : staying <= to ? "its running instances count " + staying + " units, no more than the " + to
                            + " decided (AWS has not launched all of its target), so none needs to leave"
                    : "no instance weighs " + ask + " units or less";
            if (group) {
                return new DrainReport(target, DrainOutcome.NOTHING_TO_DRAIN, Optional.empty(), from, from, List.of(),
                        0, 0, 0, 0, 0, plan.shortfall(), 0, "Nothing to drain for " + target.kind().word() + " "
                                + target.id() + " " + from + " -> " + to + ": " + why + ", so nothing changed.");
            }
            // A fleet left at from would decide the same scale-in every minute, and keep launching towards a target
            // above the decision: lower it as the normal path does (what runs above stays, noTermination).
            return lowerOnly(target, from, to, triggerKey, asked, plan.shortfall(), why);
        }
        // The deployment's bounds hold for what the drain leaves (a group: with the instances already draining),
        // before anything is written.
        int lowered = group ? from - alreadyUnits - plan.units() : to;
        guard.check(target.id(), lowered);
        // The target's tag first: whatever fails after it, a later execution finds the drain and resumes it.
        // It carries the decided target, for a group's finish (the decrements may stop above it).
        DrainProgress begun = DrainProgress.none(asked).decided(to);
        instances.recordProgress(target, begun);
        instances.markDraining(target, plan.instanceIds(), now);
        if (!group) {
            fleets.modify(new ModifyCommand(target.id(), lowered, Optional.empty(),
                    ExcessCapacityTerminationPolicy.NO_TERMINATION, target.kind()));
            fleets.recordChange(target, new LastChange(asked, ScaleAction.SCALE_IN, from, lowered, triggerKey));
        }
        // A worker that never announced the contract will never report: nothing to wait for, it leaves now.
        List<DrainInstance> silent = plan.picked().stream().filter(i -> !i.announced()).toList();
        if (!silent.isEmpty()) {
            instances.terminate(target, silent);
            instances.recordProgress(target, begun.plus(0, silent.size(), 0, units(silent)));
        }
        String shortfall = plan.shortfall() == 0 ? "" : "; " + plan.shortfall() + " of the " + ask
                + " units to go stay, since no combination of instances removes them without leaving less than " + to;
        String lowering = group ? "the group keeps its desired capacity of " + from
                + " until they are terminated with a decrement"
                : "the target is lowered " + from + " -> " + lowered + " with noTermination, so AWS terminates none";
        String left = silent.isEmpty() ? "" : "; " + count(silent.size()) + " whose worker never announced the"
                + " contract (" + DrainInstance.WORKER_TAG + ") " + (silent.size() == 1 ? "was" : "were")
                + " terminated at once: " + String.join(", ", ids(silent));
        return new DrainReport(target, DrainOutcome.STARTED, Optional.of(now), from, lowered, plan.instanceIds(),
                plan.units(), 0, plan.picked().size() - silent.size(), 0, 0, plan.shortfall(), 0,
                "Draining " + count(plan.picked().size()) + " (" + plan.units() + " units: " + String.join(", ",
                        plan.instanceIds()) + ") of " + target.kind().word() + " " + target.id() + ", tagged "
                        + DrainInstance.DRAIN_TAG + "=" + now + "; " + lowering + shortfall + left + ".")
                .withUnannounced(silent.size());
    }

    /**
     * start on a fleet where no instance is picked: the target is written as the decided {@code to} with
     * noTermination (after the guard's bounds, as the normal path) and the change recorded, so the next evaluation
     * counts from it; no instance is tagged, nothing waits. The report says no instance left, and {@code why}.
     */
    private DrainReport lowerOnly(Target target, int from, int to, String triggerKey, Instant asked, int shortfall,
            String why) {
        guard.check(target.id(), to);
        fleets.modify(new ModifyCommand(target.id(), to, Optional.empty(),
                ExcessCapacityTerminationPolicy.NO_TERMINATION, target.kind()));
        fleets.recordChange(target, new LastChange(asked, ScaleAction.SCALE_IN, from, to, triggerKey));
        return new DrainReport(target, DrainOutcome.LOWERED, Optional.empty(), from, to, List.of(), 0, 0, 0, 0, 0,
                shortfall, 0, "No instance of " + target.kind().word() + " " + target.id() + " left for " + from
                        + " -> " + to + ": " + why + "; the target is lowered " + from + " -> " + to
                        + " with noTermination, so AWS terminates none" + (shortfall == 0
                                ? " and launches no more towards " + from
                                : " and the " + shortfall + " units above it keep running") + ".");
    }

    /**
     * Where the drain stands: every tagged instance reported idle, or the timeout passed, or a scale-out is
     * needed now (read and decided as decide would, with {@code policy}), which cancels the drain for the
     * instances not yet idle.
     */
    public DrainReport check(Target target, String queueUrl, ScalingPolicy policy, String checkId) {
        List<DrainInstance> draining = instances.instances(target).stream().filter(DrainInstance::draining).toList();
        Instant now = clock.instant();
        if (draining.isEmpty()) {
            return new DrainReport(target, DrainOutcome.DRAINED, Optional.empty(), 0, 0, List.of(), 0, 0, 0, 0, 0, 0,
                    0, "No instance of " + target.kind().word() + " " + target.id() + " is draining any more.");
        }
        Instant startedAt = startedAt(draining);
        long elapsed = Math.max(0, Duration.between(startedAt, now).getSeconds());
        List<DrainInstance> idle = draining.stream().filter(DrainInstance::drained).toList();
        List<DrainInstance> busy = draining.stream().filter(i -> !i.drained()).toList();
        CapacityReading reading = reader.read(target, queueUrl);
        FleetSnapshot fleet = reading.fleet();
        if (!busy.isEmpty()) {
            // Not once every instance is idle: deciding then too (to keep the idle ones a scale-out needs) made the
            // benchmark's fifo-single-group drain cost 30% more than terminating, a scale-out right after each
            // scale-in. A trigger of its own: the start's change carries the execution's trigger (a repeat).
            Trigger trigger = Trigger.manual(checkId + "-drain-check-" + now.getEpochSecond(), now);
            ScaleDecision decision = decider.decide(fleet, reading.queue(), trigger, policy);
            if (decision.action() == ScaleAction.SCALE_OUT) {
                return cancel(target, fleet, busy, idle, startedAt, elapsed, decision);
            }
        }
        int units = units(draining);
        int target0 = fleet.targetCapacity();
        boolean group = target.kind() == TargetKind.AUTO_SCALING_GROUP;
        int from = group ? target0 : target0 + units;
        int to = group ? target0 - units : target0;
        if (busy.isEmpty()) {
            return new DrainReport(target, DrainOutcome.DRAINED, Optional.of(startedAt), from, to, ids(draining), units,
                    idle.size(), 0, 0, 0, 0, elapsed, "All " + count(draining.size()) + " draining ("
                            + units + " units) reported idle (" + DrainInstance.DRAINED_TAG + ") after " + elapsed
                            + " s: terminate them.");
        }
        long timeout = policy.drainTimeoutSeconds();
        if (elapsed >= timeout) {
            return new DrainReport(target, DrainOutcome.TIMED_OUT, Optional.of(startedAt), from, to, ids(draining),
                    units, idle.size(), 0, busy.size(), 0, 0, elapsed, idle.size() + " of " + count(draining.size())
                            + " reported idle; " + busy.size() + " did not within drainTimeoutSeconds (" + timeout
                            + " s): " + String.join(", ", ids(busy)) + " will be terminated with whatever it holds.");
        }
        // The ones already done leave now rather than wait for the slowest; the target's tag keeps their count.
        String gone = "";
        if (!idle.isEmpty()) {
            instances.terminate(target, idle);
            int silent = (int) idle.stream().filter(i -> !i.announced()).count();
            DrainProgress before = instances.progress(target).orElseGet(() -> DrainProgress.none(startedAt));
            instances.recordProgress(target, before.plus(idle.size() - silent, silent, 0, units(idle)));
            gone = " (terminated now: " + String.join(", ", ids(idle)) + ")";
        }
        return new DrainReport(target, DrainOutcome.WAITING, Optional.of(startedAt), from, to, ids(draining), units,
                idle.size(), busy.size(), 0, 0, 0, elapsed, idle.size() + " of " + count(draining.size())
                        + " reported idle after " + elapsed + " s" + gone + "; waiting for " + String.join(", ", ids(busy))
                        + " (at most " + (timeout - elapsed) + " s more).");
    }

    /**
     * A scale-out to {@code decision.to()} during the drain: every busy instance is kept (its work goes on), and so
     * are the idle ones, in the planner's order, while the target is still short of the decision's; the rest of
     * the idle ones are terminated now, beyond the new target, rather than left for finish. A fleet's target is
     * raised by the units kept, before any tag goes.
     */
    private DrainReport cancel(Target target, FleetSnapshot fleet, List<DrainInstance> busy, List<DrainInstance> idle,
            Instant startedAt, long elapsed, ScaleDecision decision) {
        int now = fleet.targetCapacity();
        boolean group = target.kind() == TargetKind.AUTO_SCALING_GROUP;
        // A group's desired capacity still counts every draining instance: what it runs once the idle ones are gone.
        int capacity = group ? now - units(idle) : now + units(busy);
        List<DrainInstance> kept = new ArrayList<>(busy);
        List<DrainInstance> leaving = new ArrayList<>();
        for (DrainInstance i : idle.stream().sorted(DrainPlanner.PREFERENCE).toList()) {
            if (capacity < decision.to()) {
                kept.add(i);
                capacity += i.weight();
            } else {
                leaving.add(i);
            }
        }
        int back = units(kept);
        int raised = group ? now : now + back;
        if (!group) {
            // Raised before the tags go: a raise refused (FleetBusy) leaves the drain as it was, and the step's
            // Retry cancels it again; untagged first, the retry found only the idle instances tagged, finished the
            // drain and never raised the target, so the busy ones ran above it and a later change could end them.
            fleets.modify(new ModifyCommand(target.id(), raised, Optional.empty(),
                    ExcessCapacityTerminationPolicy.NO_TERMINATION, target.kind()));
            fleets.recordChange(target, new LastChange(clock.instant(), ScaleAction.SCALE_OUT, now, raised,
                    decision.triggerKey()));
        }
        instances.unmark(target, ids(kept));
        // The scale-in's decided target no longer holds: finish must not lower a group to it.
        DrainProgress before = instances.progress(target).orElseGet(() -> DrainProgress.none(startedAt)).undecided();
        instances.recordProgress(target, before);
        String gone = "";
        if (!leaving.isEmpty()) {
            // Already idle and beyond what the scale-out needs: they leave now, counted on the target's tag.
            instances.terminate(target, leaving);
            int silent = (int) leaving.stream().filter(i -> !i.announced()).count();
            instances.recordProgress(target, before.plus(leaving.size() - silent, silent, 0, units(leaving)));
            gone = "; " + count(leaving.size()) + " already idle and beyond the " + decision.to() + " needed "
                    + (leaving.size() == 1 ? "was" : "were") + " terminated now: " + String.join(", ", ids(leaving));
        }
        String raising = group ? "the group's desired capacity was never lowered"
                : "the target is raised back " + now + " -> " + raised;
        int keptIdle = kept.size() - busy.size();
        String keeping = keptIdle == 0 ? "" : " (" + keptIdle + " of them already idle, kept since the scale-out"
                + " needs them)";
        int to = group ? now - units(leaving) : raised;
        return new DrainReport(target, DrainOutcome.CANCELLED, Optional.of(startedAt), to + units(leaving), to,
                ids(kept), back, idle.size(), 0, 0, kept.size(), 0, elapsed,
                "A scale-out is needed now (" + decision.from() + " -> " + decision.to() + ", "
                        + decision.reasonCode() + "): the drain of " + String.join(", ", ids(kept)) + keeping
                        + " is cancelled, their tags removed, and " + raising + gone + ".");
    }

    /** Terminates exactly the instances still tagged {@code sfautoscaler:drain}, reported idle or not. */
    public DrainReport finish(Target target, String triggerKey) {
        List<DrainInstance> listed = instances.instances(target);
        List<DrainInstance> draining = listed.stream().filter(DrainInstance::draining).toList();
        Instant now = clock.instant();
        // What start and the checks terminated already (the target's tag), for the whole drain's numbers.
        Optional<DrainProgress> tag = instances.progress(target);
        Optional<DrainProgress> earlier = tag.filter(p -> p.instances() > 0);
        if (draining.isEmpty() && earlier.isEmpty()) {
            instances.unmarkTarget(target);
            return new DrainReport(target, DrainOutcome.FINISHED, Optional.empty(), 0, 0, List.of(), 0, 0, 0, 0, 0, 0,
                    0, "No instance of " + target.kind().word() + " " + target.id() + " is left to terminate.");
        }
        Instant startedAt = draining.isEmpty() ? earlier.get().askedAt() : startedAt(draining);
        long elapsed = Math.max(0, Duration.between(startedAt, now).getSeconds());
        int units = units(draining);
        int reported = (int) draining.stream().filter(i -> i.drainedTag().isPresent()).count();
        int silent = (int) draining.stream().filter(i -> i.drainedTag().isEmpty() && !i.announced()).count();
        int timedOutNow = draining.size() - reported - silent;
        DrainProgress all = earlier.orElseGet(() -> DrainProgress.none(startedAt))
                .plus(reported, silent, timedOutNow, units);
        int idle = all.drained();
        int timedOut = all.timedOut();
        boolean group = target.kind() == TargetKind.AUTO_SCALING_GROUP;
        FleetSnapshot described = fleets.describe(target);
        int before = described.targetCapacity();
        // A group's change is dated when the drain was asked for (start's target tag), as a fleet's is at start.
        Instant asked = described.drainStartedAt().filter(t -> !t.isAfter(now)).orElse(now);
        instances.terminate(target, draining);
        // A fleet was lowered to the decided target at start (its change says from what); a group was decremented
        // as each earlier instance went.
        int from = group ? before + all.units() - units : startedFrom(described, before).orElse(before + all.units());
        int to = group ? before - units : before;
        if (group) {
            List<DrainInstance> staying = listed.stream().filter(i -> !i.draining()).toList();
            to = Math.min(to, groupFloor(staying, tag.flatMap(DrainProgress::decidedTo)).orElse(to));
            // The decrement is the instance's weight on AWS; where a group ends elsewhere (moto decrements
            // one per instance), set it to what now runs: with those instances gone, nothing else leaves.
            if (fleets.describe(target).targetCapacity() != to) {
                fleets.modify(new ModifyCommand(target.id(), to, Optional.empty(),
                        ExcessCapacityTerminationPolicy.DEFAULT, target.kind()));
            }
            fleets.recordChange(target, new LastChange(asked, ScaleAction.SCALE_IN, from, to, triggerKey));
        }
        instances.unmarkTarget(target);
        String lost = timedOut == 0 ? "" : "; " + timedOut + " timed out and " + (timedOut == 1 ? "was" : "were")
                + " terminated without reporting idle";
        String unannounced = all.unannounced() == 0 ? "" : "; " + all.unannounced() + " never announced the contract ("
                + DrainInstance.WORKER_TAG + ") and " + (all.unannounced() == 1 ? "was" : "were")
                + " terminated without waiting";
        String before0 = all.instances() == draining.size() ? ""
                : " (" + (all.instances() - draining.size()) + " of them terminated by earlier steps as each was done)";
        return new DrainReport(target, DrainOutcome.FINISHED, Optional.of(startedAt), from, to, ids(draining),
                all.units(), idle, 0, timedOut, 0, 0, elapsed, "Drained " + count(idle) + " (" + all.units() + " units) in "
                        + elapsed + " s" + unannounced + lost + before0 + "; " + target.kind().word()
                        + " " + target.id() + " " + from + " -> " + to + ".", 0, all.unannounced());
    }

    /**
     * The units a scale-in {@code from -> to} may drain: never so many that less than {@code to} keeps running
     * ({@code staying}, the units of the running instances not draining yet, which may differ from the target:
     * a weighted fleet may run more than it asks for, one still launching less). A fleet's target is then written
     * as {@code to} with noTermination, so what runs above it (a shortfall) stays, as AWS's own scale-in keeps
     * fulfilled capacity at or above the target; the next scale-in counts it. A group is lowered by each drained
     * instance's decrement, so it also drains at most the desired capacity above {@code to} (less the instances
     * already draining, which that desired capacity still counts).
     */
    static int unitsToGo(boolean group, int from, int to, int alreadyDraining, int staying) {
        int aboveTarget = Math.max(0, staying - to);
        return group ? Math.max(0, Math.min(from - alreadyDraining - to, aboveTarget)) : aboveTarget;
    }

    /**
     * The lowest desired capacity a group may take once the drained instances are gone without AWS terminating any
     * instance that stays: the decided target, or more while AWS could remove an instance and keep that much. A
     * weighted group decremented by whole instances stops above the decided target (desired 2 with one 4-unit
     * instance, for 8 -> 1); AWS's own scale-in keeps capacity at or above the desired, so a desired capacity of 1
     * terminates nothing there. {@code staying}: the instances listed before finish terminated the drained ones
     * (a listing after may still show those, or, in moto, a replacement). Empty without the decided target (a tag
     * from before it was carried).
     */
    private static Optional<Integer> groupFloor(List<DrainInstance> staying, Optional<Integer> decidedTo) {
        if (decidedTo.isEmpty()) {
            return Optional.empty();
        }
        int capacity = units(staying);
        int lightest = staying.stream().mapToInt(DrainInstance::weight).min().orElse(capacity + 1);
        return Optional.of(Math.max(decidedTo.get(), capacity - lightest + 1));
    }

    /**
     * The target a fleet's drain started from, from the change start recorded (dated when the drain was asked for,
     * as the target's tag is, and lowered to what the fleet asks for now); empty once another change came after it
     * (a cancel raised the target back).
     */
    private static Optional<Integer> startedFrom(FleetSnapshot fleet, int now) {
        return fleet.lastChange().filter(c -> c.action() == ScaleAction.SCALE_IN && c.to() == now
                && fleet.drainStartedAt().filter(c.at()::equals).isPresent()).map(LastChange::from);
    }

    private static Instant startedAt(List<DrainInstance> draining) {
        return draining.stream().map(i -> i.drainTag().orElseThrow()).min(Instant::compareTo).orElseThrow();
    }

    private static int units(List<DrainInstance> list) {
        return list.stream().mapToInt(DrainInstance::weight).sum();
    }

    private static List<String> ids(List<DrainInstance> list) {
        return list.stream().map(DrainInstance::id).toList();
    }

    private static String count(int n) {
        return n + (n == 1 ? " instance" : " instances");
    }
}
