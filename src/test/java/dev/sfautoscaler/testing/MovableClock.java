package dev.sfautoscaler.testing;

import dev.sfautoscaler.core.fakes.SettableClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The functions' clock for a test that must let hours pass (notify's back-off): the core tests'
 * {@link SettableClock}, starting now, as a bean. An alternative to the system clock that a test
 * profile enables ({@code getEnabledAlternatives}); every other Quarkus test keeps the real clock.
 */
@Alternative
@Singleton
public class MovableClock extends SettableClock {

    public MovableClock() {
        super(Instant.now());
    }
}
