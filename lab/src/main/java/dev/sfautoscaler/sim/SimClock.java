package dev.sfautoscaler.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A {@link Clock} that reads simulated time, so the real core sees the simulated "now": simulated
 * second 0 is the scenario's {@code startsAt} (a real time of day in its zone), so decide's schedule
 * windows open at their local time.
 */
final class SimClock extends Clock {

    /** Simulated time zero unless a scenario says otherwise: a Monday, 00:00 UTC. Fixed, so every run is reproducible. */
    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

    private final EventLoop loop;
    private final Instant start;
    private final ZoneId zone;

    SimClock(EventLoop loop) {
        this(loop, EPOCH.atZone(ZoneOffset.UTC));
    }

    SimClock(EventLoop loop, ZonedDateTime start) {
        this(loop, start.toInstant(), start.getZone());
    }

    private SimClock(EventLoop loop, Instant start, ZoneId zone) {
        this.loop = loop;
        this.start = start;
        this.zone = zone;
    }

    /** The instant of simulated time {@code millis}. */
    Instant at(long millis) {
        return start.plusMillis(millis);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new SimClock(loop, start, other);
    }

    @Override
    public Instant instant() {
        return at(loop.now());
    }

    @Override
    public long millis() {
        return start.toEpochMilli() + loop.now();
    }
}
