package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which instances a scale-in drains: never more units than asked, idle first, newest first. */
class DrainPlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T20:00:00Z");

    private static DrainInstance instance(String id, int weight, int launchedMinute, BusyHint hint) {
        return DrainInstance.of(id, weight, T0.plusSeconds(60L * launchedMinute), hint);
    }

    @Test
    void idle_instances_leave_before_unknown_ones_and_unknown_before_busy() {
        List<DrainInstance> fleet = List.of(instance("i-busy", 1, 9, BusyHint.BUSY),
                instance("i-unknown", 1, 8, BusyHint.UNKNOWN), instance("i-idle", 1, 1, BusyHint.IDLE));

        assertEquals(List.of("i-idle"), DrainPlanner.plan(fleet, 1).instanceIds());
        assertEquals(List.of("i-idle", "i-unknown"), DrainPlanner.plan(fleet, 2).instanceIds());
    }

    @Test
    void a_worker_that_announced_the_contract_leaves_before_one_that_did_not_unless_that_one_says_it_is_idle() {
        // an announced worker finishes its message before it leaves; one that never announced leaves at once
        List<DrainInstance> fleet = List.of(
                new DrainInstance("i-ignores", 1, T0.plusSeconds(600), BusyHint.UNKNOWN, Optional.empty(),
                        Optional.empty(), false),
                instance("i-busy", 1, 1, BusyHint.BUSY), instance("i-unknown", 1, 2, BusyHint.UNKNOWN),
                new DrainInstance("i-idle-unannounced", 1, T0, BusyHint.IDLE, Optional.empty(), Optional.empty(),
                        false));

        assertEquals(List.of("i-idle-unannounced", "i-unknown", "i-busy"), DrainPlanner.plan(fleet, 3).instanceIds());
        assertEquals(4, DrainPlanner.plan(fleet, 4).instanceIds().size(), "taken last, not never");
    }

    @Test
    void in_a_fleet_where_no_worker_announced_the_busy_hint_alone_orders_them() {
        List<DrainInstance> fleet = List.of(
                new DrainInstance("i-busy", 1, T0.plusSeconds(600), BusyHint.BUSY, Optional.empty(), Optional.empty(),
                        false),
                new DrainInstance("i-unknown", 1, T0, BusyHint.UNKNOWN, Optional.empty(), Optional.empty(), false));

        assertEquals(List.of("i-unknown"), DrainPlanner.plan(fleet, 1).instanceIds());
    }

    @Test
    void among_equals_the_newest_launch_leaves_first() {
        List<DrainInstance> fleet = List.of(instance("i-old", 1, 0, BusyHint.UNKNOWN),
                instance("i-new", 1, 30, BusyHint.UNKNOWN), instance("i-mid", 1, 10, BusyHint.UNKNOWN));

        assertEquals(List.of("i-new", "i-mid"), DrainPlanner.plan(fleet, 2).instanceIds());
    }

    @Test
    void an_instance_heavier_than_what_is_left_is_skipped_so_no_more_than_asked_leaves() {
        List<DrainInstance> fleet = List.of(instance("i-big", 4, 9, BusyHint.IDLE),
                instance("i-small", 1, 1, BusyHint.BUSY));

        DrainPlan plan = DrainPlanner.plan(fleet, 3);

        assertEquals(List.of("i-small"), plan.instanceIds());
        assertEquals(1, plan.units());
        assertEquals(2, plan.shortfall(), "the 4-unit instance would remove more than the 3 units asked");
    }

    @Test
    void an_exact_combination_wins_over_the_preferred_order_when_the_order_alone_would_fall_short() {
        // greedy in preference order takes the idle 3 and then cannot add the 4; the 4 alone is exact
        List<DrainInstance> fleet = List.of(instance("i-three", 3, 5, BusyHint.IDLE),
                instance("i-four", 4, 5, BusyHint.BUSY));

        DrainPlan plan = DrainPlanner.plan(fleet, 4);

        assertEquals(List.of("i-four"), plan.instanceIds());
        assertEquals(0, plan.shortfall());
    }

    @Test
    void instances_already_draining_belong_to_the_drain_under_way() {
        DrainInstance draining = new DrainInstance("i-draining", 1, T0, BusyHint.IDLE, Optional.of(T0),
                Optional.empty());
        List<DrainInstance> fleet = List.of(draining, instance("i-other", 1, 0, BusyHint.BUSY));

        assertEquals(List.of("i-other"), DrainPlanner.plan(fleet, 2).instanceIds());
    }

    @Test
    void nothing_to_remove_picks_nothing_and_a_negative_count_is_refused() {
        assertEquals(List.of(), DrainPlanner.plan(List.of(instance("i-a", 1, 0, BusyHint.IDLE)), 0).picked());
        InvalidInput e = assertThrows(InvalidInput.class, () -> DrainPlanner.plan(List.of(), -1));
        assertEquals("unitsToRemove", e.field());
    }

    @Test
    void the_busy_tag_reads_0_as_idle_1_as_busy_and_anything_else_as_unknown() {
        assertEquals(BusyHint.IDLE, BusyHint.ofTag(Optional.of("0")));
        assertEquals(BusyHint.BUSY, BusyHint.ofTag(Optional.of(" 1 ")));
        assertEquals(BusyHint.UNKNOWN, BusyHint.ofTag(Optional.of("yes")));
        assertEquals(BusyHint.UNKNOWN, BusyHint.ofTag(Optional.empty()));
    }

    @Test
    void a_huge_fleet_falls_back_to_the_greedy_pick_in_the_same_order() {
        List<DrainInstance> fleet = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            fleet.add(instance(String.format("i-%05d", i), 1 + i % 3, i, BusyHint.UNKNOWN));
        }

        DrainPlan plan = DrainPlanner.plan(fleet, 50_000);

        assertEquals(fleet.stream().mapToInt(DrainInstance::weight).sum(), plan.units(),
                "every instance fits in 50,000 units, so all leave");
    }
}
