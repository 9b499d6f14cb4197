package dev.sfautoscaler.testing;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The functions' clock for a test that must let hours pass (notify's back-off): it stands still until
 * the test moves it. An alternative to the system clock that a test profile enables
 * ({@code getEnabledAlternatives}); every other Quarkus test keeps the real clock.
 */
@Alternative
@Singleton
public class MovableClock extends Clock {

    private volatile Instant now = Instant.now();

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
