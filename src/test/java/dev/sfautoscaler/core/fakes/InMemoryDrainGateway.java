package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.DrainInstance;
import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.DrainProgress;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.port.DrainGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A target's instances kept in memory; terminating one removes it (and counts it). */
public final class InMemoryDrainGateway implements DrainGateway {

    private final Map<String, DrainInstance> instances = new LinkedHashMap<>();
    private final List<String> terminated = new ArrayList<>();
    /** The target's {@code sfautoscaler:drainStartedAt} value, as the AWS gateway writes it. */
    private Optional<String> targetTag = Optional.empty();
    private RuntimeException failNextMark;

    /** The target's drain-under-way tag, as {@link #markTargetDraining} left it. */
    public Optional<Instant> targetDrainStartedAt() {
        return FleetSnapshot.drainStartedAt(targetTag);
    }

    /** The target's drain tag's value as written ({@link DrainProgress#toTag()}). */
    public Optional<String> targetTag() {
        return targetTag;
    }

    /** The next {@link #markDraining} throws {@code e} before tagging anything (a step that fails midway). */
    public void failNextMark(RuntimeException e) {
        failNextMark = e;
    }

    public InMemoryDrainGateway add(String id, int weight, Instant launched, BusyHint hint) {
        instances.put(id, DrainInstance.of(id, weight, launched, hint));
        return this;
    }

    /** An instance whose worker never announced the contract (no {@code sfautoscaler:worker} tag). */
    public InMemoryDrainGateway addUnannounced(String id, int weight, Instant launched) {
        instances.put(id, new DrainInstance(id, weight, launched, BusyHint.UNKNOWN, Optional.empty(), Optional.empty(),
                false));
        return this;
    }

    /** The worker of {@code id} reports idle, as the worker contract says. */
    public void reportDrained(String id, Instant at) {
        DrainInstance i = instances.get(id);
        instances.put(id, new DrainInstance(id, i.weight(), i.launchTime(), i.busyHint(), i.drainTag(),
                Optional.of(at), i.announced()));
    }

    public DrainInstance instance(String id) {
        return instances.get(id);
    }

    public List<String> terminated() {
        return List.copyOf(terminated);
    }

    @Override
    public List<DrainInstance> instances(Target target) {
        return List.copyOf(instances.values());
    }

    @Override
    public void markDraining(Target target, List<String> ids, Instant startedAt) {
        if (failNextMark != null) {
            RuntimeException e = failNextMark;
            failNextMark = null;
            throw e;
        }
        for (String id : ids) {
            DrainInstance i = instances.get(id);
            instances.put(id, new DrainInstance(id, i.weight(), i.launchTime(), i.busyHint(), Optional.of(startedAt),
                    i.drainedTag(), i.announced()));
        }
    }

    @Override
    public void unmark(Target target, List<String> ids) {
        for (String id : ids) {
            DrainInstance i = instances.get(id);
            instances.put(id, new DrainInstance(id, i.weight(), i.launchTime(), i.busyHint(), Optional.empty(),
                    Optional.empty(), i.announced()));
        }
    }

    @Override
    public void markTargetDraining(Target target, Instant startedAt) {
        recordProgress(target, DrainProgress.none(startedAt));
    }

    @Override
    public void recordProgress(Target target, DrainProgress progress) {
        targetTag = Optional.of(progress.toTag());
    }

    @Override
    public Optional<DrainProgress> progress(Target target) {
        return DrainProgress.fromTag(targetTag);
    }

    @Override
    public void unmarkTarget(Target target) {
        targetTag = Optional.empty();
    }

    @Override
    public void terminate(Target target, List<DrainInstance> doomed) {
        for (DrainInstance i : doomed) {
            instances.remove(i.id());
            terminated.add(i.id());
        }
    }
}
