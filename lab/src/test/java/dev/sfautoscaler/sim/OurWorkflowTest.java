package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aOneMinuteScheduleChecksOnceAMinuteAndStartsNoExecutionWhenNothingChanges() {
        Scenario s = steadyHour();
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"ours\", \"alarms\": false}").create(s));
        assertEquals(59, r.controlLoop().usage().checks(), "a schedule tick every minute after the first");
        // Nothing to do on an idle queue at the minimum: check starts no Standard execution.
        assertEquals(0, r.executions());
        assertEquals(0, r.stateTransitions());
        assertEquals(59, r.invocations(), "one check invocation a tick");
        assertEquals(0, r.capacityChanges());
    }

    @Test
    void byDefaultTheScheduleAndBothAlarmsStartExecutions() {
        Scenario s = steadyHour();
        OurWorkflow w = ((OurWorkflow) TestScenarios.spec("{\"kind\": \"ours\"}").create(s)).keepDecisions();
        RunResult r = Simulation.run(s, w);
        // The idle queue's zeros put the scale-in alarm into ALARM once (3 of 3 one-minute datapoints);
        // that transition starts one execution; the 59 ticks' checks start none. At the minimum it changes nothing.
        assertEquals(1, r.executions(), w.decisions().toString());
        assertEquals(59, r.controlLoop().usage().checks());
        assertEquals(60, w.decisions().size(), "59 checks and one execution decided");
        assertEquals(1, w.decisions().stream().filter(d -> d.contains(" alarm evt-")).count(), w.decisions().toString());
        assertEquals(6, r.stateTransitions());
        assertEquals(0, r.capacityChanges());
    }

    @Test
    void decisionsComeFromTheCoreAndCooldownsHoldAcrossExecutions() {
        Scenario s = TestScenarios.churn(5);
        OurWorkflow w = (OurWorkflow) TestScenarios.spec("{\"kind\": \"ours\", \"alarms\": false}").create(s);
        w.keepDecisions();
        RunResult r = Simulation.run(s, w);
        List<String> d = w.decisions();
        ControlLoopUsage u = r.controlLoop().usage();
        assertTrue(u.checkStarts() > 0 && u.checkStarts() == r.executions(), "every execution started by a check");
        assertEquals(r.executions() + u.checks() - u.checkStarts(), d.size(),
                "one decision per execution, and one per check that started none");
        assertTrue(d.stream().anyMatch(x -> x.contains("BACKLOG_NEEDS_MORE: A backlog of")), "core reasons: " + d);
        // Each execution is separate: only the marker on the fleet can carry a cooldown between them.
        assertTrue(d.stream().anyMatch(x -> x.contains("_COOLDOWN")), "a cooldown held across executions: " + d);
    }

    /**
     * Told only the wait, the policy learns the pace from the simulated CloudWatch's deletions, stores the
     * estimate on the simulated fleet between executions (as the tag), and follows a release that makes
     * every message take twice as long: the backlog per unit in its sentences halves.
     */
    @Test
    void toldOnlyTheWaitItLearnsThePaceAndFollowsASlowerRelease() {
        Scenario s = TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 7200,
                 "arrivals": {"poisson": true, "segments": [{"seconds": 7200, "rate": 3}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed",
                           "slowdown": {"atSecond": 3600, "factor": 2}}, "initialCapacity": 6},
                 "policy": {"minCapacity": 1, "maxCapacity": 40}}
                """);
        OurWorkflow w = ((OurWorkflow) TestScenarios.spec(
                "{\"kind\": \"ours\", \"alarms\": false, \"sloTargetWait\": true, \"policy\": {\"backlogPerUnit\": 600}}")
                .create(s)).keepDecisions();
        RunResult r = Simulation.run(s, w);
        List<String> d = w.decisions();
        String beforeRelease = d.stream().filter(x -> x.startsWith("2026-01-05T00:5")).reduce((a, b) -> b).orElseThrow();
        String afterRelease = d.get(d.size() - 1);

        assertTrue(d.get(0).contains("nothing learnt yet, so the starting guess of 600"), d.get(0));
        // 2 s a message: 0.5 messages per unit-second, 75 per unit in 150 s; 4 s after the release: 37.
        assertTrue(beforeRelease.matches(".*learnt 0\\.[45]\\d* messages .*: 7[0-6] per unit in half the target.*"),
                beforeRelease);
        assertTrue(afterRelease.matches(".*: 3[4-9] per unit in half the target.*"), afterRelease);
        assertTrue(r.meetsSlo(), r.secondsOverSlo() + " s over");
    }

    /** 20 messages a second of 2 s each (40 units of work) against a fleet of at most {@code max}. */
    private static Scenario overload(int max) {
        return TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 3600,
                 "arrivals": {"poisson": false, "segments": [{"seconds": 3600, "rate": 20}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "fixed"}, "initialCapacity": 1},
                 "policy": {"minCapacity": 1, "maxCapacity": %d, "backlogPerUnit": 10, "maxScaleOutStep": 1}}
                """.formatted(max));
    }

    private static OurWorkflow scaleOutAlarmOnly(Scenario s) {
        OurWorkflow w = (OurWorkflow) TestScenarios.spec("""
                {"kind": "ours", "alarms": {"scaleIn": false}, "workflow": {"scheduleSeconds": 0, "maxRounds": 3}}
                """).create(s);
        return w.keepDecisions().keepStatePaths();
    }

    @Test
    void anAlarmStartedExecutionGoesRoundWhileTheAlarmStaysInAlarmUpToMaxRounds() {
        Scenario s = overload(40);
        OurWorkflow w = scaleOutAlarmOnly(s);
        RunResult r = Simulation.run(s, w);
        // One unit a decision never catches up: the alarm enters ALARM once and stays there.
        assertEquals(1, r.executions(), w.decisions().toString());
        List<String> d = w.decisions();
        assertEquals(3, d.size(), "three rounds, each a change: " + d);
        assertTrue(d.get(0).contains("evt-1:1") && d.get(2).contains("evt-1:3"), d.toString());
        assertEquals(3, r.capacityChanges());
        // A change in each round, then the last round ends: 11 + 2 x 12 states of the definition.
        List<String> one = WorkflowStates.oneChange();
        List<String> more = WorkflowStates.furtherRound();
        assertEquals(List.of(WorkflowStates.concat(one.subList(0, one.size() - WorkflowStates.DONE.size()), more,
                more, WorkflowStates.DONE)), w.statePaths());
        assertEquals(11 + 2 * 12, r.stateTransitions());
    }

    @Test
    void aRoundWithNothingToChangeEndsTheExecutionWhileTheAlarmIsStillInAlarm() {
        Scenario s = overload(2);
        OurWorkflow w = scaleOutAlarmOnly(s);
        RunResult r = Simulation.run(s, w);
        // Round 1 takes the fleet to its maximum; round 2 finds nothing to do and, as ScaleNeeded?
        // sends it to NoChange, the execution ends although the alarm stays in ALARM.
        assertEquals(1, r.executions());
        List<String> d = w.decisions();
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(1).contains("AT_MAX"), d.toString());
        assertEquals(List.of(WorkflowStates.concat(WorkflowStates.START, WorkflowStates.READ, WorkflowStates.DECIDE,
                WorkflowStates.MODIFY, WorkflowStates.NOTIFY, WorkflowStates.SETTLE, WorkflowStates.CHECK_ALARM,
                WorkflowStates.NEXT_ROUND, WorkflowStates.READ, WorkflowStates.DECIDE, WorkflowStates.NO_CHANGE)),
                w.statePaths());
    }

    @Test
    void everyExecutionIsAPathThroughTheRealDefinitionAndBillsTheStatesItEntered() {
        DefinitionWalk definition = DefinitionWalk.of(DefinitionWalk.DEFINITION);
        for (String spec : List.of("{\"kind\": \"ours\"}", "{\"kind\": \"ours\", \"alarms\": false}",
                "{\"kind\": \"ours\", \"workflow\": {\"scheduleSeconds\": 0}}")) {
            Scenario s = TestScenarios.churn(5);
            OurWorkflow w = ((OurWorkflow) TestScenarios.spec(spec).create(s)).keepStatePaths();
            RunResult r = Simulation.run(s, w);
            assertEquals(r.executions(), w.statePaths().size(), spec);
            long entered = 0;
            List<List<String>> paths = w.statePaths();
            for (List<String> path : paths) {
                // An execution in a Wait state when the run ends stops there (a drain makes that likelier).
                boolean cutByTheEnd = definition.state(path.get(path.size() - 1)).path("Type").asText().equals("Wait");
                if (cutByTheEnd) {
                    definition.assertIsAPathSoFar(path);
                } else {
                    definition.assertIsAnExecutionPath(path);
                }
                entered += path.size();
            }
            assertEquals(entered, r.stateTransitions(), spec);
            assertTrue(w.statePaths().contains(WorkflowStates.oneChange())
                    || w.statePaths().stream().anyMatch(p -> p.contains("CheckAlarm")), "some execution scaled: " + spec);
        }
    }

    private static OurWorkflow create(String spec) {
        return (OurWorkflow) TestScenarios.spec(spec).create(steadyHour());
    }

    @Test
    void theAlarmsAreTerraformsDefaultsUnlessSwitchedOffOrChanged() {
        OurWorkflow byDefault = create("{\"kind\": \"ours\"}");
        assertEquals(OurWorkflow.DEFAULT_SCALE_OUT, byDefault.scaleOutAlarm());
        assertEquals(OurWorkflow.DEFAULT_SCALE_IN, byDefault.scaleInAlarm());
        assertEquals("Maximum(visible) over 60 s <= 0, 3 of 3, missing data notBreaching",
                byDefault.settings().get("scaleInAlarm"));
        OurWorkflow none = create("{\"kind\": \"ours\", \"alarms\": false}");
        assertNull(none.scaleOutAlarm());
        assertNull(none.scaleInAlarm());
        assertEquals("none", none.settings().get("scaleOutAlarm"));
        OurWorkflow outOnly = create("{\"kind\": \"ours\", \"alarms\": {\"scaleIn\": false, "
                + "\"scaleOut\": {\"evaluationPeriods\": 2, \"treatMissingData\": \"ignore\"}}}");
        assertNull(outOnly.scaleInAlarm());
        assertEquals(2, outOnly.scaleOutAlarm().datapointsToAlarm());
        assertEquals(CloudWatch.TreatMissingData.IGNORE, outOnly.scaleOutAlarm().treatMissingData());
    }

    @Test
    void whatTerraformRefusesTheSimulatorRefusesToo() {
        ScenarioException noTrigger = assertThrows(ScenarioException.class,
                () -> create("{\"kind\": \"ours\", \"alarms\": false, \"workflow\": {\"scheduleSeconds\": 0}}"));
        assertTrue(noTrigger.getMessage().contains("nothing would start an execution"), noTrigger.getMessage());
        ScenarioException stepWithoutAlarms = assertThrows(ScenarioException.class,
                () -> create("{\"kind\": \"ours\", \"alarms\": false, \"policy\": {\"mode\": \"step\"}}"));
        assertTrue(stepWithoutAlarms.getMessage().contains("step mode acts on its alarms only"),
                stepWithoutAlarms.getMessage());
        ScenarioException breaching = assertThrows(ScenarioException.class,
                () -> create("{\"kind\": \"ours\", \"alarms\": {\"scaleIn\": {\"treatMissingData\": \"breaching\"}}}"));
        assertEquals("test-policy.json: alarms.scaleIn.treatMissingData must not be breaching for the scale-in alarm: "
                + "it would read a queue without metrics (idle for six hours) as empty", breaching.getMessage());
    }
}
