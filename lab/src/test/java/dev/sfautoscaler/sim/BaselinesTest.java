package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each baseline's defining behaviour, observed on the plant. */
class BaselinesTest {

    /** A load far above capacity for an hour: any scale-out alarm stays in ALARM throughout. */
    private static Scenario overload(int initial, int max) {
        return TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 3600,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 3600, "rate": 10}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed"}, "initialCapacity": %d},
                 "policy": {"minCapacity": 1, "maxCapacity": %d}}
                """.formatted(initial, max));
    }

    private static List<Integer> targets(RunResult r) {
        return r.series().stream().map(RunStats.Sample::target).toList();
    }

    @Test
    void theOriginalDesignAddsOneUnitPerTransitionThenStallsWhileTheAlarmStaysInAlarm() {
        Scenario s = overload(2, 50);
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"original\"}").create(s));
        // 20 units are needed; the alarm enters ALARM once and never leaves it, so one +1.
        assertEquals(1, r.capacityChanges(), "targets over time: " + targets(r));
        assertEquals(3, r.series().get(r.series().size() - 1).target());
        assertEquals(1, r.invocations(), "the Lambda ran once: one transition, one invocation");
        assertTrue(r.backlogAtEnd() > 20_000, "the backlog keeps growing: " + r.backlogAtEnd());
    }

    @Test
    void theOriginalDesignAsWrittenNeverLeavesThreeToFour() {
        Scenario s = overload(1, 50);
        RunResult r = Simulation.run(s, TestScenarios.spec(
                "{\"kind\": \"original\", \"minCapacity\": 3, \"maxCapacity\": 4}").create(s));
        assertTrue(targets(r).stream().allMatch(t -> t >= 3 && t <= 4), "targets: " + targets(r));
    }

    @Test
    void stepScalingReEvaluatesEveryMinuteWhileTheAlarmStaysInAlarm() {
        Scenario s = overload(2, 50);
        RunResult r = Simulation.run(s, TestScenarios.spec(
                "{\"kind\": \"aas-step\", \"cooldownSeconds\": 0, \"scaleOutSteps\": [{\"fromBreach\": 0, \"adjustment\": 1}]}")
                .create(s));
        // The 5-minute alarm enters ALARM within the first minutes; from then on the policy runs
        // every minute and, without a cooldown, adds one unit each time.
        List<Integer> t = targets(r);
        int first = t.indexOf(3);
        assertTrue(first > 0 && first < 10, "first scale-out minute: " + first + " in " + t);
        for (int minute = first + 1; minute < first + 15; minute++) {
            assertEquals(t.get(minute - 1) + 1, t.get(minute), "one more unit each minute: " + t);
        }
    }

    @Test
    void stepScalingCooldownCountsTheCapacityItAlreadyAdded() {
        Scenario s = overload(2, 50);
        RunResult r = Simulation.run(s, TestScenarios.spec(
                "{\"kind\": \"aas-step\", \"cooldownSeconds\": 300, \"scaleOutSteps\": [{\"fromBreach\": 0, \"adjustment\": 1}]}")
                .create(s));
        // +1 per 300 s cooldown: about 12 steps in an hour, not 60.
        assertTrue(r.capacityChanges() >= 10 && r.capacityChanges() <= 13, "changes: " + r.capacityChanges());
    }

    @Test
    void kedaHoldsItsHighestRecommendationForTheStabilisationWindow() {
        Scenario s = TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 2400,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 600, "rate": 20}, {"seconds": 1800, "rate": 0}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed"}, "initialCapacity": 1},
                 "policy": {"minCapacity": 1, "maxCapacity": 60, "backlogPerUnit": 50}}
                """);
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"keda\"}").create(s));
        List<RunStats.Sample> series = r.series();
        int emptied = -1;
        for (int m = 10; m < series.size(); m++) {
            if (series.get(m).visible() + series.get(m).notVisible() == 0) {
                emptied = m;
                break;
            }
        }
        assertTrue(emptied > 0, "the queue empties after the load stops");
        int peak = series.get(emptied).target();
        assertTrue(peak > 1);
        // Within the 300 s window after the queue emptied the fleet has not dropped to the minimum.
        for (int m = emptied; m < emptied + 4; m++) {
            assertTrue(series.get(m).target() > 1, "minute " + m + ": " + targets(r));
        }
        assertEquals(1, series.get(series.size() - 1).target(), "and it does scale in after it");
    }

    @Test
    void targetTrackingScalesFromBacklogPerRunningInstance() {
        Scenario s = overload(2, 50);
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"aas-target-tracking\", \"targetValue\": 100}")
                .create(s));
        // The high alarm needs 3 one-minute datapoints above the target, then capacity jumps by the ratio.
        List<Integer> t = targets(r);
        assertEquals(2, t.get(2), "no change in the first minutes: " + t);
        assertTrue(t.stream().anyMatch(v -> v >= 10), "a proportional jump, not +1 steps: " + t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"original", "aas-step", "aas-target-tracking", "keda"})
    void boundsThatCrossAreRefusedBeforeTheRun(String kind) {
        Scenario s = overload(2, 50);
        Policies.Spec spec = TestScenarios.spec("{\"kind\": \"" + kind + "\", \"minCapacity\": 5, \"maxCapacity\": 4}");
        ScenarioException e = assertThrows(ScenarioException.class, () -> spec.create(s));
        assertEquals("test-policy.json: minCapacity must not exceed maxCapacity", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"original", "aas-step", "aas-target-tracking", "keda"})
    void boundsComeFromTheScenarioUnlessThePolicySetsThem(String kind) {
        Scenario s = overload(2, 50);
        Autoscaler fromScenario = TestScenarios.spec("{\"kind\": \"" + kind + "\"}").create(s);
        assertEquals(List.of(1, 50), List.of(fromScenario.minCapacity(), fromScenario.maxCapacity()));
        assertEquals(kind, fromScenario.settings().get("kind"));
        Autoscaler own = TestScenarios.spec("{\"kind\": \"" + kind + "\", \"minCapacity\": 2, \"maxCapacity\": 9}")
                .create(s);
        assertEquals(List.of(2, 9), List.of(own.minCapacity(), own.maxCapacity()));
        assertEquals(List.of(2, 9), List.of(own.settings().get("minCapacity"), own.settings().get("maxCapacity")));
    }
}
