package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Our policy in the simulator is the real core, driven the way the workflow drives it. */
class OurWorkflowTest {

    private static Scenario steadyHour() {
        return TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 3600,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 3600, "rate": 0}]},
                 "plant": {"processingSeconds": 2, "initialCapacity": 1},
                 "policy": {"minCapacity": 1, "maxCapacity": 10}}
                """);
    }

    @Test
    void aOneMinuteScheduleStartsOneShortExecutionAMinute() {
        Scenario s = steadyHour();
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"ours\"}").create(s));
        assertEquals(59, r.executions(), "a schedule tick every minute after the first");
        // Nothing to do on an idle queue at the minimum: ReadCapacity, Decide, Choice, end.
        assertEquals(4 * 59, r.stateTransitions());
        assertEquals(0, r.capacityChanges());
    }

    @Test
    void decisionsComeFromTheCoreAndCooldownsHoldAcrossExecutions() {
        Scenario s = TestScenarios.churn(5);
        OurWorkflow w = (OurWorkflow) TestScenarios.spec("{\"kind\": \"ours\"}").create(s);
        w.keepDecisions();
        RunResult r = Simulation.run(s, w);
        List<String> d = w.decisions();
        assertEquals(r.executions(), d.size(), "one decision per schedule-started execution");
        assertTrue(d.stream().anyMatch(x -> x.contains("BACKLOG_NEEDS_MORE: A backlog of")), "core reasons: " + d);
        // Each execution is separate: only the marker on the fleet can carry a cooldown between them.
        assertTrue(d.stream().anyMatch(x -> x.contains("_COOLDOWN")), "a cooldown held across executions: " + d);
    }

    @Test
    void anAlarmStartedExecutionGoesRoundWhileTheAlarmStaysInAlarmUpToMaxRounds() {
        Scenario s = TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 3600,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 3600, "rate": 20}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed"}, "initialCapacity": 1},
                 "policy": {"minCapacity": 1, "maxCapacity": 4, "backlogPerUnit": 10}}
                """);
        OurWorkflow w = (OurWorkflow) TestScenarios.spec("""
                {"kind": "ours", "alarms": {"scaleOut": {}}, "workflow": {"scheduleSeconds": 0, "maxRounds": 3}}
                """).create(s);
        w.keepDecisions();
        RunResult r = Simulation.run(s, w);
        // Capped at 4 units the backlog never falls: the alarm enters ALARM once and stays there.
        assertEquals(1, r.executions(), w.decisions().toString());
        List<String> d = w.decisions();
        assertEquals(3, d.size(), "three rounds: " + d);
        assertTrue(d.get(0).contains("evt-1:1") && d.get(2).contains("evt-1:3"), d.toString());
        assertTrue(d.get(2).contains("AT_MAX"), d.toString());
        // Round 1 with a change (ReadCapacity, Decide, Choice, ModifyCapacity, Notify), two further
        // rounds of Wait, alarm check, Choice, ReadCapacity, Decide, Choice, and the end.
        assertEquals(5 + 2 * 6 + 1, r.stateTransitions());
    }
}
