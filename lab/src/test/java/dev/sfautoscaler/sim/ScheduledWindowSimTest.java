package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated clock reads a real time of day in the scenario's zone, so a policy's windows open on time. */
class ScheduledWindowSimTest {

    private static final String QUARTER_TO_NINE = """
            {"name": "morning", "sloWaitSeconds": 300, "durationSeconds": 900,
             "startsAt": "2026-01-05T08:45+01:00[Europe/Paris]",
             "arrivals": {"segments": [{"seconds": 900, "rate": 1}]},
             "plant": {"processingSeconds": 2, "initialCapacity": 2},
             "policy": {"minCapacity": 1, "maxCapacity": 40}}
            """;

    @Test
    void aFloorWindowAt0850ParisRaisesTheFleetAt0750Utc() {
        Scenario s = TestScenarios.parse(QUARTER_TO_NINE);
        OurWorkflow w = ((OurWorkflow) TestScenarios.spec("""
                {"kind": "ours", "alarms": false, "policy": {"schedules": [{"name": "morning surge",
                 "cron": "50 8 * * MON-FRI", "timeZone": "Europe/Paris", "durationMinutes": 70, "minCapacity": 12}]}}
                """).create(s)).keepDecisions();

        Simulation.run(s, w);

        List<String> d = w.decisions();
        String raised = d.stream().filter(x -> x.contains("SCHEDULED_MIN")).findFirst().orElseThrow(() -> new AssertionError(d.toString()));
        assertTrue(raised.startsWith("2026-01-05T07:50:"), raised);
        assertTrue(raised.contains("below the minimum of 12 of window 'morning surge'"), raised);
        assertTrue(d.stream().filter(x -> x.compareTo("2026-01-05T07:50") < 0).allMatch(x -> x.contains("AT_MIN")
                || x.contains("AT_DESIRED")), d.toString());
    }

    @Test
    void withoutStartsAtARunStartsOnMonday0000Utc() {
        Scenario s = TestScenarios.parse(QUARTER_TO_NINE.replace("\"startsAt\": \"2026-01-05T08:45+01:00[Europe/Paris]\",",
                ""));
        assertEquals(ZonedDateTime.parse("2026-01-05T00:00Z"), s.startsAt());
    }

    @Test
    void aStartsAtThatIsNoDateTimeIsNamed() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> TestScenarios.parse(QUARTER_TO_NINE.replace("2026-01-05T08:45+01:00[Europe/Paris]", "9am")));
        assertTrue(e.getMessage().contains("startsAt must be an ISO-8601 date-time"), e.getMessage());
    }

    @Test
    void theWorkingDayScenarioStartsAtSixInParis() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/bench/working-day.json"));
        assertEquals("2026-01-05T05:00:00Z", s.startsAt().toInstant().toString());
    }
}
