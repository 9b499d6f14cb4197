package dev.sfautoscaler.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * The sandbox's stand-in for the instance metadata service (IMDS), which the emulator does not serve:
 * what each instance's worker would read at {@code /latest/meta-data/tags/instance/sfautoscaler:drain}.
 * As AWS's IMDS shows a tag change after a short delay, this one shows the emulator's tags as of its
 * last refresh: one DescribeTags (the instances' {@code sfautoscaler:drain} tags, where the functions
 * write them) for all instances, at most every {@link #REFRESH_SECONDS} simulated seconds and never
 * more often than every {@link #MIN_REFRESH_NANOS} real nanoseconds (the emulator is one process that
 * also serves the functions). A worker's read is then an in-memory look-up, so it reads before every
 * ReceiveMessage as {@code docs/workers.md} says without a call to the emulator each time.
 * (The emulator sends no Spot interruption notices, so {@code spot/instance-action} is not served.)
 *
 * <p>Not thread-safe: the workers' thread refreshes and reads it.
 */
final class InstanceMetadata {

    /** How long a tag change takes to show, at most, in simulated seconds (plus one DescribeTags). */
    static final double REFRESH_SECONDS = 2;

    /** The shortest real interval between two refreshes: 50 ms, so at SPEED=60 every 3 simulated seconds. */
    static final long MIN_REFRESH_NANOS = 50_000_000L;

    static final String DRAIN_TAG = "sfautoscaler:drain";

    private final Ec2Client ec2;
    private final long refreshNanos;
    private Map<String, String> drainTags = Map.of();
    private long nextRefreshNanos = Long.MIN_VALUE;
    private long refreshes;

    InstanceMetadata(Ec2Client ec2, TimeScale time) {
        this.ec2 = ec2;
        this.refreshNanos = Math.max(MIN_REFRESH_NANOS, time.realNanos(REFRESH_SECONDS));
    }

    /** Reads the emulator's tags if the last refresh is {@link #refreshNanos} old: one DescribeTags. */
    void refreshIfDue(long nowNanos) {
        if (nowNanos < nextRefreshNanos) {
            return;
        }
        nextRefreshNanos = nowNanos + refreshNanos;
        Map<String, String> tags = new HashMap<>();
        for (TagDescription t : ec2.describeTagsPaginator(r -> r.filters(
                f -> f.name("key").values(DRAIN_TAG),
                f -> f.name("resource-type").values("instance"))).tags()) {
            tags.put(t.resourceId(), t.value());
        }
        drainTags = tags;
        refreshes++;
    }

    /**
     * {@code GET /latest/meta-data/tags/instance/sfautoscaler:drain} on instance {@code instanceId}: the
     * drain's start, or empty where IMDS answers 404 (the instance is not draining).
     */
    Optional<String> drainTag(String instanceId) {
        return Optional.ofNullable(drainTags.get(instanceId));
    }

    /** The interval between two refreshes in simulated seconds, at {@code time}'s speed. */
    static double refreshSimulatedSeconds(TimeScale time) {
        return Math.round(Math.max(MIN_REFRESH_NANOS, time.realNanos(REFRESH_SECONDS)) / 1e8 * time.speed()) / 10.0;
    }

    /** The real interval between two refreshes. */
    long refreshNanos() {
        return refreshNanos;
    }

    /** DescribeTags calls made so far. */
    long refreshes() {
        return refreshes;
    }
}
