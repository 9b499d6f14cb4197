package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The picker against every subset of small fleets: never more than asked, as many as any subset, preferred. */
class DrainPlannerPropertyTest {

    private static final Instant T0 = Instant.parse("2026-12-04T20:00:00Z");

    @Provide
    Arbitrary<List<DrainInstance>> fleets() {
        Arbitrary<DrainInstance> one = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 5), Arbitraries.of(BusyHint.values()),
                Arbitraries.of(false, false, false, true), Arbitraries.of(false, false, true))
                .as((weight, minute, hint, draining, drained) -> new DrainInstance("i-x", weight,
                        T0.plusSeconds(60L * minute), hint, draining ? Optional.of(T0) : Optional.empty(),
                        drained ? Optional.of(T0) : Optional.empty()));
        return one.list().ofMaxSize(9).map(list -> {
            List<DrainInstance> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                DrainInstance d = list.get(i);
                named.add(new DrainInstance("i-" + i, d.weight(), d.launchTime(), d.busyHint(), d.drainTag(),
                        d.drainedTag()));
            }
            return named;
        });
    }

    @Property
    void removes_as_many_units_as_any_subset_can_without_exceeding_the_ask(
            @ForAll("fleets") List<DrainInstance> fleet, @ForAll @IntRange(min = 0, max = 30) int units) {
        DrainPlan plan = DrainPlanner.plan(fleet, units);

        List<DrainInstance> free = fleet.stream().filter(i -> !i.draining()).toList();
        int best = 0;
        for (int mask = 0; mask < 1 << free.size(); mask++) {
            int sum = 0;
            for (int i = 0; i < free.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    sum += free.get(i).weight();
                }
            }
            if (sum <= units) {
                best = Math.max(best, sum);
            }
        }
        assertTrue(plan.units() <= units, "never more than asked");
        assertEquals(best, plan.units(), "as many units as the best subset");
        assertEquals(units - best, plan.shortfall());
        Set<String> ids = new HashSet<>(plan.instanceIds());
        assertEquals(plan.picked().size(), ids.size(), "each instance once");
        assertTrue(plan.picked().stream().noneMatch(DrainInstance::draining), "never one already draining");
    }

    @Property
    void with_unit_weights_no_left_out_instance_is_preferred_to_a_picked_one(
            @ForAll("fleets") List<DrainInstance> fleet, @ForAll @IntRange(min = 0, max = 9) int units) {
        List<DrainInstance> ones = fleet.stream().map(i -> new DrainInstance(i.id(), 1, i.launchTime(),
                i.busyHint(), i.drainTag(), i.drainedTag())).toList();

        DrainPlan plan = DrainPlanner.plan(ones, units);

        for (DrainInstance left : ones) {
            if (left.draining() || plan.picked().contains(left)) {
                continue;
            }
            for (DrainInstance picked : plan.picked()) {
                assertTrue(DrainPlanner.PREFERENCE.compare(picked, left) < 0,
                        picked.id() + " was picked over the preferred " + left.id());
            }
        }
    }
}
