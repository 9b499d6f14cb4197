package dev.sfautoscaler.sim;

import static dev.sfautoscaler.sim.DefinitionWalk.choose;
import static dev.sfautoscaler.sim.DefinitionWalk.fails;
import static dev.sfautoscaler.sim.WorkflowStates.CHECK_ALARM;
import static dev.sfautoscaler.sim.WorkflowStates.DECIDE;
import static dev.sfautoscaler.sim.WorkflowStates.DONE;
import static dev.sfautoscaler.sim.WorkflowStates.FAILURE;
import static dev.sfautoscaler.sim.WorkflowStates.MODIFY;
import static dev.sfautoscaler.sim.WorkflowStates.NOTIFY;
import static dev.sfautoscaler.sim.WorkflowStates.READ;
import static dev.sfautoscaler.sim.WorkflowStates.RECHECK;
import static dev.sfautoscaler.sim.WorkflowStates.SETTLE;
import static dev.sfautoscaler.sim.WorkflowStates.START;
import static dev.sfautoscaler.sim.WorkflowStates.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.sim.DefinitionWalk.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator bills state transitions by the lists in {@link WorkflowStates}; these tests walk
 * the real definition and fail when it no longer goes through those states (a state added,
 * removed or renamed, another branch, other retry settings), so the bill cannot drift silently.
 */
class WorkflowStatesTest {

    private final DefinitionWalk definition = DefinitionWalk.of(DefinitionWalk.DEFINITION);

    /** A round's way from the decision to the fleet: a change, with valid workflow settings, no dry run. */
    private static final List<Step> TO_MODIFY = List.of(choose("ScaleNeeded?", "PlanRounds"));
    /** The end of a change when no further round is due and no failure alert is open. */
    private static final List<Step> TO_DONE = List.of(choose("AnotherRound?", "RecoveryBeforeDone?"),
            choose("RecoveryBeforeDone?", "Done"));

