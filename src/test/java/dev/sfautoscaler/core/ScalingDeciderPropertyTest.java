package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static dev.sfautoscaler.core.Fixtures.SCALE_IN_ALARM;
import static dev.sfautoscaler.core.Fixtures.SCALE_OUT_ALARM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the scaling policy over generated fleets, queues, triggers and policies. Each
 * property states something an operator relies on; each was checked to fail on a deliberately
 * broken decider (see the commit that added it).
 */
class ScalingDeciderPropertyTest {

    /** One evaluation's inputs. */
    record Scenario(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy) {

        ScaleDecision decide() {
            return decideAt(NOW);
        }

        ScaleDecision decideAt(Instant now) {
            return new ScalingDecider(Clock.fixed(now, ZoneOffset.UTC)).decide(fleet, queue, trigger, policy);
        }

        int current() {
            return fleet.targetCapacity();
        }

        boolean freshQueue() {
            return queue.isPresent()
                    && queue.get().readAt().plusSeconds(policy.maxQueueDataAgeSeconds()).compareTo(NOW) >= 0;
        }

        Scenario withQueue(Optional<QueueSnapshot> q) {
            return new Scenario(fleet, q, trigger, policy);
        }
    }

    // ---------------------------------------------------------------- invariants

    @Property(tries = 2000)
    void a_change_never_leaves_the_bounds_and_a_fleet_outside_is_brought_inside(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();
        ScalingPolicy p = s.policy();
        Statistics.label("decision").collect(d.reasonCode());

        boolean aboveMax = s.current() > p.maxCapacity();
        if (d.isChange() && !aboveMax) {
            assertTrue(d.to() >= p.minCapacity() && d.to() <= p.maxCapacity(),
                    "to " + d.to() + " outside " + p.minCapacity() + ".." + p.maxCapacity() + ": " + d.reason());
        }
        boolean canAct = d.reasonCode() != ReasonCode.FLEET_NOT_SCALABLE
                && d.reasonCode() != ReasonCode.DUPLICATE_TRIGGER;
        if (canAct && s.current() < p.minCapacity()) {
            assertEquals(p.minCapacity(), d.to(), d.reason());
        }
        if (canAct && aboveMax) {
            // Down towards the maximum as any scale-in comes down, never past it nor up; at once when asked.
            if (d.isChange()) {
                assertEquals(ReasonCode.LOWER_TO_MAX, d.reasonCode(), d.reason());
                assertTrue(d.to() >= p.maxCapacity() && d.to() < s.current(), d.reason());
                if (p.maxScaleInStep() > 0 && !p.applyMaxImmediately()) {
                    assertTrue(s.current() - d.to() <= p.maxScaleInStep(), d.reason());
                }
            } else {
                assertTrue(EnumSet.of(ReasonCode.SCALE_IN_COOLDOWN, ReasonCode.SCALE_IN_DISABLED)
                        .contains(d.reasonCode()), d.reason());
            }
            if (p.applyMaxImmediately()) {
                assertEquals(p.maxCapacity(), d.to(), d.reason());
            }
        }
    }

    @Property(tries = 2000)
    void no_scale_in_without_fresh_queue_data(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();

        // The one exception is a hard bound: a fleet above its maximum comes down whatever the queue says.
        if (d.action() == ScaleAction.SCALE_IN && d.reasonCode() != ReasonCode.LOWER_TO_MAX) {
            assertTrue(s.freshQueue(), "scaled in without fresh queue data: " + d.reason());
        }
        Statistics.label("fresh queue").collect(s.freshQueue());
    }

