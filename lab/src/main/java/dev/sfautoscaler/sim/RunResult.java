package dev.sfautoscaler.sim;

import java.util.List;
import java.util.Map;

/**
 * The measured outcome of one policy on one scenario.
 *
 * @param scenario                 scenario name
 * @param policy                   policy name
 * @param settings                 the policy's configuration as run
 * @param seed                     the seed
 * @param arrived                  messages sent
 * @param processed                messages processed (deleted)
 * @param backlogAtEnd             messages sent and not processed at the end (visible, in flight, held)
 * @param waitP50Seconds           median wait of processed messages (arrival to start of the successful attempt)
 * @param waitP95Seconds           95th percentile wait
 * @param waitMaxSeconds           longest wait
 * @param secondsOverSlo           seconds in which some message had waited longer than the SLO without being processed
 * @param messagesOverSlo          processed messages that waited longer than the SLO, plus unprocessed ones already past it
 * @param capacityUnitHours        capacity billed (launch to termination), in unit-hours
 * @param physicalLimitUnitHours   total processing time of every message sent: the least any policy could pay
 * @param costRatio                capacityUnitHours / physicalLimitUnitHours
 * @param workLeftUnitHours        processing still owed at the end (messages not processed), in unit-hours:
 *                                 capacityUnitHours + this is the least it would cost to finish the same work
 * @param reprocessedUnitHours     work lost with instances that disappeared mid-message, or with messages a
 *                                 worker gave back on a Spot interruption notice: done again
 * @param lostMessages             messages whose work in progress was lost that way (each processed again)
 * @param spotLostMessages         of those, the ones lost to a Spot interruption (its notice or the interruption
 *                                 itself), whatever the scale-in does
 * @param spotReprocessedUnitHours of reprocessedUnitHours, the work those took
 * @param drains                   drains our workflow started (scaleIn = drain), of which
 * @param drainsTimedOut           the ones that terminated instances whose workers had not reported, and
 * @param drainsCancelled          the ones a scale-out cancelled
 * @param drainingUnitHours        capacity billed while drained instances waited for their workers and the
 *                                 drain's checks (from the tag to the termination)
 * @param capacityChanges          target capacity changes
 * @param interruptions            Spot interruptions
 * @param invocations              times the policy's code ran (Lambda tasks, AAS policy runs, KEDA polls)
 * @param executions               Step Functions executions (ours only)
 * @param stateTransitions         Step Functions state transitions (ours only; the Step Functions bill)
 * @param series                   one-minute samples for the charts
 * @param controlLoop              what the control loop used, for its bill (ours only, else null)
 */
record RunResult(String scenario, String policy, Map<String, Object> settings, long seed, long arrived,
        long processed, long backlogAtEnd, double waitP50Seconds, double waitP95Seconds, double waitMaxSeconds,
        long secondsOverSlo, long messagesOverSlo, double capacityUnitHours, double physicalLimitUnitHours,
        double costRatio, double workLeftUnitHours, double reprocessedUnitHours, long lostMessages, long spotLostMessages,
        double spotReprocessedUnitHours, long drains,
        long drainsTimedOut, long drainsCancelled, double drainingUnitHours, int capacityChanges, int interruptions, long invocations,
        long executions, long stateTransitions, List<RunStats.Sample> series, ControlLoopBill.Run controlLoop) {

    static RunResult of(Scenario s, Autoscaler a, RunStats st) {
        long[] waits = st.sortedWaits();
        long slo = s.sloWaitSeconds() * 1000;
        long over = 0;
        for (int i = waits.length - 1; i >= 0 && waits[i] > slo; i--) {
            over++;
        }
        double cost = st.billedMillis / 3.6e6;
        double limit = st.arrivedServiceMillis / 3.6e6;
        return new RunResult(s.name(), a.name(), a.settings(), s.seed(), st.arrived, st.endDeleted,
                st.endVisible + st.endInFlight + st.endHeld,
                round(percentile(waits, 0.50) / 1000.0, 1), round(percentile(waits, 0.95) / 1000.0, 1),
                round(waits.length == 0 ? 0 : waits[waits.length - 1] / 1000.0, 1),
                st.secondsOverSlo, over + st.endLateUnprocessed, round(cost, 2), round(limit, 2),
                limit > 0 ? round(cost / limit, 3) : 0, round(st.endWorkLeftMillis / 3.6e6, 2),
                round(st.lostWorkMillis / 3.6e6, 2), st.lostMessages, st.spotLostMessages,
                round(st.spotLostWorkMillis / 3.6e6, 2), st.drains,
                st.drainsTimedOut, st.drainsCancelled, round(st.drainingMillis / 3.6e6, 2),
                st.capacityChanges, st.interruptions, st.invocations, st.executions, st.transitions,
                List.copyOf(st.series), a instanceof OurWorkflow w ? controlLoop(s, w, st) : null);
    }

    private static ControlLoopBill.Run controlLoop(Scenario s, OurWorkflow w, RunStats st) {
        return new ControlLoopBill.Run(new ControlLoopUsage(s.durationSeconds(), st.executions, st.transitions,
                st.alarmStates, st.retries, st.readCapacityCalls, st.decideCalls, st.modifyCalls, st.notifyCalls,
                st.alarmChecks, st.checkCalls, st.checkStarts, st.drainCalls, st.metricsRequested), w.alarmCount(),
                w.workflow().scheduleSeconds());
    }

    /** Nearest-rank percentile of sorted values; 0 when empty. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    /** Cost of doing all the work sent: capacity billed plus the work still owed at the end. */
    double costToFinishUnitHours() {
        return round(capacityUnitHours + workLeftUnitHours, 2);
    }

    boolean meetsSlo() {
        return secondsOverSlo == 0 && messagesOverSlo == 0;
    }
}