    /** Steps and lists of steps, in order. */
    private static List<Step> script(Object... parts) {
        List<Step> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add((Step) x));
            } else {
                out.add((Step) p);
            }
        }
        return out;
    }

    @Test
    void anExecutionWithoutAChangeMakesSixTransitions() {
        List<String> walked = definition.walk(choose("ScaleNeeded?", "NoChange"));
        assertEquals(walked, WorkflowStates.noChange());
        assertEquals(6, walked.size());
    }

    @Test
    void aScheduledExecutionThatScalesMakesEleven() {
        List<String> walked = definition.walk(script(TO_MODIFY, TO_DONE));
        assertEquals(walked, WorkflowStates.oneChange());
        assertEquals(11, walked.size());
    }

    @Test
    void eachFurtherAlarmRoundWithAChangeAddsTwelve() {
        List<String> walked = definition.walk(script(TO_MODIFY,
                choose("AnotherRound?", "WaitForSettle"), choose("AlarmToCheck?", "CheckAlarm"),
                choose("StillInAlarm?", "StartNextRound"), TO_MODIFY,
                choose("AnotherRound?", "WaitForSettle"), choose("AlarmToCheck?", "CheckAlarm"),
                choose("StillInAlarm?", "StartNextRound"), TO_MODIFY,
                TO_DONE));
        List<String> one = WorkflowStates.oneChange();
        List<String> more = WorkflowStates.furtherRound();
        assertEquals(walked, concat(one.subList(0, one.size() - DONE.size()), more, more, DONE));
        assertEquals(12, more.size());
        assertEquals(11 + 2 * 12, walked.size());
    }

    @Test
    void anAlarmRoundEndsWhenTheAlarmHasClearedOrThePolicyWantsNoChange() {
        assertEquals(definition.walk(script(TO_MODIFY, choose("AnotherRound?", "WaitForSettle"),
                        choose("AlarmToCheck?", "CheckAlarm"), choose("StillInAlarm?", "RecoveryBeforeAlarmCleared?"),
                        choose("RecoveryBeforeAlarmCleared?", "AlarmCleared"))),
                concat(START, READ, DECIDE, MODIFY, NOTIFY, SETTLE, CHECK_ALARM, WorkflowStates.ALARM_CLEARED));
        assertEquals(definition.walk(script(TO_MODIFY, choose("AnotherRound?", "WaitForSettle"),
                        choose("AlarmToCheck?", "CheckAlarm"), choose("StillInAlarm?", "StartNextRound"),
                        choose("ScaleNeeded?", "NoChange"))),
                concat(START, READ, DECIDE, MODIFY, NOTIFY, SETTLE, CHECK_ALARM, WorkflowStates.NEXT_ROUND, READ,
                        DECIDE, WorkflowStates.NO_CHANGE));
    }

    @Test
    void aChangedCapacityIsReadAgainTwiceARoundThenFails() {
        assertEquals(definition.walk(script(TO_MODIFY, fails("ModifyCapacity", "CapacityChanged"),
                        choose("RecheckAllowed?", "ReadCapacity"), TO_MODIFY, TO_DONE)),
                concat(START, READ, DECIDE, MODIFY, RECHECK, READ, DECIDE, MODIFY, NOTIFY, DONE));
        assertEquals(definition.walk(script(TO_MODIFY,
                        fails("ModifyCapacity", "CapacityChanged"), choose("RecheckAllowed?", "ReadCapacity"), TO_MODIFY,
                        fails("ModifyCapacity", "CapacityChanged"), choose("RecheckAllowed?", "ReadCapacity"), TO_MODIFY,
                        fails("ModifyCapacity", "CapacityChanged"), choose("RecheckAllowed?", "NotifyFailure"))),
                concat(START, READ, DECIDE, MODIFY, RECHECK, READ, DECIDE, MODIFY, RECHECK, READ, DECIDE, MODIFY,
                        RECHECK, FAILURE));
        JsonNode allowed = definition.state("RecheckAllowed?").path("Choices").get(0);
        assertEquals("$.loop.capacityRechecks", allowed.path("Variable").asText());
        assertEquals(WorkflowStates.MAX_CAPACITY_RECHECKS, allowed.path("NumericLessThanEquals").asInt());
    }

    @Test
    void aFleetStillBusyAfterTheRetriesFails() {
        assertEquals(definition.walk(script(TO_MODIFY, fails("ModifyCapacity", "FleetBusy"))),
                concat(START, READ, DECIDE, MODIFY, WorkflowStates.MODIFY_FAILURE));
        JsonNode retry = null;
        for (JsonNode r : definition.state("ModifyCapacity").path("Retry")) {
            if (r.path("ErrorEquals").toString().contains("dev.sfautoscaler.core.error.FleetBusy")) {
                retry = r;
            }
        }
        WorkflowStates.Retry busy = WorkflowStates.FLEET_BUSY_RETRY;
        assertEquals(List.of(busy.intervalSeconds(), busy.maxAttempts(), busy.backoffRate(), busy.maxDelaySeconds(),
                        busy.fullJitter()),
                List.of(retry.path("IntervalSeconds").asInt(1), retry.path("MaxAttempts").asInt(3),
                        retry.path("BackoffRate").asDouble(2.0), retry.path("MaxDelaySeconds").asInt(0),
                        retry.path("JitterStrategy").asText("NONE").equals("FULL")),
                "the simulator's FleetBusy retry against ModifyCapacity's");
    }

    @Test
    void aScaleInByDrainChecksEveryDrainCheckSecondsThenTerminatesAndNotifies() {
        List<String> walked = definition.walk(script(choose("ScaleNeeded?", "PlanDrain"),
                choose("DrainStarted?", "WaitForDrain"), choose("DrainDone?", "WaitForDrain"),
                choose("DrainDone?", "FinishDrain"), TO_DONE));
        assertEquals(walked, WorkflowStates.drained(2));
        assertEquals(12 + 3 * 2 + 1, walked.size());
        // The simulator waits what the drain step answers (DrainReport.withCheckSeconds), as WaitForDrain does.
        assertEquals(WorkflowStates.DRAIN_WAIT_SECONDS_PATH, definition.state("WaitForDrain").path("SecondsPath").asText());
        assertEquals(concat(START, READ, DECIDE, WorkflowStates.DRAIN_START, WorkflowStates.NOTHING_TO_DRAIN),
                definition.walk(choose("ScaleNeeded?", "PlanDrain"), choose("DrainStarted?", "NothingToDrain")));
        // A target another execution's drain lowered since the decision (outcome changed) is read and decided again.
        assertEquals(concat(START, READ, DECIDE, WorkflowStates.DRAIN_START, WorkflowStates.DRAIN_RECHECK, READ, DECIDE,
                        WorkflowStates.NO_CHANGE),
                definition.walk(script(choose("ScaleNeeded?", "PlanDrain"), choose("DrainStarted?", "CountDrainRecheck"),
                        choose("DrainRecheckAllowed?", "ReadCapacity"), choose("ScaleNeeded?", "NoChange"))));
        JsonNode allowed = definition.state("DrainRecheckAllowed?").path("Choices").get(0);
        assertEquals("$.loop.capacityRechecks", allowed.path("Variable").asText());
        assertEquals(WorkflowStates.MAX_CAPACITY_RECHECKS, allowed.path("NumericLessThanEquals").asInt());
        assertEquals("NothingToDrain", definition.state("DrainRecheckAllowed?").path("Default").asText());
        // A fleet lowered with no instance to drain (outcome lowered) is notified as a change, as the simulator does.
        assertEquals(WorkflowStates.loweredWithoutDrain(), definition.walk(script(choose("ScaleNeeded?", "PlanDrain"),
                choose("DrainStarted?", "Notify"), TO_DONE)));
    }

    @Test
    void noExecutionGoesMoreRoundsThanTheDefinitionAllows() {
        boolean capped = false;
        for (JsonNode rule : definition.state("AnotherRound?").path("Choices")) {
            capped |= rule.path("Variable").asText().equals("$.loop.round")
                    && rule.path("NumericGreaterThanEquals").asInt(-1) == WorkflowStates.MAX_ROUNDS
                    && rule.path("Next").asText().equals("RecoveryBeforeDone?");
        }
        assertEquals(true, capped, "AnotherRound? ends the execution at round " + WorkflowStates.MAX_ROUNDS);
    }
}