    @Property(tries = 1500)
    void more_backlog_never_asks_for_less_capacity(@ForAll("scenarios") Scenario s,
            @ForAll @LongRange(max = 50_000) long smaller, @ForAll @LongRange(max = 50_000) long more) {
        Instant readAt = NOW.minusSeconds(Math.min(5, s.policy().maxQueueDataAgeSeconds()));
        QueueSnapshot base = s.queue().orElse(new QueueSnapshot(QUEUE_URL, 0, 0, 0, readAt));
        Scenario less = s.withQueue(Optional.of(new QueueSnapshot(QUEUE_URL, smaller, base.inFlight(),
                base.delayed(), readAt)));
        Scenario plus = s.withQueue(Optional.of(new QueueSnapshot(QUEUE_URL, smaller + more, base.inFlight(),
                base.delayed(), readAt)));

        ScaleDecision a = less.decide();
        ScaleDecision b = plus.decide();

        assertTrue(a.to() <= b.to(), "backlog " + a.backlog() + " -> " + a.to() + " but backlog " + b.backlog()
                + " -> " + b.to() + "\n  " + a.reason() + "\n  " + b.reason());
    }

    @Property(tries = 1500)
    void more_messages_in_flight_never_ask_for_less_capacity(@ForAll("drainedQueues") Scenario s,
            @ForAll @LongRange(max = 5_000) long fewer, @ForAll @LongRange(max = 5_000) long more) {
        Instant readAt = NOW.minusSeconds(Math.min(5, s.policy().maxQueueDataAgeSeconds()));
        QueueSnapshot base = s.queue().orElse(new QueueSnapshot(QUEUE_URL, 0, 0, 0, readAt));
        Scenario less = s.withQueue(Optional.of(new QueueSnapshot(QUEUE_URL, base.visible(), fewer, base.delayed(),
                readAt)));
        Scenario plus = s.withQueue(Optional.of(new QueueSnapshot(QUEUE_URL, base.visible(), fewer + more,
                base.delayed(), readAt)));

        ScaleDecision a = less.decide();
        ScaleDecision b = plus.decide();

        assertTrue(a.to() <= b.to(), "in flight " + fewer + " -> " + a.to() + " but in flight " + (fewer + more)
                + " -> " + b.to() + "\n  " + a.reason() + "\n  " + b.reason());
    }

    /**
     * The busy-unit floor holds capacity and never adds any: with it on, a decision never goes lower than
     * with it off and never scales out where the plain formula would not; a scale-in never goes below the
     * units busy with in-flight messages (as far as the fleet runs and asks for them).
     */
    @Property(tries = 2000)
    void the_busy_unit_floor_holds_capacity_but_never_adds_any(@ForAll("drainedQueues") Scenario s) {
        ScalingPolicy p = s.policy();
        ScaleDecision withFloor = s.decide();
        ScaleDecision plain = new Scenario(s.fleet(), s.queue(), s.trigger(), p.toBuilder().inFlightPerUnit(0)
                .build()).decide();
        Statistics.label("busy-unit floor").collect(withFloor.to() != plain.to() ? "held capacity"
                : withFloor.reason().contains(" busy (") ? "applied, same target" : "not above the backlog's need");

        assertTrue(withFloor.to() >= plain.to(), "the floor lowered the target\n  " + withFloor.reason()
                + "\n  plain: " + plain.reason());
        if (withFloor.to() > withFloor.from()) {
            assertEquals(plain.to(), withFloor.to(), "the floor added capacity\n  " + withFloor.reason()
                    + "\n  plain: " + plain.reason());
        }
        if (withFloor.action() == ScaleAction.SCALE_IN && withFloor.reasonCode() != ReasonCode.LOWER_TO_MAX
                && p.mode() == ScalingMode.TARGET_TRACKING && p.inFlightPerUnit() > 0) {
            long inFlight = s.queue().get().inFlight();
            long busy = Math.min(Math.min(-Math.floorDiv(-inFlight, p.inFlightPerUnit()),
                    (long) Math.ceil(s.fleet().fulfilledCapacity())), s.current());
            assertTrue(withFloor.to() >= busy, busy + " units busy, but scaled in to " + withFloor.to() + ": "
                    + withFloor.reason());
        }
    }

