package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final List<String> POLICIES = List.of(
            "{\"name\": \"ours\", \"kind\": \"ours\"}",
            "{\"name\": \"ours-alarms\", \"kind\": \"ours\", \"alarms\": {\"scaleOut\": {}, \"scaleIn\": {}}, "
                    + "\"workflow\": {\"scheduleSeconds\": 0}}",
            "{\"name\": \"keda\", \"kind\": \"keda\"}",
            "{\"name\": \"tt\", \"kind\": \"aas-target-tracking\"}",
            "{\"name\": \"step\", \"kind\": \"aas-step\", \"cooldownSeconds\": 0}",
            "{\"name\": \"original\", \"kind\": \"original\"}");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void everyMessageArrivesOnceAndIsProcessedOrStillQueued(int policy) {
        Scenario s = TestScenarios.churn(7);
        Policies.Spec spec = TestScenarios.spec(POLICIES.get(policy));
        RunResult r = Simulation.run(s, spec.create(s));
        assertEquals(s.arrivals().total(), r.arrived(), "every message in the traffic was sent once");
        assertEquals(r.arrived(), r.processed() + r.backlogAtEnd(),
                "processed (each at most once, or the plant throws) plus still queued = sent");
        assertTrue(r.interruptions() > 0, "the scenario must exercise interruptions");
        assertTrue(r.processed() > 0);
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        Policies.Spec spec = TestScenarios.spec(POLICIES.get(0));
        Scenario s = TestScenarios.churn(11);
        RunResult a = Simulation.run(s, spec.create(s));
        RunResult b = Simulation.run(s, spec.create(s));
        assertEquals(a, b, "a run is a pure function of scenario, policy and seed");
        Scenario other = s.withSeed(12);
        RunResult c = Simulation.run(other, spec.create(other));
        assertNotEquals(a.arrived(), c.arrived(), "another seed draws other arrivals");
    }

    @Test
    void physicalLimitIsTheWorkSentAndTheSameForEveryPolicy() {
        Scenario s = TestScenarios.churn(3);
        double limit = -1;
        for (String p : POLICIES) {
            RunResult r = Simulation.run(s, TestScenarios.spec(p).create(s));
            if (limit < 0) {
                limit = r.physicalLimitUnitHours();
            }
            assertEquals(limit, r.physicalLimitUnitHours(), p);
        }
        // 1800 s of traffic at ~2/12/1 messages a second, 2 s of work each: about 4.7 unit-hours.
        assertTrue(limit > 4 && limit < 5.5, "limit " + limit);
    }

    @Test
    void aWaitingMessagePastTheSloCountsAsSecondsOverIt() {
        // One unit, 2 s per message, 1 message a second: the queue grows ~0.5 a second and the
        // oldest message passes the 60 s SLO after about two minutes.
        Scenario s = TestScenarios.parse("""
                {"sloWaitSeconds": 60, "durationSeconds": 600,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 600, "rate": 1}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed"}, "initialCapacity": 1},
                 "policy": {"minCapacity": 1, "maxCapacity": 1}}
                """);
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"keda\"}").create(s));
        assertEquals(1 / 6.0, r.capacityUnitHours(), 0.01, "one unit billed for 10 minutes");
        assertTrue(r.secondsOverSlo() > 400 && r.secondsOverSlo() < 500, "seconds over SLO: " + r.secondsOverSlo());
        assertTrue(r.messagesOverSlo() > 0);
        assertTrue(r.waitMaxSeconds() > 200, "max wait " + r.waitMaxSeconds());
        assertTrue(r.waitP50Seconds() > 60, "the median message waited past the SLO: " + r.waitP50Seconds());
    }
}
