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

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