    @Property(tries = 2000)
    void one_decision_moves_at_most_the_step_limit(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();
        ScalingPolicy p = s.policy();

        if (d.action() == ScaleAction.SCALE_OUT && d.reasonCode() != ReasonCode.RAISE_TO_MIN
                && p.maxScaleOutStep() > 0) {
            assertTrue(d.to() - d.from() <= p.maxScaleOutStep(), d.reason());
        }
        if (d.action() == ScaleAction.SCALE_IN && d.reasonCode() != ReasonCode.LOWER_TO_MAX
                && p.maxScaleInStep() > 0) {
            assertTrue(d.from() - d.to() <= p.maxScaleInStep(), d.reason());
        }
    }

    @Property(tries = 2000)
    void cooldowns_hold(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();
        Optional<LastChange> last = s.fleet().lastChange();
        Statistics.label("last change").collect(last.map(c -> c.action().wireName()).orElse("none"));
        if (last.isEmpty()) {
            return;
        }
        // A marker stamped slightly in the future (clock skew) counts as a change made just now.
        long ago = Math.max(0, java.time.Duration.between(last.get().at(), NOW).getSeconds());
        ScalingPolicy p = s.policy();

        if (last.get().action() == ScaleAction.SCALE_OUT && ago < p.scaleOutCooldownSeconds()
                && d.reasonCode() != ReasonCode.RAISE_TO_MIN) {
            assertNotEquals(ScaleAction.SCALE_OUT, d.action(), "scaled out " + ago + " s after a scale-out: "
                    + d.reason());
        }
        if (ago < p.scaleInCooldownSeconds() && d.reasonCode() != ReasonCode.LOWER_TO_MAX) {
            assertNotEquals(ScaleAction.SCALE_IN, d.action(), "scaled in " + ago + " s after a change: "
                    + d.reason());
        }
    }

    @Property(tries = 1000)
    void the_same_inputs_give_the_same_decision_word_for_word(@ForAll("scenarios") Scenario s) {
        assertEquals(s.decide(), s.decide());
    }

    @Property(tries = 2000)
    void every_decision_explains_itself(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();

        DecisionAssert.assertReadable(d);
        assertEquals(s.fleet().fleetId(), d.fleetId());
        assertEquals(s.trigger().dedupKey(), d.triggerKey());
    }

    @Property(tries = 1000)
    void the_on_demand_part_never_exceeds_the_target(@ForAll("scenarios") Scenario s) {
        ScaleDecision d = s.decide();
        if (!d.isChange()) {
            return;
        }
        int onDemandAfter = d.onDemandTargetCapacity().orElse(s.fleet().onDemandTargetCapacity());
        assertTrue(onDemandAfter <= d.to(), "on-demand " + onDemandAfter + " above target " + d.to());
    }

    /**
     * While the capacity a scale-out asked for is still being fulfilled, a new trigger for the same
     * backlog (after the scale-out cooldown) must not add capacity on top of what that backlog needs.
     */
    @Property(tries = 1500)
    void the_same_backlog_does_not_add_capacity_twice_while_it_is_being_fulfilled(@ForAll("scenarios") Scenario s) {
        ScaleDecision first = s.decide();
        boolean pendingAfter = first.action() == ScaleAction.SCALE_OUT && first.reasonCode() != ReasonCode.RAISE_TO_MIN
                && s.fleet().fulfilledCapacity() < first.to();
        Statistics.label("scale-out leaves capacity pending").collect(pendingAfter);
        if (!pendingAfter) {
            return;
        }
        Instant later = NOW.plusSeconds(s.policy().scaleOutCooldownSeconds());
        FleetSnapshot requested = s.fleet().withTargetCapacity(first.to())
                .withLastChange(new LastChange(NOW, ScaleAction.SCALE_OUT, first.from(), first.to(), "evt-0:1"));
        Optional<QueueSnapshot> sameBacklog = s.queue().map(q -> new QueueSnapshot(q.queueUrl(), q.visible(),
                q.inFlight(), q.delayed(), later.minus(java.time.Duration.between(q.readAt(), NOW))));
        Trigger another = s.trigger().alarmName().isPresent()
                ? Trigger.alarm("evt-new", s.trigger().alarmName().get(), s.trigger().alarmState().get(), later)
                : Trigger.manual("manual-new", later);

        ScaleDecision second = new Scenario(requested, sameBacklog, another, s.policy()).decideAt(later);

        int enough = Math.max(first.to(), first.basis().desired());
        assertTrue(second.to() <= enough, "first " + first.reason() + "\n  then " + second.reason());
    }

