package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.fakes.InMemoryDrainGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A drain waits only for workers that announced the contract ({@code sfautoscaler:worker}): a fleet whose
 * workers know nothing of it is scaled in with the start, not held for {@code drainTimeoutSeconds}, and the
 * notification counts those instances as not announced.
 */
class UnannouncedWorkerDrainTest {

    private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");
    private static final String FLEET = "sfr-0123abcd-4567-89ef-0123-456789abcdef";
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
    private static final Target SPOT = Target.spotFleet(FLEET);

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final InMemoryDrainGateway instances = new InMemoryDrainGateway();
    private final InMemoryQueueGauge queues = new InMemoryQueueGauge();
    private final DrainCoordinator drain = new DrainCoordinator(fleets, instances,
            new CapacityReader(fleets, queues, clock), new ScalingDecider(clock), clock);
    private final ScalingPolicy policy = ScalingPolicy.builder().minCapacity(1).maxCapacity(10).backlogPerUnit(10)
            .scaleIn(ScaleInMode.DRAIN).build();

    @Test
    void instances_whose_workers_never_announced_leave_at_the_start_and_the_notification_counts_them() {
        fleets.add(FLEET, 3);
        for (int i = 1; i <= 3; i++) {
            instances.addUnannounced("i-" + i, 1, T0.minusSeconds(3600 - 60L * i));
        }
        queues.put(new QueueSnapshot(QUEUE, 0, 0, 0, T0));

        DrainReport started = drain.start(SPOT, 3, 1, "manual-1#1");

        assertEquals(DrainOutcome.STARTED, started.outcome());
        assertEquals(List.of("i-3", "i-2"), instances.terminated(), "terminated with the start, newest first");
        assertEquals(2, started.unannounced());
        assertTrue(started.reason().contains("never announced the contract"), started.reason());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(DrainOutcome.DRAINED, drain.check(SPOT, QUEUE, policy, "c1").outcome());
        DrainReport finished = drain.finish(SPOT, "manual-1#1");
        assertEquals(1, fleets.fleet(FLEET).targetCapacity);
        assertEquals(List.of(0, 2, 0, 2, 3, 1), List.of(finished.drained(), finished.unannounced(),
                finished.timedOut(), finished.units(), finished.from(), finished.to()), finished.reason());
        assertEquals("scaled in 3 -> 1, 0 instances drained and 2 not announced (2 units) in 1 s",
                ChangeNotifier.drained(finished));
    }

    @Test
    void in_a_mixed_fleet_the_drain_waits_for_the_announced_worker_only() {
        // announced workers go first; the 2-unit one cannot, so the second unit is the unannounced one
        fleets.add(FLEET, 4);
        instances.add("i-keep", 2, T0.minusSeconds(7200), BusyHint.BUSY);
        instances.addUnannounced("i-old", 1, T0.minusSeconds(600));
        instances.add("i-new", 1, T0.minusSeconds(60), BusyHint.BUSY);
        queues.put(new QueueSnapshot(QUEUE, 0, 0, 0, T0));
        assertEquals(List.of("i-new", "i-old"), drain.start(SPOT, 4, 2, "manual-1#1").instanceIds());
        assertEquals(List.of("i-old"), instances.terminated(), "the unannounced one left with the start");
        clock.advance(Duration.ofSeconds(policy.drainCheckSeconds()));

        DrainReport waiting = drain.check(SPOT, QUEUE, policy, "c1");

        assertEquals(DrainOutcome.WAITING, waiting.outcome());
        assertTrue(waiting.reason().startsWith("0 of 1 instance reported idle"), waiting.reason());
        assertTrue(waiting.reason().contains("waiting for i-new (at most"), waiting.reason());
        instances.reportDrained("i-new", clock.instant());
        clock.advance(Duration.ofSeconds(policy.drainCheckSeconds()));
        assertEquals(DrainOutcome.DRAINED, drain.check(SPOT, QUEUE, policy, "c2").outcome());
        DrainReport finished = drain.finish(SPOT, "manual-1#1");
        assertEquals("scaled in 4 -> 2, 1 instance drained and 1 not announced (2 units) in 10 s",
                ChangeNotifier.drained(finished));
    }

    @Test
    void an_instance_is_announced_by_its_tag_and_only_a_drain_tag_makes_an_unannounced_one_drained() {
        DrainInstance quiet = new DrainInstance("i-1", 1, T0, BusyHint.UNKNOWN, Optional.empty(), Optional.empty(),
                false);
        assertFalse(quiet.drained());
        assertTrue(new DrainInstance("i-1", 1, T0, BusyHint.UNKNOWN, Optional.of(T0), Optional.empty(), false)
                .drained());
        assertFalse(new DrainInstance("i-1", 1, T0, BusyHint.UNKNOWN, Optional.of(T0), Optional.empty(), true)
                .drained());
    }
}
