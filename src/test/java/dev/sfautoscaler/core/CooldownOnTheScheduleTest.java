package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static dev.sfautoscaler.core.Fixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.fakes.InMemoryDrainGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A one-minute schedule and a one-minute scale-out cooldown (the defaults): a tick's change is made a
 * few seconds after the tick (check reads and decides, the execution it starts reads, decides and
 * modifies), and the next tick's check decides a couple of seconds after its tick. Counted from when
 * modify ran, the next tick finds the cooldown a few seconds short and waits a whole minute; counted
 * from the tick the change answered, the ticks are 60 s apart and the next one may act.
 */
class CooldownOnTheScheduleTest {

    private final SettableClock clock = new SettableClock(NOW);
    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final ScalingDecider decider = new ScalingDecider(clock);
    private final CapacityModifier modifier = new CapacityModifier(fleets, clock);
    private final ScalingPolicy policy = policy().scaleOutCooldownSeconds(60).build();

    private ScaleDecision decideAt(Instant when, Trigger tick, long visible) {
        clock.set(when);
        FleetSnapshot fleet = fleets.describe(new Target(TargetKind.SPOT_FLEET, FLEET_ID));
        return decider.decide(fleet, Optional.of(new QueueSnapshot(QUEUE_URL, visible, 0, 0, when)), tick, policy);
    }

    @Test
    void theNextTickOfAOneMinuteScheduleIsNotHeldByAOneMinuteCooldown() {
        fleets.add(FLEET_ID, 4);
        Trigger first = Trigger.schedule("tick-1", NOW);
        // The Standard execution started by check decides 4 s after the tick; modify runs at 5 s.
        ScaleDecision out = decideAt(NOW.plusSeconds(4), first, 600);
        assertEquals(ScaleAction.SCALE_OUT, out.action());
        clock.set(NOW.plusSeconds(5));
        modifier.modify(ModifyRequest.of(out, false));

        // The next tick, 60 s later; its check decides 2 s after it: 57 s after modify ran.
        Trigger second = Trigger.schedule("tick-2", NOW.plusSeconds(60));
        ScaleDecision next = decideAt(NOW.plusSeconds(62), second, 900);

        assertEquals(ReasonCode.BACKLOG_NEEDS_MORE, next.reasonCode(), next.reason());
        assertEquals(9, next.to());
    }

    @Test
    void aChangeIsRecordedAtTheTickItAnswered() {
        fleets.add(FLEET_ID, 4);
        ScaleDecision out = decideAt(NOW.plusSeconds(4), Trigger.schedule("tick-1", NOW), 600);
        clock.set(NOW.plusSeconds(5));

        modifier.modify(ModifyRequest.of(out, false));

        assertEquals(Optional.of(NOW), LastChange.fromMarker(fleets.fleet(FLEET_ID).marker).map(LastChange::at));
    }

    @Test
    void theCooldownStillHoldsWithinTheMinute() {
        fleets.add(FLEET_ID, 4);
        ScaleDecision out = decideAt(NOW.plusSeconds(4), Trigger.schedule("tick-1", NOW), 600);
        clock.set(NOW.plusSeconds(5));
        modifier.modify(ModifyRequest.of(out, false));

        // An alarm 30 s after the tick: the cooldown counts from the tick and has 28 s left.
        ScaleDecision next = decideAt(NOW.plusSeconds(32), Fixtures.alarm(Fixtures.SCALE_OUT_ALARM, AlarmState.ALARM)
                .inRound(1), 900);

        assertEquals(ReasonCode.SCALE_OUT_COOLDOWN, next.reasonCode(), next.reason());
        assertEquals(28L, next.basis().cooldownRemainingSeconds());
    }

    @Test
    void aDrainsScaleInIsRecordedAtTheTickItAnsweredSoTheNextTickMayScaleInAgain() {
        fleets.add(FLEET_ID, 4);
        InMemoryDrainGateway instances = new InMemoryDrainGateway();
        for (int i = 1; i <= 4; i++) {
            instances.add("i-" + i, 1, NOW.minusSeconds(3600 - 60L * i), BusyHint.IDLE);
        }
        DrainCoordinator drains = new DrainCoordinator(fleets, instances,
                new CapacityReader(fleets, new InMemoryQueueGauge(), clock), decider, clock);
        ScalingPolicy slow = policy().scaleInCooldownSeconds(60).maxScaleInStep(1).build();
        Target target = new Target(TargetKind.SPOT_FLEET, FLEET_ID);
        clock.set(NOW.plusSeconds(4));
        ScaleDecision in = decider.decide(fleets.describe(target),
                Optional.of(new QueueSnapshot(QUEUE_URL, 0, 0, 0, NOW.plusSeconds(4))), Trigger.schedule("tick-1", NOW),
                slow);
        assertEquals(ScaleAction.SCALE_IN, in.action(), in.reason());

        // StartDrain runs 6 s after the tick; the drain is done (every worker idle) well within the minute.
        clock.set(NOW.plusSeconds(6));
        drains.start(target, in.from(), in.to(), in.triggerKey(), Optional.of(in.askedAt()));
        clock.set(NOW.plusSeconds(12));
        drains.finish(target, in.triggerKey());

        assertEquals(Optional.of(NOW), LastChange.fromMarker(fleets.fleet(FLEET_ID).marker).map(LastChange::at));
        // The next tick decides 2 s after it: 60 s after the tick the drain answered, 56 s after StartDrain ran.
        clock.set(NOW.plusSeconds(62));
        ScaleDecision next = decider.decide(fleets.describe(target),
                Optional.of(new QueueSnapshot(QUEUE_URL, 0, 0, 0, NOW.plusSeconds(62))),
                Trigger.schedule("tick-2", NOW.plusSeconds(60)), slow);
        assertEquals(ScaleAction.SCALE_IN, next.action(), next.reason());
        assertEquals(in.to() - 1, next.to());
    }

    @Test
    void aLateOrReplayedEventAndTheWorkflowsOwnRoundsAreDatedWhenDecided() {
        Instant now = NOW.plusSeconds(300);
        assertEquals(NOW, Trigger.schedule("tick", NOW).askedAt(NOW.plusSeconds(3)));
        assertEquals(now, Trigger.schedule("tick", NOW).askedAt(now), "older than a minute: a redelivery or replay");
        assertEquals(now, Trigger.schedule("tick", now.plus(Duration.ofSeconds(5))).askedAt(now), "from the future");
        assertEquals(now, Trigger.alarm("evt", "a", AlarmState.ALARM, now.minusSeconds(70)).inRound(2).askedAt(now));
        assertEquals(now, Trigger.manual("run", now).askedAt(now));
    }
}