    /**
     * The whole round trip: decide, modify through the port (which records the marker on the fleet),
     * read the fleet back, and deliver the same trigger again, any time later: nothing changes.
     */
    @Property(tries = 1000)
    void a_trigger_delivered_twice_changes_capacity_once(@ForAll("scenarios") Scenario s,
            @ForAll @LongRange(max = 7200) long secondsLater) {
        ScaleDecision first = s.decide();
        boolean applies = first.isChange() && !s.trigger().id().isEmpty();
        Statistics.label("first delivery changes").collect(applies);
        if (!applies) {
            return;
        }
        InMemoryFleetGateway fleets = seeded(s.fleet());
        try {
            new CapacityModifier(fleets, Clock.fixed(NOW, ZoneOffset.UTC)).modify(ModifyRequest.of(first, false));
        } catch (AutoscalerException refused) {
            return; // nothing changed, so a redelivery may act
        }
        assertEquals(first.to(), fleets.fleet(FLEET_ID).targetCapacity);

        Scenario redelivered = new Scenario(fleets.describe(Target.spotFleet(FLEET_ID)), s.queue(), s.trigger(), s.policy());
        ScaleDecision second = redelivered.decideAt(NOW.plusSeconds(secondsLater));

        assertFalse(second.isChange(), "the same trigger changed capacity again: " + second.reason());
        assertEquals(ReasonCode.DUPLICATE_TRIGGER, second.reasonCode());
    }

    private static InMemoryFleetGateway seeded(FleetSnapshot f) {
        InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        InMemoryFleetGateway.Fleet fleet = fleets.add(f.fleetId(), f.targetCapacity());
        fleet.fulfilledCapacity = f.fulfilledCapacity();
        fleet.onDemandTargetCapacity = f.onDemandTargetCapacity();
        fleet.state = f.state();
        fleet.type = f.type();
        fleet.marker = f.lastChange().map(LastChange::toMarker).orElse(null);
        return fleets;
    }

    // ---------------------------------------------------------------- generators

