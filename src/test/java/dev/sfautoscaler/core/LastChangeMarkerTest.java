package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The last-change marker is a tag value on the fleet: it must read back exactly, and damage must not stop scaling. */
class LastChangeMarkerTest {

    @Test
    void the_marker_is_a_short_line_a_person_can_read_in_the_console() {
        LastChange c = new LastChange(NOW, ScaleAction.SCALE_OUT, 3, 7, "evt-7f3a:1");

        assertEquals("at=2026-11-28T04:00:00Z action=scale-out from=3 to=7 trigger=evt-7f3a:1", c.toMarker());
        assertEquals("at=2026-11-28T04:00:00Z action=scale-in from=7 to=3",
                new LastChange(NOW, ScaleAction.SCALE_IN, 7, 3, "").toMarker());
    }

    @ParameterizedTest(name = "{1} {2} -> {3} trigger ''{4}''")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T04:00:00Z     | scale-out |     3 |     7 | evt-7f3a:1
            2026-11-28T04:00:00.123Z | scale-in  |     7 |     3 | 2f1c8e8a-7d4b-4a51-9c1e-0b7e3f9d2a11:3
            1970-01-01T00:00:00Z     | scale-out |     0 |     1 | ''
            2026-11-28T04:00:00Z     | scale-in  | 99999 |     0 | exec=name=with=equals:1
            2026-11-28T04:00:00Z     | scale-out |     3 |     7 | manual-run-1:2
            2026-11-28T04:00:00Z     | scale-out |     3 |     7 | nightly catch-up run:1
            2026-11-28T04:00:00Z     | scale-in  |     7 |     3 | x from=9 to=0 action=scale-out:1
            """)
    void a_marker_reads_back_as_the_change_that_wrote_it(Instant at, String action, int from, int to,
            String trigger) {
        LastChange c = new LastChange(at, ScaleAction.fromWireOrNull(action), from, to, trigger);

        assertEquals(Optional.of(c), LastChange.fromMarker(c.toMarker()));
    }

    @Test
    void extra_whitespace_and_unknown_fields_are_tolerated() {
        assertEquals(Optional.of(new LastChange(NOW, ScaleAction.SCALE_OUT, 3, 7, "evt-1:1")),
                LastChange.fromMarker("  version=2 at=2026-11-28T04:00:00Z   action=scale-out from=3 to=7 "
                        + "trigger=evt-1:1  "));
    }

    @ParameterizedTest(name = "''{0}''")
    @NullSource
    @ValueSource(strings = {
            "",
            "   ",
            "scaled out yesterday",
            "at=yesterday action=scale-out from=3 to=7",
            "action=scale-out from=3 to=7",
            "at=2026-11-28T04:00:00Z from=3 to=7",
            "at=2026-11-28T04:00:00Z action=none from=3 to=3",
            "at=2026-11-28T04:00:00Z action=grow from=3 to=7",
            "at=2026-11-28T04:00:00Z action=scale-out from=three to=7",
            "at=2026-11-28T04:00:00Z action=scale-out from=3",
            "at=2026-11-28T04:00:00Z action=scale-out from=-1 to=7",
            "at=2026-11-28T04:00:00Z action=scale-out from=3 to=99999999999",
            "at=2026-11-28 action=scale-out from=3 to=7",
            "=2026 =scale-out"})
    void a_damaged_marker_reads_as_no_recorded_change(String marker) {
        assertEquals(Optional.empty(), LastChange.fromMarker(marker));
    }

    @Test
    void a_damaged_marker_on_a_fleet_does_not_stop_scaling() {
        FleetSnapshot f = Fixtures.fleet(3).withLastChange(LastChange.fromMarker("at=garbage").orElse(null));

        ScaleDecision d = Fixtures.decider().decide(f, Fixtures.queue(640, 0), Fixtures.manual(),
                Fixtures.policy().build());

        assertEquals(ReasonCode.BACKLOG_NEEDS_MORE, d.reasonCode());
        assertEquals(null, d.basis().secondsSinceLastChange());
    }
}
