package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.fakes.InMemoryDrainGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.SettableClock;
import dev.sfautoscaler.core.port.FleetGateway;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a drain carries on its target's {@code sfautoscaler:drainStartedAt} (the instances its checks terminated),
 * and a target paused after the decision, which a drain does not start on.
 */
class DrainProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");
    private static final String FLEET = "sfr-0123abcd-4567-89ef-0123-456789abcdef";

    @Test
    void the_counts_follow_the_time_on_the_tag_and_read_back_as_written() {
        DrainProgress p = DrainProgress.none(T0).plus(2, 1, 0, 3).plus(0, 0, 1, 2);

        assertEquals("2026-12-04T21:00:00Z drained=2 unannounced=1 timedOut=1 units=5", p.toTag());
        assertEquals(Optional.of(p), DrainProgress.fromTag(Optional.of(p.toTag())));
        assertEquals(Optional.of(T0), FleetSnapshot.drainStartedAt(Optional.of(p.toTag())),
                "read-capacity still reads the drain's time from the tag");
        DrainProgress decided = DrainProgress.none(T0).decided(1);
        assertEquals("2026-12-04T21:00:00Z to=1", decided.toTag(), "start writes the decided target");
        assertEquals("2026-12-04T21:00:00Z drained=1 unannounced=0 timedOut=0 units=4 to=1",
                decided.plus(1, 0, 0, 4).toTag(), "and the checks keep it");
        assertEquals(Optional.of(decided.plus(1, 0, 0, 4)), DrainProgress.fromTag(Optional.of(decided.plus(1, 0, 0, 4)
                .toTag())));
        assertEquals(Optional.empty(), DrainProgress.fromTag(Optional.of("2026-12-04T21:00:00Z to=x"))
                .flatMap(DrainProgress::decidedTo), "an unreadable target is none");
    }

    @Test
    void a_tag_with_only_its_time_counts_nothing_and_a_tag_that_is_no_time_is_no_drain() {
        assertEquals("2026-12-04T21:00:00Z", DrainProgress.none(T0).toTag(), "as before counts were carried");
        assertEquals(Optional.of(DrainProgress.none(T0)), DrainProgress.fromTag(Optional.of("2026-12-04T21:00:00Z")));
        assertEquals(Optional.of(new DrainProgress(T0, 0, 0, 0, 4)),
                DrainProgress.fromTag(Optional.of("2026-12-04T21:00:00Z drained=x units=4 other=1 junk")),
                "an unreadable count (edited by hand) counts as 0");
        assertEquals(Optional.empty(), DrainProgress.fromTag(Optional.of("yesterday drained=2")));
        assertEquals(Optional.empty(), DrainProgress.fromTag(Optional.of(" ")));
        assertEquals(Optional.empty(), FleetSnapshot.drainStartedAt(Optional.empty()));
    }

    @Test
    void a_target_paused_after_the_decision_drains_nothing() {
        SettableClock clock = new SettableClock(T0);
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        fleets.add(FLEET, 3);
        FleetGateway paused = fleets.describedAs(f -> f.withPausedBy(Optional.of("deploying")));
        InMemoryDrainGateway instances = new InMemoryDrainGateway();
        instances.add("i-1", 1, T0, BusyHint.IDLE).add("i-2", 1, T0, BusyHint.IDLE).add("i-3", 1, T0, BusyHint.IDLE);
        DrainCoordinator drain = new DrainCoordinator(paused, instances,
                new CapacityReader(paused, new InMemoryQueueGauge(), clock), new ScalingDecider(clock), clock);

        DrainReport report = drain.start(Target.spotFleet(FLEET), 3, 1, "t#1");

        assertEquals(DrainOutcome.NOTHING_TO_DRAIN, report.outcome());
        assertTrue(report.reason().contains("it was paused (deploying)"), report.reason());
        assertEquals(3, fleets.fleet(FLEET).targetCapacity);
        assertEquals(List.of(), fleets.modifications());
        assertEquals(Optional.empty(), instances.targetTag(), "nothing tagged");
        assertEquals(List.of(), instances.instances(Target.spotFleet(FLEET)).stream()
                .filter(DrainInstance::draining).toList());
    }
}