    /**
     * Half of the scenarios anything goes (fleets at and outside the bounds, stale or missing queue
     * data, either mode); the other half is target tracking on a fleet inside its bounds with a fresh
     * reading, where the backlog, the busy-unit floor, the tolerance and the cooldowns decide.
     */
    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Scenario> anything = Combinators.combine(policies(), fleetShapes(), queues(), triggers())
                .as((policy, shape, queue, trigger) -> new Scenario(shape.fleetFor(policy), queue, trigger, policy));
        return Arbitraries.frequencyOf(Tuple.of(1, anything), Tuple.of(1, trackingInsideBounds(false)));
    }

    /**
     * Target tracking on a fleet inside its bounds, with a fresh reading of at most 100 visible
     * messages next to the ones in flight: where the busy-unit floor decides between holding
     * capacity and scaling in.
     */
    @Provide
    Arbitrary<Scenario> drainedQueues() {
        return trackingInsideBounds(true);
    }

    private Arbitrary<Scenario> trackingInsideBounds(boolean drained) {
        return Combinators.combine(policies(), fleetShapes(), queues(), triggers(), Arbitraries.doubles().between(0, 1))
                .as((policy, shape, queue, trigger, position) -> {
                    ScalingPolicy p = policy.toBuilder().mode(ScalingMode.TARGET_TRACKING).build();
                    QueueSnapshot q = queue.orElse(new QueueSnapshot(QUEUE_URL, 0, 0, 0, NOW));
                    QueueSnapshot fresh = new QueueSnapshot(QUEUE_URL, drained ? q.visible() % 101 : q.visible(),
                            q.inFlight(), q.delayed(), NOW);
                    return new Scenario(shape.fleetInside(p, position), Optional.of(fresh), trigger, p);
                });
    }

    /** A fleet generated around the policy's bounds, so that inside, at and outside the bounds are all common. */
    record FleetShape(int offset, boolean fromMax, double fulfilledShare, int onDemand, FleetState state,
            FleetType type, Optional<LastChange> lastChange) {

        FleetSnapshot fleetFor(ScalingPolicy p) {
            return withTarget(Math.max(0, (fromMax ? p.maxCapacity() : p.minCapacity()) + offset));
        }

        /** A fleet inside the bounds, {@code position} of the way from the minimum to the maximum. */
        FleetSnapshot fleetInside(ScalingPolicy p, double position) {
            return withTarget(p.minCapacity() + (int) Math.round((p.maxCapacity() - p.minCapacity()) * position));
        }

        private FleetSnapshot withTarget(int target) {
            return new FleetSnapshot(FLEET_ID, target, Math.floor(target * fulfilledShare * 2) / 2,
                    Math.min(onDemand, target), 0, state, ActivityStatus.UNKNOWN, type, lastChange);
        }
    }

    private Arbitrary<FleetShape> fleetShapes() {
        Arbitrary<FleetState> states = Arbitraries.frequencyOf(
                Tuple.of(85, Arbitraries.just(FleetState.ACTIVE)),
                Tuple.of(15, Arbitraries.of(FleetState.class)));
        Arbitrary<FleetType> types = Arbitraries.frequencyOf(
                Tuple.of(95, Arbitraries.just(FleetType.MAINTAIN)),
                Tuple.of(5, Arbitraries.of(FleetType.class)));
        Arbitrary<Double> fulfilled = Arbitraries.frequencyOf(
                Tuple.of(70, Arbitraries.just(1.0)),
                Tuple.of(30, Arbitraries.doubles().between(0, 1.2)));
        return Combinators.combine(Arbitraries.integers().between(-8, 8), Arbitraries.of(true, false), fulfilled,
                Arbitraries.integers().between(0, 6), states, types, lastChanges())
                .as(FleetShape::new);
    }

    private Arbitrary<Optional<LastChange>> lastChanges() {
        Arbitrary<LastChange> changes = Combinators.combine(
                Arbitraries.of(ScaleAction.SCALE_OUT, ScaleAction.SCALE_IN),
                Arbitraries.longs().between(-30, 1200),
                Arbitraries.of("evt-1:1", "evt-1:2", "evt-2:1", "manual-7:1", ""))
                .as((action, secondsAgo, key) -> new LastChange(NOW.minusSeconds(secondsAgo), action, 3, 4, key));
        return changes.optional(0.6);
    }

    private Arbitrary<Optional<QueueSnapshot>> queues() {
        // A drained queue with busy workers is where the busy-unit floor decides, so it is common too.
        Arbitrary<Long> visible = Arbitraries.frequencyOf(
                Tuple.of(45, Arbitraries.longs().between(0, 3_000)),
                Tuple.of(20, Arbitraries.longs().between(0, 50)),
                Tuple.of(25, Arbitraries.longs().between(0, 200_000)),
                Tuple.of(10, Arbitraries.longs().between(Long.MAX_VALUE - 10, Long.MAX_VALUE)));
        Arbitrary<QueueSnapshot> snapshots = Combinators.combine(visible, Arbitraries.longs().between(0, 500),
                Arbitraries.longs().between(0, 500), Arbitraries.longs().between(0, 1_500))
                .as((v, inFlight, delayed, age) -> new QueueSnapshot(QUEUE_URL, v, inFlight, delayed,
                        NOW.minusSeconds(age)));
        return snapshots.optional(0.8);
    }

    private Arbitrary<Trigger> triggers() {
        Arbitrary<Trigger> alarms = Combinators.combine(
                Arbitraries.of("evt-1", "evt-2", ""),
                Arbitraries.of(SCALE_OUT_ALARM, SCALE_IN_ALARM, "unrelated-alarm"),
                Arbitraries.of(AlarmState.class),
                Arbitraries.integers().between(1, 3))
                .as((id, name, state, round) -> Trigger.alarm(id, name, state, NOW).inRound(round));
        Arbitrary<Trigger> manual = Combinators.combine(Arbitraries.of("manual-7", ""),
                Arbitraries.integers().between(1, 3))
                .as((id, round) -> Trigger.manual(id, NOW).inRound(round));
        Arbitrary<Trigger> schedule = Arbitraries.just(new Trigger(TriggerKind.SCHEDULE, "sched-1", 1,
                Optional.empty(), Optional.empty(), NOW));
        return Arbitraries.frequencyOf(Tuple.of(70, alarms), Tuple.of(20, manual), Tuple.of(10, schedule));
    }

    private Arbitrary<ScalingPolicy> policies() {
        Arbitrary<int[]> bounds = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(0)), Tuple.of(70, Arbitraries.integers()
                        .between(0, 30))),
                Arbitraries.frequencyOf(Tuple.of(15, Arbitraries.just(0)), Tuple.of(85, Arbitraries.integers()
                        .between(0, 60))))
                .as((min, span) -> new int[] {min, min + span});
        Arbitrary<ScalingPolicy> first = Combinators.combine(
                Arbitraries.of(ScalingMode.class), bounds, Arbitraries.longs().between(1, 500),
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 300),
                Arbitraries.of(0L, 60L, 300L), Arbitraries.of(0L, 120L, 300L, 900L),
                Arbitraries.of(0.0, 0.05, 0.1, 0.125, 0.3, 0.45, 0.5, 0.7, 0.9, 0.99))
                .as((mode, mm, perUnit, delayed, activation, outCooldown, inCooldown, tolerance) -> Fixtures.policy()
                        .mode(mode).minCapacity(mm[0]).maxCapacity(mm[1]).backlogPerUnit(perUnit)
                        .includeDelayed(delayed).activationBacklog(activation).scaleOutCooldownSeconds(outCooldown)
                        .scaleInCooldownSeconds(inCooldown).scaleInTolerance(tolerance).build());
        // Messages one unit works on at once: 0 turns the busy-unit floor off, 1 is the default.
        Arbitrary<Integer> inFlightPerUnit = Arbitraries.of(0, 1, 1, 2, 4, 16, Integer.MAX_VALUE);
        return Combinators.combine(first, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(1, 4), Arbitraries.of(false, false, false, true),
                Arbitraries.integers().between(0, 100).optional(0.3), Arbitraries.of(60L, 300L, 900L), inFlightPerUnit)
                .as((p, maxOut, maxIn, step, noScaleIn, onDemandPercent, maxAge, perUnit) -> p.toBuilder()
                        .maxScaleOutStep(maxOut).maxScaleInStep(maxIn).stepSize(step).disableScaleIn(noScaleIn)
                        .onDemandTargetCapacity(onDemandPercent.map(pct -> p.maxCapacity() * pct / 100).orElse(null))
                        .maxQueueDataAgeSeconds(maxAge).inFlightPerUnit(perUnit).build())
                .flatMap(p -> Arbitraries.of(false, false, true).map(now -> p.toBuilder().applyMaxImmediately(now)
                        .build()));
    }
}
