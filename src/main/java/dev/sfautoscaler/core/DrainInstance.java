package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One running instance of a target, as a drain sees it: its weight in the target's capacity units and
 * the tags of the worker contract ({@code docs/workers.md}).
 *
 * @param id         the EC2 instance id
 * @param weight     the capacity units it counts for (a fractional weight rounded up, so a drain never
 *                   removes more than asked); at least 1
 * @param launchTime when it was launched
 * @param busyHint   its worker's optional {@code sfautoscaler:busy} tag
 * @param drainTag   {@code sfautoscaler:drain}: when the autoscaler asked it to drain
 * @param drainedTag {@code sfautoscaler:drained}: when its worker reported it idle (stopped receiving,
 *                   current message finished or released)
 * @param announced  its worker announced that it follows the contract ({@code sfautoscaler:worker}); a drain
 *                   waits only for such workers: one that never announced would never report, so its
 *                   instance counts as drained as soon as it is asked to drain and leaves at the next
 *                   check, with whatever it holds, as a terminating scale-in would have removed it
 */
public record DrainInstance(String id, int weight, Instant launchTime, BusyHint busyHint,
        Optional<Instant> drainTag, Optional<Instant> drainedTag, boolean announced) {

    /** The instance tag that asks a worker to drain; its value is the drain's start time. */
    public static final String DRAIN_TAG = "sfautoscaler:drain";
    /** The instance tag a worker writes once it has stopped receiving and holds no message. */
    public static final String DRAINED_TAG = "sfautoscaler:drained";
    /** The optional instance tag a worker keeps at {@code 0} (idle) or {@code 1} (busy). */
    public static final String BUSY_TAG = "sfautoscaler:busy";
    /** The instance tag a worker writes when it starts: it follows the contract (any value; {@code drain}). */
    public static final String WORKER_TAG = "sfautoscaler:worker";

    /** What a worker says of itself through {@link #BUSY_TAG}; the picker prefers idle, then unknown, then busy. */
    public enum BusyHint {
        IDLE, UNKNOWN, BUSY;

        /** The hint of a tag value: {@code 0} idle, {@code 1} busy, anything else (or none) unknown. */
        public static BusyHint ofTag(Optional<String> value) {
            String v = value.map(String::strip).orElse("");
            return switch (v) {
                case "0" -> IDLE;
                case "1" -> BUSY;
                default -> UNKNOWN;
            };
        }
    }

    public DrainInstance {
        if (id == null || id.isBlank()) {
            throw new InvalidInput("instance.id", "is required (an EC2 instance id such as i-0123456789abcdef0)");
        }
        if (weight < 1) {
            throw new InvalidInput("instance.weight", "must be at least 1 capacity unit; got " + weight + " for " + id);
        }
        Objects.requireNonNull(launchTime, "launchTime");
        busyHint = busyHint == null ? BusyHint.UNKNOWN : busyHint;
        drainTag = drainTag == null ? Optional.empty() : drainTag;
        drainedTag = drainedTag == null ? Optional.empty() : drainedTag;
    }

    /** An instance whose worker announced the contract. */
    public DrainInstance(String id, int weight, Instant launchTime, BusyHint busyHint, Optional<Instant> drainTag,
            Optional<Instant> drainedTag) {
        this(id, weight, launchTime, busyHint, drainTag, drainedTag, true);
    }

    /** An instance no drain has touched, whose worker announced the contract. */
    public static DrainInstance of(String id, int weight, Instant launchTime, BusyHint busyHint) {
        return new DrainInstance(id, weight, launchTime, busyHint, Optional.empty(), Optional.empty());
    }

    public boolean draining() {
        return drainTag.isPresent();
    }

    /**
     * Nothing to wait for: asked to drain, and its worker reported idle or never announced the contract (it
     * would never report). Only an instance asked to drain counts (a stale tag on another does not).
     */
    public boolean drained() {
        return drainTag.isPresent() && (drainedTag.isPresent() || !announced);
    }

    /**
     * The picker's order of preference: 0 reported idle, 1 busy hint 0, then the workers that announced the
     * contract (2 no hint, 3 busy hint 1), then those that did not (4 no hint, 5 busy hint 1). An announced
     * worker asked to drain finishes its message first; one that never announced leaves at the first check
     * with whatever it holds, so among instances that may be busy the announced ones go first. In a fleet
     * where no worker announced, the order is the hint's alone, as before the contract.
     */
    int idleRank() {
        if (drainedTag.isPresent()) {
            return 0;
        }
        return switch (busyHint) {
            case IDLE -> 1;
            case UNKNOWN -> announced ? 2 : 4;
            case BUSY -> announced ? 3 : 5;
        };
    }
}
