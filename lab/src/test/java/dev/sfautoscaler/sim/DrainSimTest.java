package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Scale-in by drain in the simulator: the worker contract keeps work that a terminating scale-in throws
 * away, and workers that ignore it are bounded by the drain timeout.
 */
class DrainSimTest {

    private static final Scenario LONG = ScenarioLoader.load(Path.of("scenarios/bench/long-processing.json"));

    private static RunResult run(Scenario s, String spec) {
        return Simulation.run(s, TestScenarios.spec(spec).create(s));
    }

    @Test
    void longProcessingMeetsItsTargetWithoutLosingWorkWhenScaleInDrains() {
        RunResult drain = run(LONG, "{\"kind\": \"ours\", \"policy\": {\"scaleIn\": \"drain\"}}");
        RunResult terminate = run(LONG, "{\"kind\": \"ours\"}");
        assertTrue(drain.drains() > 0, "scaleIn drain drains on scale-in");
        assertEquals(0, terminate.drains(), "the default, terminate, never drains");
        assertEquals(0, drain.lostMessages());
        assertEquals(0.0, drain.reprocessedUnitHours());
        assertTrue(drain.meetsSlo(), drain.secondsOverSlo() + " s over the SLO");
        assertTrue(terminate.lostMessages() > 0 && !terminate.meetsSlo(),
                "terminating busy instances loses their messages until their visibility timeout");
        assertTrue(drain.costRatio() <= terminate.costRatio(), drain.costRatio() + " vs " + terminate.costRatio());
    }

    @Test
    void workersThatIgnoreTheDrainAreTerminatedAtTheTimeoutWithTheirMessage() {
        Scenario ignoring = ScenarioLoader.load(Path.of("scenarios/bench/long-processing-ignoring.json"));
        assertEquals(0.2, ignoring.plant().workers().ignoreDrainFraction());
        RunResult r = run(ignoring, "{\"kind\": \"ours\", \"policy\": {\"scaleIn\": \"drain\", \"drainTimeoutSeconds\": 300}}");
        assertTrue(r.drainsTimedOut() > 0, "some drain picked a worker that never reports");
        assertTrue(r.lostMessages() > 0 && r.lostMessages() <= r.drainsTimedOut() * 4L,
                r.lostMessages() + " messages lost in " + r.drainsTimedOut() + " timed-out drains");
        RunResult longer = run(ignoring, "{\"kind\": \"ours\", \"policy\": {\"scaleIn\": \"drain\", \"drainTimeoutSeconds\": 900}}");
        assertTrue(longer.drainingUnitHours() > r.drainingUnitHours(),
                "a longer timeout keeps the ignoring workers longer: " + longer.drainingUnitHours() + " vs "
                        + r.drainingUnitHours());
    }

    @Test
    void theShareOfIgnoringWorkersIsAFraction() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestScenarios.parse("""
                {"sloWaitSeconds": 60, "durationSeconds": 60, "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
                 "plant": {"processingSeconds": 1, "workers": {"ignoreDrainFraction": 1.5}}}
                """));
        assertTrue(e.getMessage().contains("plant.workers.ignoreDrainFraction"), e.getMessage());
    }
}
