package dev.sfautoscaler.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a drain step found and did: the {@code drain} function's output, shown in the history.
 *
 * @param target       the target drained
 * @param outcome      where the drain stands
 * @param startedAt    when the drain started (the instances' {@code sfautoscaler:drain} value); empty when nothing drains
 * @param from         the target's capacity before the drain
 * @param to           the target's capacity once the drained instances are gone
 * @param instanceIds  the instances of the drain (for finish: those terminated; for cancelled: those untagged)
 * @param units        the units of those instances
 * @param drained      how many reported idle
 * @param waiting      how many have not reported idle yet
 * @param timedOut     how many were (or will be) terminated without reporting idle
 * @param cancelled    how many were untagged because a scale-out needs them
 * @param shortfall    start: the units asked that no combination of instances removes without removing more
 * @param elapsedSeconds seconds since the drain started
 * @param reason       one sentence for the history and the notification
 * @param checkSeconds how long the workflow waits before it looks at the drain again (the policy's
 *                     drainCheckSeconds, shorter while the drain is young: {@link #withCheckSeconds}; the
 *                     state WaitForDrain reads it); 0 when the step knows no policy
 * @param unannounced  how many left without being waited for: their worker never announced the contract
 *                     ({@code drained} counts only workers that reported)
 */
public record DrainReport(Target target, DrainOutcome outcome, Optional<Instant> startedAt, int from, int to,
        List<String> instanceIds, int units, int drained, int waiting, int timedOut, int cancelled, int shortfall,
        long elapsedSeconds, String reason, long checkSeconds, int unannounced) {

    public DrainReport {
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        instanceIds = List.copyOf(instanceIds);
    }

    /** A report without the wait until the next look (finish, or a step that knows no policy). */
    public DrainReport(Target target, DrainOutcome outcome, Optional<Instant> startedAt, int from, int to,
            List<String> instanceIds, int units, int drained, int waiting, int timedOut, int cancelled, int shortfall,
            long elapsedSeconds, String reason) {
        this(target, outcome, startedAt, from, to, instanceIds, units, drained, waiting, timedOut, cancelled, shortfall,
                elapsedSeconds, reason, 0, 0);
    }

    /**
     * This report with the workflow's next wait: as long as the drain has run so far, at least
     * {@link DrainCoordinator#FIRST_CHECK_SECONDS} and at most the policy's {@code drainCheckSeconds}
     * ({@code seconds}): the first checks come while the workers that were idle see their tag (they read it every
     * 2 s) and terminate each as soon as it reported; a drain that waits for long work looks every drainCheckSeconds.
     */
    public DrainReport withCheckSeconds(long seconds) {
        long next = Math.min(seconds, Math.max(DrainCoordinator.FIRST_CHECK_SECONDS, elapsedSeconds));
        return new DrainReport(target, outcome, startedAt, from, to, instanceIds, units, drained, waiting, timedOut,
                cancelled, shortfall, elapsedSeconds, reason, next, unannounced);
    }

    /** This report counting {@code n} instances that left without being waited for (never announced the contract). */
    public DrainReport withUnannounced(int n) {
        return new DrainReport(target, outcome, startedAt, from, to, instanceIds, units, drained, waiting, timedOut,
                cancelled, shortfall, elapsedSeconds, reason, checkSeconds, n);
    }
}
