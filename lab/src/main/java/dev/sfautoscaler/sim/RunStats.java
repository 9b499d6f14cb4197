package dev.sfautoscaler.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Everything measured during one run; turned into {@link RunResult} at the end. */
final class RunStats {

    /** A one-minute sample for the charts. */
    record Sample(long second, long visible, long notVisible, int target, int fulfilled, int running) {
    }

    private long[] waits = new long[1 << 16];
    private int processedCount;
    long arrived;
    long arrivedServiceMillis;
    long billedMillis;
    long lostWorkMillis;
    /** Messages whose work in progress was thrown away (their instance left mid-message, or gave them back). */
    long lostMessages;
    /** Drains our workflow ran, and of those the ones that timed out or were cancelled. */
    long drains;
    long drainsTimedOut;
    long drainsCancelled;
    /** drain invocations (StartDrain, CheckDrain, FinishDrain). */
    long drainCalls;
    /** Instance time from the drain tag to the termination, summed over drained instances. */
    long drainingMillis;
    int capacityChanges;
    int interruptions;
    long secondsOverSlo;
    long invocations;
    long executions;
    long transitions;
    /** The control loop's counts for its bill ({@link ControlLoopUsage}); ours only. */
    long alarmStates;
    long retries;
    long readCapacityCalls;
    long decideCalls;
    long modifyCalls;
    long notifyCalls;
    long alarmChecks;
    /** The schedule's check invocations, and those of them that started an execution. */
    long checkCalls;
    long checkStarts;
    /** Metrics asked of CloudWatch's GetMetricData by the readings of a policy that learns. */
    long metricsRequested;
    long endVisible;
    long endInFlight;
    long endHeld;
    long endSent;
    long endDeleted;
    long endLateUnprocessed;
    long endWorkLeftMillis;
    final List<Sample> series = new ArrayList<>();

    void arrived(long serviceMillis) {
        arrived++;
        arrivedServiceMillis += serviceMillis;
    }

    void processed(long waitMillis) {
        if (processedCount == waits.length) {
            waits = Arrays.copyOf(waits, waits.length * 2);
        }
        waits[processedCount++] = waitMillis;
    }

    /** Of {@link #lostWorkMillis} and {@link #lostMessages}: what Spot's interruptions took (not a scale-in). */
    long spotLostWorkMillis;
    long spotLostMessages;

    void lostToSpot(long millis) {
        spotLostWorkMillis += millis;
        spotLostMessages++;
    }

    void lostWork(long millis) {
        lostWorkMillis += millis;
    }

    void billed(long millis) {
        billedMillis += millis;
    }

    void capacityChanged() {
        capacityChanges++;
    }

    void interrupted() {
        interruptions++;
    }

    void endState(long visible, long inFlight, long held, long sent, long deleted, long lateUnprocessed,
            long workLeftMillis) {
        endLateUnprocessed = lateUnprocessed;
        endWorkLeftMillis = workLeftMillis;
        endVisible = visible;
        endInFlight = inFlight;
        endHeld = held;
        endSent = sent;
        endDeleted = deleted;
    }

    long processedCount() {
        return processedCount;
    }

    /** Waits of processed messages, sorted, in milliseconds. */
    long[] sortedWaits() {
        long[] w = Arrays.copyOf(waits, processedCount);
        Arrays.sort(w);
        return w;
    }
}
