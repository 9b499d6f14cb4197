package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the comparison with KEDA counts a run: the strict rule, why a run misses it, and the looser count. */
class SloSizingSectionTest {

    /** One run: its cost billed (unit-hours, nothing left at the end) and seconds over the SLO. */
    private static RunResult run(double unitHours, long sloSeconds) {
        return new RunResult("s", "p", Map.of(), 1, 1000, 1000, 0, 1, 2, 3, sloSeconds, sloSeconds > 0 ? 1 : 0,
                unitHours, 100, unitHours / 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), null);
    }

    @Test
    void a_run_where_keda_misses_the_slo_by_hours_but_costs_less_is_a_strict_loss_and_a_loose_win() {
        SloSizingSection.KedaTally t = new SloSizingSection.KedaTally();
        t.add(run(101, 0), run(100, 3600));

        assertEquals(0, t.atLeast, "strict: our 1% more cost loses, whatever KEDA's SLO seconds");
        assertEquals(1, t.kedaMissesCheaper);
        assertEquals(List.of(3600.0), t.kedaMissesSeconds);
        assertEquals(1, t.meetsOrKedaMisses);
    }

    @Test
    void each_other_run_is_counted_once_by_what_decides_it() {
        SloSizingSection.KedaTally t = new SloSizingSection.KedaTally();
        t.add(run(100, 0), run(100, 0)); // as good on both
        t.add(run(100.5, 0), run(100, 0)); // both meet it, we cost 0.5% more
        t.add(run(90, 30), run(100, 0)); // cheaper, but more seconds over
        t.add(run(101, 300), run(100, 300)); // both miss it by as much, we cost more

        assertEquals(4, t.runs);
        assertEquals(1, t.atLeast);
        assertEquals(1, t.bothMeetDearer);
        assertEquals(0.5, t.bothMeetCostPct.get(0), 1e-9);
        assertEquals(1, t.moreSeconds);
        assertEquals(1, t.other);
        assertEquals(1, t.meetsOrKedaMisses, "only the run as good on both");
    }
}
