package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy does not care which kind of target it scales: the same readings give the same
 * decisions for a spot fleet, an EC2 Fleet and an Auto Scaling group, and a group's own bounds and
 * scaling policies show in the decision.
 */
class TargetKindsTest {

    static final Map<TargetKind, String> IDS = Map.of(
            TargetKind.SPOT_FLEET, "sfr-0abc1234def567890",
            TargetKind.EC2_FLEET, "fleet-0123abcd-4567-89ef-0123-456789abcdef",
            TargetKind.AUTO_SCALING_GROUP, "queue-workers");

    /** A minute-by-minute backlog: a surge, a plateau, a drain. */
    static final long[] BACKLOG = {0, 150, 900, 1800, 2600, 2600, 2400, 2000, 2000, 1500, 900, 400, 120, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0};

    /**
     * One plant for every kind: each change is fulfilled a minute later, in capacity units, as a fleet of
     * weights 1 and 4 or a group of the same weights would be when the instances come up at once.
     */
    static List<String> replay(TargetKind kind) {
        ScalingPolicy policy = Fixtures.policy().build();
        int target = 2;
        double fulfilled = 2;
        Optional<LastChange> marker = Optional.empty();
        List<String> decisions = new ArrayList<>();
        for (int minute = 0; minute < BACKLOG.length; minute++) {
            Instant at = NOW.plusSeconds(60L * minute);
            FleetSnapshot fleet = new FleetSnapshot(IDS.get(kind), target, fulfilled, 0, 0, FleetState.ACTIVE,
                    ActivityStatus.FULFILLED, FleetType.MAINTAIN, marker, kind);
            Optional<QueueSnapshot> queue = Optional.of(new QueueSnapshot(QUEUE_URL, BACKLOG[minute], 0, 0, at));
            Trigger tick = Trigger.schedule("tick-" + minute, at);
            ScaleDecision d = new ScalingDecider(Clock.fixed(at, ZoneOffset.UTC)).decide(fleet, queue, tick, policy);
            assertEquals(kind, d.targetKind());
            decisions.add(d.action().wireName() + " " + d.from() + " -> " + d.to() + " " + d.reasonCode());
            fulfilled = target;
            if (d.isChange()) {
                marker = Optional.of(new LastChange(at, d.action(), d.from(), d.to(), d.triggerKey()));
                target = d.to();
            }
        }
        return decisions;
    }

    @Test
    void theSameReadingsGiveTheSameDecisionsForEveryKind() {
        Map<TargetKind, List<String>> byKind = new EnumMap<>(TargetKind.class);
        for (TargetKind kind : TargetKind.values()) {
            byKind.put(kind, replay(kind));
        }
        List<String> spotFleet = byKind.get(TargetKind.SPOT_FLEET);
        assertTrue(spotFleet.stream().anyMatch(d -> d.startsWith("scale-out")), spotFleet.toString());
        assertTrue(spotFleet.stream().anyMatch(d -> d.startsWith("scale-in")), spotFleet.toString());
        assertEquals(spotFleet, byKind.get(TargetKind.EC2_FLEET));
        assertEquals(spotFleet, byKind.get(TargetKind.AUTO_SCALING_GROUP));
    }

    static FleetSnapshot group(int target, OwnBounds own, List<String> warnings) {
        return new FleetSnapshot("queue-workers", target, target, 0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED,
                FleetType.MAINTAIN, Optional.empty(), TargetKind.AUTO_SCALING_GROUP, Optional.of(own), warnings);
    }

    @Test
    void aGroupsOwnMaximumStopsTheScaleOutAndTheDecisionSaysSo() {
        ScaleDecision d = Fixtures.decider().decide(group(3, new OwnBounds(1, 6), List.of()),
                Fixtures.queue(1500, 0), Fixtures.manual(), Fixtures.policy().build());

        assertEquals(ScaleAction.SCALE_OUT, d.action());
        assertEquals(6, d.to());
        assertTrue(d.reason().contains("The target's own maximum (6) stopped it: it is tighter than the policy's"
                + " maxCapacity (20)."), d.reason());
    }

    @Test
    void aGroupsOwnMinimumStopsTheScaleInAndTheDecisionSaysSo() {
        ScaleDecision d = Fixtures.decider().decide(group(8, new OwnBounds(4, 10), List.of()),
                Fixtures.queue(0, 0), Fixtures.manual(), Fixtures.policy().build());

        assertEquals(ScaleAction.SCALE_IN, d.action(), d.reason());
        assertEquals(4, d.to(), d.reason());
        assertTrue(d.reason().contains("The target's own minimum (4) stopped it"), d.reason());
    }

    @Test
    void boundsTheGroupDoesNotTightenAreNotMentioned() {
        ScaleDecision d = Fixtures.decider().decide(group(3, new OwnBounds(0, 100), List.of()),
                Fixtures.queue(1500, 0), Fixtures.manual(), Fixtures.policy().build());

        assertEquals(15, d.to());
        assertFalse(d.reason().contains("own maximum"), d.reason());
    }

    @Test
    void theGroupsOwnScalingPoliciesAreRepeatedAsAWarning() {
        String warning = "group queue-workers has scaling policies of its own: cpu50 (TargetTrackingScaling)";
        ScaleDecision d = Fixtures.decider().decide(group(3, new OwnBounds(0, 100), List.of(warning)),
                Fixtures.queue(300, 0), Fixtures.manual(), Fixtures.policy().build());

        assertTrue(d.reason().endsWith(" Warning: " + warning), d.reason());
    }

    @Test
    void anEc2FleetThatIsNotMaintainCannotBeScaledAndSaysWhy() {
        FleetSnapshot request = new FleetSnapshot(IDS.get(TargetKind.EC2_FLEET), 3, 3, 0, 0, FleetState.ACTIVE,
                ActivityStatus.FULFILLED, FleetType.REQUEST, Optional.empty(), TargetKind.EC2_FLEET);

        ScaleDecision d = Fixtures.decider().decide(request, Fixtures.queue(1500, 0), Fixtures.manual(),
                Fixtures.policy().build());

        assertEquals(ReasonCode.FLEET_NOT_SCALABLE, d.reasonCode());
        assertTrue(d.reason().contains("an EC2 Fleet keeps a target capacity only when its type is 'maintain'"),
                d.reason());
    }

    @Test
    void anIdOfTheWrongKindIsRefusedNamingTheField() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> new Target(TargetKind.EC2_FLEET, IDS.get(TargetKind.SPOT_FLEET)));
        assertEquals("target.id", e.field());
    }
}
