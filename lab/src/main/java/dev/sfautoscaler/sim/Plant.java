package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.TargetKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated plant: an SQS queue, a target (a {@code maintain} spot fleet or EC2 Fleet, or an Auto
 * Scaling group: {@link Scenario.Plant#target}), and one worker per capacity unit that receives a
 * message as soon as one is visible and deletes it when done.
 *
 * <p>Capacity follows the fleet's target: a new instance is fulfilled after a Spot delay (not
 * billed), boots (billed, no work), then works. On scale-in EC2 terminates instances newest first;
 * with a drain an instance finishes its message first (up to the drain time). A message held by
 * an instance that disappears (scale-in without drain, Spot interruption) becomes visible again when
 * its visibility timeout, counted from its receipt, runs out. Interruptions follow the scenario's
 * rate per instance-hour; the fleet replaces every lost instance. They come from one stream for the
 * whole run ({@link #SPOT_SLOTS}), not from each instance's own: two policies that run the same number
 * of instances at the same time meet the same interruptions, whichever instances each launched or let go
 * (Spot reclaims capacity from a pool; it does not pick an instance by its age or by whether it is busy).
 *
 * <p>With our drain mode ({@link #workersFollowContract()}) the workers follow the worker contract of
 * {@code docs/workers.md}: a drain tags the instances it picked ({@link #drain}); each worker reads its
 * tags every {@link #TAG_POLL_MILLIS}, and once it sees the tag stops receiving, finishes its message and
 * reports itself drained; the target is lowered without terminating anything ({@link #lowerTarget}) and
 * the drain then terminates exactly those instances ({@link #terminate}). A share of the workers
 * ({@code plant.workers.ignoreDrainFraction}) ignores the contract: it keeps receiving, never reports,
 * and never announces that it follows the contract, so a drain does not wait for it: the first check finds
 * nothing to wait for and terminates it with its message. On a Spot interruption notice, two
 * minutes before the interruption, a worker that follows the contract releases its message at once
 * (ChangeMessageVisibility 0): it is visible again then, not after the visibility timeout.
 */
final class Plant {

    enum InstanceState { REQUESTED, BOOTING, RUNNING, DRAINING, GONE }

    /** A worker reads its instance's tags through instance metadata this often (docs/workers.md). */
    static final long TAG_POLL_MILLIS = 2_000;
    /** EC2's Spot interruption notice comes this long before the interruption. */
    static final long SPOT_NOTICE_MILLIS = 120_000;
    /**
     * Spot interruptions are drawn for this many slots, each at the scenario's rate per instance-hour; the
     * k-th slot's interruption hits the k-th of the instances running then (in launch order), none when
     * fewer run (thinning: n instances meet n times the rate). More than this many instances would meet
     * fewer interruptions than the rate says; the benchmark's fleets stay far below.
     */
    static final int SPOT_SLOTS = 4096;

    /** One instance of one capacity unit running one worker. */
    static final class Instance {
        final int serial;
        final SplittableRandom rng;
        InstanceState state = InstanceState.REQUESTED;
        long launchedAt = -1;
        long requestedAt;
        long goneAt = -1;
        int message = -1;
        long messageStart;
        int generation;
        boolean queuedIdle;
        /** Its worker ignores the worker contract (no drain, no Spot notice handling). */
        final boolean ignoresContract;
        /** When in each {@link #TAG_POLL_MILLIS} its worker reads its tags. */
        final long pollPhaseMillis;
        /** {@code sfautoscaler:drain} is on the instance (since drainTaggedAt). */
        boolean drainTagged;
        long drainTaggedAt;
        /** Its worker has seen the drain tag (or the Spot notice) and receives no more messages. */
        boolean stoppedReceiving;
        /** When its worker wrote {@code sfautoscaler:drained}, or -1. */
        long drainedAt = -1;
        /** Spot has given it the two-minute notice: it is interrupted then. */
        boolean interruptionNoticed;

        Instance(int serial, SplittableRandom rng, boolean ignoresContract, long pollPhaseMillis) {
            this.serial = serial;
            this.rng = rng;
            this.ignoresContract = ignoresContract;
            this.pollPhaseMillis = pollPhaseMillis;
        }

        /** Its launch time as EC2 lists it (an Auto Scaling group's Pending instance: its request). */
        long listedAt() {
            return launchedAt >= 0 ? launchedAt : requestedAt;
        }

        /** The EC2 instance id the simulator gives it. */
        String id() {
            return String.format("i-%017x", serial);
        }

        /** Tagged, and its worker has reported: holds no message and takes none. */
        boolean drained() {
            return drainTagged && drainedAt >= 0;
        }

        boolean launched() {
            return state == InstanceState.BOOTING || state == InstanceState.RUNNING;
        }

        boolean active() {
            return state == InstanceState.REQUESTED || state == InstanceState.BOOTING || state == InstanceState.RUNNING;
        }
    }

    private final EventLoop loop;
    private final Scenario scenario;
    private final Scenario.Plant spec;
    private final RunStats stats;
    private final SplittableRandom processingRng;

    // Messages: arrival time and processing time by id.
    private long[] arrivalAt = new long[1 << 16];
    private long[] serviceMillis = new long[1 << 16];
    private int messages;
    private final VisibleMessages visible;
    private final ArrivalMultiset processing = new ArrivalMultiset();
    private final ArrivalMultiset held = new ArrivalMultiset();
    private long deleted;
    private long lastSendOrReceive;
    private long heldWorkMillis;
    private final java.util.BitSet done = new java.util.BitSet();

    // Fleet.
    private final List<Instance> live = new ArrayList<>();
    private final ArrayDeque<Instance> idle = new ArrayDeque<>();
    private int serials;
    private int target;
    private long modifyingUntil = -1;
    private boolean contractWorkers;

    Plant(EventLoop loop, Scenario scenario, RunStats stats) {
        this.loop = loop;
        this.scenario = scenario;
        this.spec = scenario.plant();
        this.stats = stats;
        this.processingRng = Streams.of(scenario.seed(), Streams.PROCESSING);
        this.visible = new VisibleMessages(spec.fifoGroups());
    }

    /** Starts with {@code capacity} instances already running and an empty queue. */
    void start(int capacity) {
        target = capacity;
        for (int i = 0; i < capacity; i++) {
            Instance inst = newInstance();
            launched(inst);
            ready(inst);
        }
        scheduleInterruptions();
    }

    // ---------------------------------------------------------------- queue

    /** {@code count} messages sent now. */
    void send(long count) {
        for (long i = 0; i < count; i++) {
            if (messages == arrivalAt.length) {
                arrivalAt = Arrays.copyOf(arrivalAt, messages * 2);
                serviceMillis = Arrays.copyOf(serviceMillis, messages * 2);
            }
            arrivalAt[messages] = loop.now();
            long service = Math.round(spec.processing().sampleMillis(processingRng)
                    * spec.processing().factorAt(loop.now() / 1000.0));
            serviceMillis[messages] = service;
            stats.arrived(service);
            visible.sent(messages);
            messages++;
        }
        if (count > 0) {
            lastSendOrReceive = loop.now();
            dispatch();
        }
    }

    long visibleCount() {
        return visible.size();
    }

    /** Whether the queue is a FIFO queue (the scenario's {@code plant.fifoGroups}). */
    boolean fifo() {
        return visible.fifo();
    }

    /** ApproximateNumberOfGroupsWithInflightMessages: FIFO message groups with a message received and not deleted. */
    long groupsInFlight() {
        return visible.groupsInFlight();
    }

    /** In flight as SQS counts it: being processed, or held by a lost worker until its timeout. */
    long notVisibleCount() {
        return processing.size() + held.size();
    }

    long sent() {
        return messages;
    }

    long deleted() {
        return deleted;
    }

    long lastSendOrReceive() {
        return lastSendOrReceive;
    }

    /** Arrival of the oldest message not yet being processed (visible or held), or MAX_VALUE. */
    long oldestWaitingArrival() {
        int first = visible.oldest();
        long v = first < 0 ? Long.MAX_VALUE : arrivalAt[first];
        return Math.min(v, held.oldest());
    }

    /** ApproximateAgeOfOldestMessage: the oldest message not yet deleted, in seconds. */
    double ageOfOldestSeconds() {
        long oldest = Math.min(oldestWaitingArrival(), processing.oldest());
        return oldest == Long.MAX_VALUE ? 0 : (loop.now() - oldest) / 1000.0;
    }

    /** Messages sent and not processed: still visible, in flight or held. */
    long backlog() {
        return visible.size() + processing.size() + held.size();
    }

    private void dispatch() {
        while (visible.receivable()) {
            Instance w = pollIdle();
            if (w == null) {
                return;
            }
            startMessage(w, visible.receive());
        }
    }

    private Instance pollIdle() {
        while (!idle.isEmpty()) {
            Instance w = idle.pollFirst();
            w.queuedIdle = false;
            if (w.state == InstanceState.RUNNING && w.message < 0 && !w.stoppedReceiving) {
                return w;
            }
        }
        return null;
    }

    private void startMessage(Instance w, int id) {
        w.message = id;
        w.messageStart = loop.now();
        processing.add(arrivalAt[id]);
        lastSendOrReceive = loop.now();
        int gen = ++w.generation;
        loop.after(serviceMillis[id], () -> finishMessage(w, gen));
    }

    private void finishMessage(Instance w, int gen) {
        if (w.generation != gen || w.message < 0) {
            return; // the instance was lost before the message finished
        }
        int id = w.message;
        w.message = -1;
        processing.remove(arrivalAt[id]);
        if (done.get(id)) {
            throw new IllegalStateException("message " + id + " was processed twice");
        }
        done.set(id);
        deleted++;
        visible.deleted(id);
        lastSendOrReceive = loop.now();
        stats.processed(w.messageStart - arrivalAt[id]);
        if (w.state == InstanceState.DRAINING) {
            gone(w);
            return;
        }
        if (w.stoppedReceiving) {
            reportIfDrained(w);
            return;
        }
        if (visible.receivable()) {
            startMessage(w, visible.receive());
        } else {
            markIdle(w);
        }
    }

    private void markIdle(Instance w) {
        if (!w.queuedIdle) {
            w.queuedIdle = true;
            idle.addLast(w);
        }
    }

    /** The worker's message is lost with the worker: it reappears after its visibility timeout. */
    private void release(Instance w) {
        release(w, false);
    }

    /** As {@link #release(Instance)}; {@code bySpot}: lost to a Spot interruption, not to a scale-in. */
    private void release(Instance w, boolean bySpot) {
        if (w.message < 0) {
            return;
        }
        if (bySpot) {
            stats.lostToSpot(loop.now() - w.messageStart);
        }
        int id = w.message;
        w.message = -1;
        w.generation++;
        processing.remove(arrivalAt[id]);
        held.add(arrivalAt[id]);
        heldWorkMillis += serviceMillis[id];
        stats.lostWork(loop.now() - w.messageStart);
        stats.lostMessages++;
        long visibleAgain = Math.max(loop.now(), w.messageStart + Math.round(spec.visibilityTimeoutSeconds() * 1000));
        loop.at(visibleAgain, () -> {
            held.remove(arrivalAt[id]);
            heldWorkMillis -= serviceMillis[id];
            visible.returned(id);
            dispatch();
        });
    }

    /**
     * ChangeMessageVisibility 0: the worker gives its message back, visible at once; the work done on it
     * is lost, the wait is not.
     */
    private void releaseNow(Instance w) {
        if (w.message < 0) {
            return;
        }
        stats.lostToSpot(loop.now() - w.messageStart);
        int id = w.message;
        w.message = -1;
        w.generation++;
        processing.remove(arrivalAt[id]);
        stats.lostWork(loop.now() - w.messageStart);
        stats.lostMessages++;
        visible.returned(id);
        dispatch();
    }

    // ---------------------------------------------------------------- the worker contract

    /** The workers follow docs/workers.md from now on (our drain mode deploys the reference worker). */
    void workersFollowContract() {
        contractWorkers = true;
    }


    /**
     * The worker's optional {@code sfautoscaler:busy} hint as the picker reads it: 1 while it holds a
     * message, 0 while it waits for one, none when its worker is not up yet or ignores the contract.
     */
    DrainHint busyHint(Instance i) {
        if (!contractWorkers || i.ignoresContract || i.state != InstanceState.RUNNING) {
            return DrainHint.UNKNOWN;
        }
        return i.message >= 0 ? DrainHint.BUSY : DrainHint.IDLE;
    }

    enum DrainHint { IDLE, UNKNOWN, BUSY }

    /**
     * Its worker announced the contract ({@code sfautoscaler:worker}, written when it starts): a worker that
     * follows it does, one that ignores it does not, and a drain then does not wait for it.
     */
    boolean announced(Instance i) {
        return contractWorkers && !i.ignoresContract;
    }

    /** CreateTags {@code sfautoscaler:drain} on each: their workers see it at their next read of their tags. */
    void drain(List<Instance> picked) {
        long now = loop.now();
        for (Instance i : picked) {
            i.drainTagged = true;
            i.drainTaggedAt = now;
            if (contractWorkers && !i.ignoresContract) {
                long next = now + Math.floorMod(i.pollPhaseMillis - now, TAG_POLL_MILLIS);
                loop.at(next, () -> seeDrainTag(i));
            }
        }
    }

    /** The worker read the tag: no more ReceiveMessage; idle, it reports at once, busy after its message. */
    private void seeDrainTag(Instance i) {
        if (!i.drainTagged || i.state == InstanceState.GONE) {
            return;
        }
        i.stoppedReceiving = true;
        if (i.state == InstanceState.RUNNING && i.message < 0) {
            reportIfDrained(i);
        }
    }

    /** CreateTags {@code sfautoscaler:drained} on its own instance. */
    private void reportIfDrained(Instance i) {
        if (i.drainTagged && i.drainedAt < 0) {
            i.drainedAt = loop.now();
        }
    }

    /**
     * The drain lowers a fleet's target by the drained units with {@code noTermination}: nothing is
     * terminated and nothing is launched (the tagged instances run above the target until the drain
     * terminates them). An Auto Scaling group keeps its desired capacity until then. False while the
     * previous change is still applying (FleetBusy).
     */
    boolean lowerTarget(int newTarget) {
        return modify(newTarget, ExcessCapacityTerminationPolicy.NO_TERMINATION);
    }

    /**
     * Terminates exactly these instances (TerminateInstances; on an Auto Scaling group
     * TerminateInstanceInAutoScalingGroup with ShouldDecrementDesiredCapacity, which lowers its desired
     * capacity by each). A worker still holding a message loses it (it reappears after its visibility
     * timeout). Returns how many were still there.
     */
    int terminate(List<Instance> picked) {
        int n = 0;
        for (Instance i : picked) {
            if (i.state == InstanceState.GONE) {
                continue;
            }
            stats.drainingMillis += loop.now() - i.drainTaggedAt;
            release(i);
            gone(i);
            n++;
        }
        if (spec.target() == TargetKind.AUTO_SCALING_GROUP && n > 0) {
            stats.capacityChanged();
            target = Math.max(0, target - n);
        }
        return n;
    }

    /** DeleteTags: the drain is cancelled for these; their workers take messages again. */
    void untag(List<Instance> picked) {
        for (Instance i : picked) {
            if (i.state == InstanceState.GONE) {
                continue;
            }
            i.drainTagged = false;
            i.drainedAt = -1;
            i.stoppedReceiving = false;
            if (i.state == InstanceState.RUNNING && i.message < 0) {
                markIdle(i);
            }
        }
        dispatch();
    }

    /** Whether some instance carries the drain tag: a drain is under way. */
    boolean draining() {
        return !drainTagged().isEmpty();
    }

    List<Instance> drainTagged() {
        List<Instance> out = new ArrayList<>();
        for (Instance i : live) {
            if (i.drainTagged) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The instances DescribeInstances lists for the target: launched ones; an Auto Scaling group lists its
     * Pending instances from the launch request on, a fleet's open Spot requests are not instances yet.
     */
    List<Instance> listedInstances() {
        boolean group = spec.target() == TargetKind.AUTO_SCALING_GROUP;
        List<Instance> out = new ArrayList<>();
        for (Instance i : live) {
            if (i.launched() || group && i.state == InstanceState.REQUESTED) {
                out.add(i);
            }
        }
        return out;
    }

    /** The live instances with these ids, in that order. */
    List<Instance> byIds(List<String> ids) {
        List<Instance> out = new ArrayList<>();
        for (String id : ids) {
            for (Instance i : live) {
                if (i.id().equals(id)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** The Spot interruption notice: a worker that follows the contract releases its message and stops. */
    private void spotNotice(Instance i) {
        if (!contractWorkers || i.ignoresContract || !(i.launched() || i.state == InstanceState.DRAINING)) {
            return;
        }
        i.stoppedReceiving = true;
        releaseNow(i);
    }

    // ---------------------------------------------------------------- fleet

    int targetCapacity() {
        return target;
    }

    /**
     * Launched and not leaving (booting or working): what EC2 reports as a fleet's fulfilled capacity.
     * An Auto Scaling group shows an instance from its launch request on (Pending), so there a
     * requested one counts too, as the group's adapter counts Pending and InService.
     */
    int fulfilledCapacity() {
        boolean group = spec.target() == TargetKind.AUTO_SCALING_GROUP;
        int n = 0;
        for (Instance i : live) {
            if (i.state == InstanceState.BOOTING || i.state == InstanceState.RUNNING
                    || group && i.state == InstanceState.REQUESTED) {
                n++;
            }
        }
        return n;
    }

    /** Instances taking messages. */
    int runningCapacity() {
        int n = 0;
        for (Instance i : live) {
            if (i.state == InstanceState.RUNNING && !i.stoppedReceiving) {
                n++;
            }
        }
        return n;
    }

    /** Instances being paid for now (booting, running or draining). */
    int billedCapacity() {
        int n = 0;
        for (Instance i : live) {
            if (i.launchedAt >= 0 && i.state != InstanceState.GONE) {
                n++;
            }
        }
        return n;
    }

    boolean modifying() {
        return loop.now() < modifyingUntil;
    }

    /**
     * ModifySpotFleetRequest. Refused (false) while the previous change is still applying, as EC2
     * refuses it; the caller decides whether to retry.
     */
    boolean modify(int newTarget, ExcessCapacityTerminationPolicy policy) {
        if (modifying()) {
            return false;
        }
        if (newTarget == target) {
            return true;
        }
        stats.capacityChanged();
        target = newTarget;
        if (spec.reportsModifying()) {
            modifyingUntil = loop.now() + Math.round(spec.fleetModifyingSeconds() * 1000);
        }
        reconcile(policy == ExcessCapacityTerminationPolicy.DEFAULT);
        return true;
    }

    private void reconcile(boolean removeExcess) {
        // Drain-tagged instances stay above a fleet's lowered target (noTermination); a group still
        // counts them in its desired capacity until they are terminated with a decrement.
        boolean group = spec.target() == TargetKind.AUTO_SCALING_GROUP;
        int active = 0;
        for (Instance i : live) {
            if (i.active() && (group || !i.drainTagged)) {
                active++;
            }
        }
        for (int n = active; n < target; n++) {
            Instance inst = newInstance();
            long fulfil = Math.round(1000 * (spec.fulfilmentMinSeconds()
                    + inst.rng.nextDouble() * (spec.fulfilmentMaxSeconds() - spec.fulfilmentMinSeconds())));
            loop.after(fulfil, () -> {
                if (inst.state == InstanceState.REQUESTED) {
                    launched(inst);
                    loop.after(Math.round(spec.bootSeconds() * 1000), () -> {
                        if (inst.state == InstanceState.BOOTING) {
                            ready(inst);
                        }
                    });
                }
            });
        }
        if (removeExcess && active > target) {
            removeNewest(active - target);
        } else if (!group && active > target) {
            cancelRequests(active - target);
        }
    }

    /**
     * A fleet's target lowered without terminating: the fleet still cancels its open requests above the new
     * target (newest first); the instances it runs stay.
     */
    private void cancelRequests(int count) {
        for (int k = live.size() - 1; k >= 0 && count > 0; k--) {
            Instance i = live.get(k);
            if (i.state == InstanceState.REQUESTED) {
                gone(i);
                count--;
            }
        }
    }

    /** Capacity a fleet has asked for and not launched yet (open Spot requests), which lowering the target cancels. */
    int requestedCapacity() {
        int n = 0;
        for (Instance i : live) {
            if (i.state == InstanceState.REQUESTED) {
                n++;
            }
        }
        return n;
    }

    /** EC2 picks which instances go; we take the newest first, not-yet-launched before booting before working. */
    private void removeNewest(int count) {
        List<Instance> order = new ArrayList<>();
        for (InstanceState s : List.of(InstanceState.REQUESTED, InstanceState.BOOTING, InstanceState.RUNNING)) {
            for (int k = live.size() - 1; k >= 0; k--) {
                if (live.get(k).state == s && !live.get(k).drainTagged) {
                    order.add(live.get(k));
                }
            }
        }
        for (int k = 0; k < count && k < order.size(); k++) {
            Instance inst = order.get(k);
            if (inst.state == InstanceState.RUNNING && inst.message >= 0 && spec.scaleInDrainSeconds() > 0) {
                inst.state = InstanceState.DRAINING;
                loop.after(Math.round(spec.scaleInDrainSeconds() * 1000), () -> {
                    if (inst.state == InstanceState.DRAINING) {
                        release(inst);
                        gone(inst);
                    }
                });
            } else {
                release(inst);
                gone(inst);
            }
        }
    }

    private Instance newInstance() {
        SplittableRandom worker = Streams.worker(scenario.seed(), serials);
        boolean ignores = worker.nextDouble() < spec.workers().ignoreDrainFraction();
        Instance inst = new Instance(serials, Streams.instance(scenario.seed(), serials), ignores,
                worker.nextLong(TAG_POLL_MILLIS));
        serials++;
        inst.requestedAt = loop.now();
        live.add(inst);
        return inst;
    }

    private void launched(Instance inst) {
        inst.state = InstanceState.BOOTING;
        inst.launchedAt = loop.now();
    }

    /**
     * The run's Spot interruptions, drawn once from their own stream ({@link Streams#SPOT_INTERRUPTIONS}) at
     * {@link #SPOT_SLOTS} times the rate per instance-hour, each with the slot it hits: what a policy does
     * never changes when they come. The notice comes two minutes before each, to the instance in that slot
     * then (launched, not yet noticed); the interruption follows unless the instance has gone meanwhile.
     */
    private void scheduleInterruptions() {
        SplittableRandom rng = Streams.of(scenario.seed(), Streams.SPOT_INTERRUPTIONS);
        long t = 0;
        while (true) {
            t = nextInterruption(t, Streams.exponential(rng, 1.0) / SPOT_SLOTS);
            if (t == Long.MAX_VALUE) {
                return;
            }
            int slot = rng.nextInt(SPOT_SLOTS);
            long interruptAt = t;
            loop.at(Math.max(0, interruptAt - SPOT_NOTICE_MILLIS), () -> interruptionNotice(slot, interruptAt));
        }
    }

    /**
     * The notice for the instance in {@code slot} now, if one runs there; its interruption at {@code at}. A slot
     * whose instance already has its notice passes to the next instance without one (in launch order, round),
     * so the fleet meets the rate per instance running, as when each instance drew its own.
     */
    private void interruptionNotice(int slot, long at) {
        List<Instance> running = new ArrayList<>();
        for (Instance i : live) {
            if (i.launched() || i.state == InstanceState.DRAINING) {
                running.add(i);
            }
        }
        if (slot >= running.size()) {
            return;
        }
        Instance inst = null;
        for (int k = 0; k < running.size() && inst == null; k++) {
            Instance i = running.get((slot + k) % running.size());
            if (!i.interruptionNoticed) {
                inst = i;
            }
        }
        if (inst == null) {
            return;
        }
        Instance hit = inst;
        hit.interruptionNoticed = true;
        spotNotice(hit);
        loop.at(at, () -> {
            if (hit.active() || hit.state == InstanceState.DRAINING) {
                stats.interrupted();
                release(hit, true);
                gone(hit);
                reconcile(false);
            }
        });
    }

    private void ready(Instance inst) {
        inst.state = InstanceState.RUNNING;
        if (inst.stoppedReceiving) {
            reportIfDrained(inst);
            return;
        }
        if (visible.receivable()) {
            startMessage(inst, visible.receive());
        } else {
            markIdle(inst);
        }
    }

    private void gone(Instance inst) {
        if (inst.state == InstanceState.GONE) {
            return;
        }
        if (inst.launchedAt >= 0) {
            stats.billed(loop.now() - inst.launchedAt);
        }
        inst.state = InstanceState.GONE;
        inst.goneAt = loop.now();
        live.remove(inst);
    }

    /**
     * The time (millis) at which {@code budget} of one instance's hazard has been spent from {@code fromMillis}
     * on, at the scenario's time-varying rate; MAX_VALUE when the run ends first.
     */
    private long nextInterruption(long fromMillis, double budget) {
        double t = fromMillis / 1000.0;
        double end = scenario.durationSeconds();
        while (t < end) {
            double rate = spec.interruptionRateAt(t) / 3600.0;
            double next = end;
            for (Scenario.Storm s : spec.storms()) {
                if (s.startSecond() > t) {
                    next = Math.min(next, s.startSecond());
                }
                if (s.endSecond() > t) {
                    next = Math.min(next, s.endSecond());
                }
            }
            if (rate > 0 && t + budget / rate <= next) {
                return Math.round((t + budget / rate) * 1000);
            }
            budget -= rate * (next - t);
            t = next;
        }
        return Long.MAX_VALUE;
    }

    /**
     * At the end of a run: bill the instances still running, and count the messages not processed
     * that have already waited longer than {@code sloMillis}.
     */
    void close(long sloMillis) {
        for (Instance i : List.copyOf(live)) {
            if (i.launchedAt >= 0) {
                stats.billed(loop.now() - i.launchedAt);
            }
        }
        long cutoff = loop.now() - sloMillis;
        long[] late = new long[1];
        long[] work = {heldWorkMillis};
        visible.forEach(id -> {
            work[0] += serviceMillis[id];
            if (arrivalAt[id] < cutoff) {
                late[0]++;
            }
        });
        late[0] += held.countBefore(cutoff);
        for (Instance i : live) {
            if (i.message >= 0) {
                work[0] += serviceMillis[i.message] - (loop.now() - i.messageStart);
                if (i.messageStart - arrivalAt[i.message] > sloMillis) {
                    late[0]++;
                }
            }
        }
        stats.endState(visible.size(), processing.size(), held.size(), messages, deleted, late[0], work[0]);
    }
}
