package dev.sfautoscaler.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The states of {@code statemachine/autoscaler.asl.json} that a simulated execution enters, in the
 * pieces the simulator walks through. Step Functions bills one state transition per state entered;
 * a Retry runs the same task again without one, a Catch enters the state it names. The definition
 * is the source: {@code WorkflowStatesTest} walks it and fails when these lists, their
 * compositions or the retry settings below no longer match it.
 */
final class WorkflowStates {

    /** The input over its defaults. */
    static final List<String> START = List.of("Prepare", "ApplyDefaults");
    static final List<String> READ = List.of("ReadCapacity");
    static final List<String> DECIDE = List.of("Decide", "ScaleNeeded?");
    /** No change (and no notifyNoChange): the execution ends, whatever the round. */
    static final List<String> NO_CHANGE = List.of("NoChange");
    static final List<String> MODIFY = List.of("PlanRounds", "ModifyCapacity");
    static final List<String> NOTIFY = List.of("Notify", "AnotherRound?");
    /** A scheduled (or manual) execution after its change, or the last allowed round (no failure alert open). */
    static final List<String> DONE = List.of("RecoveryBeforeDone?", "Done");
    static final List<String> SETTLE = List.of("WaitForSettle");
    static final List<String> CHECK_ALARM = List.of("AlarmToCheck?", "CheckAlarm", "StillInAlarm?");
    static final List<String> NEXT_ROUND = List.of("StartNextRound");
    static final List<String> ALARM_CLEARED = List.of("RecoveryBeforeAlarmCleared?", "AlarmCleared");
    /** ModifyCapacity caught CapacityChanged: count it, then read again or give up. */
    static final List<String> RECHECK = List.of("CountRecheck", "RecheckAllowed?");
    /** A task gave up (retries spent, or too many rechecks). */
    static final List<String> FAILURE = List.of("NotifyFailure", "Failed");
    /** ModifyCapacity gave up: the fleet is read again for the failure notice. */
    static final List<String> MODIFY_FAILURE = List.of("ReadFleetNow", "NotifyFailure", "Failed");

    /**
     * A scale-in with {@code policy.scaleIn = drain}: ScaleNeeded? leads to PlanDrain (the input's workflow
     * settings, as PlanRounds) and StartDrain (pick, tag, lower
     * the target without terminating), then WaitForDrain (the policy's drainCheckSeconds) and CheckDrain
     * with its choice, round
     * until the instances are drained, the drain times out or a scale-out cancels it; FinishDrain
     * terminates exactly those instances, then Notify as after a change.
     */
    static final List<String> DRAIN_START = List.of("PlanDrain", "StartDrain", "DrainStarted?");
    /** StartDrain changed nothing (paused since the decision, or a group with no instance to drain). */
    static final List<String> NOTHING_TO_DRAIN = List.of("NothingToDrain");
    /**
     * StartDrain found the target changed since the decision (outcome {@code changed}: another execution's drain
     * lowered it): count it on the round's re-reads, then read and decide again, or (a third time) NothingToDrain.
     */
    static final List<String> DRAIN_RECHECK = List.of("CountDrainRecheck", "DrainRecheckAllowed?");
    static final List<String> DRAIN_WAIT = List.of("WaitForDrain");
    static final List<String> DRAIN_CHECK = List.of("CheckDrain", "DrainDone?");
    static final List<String> DRAIN_FINISH = List.of("FinishDrain");
    /**
     * Where WaitForDrain reads its wait: the drain step's answer, the policy's {@code drainCheckSeconds}
     * (the simulator waits {@code policy.drainCheckSeconds()}).
     */
    static final String DRAIN_WAIT_SECONDS_PATH = "$.drain.checkSeconds";

    /** RecheckAllowed?: at most this many CapacityChanged re-reads a round. */
    static final int MAX_CAPACITY_RECHECKS = 2;
    /** AnotherRound?: never more rounds than this, whatever maxRounds says. */
    static final int MAX_ROUNDS = 10;

    /** A Retry of the definition: the n-th retry (from 0) waits up to min(max, interval x rate^n). */
    record Retry(int intervalSeconds, int maxAttempts, double backoffRate, int maxDelaySeconds, boolean fullJitter) {

        /** The longest wait before retry {@code n} (from 0), in milliseconds. */
        long ceilingMillis(int n) {
            double seconds = intervalSeconds * Math.pow(backoffRate, n);
            if (maxDelaySeconds > 0) {
                seconds = Math.min(seconds, maxDelaySeconds);
            }
            return Math.round(seconds * 1000);
        }
    }

    /** ModifyCapacity's Retry on dev.sfautoscaler.core.error.FleetBusy. */
    static final Retry FLEET_BUSY_RETRY = new Retry(3, 6, 2, 60, true);

    private WorkflowStates() {
    }

    /** The commonest execution: nothing to change (6 transitions). */
    static List<String> noChange() {
        return concat(START, READ, DECIDE, NO_CHANGE);
    }

    /** One round with a change that then ends (a scheduled execution, or the last round): 11 transitions. */
    static List<String> oneChange() {
        return concat(START, READ, DECIDE, MODIFY, NOTIFY, DONE);
    }

    /** What each further round of an alarm-driven execution adds when it changes the fleet again: 12. */
    static List<String> furtherRound() {
        return concat(SETTLE, CHECK_ALARM, NEXT_ROUND, READ, DECIDE, MODIFY, NOTIFY);
    }

    /**
     * A scheduled scale-in by drain that checks {@code checks} times (the last finding the instances drained
     * or timed out), then terminates them and notifies: 12 + 3 x checks transitions.
     */
    static List<String> drained(int checks) {
        List<String> all = new ArrayList<>(concat(START, READ, DECIDE, DRAIN_START));
        for (int i = 0; i < checks; i++) {
            all.addAll(concat(DRAIN_WAIT, DRAIN_CHECK));
        }
        all.addAll(concat(DRAIN_FINISH, NOTIFY, DONE));
        return List.copyOf(all);
    }

    /**
     * A scheduled scale-in by drain on a fleet where no instance fits the units to remove: StartDrain lowers the
     * target ({@code lowered}) and DrainStarted? goes to Notify: 11 transitions.
     */
    static List<String> loweredWithoutDrain() {
        return concat(START, READ, DECIDE, DRAIN_START, NOTIFY, DONE);
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
