package dev.sfautoscaler.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} that reads simulated time, so the real core sees the simulated "now". */
final class SimClock extends Clock {

    /** Simulated time zero. A fixed instant keeps every run reproducible. */
    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

    private final EventLoop loop;

    SimClock(EventLoop loop) {
        this.loop = loop;
    }

    static Instant toInstant(long millis) {
        return EPOCH.plusMillis(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the simulated clock runs in UTC only");
    }

    @Override
    public Instant instant() {
        return toInstant(loop.now());
    }

    @Override
    public long millis() {
        return EPOCH.toEpochMilli() + loop.now();
    }
}
