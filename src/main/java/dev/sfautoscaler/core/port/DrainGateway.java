package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.DrainInstance;
import dev.sfautoscaler.core.DrainProgress;
import dev.sfautoscaler.core.Target;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The instances of a target, for a drain ({@code docs/workers.md}): list them with their weights and
 * drain tags, tag and untag them, and terminate exactly the ones drained. One adapter per target kind;
 * errors are the core's typed errors, as {@link FleetGateway}'s.
 */
public interface DrainGateway {

    /** The target's running (and pending) instances, each with its weight, launch time and drain tags. */
    List<DrainInstance> instances(Target target);

    /** Tags each instance {@code sfautoscaler:drain} = {@code startedAt} (ISO-8601 UTC, seconds). */
    void markDraining(Target target, List<String> instanceIds, Instant startedAt);

    /** Removes {@code sfautoscaler:drain} and {@code sfautoscaler:drained} from each instance: its drain is cancelled. */
    void unmark(Target target, List<String> instanceIds);

    /**
     * Terminates exactly these instances and lowers the target by their units where the target was not
     * lowered at the start (an Auto Scaling group: TerminateInstanceInAutoScalingGroup with
     * ShouldDecrementDesiredCapacity; a fleet was lowered with noTermination, so TerminateInstances).
     */
    void terminate(Target target, List<DrainInstance> instances);

    /**
     * Tags the target {@code sfautoscaler:drainStartedAt} = {@code startedAt} (ISO-8601 UTC, seconds): a drain
     * is under way, and read-capacity reports it with the marker, so a later execution resumes a drain whose own
     * execution failed. A gateway whose drains cannot be interrupted (the simulator's) need not record it.
     */
    default void markTargetDraining(Target target, Instant startedAt) {
    }

    /**
     * Writes the target's {@code sfautoscaler:drainStartedAt} with what the drain has removed so far
     * ({@link DrainProgress#toTag()}): the time stays its first word, the counts follow it.
     */
    default void recordProgress(Target target, DrainProgress progress) {
        markTargetDraining(target, progress.askedAt());
    }

    /** The target's {@code sfautoscaler:drainStartedAt} read back as a {@link DrainProgress}; none without the tag. */
    default Optional<DrainProgress> progress(Target target) {
        return Optional.empty();
    }

    /** Removes the target's {@code sfautoscaler:drainStartedAt}: no drain is under way any more. */
    default void unmarkTarget(Target target) {
    }
}
