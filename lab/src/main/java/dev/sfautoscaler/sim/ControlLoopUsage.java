package dev.sfautoscaler.sim;

/**
 * What the control loop of one fleet used over {@code seconds}: the counts the bill is made of.
 * The simulator counts them while it runs our workflow ({@link OurWorkflow}); {@link ExecutionPaths}
 * gives them for one execution of each path. Everything else on the bill (AWS API calls, traces,
 * log bytes, DynamoDB requests) follows from these counts by {@link ControlLoopBill}.
 *
 * @param seconds           the time the counts cover
 * @param executions        Step Functions executions started (the schedule, alarms)
 * @param statesEntered     states entered (the state-entered events of the executions' histories)
 * @param alarmStates       of those, the states entered by alarm-started executions, whose state
 *                          document carries the alarm's event (their log is about twice as large)
 * @param retries           task attempts repeated by a Retry (each is billed as one more transition)
 * @param readCapacity      read-capacity invocations
 * @param decide            decide invocations
 * @param modify            modify invocations (every attempt)
 * @param notifyCalls       notify invocations (changes and failures)
 * @param alarmChecks       CheckAlarm tasks (CloudWatch DescribeAlarms from the state machine)
 * @param checks            check invocations (the schedule's cheap path: a read and a decision in one
 *                          function, a Standard execution only when there is something to do)
 * @param checkStarts       of those, the ones that started a Standard execution (counted in {@code executions})
 * @param drain             drain invocations (StartDrain, each CheckDrain, FinishDrain: a scale-in that drains)
 * @param metricsRequested  metrics asked of CloudWatch's GetMetricData (a policy with {@code targetWaitSeconds}:
 *                          three per reading of check or read-capacity that showed messages, four on a FIFO queue;
 *                          one without it: four per reading whose counts alone would scale in, five FIFO),
 *                          which CloudWatch bills per metric
 */
record ControlLoopUsage(double seconds, long executions, long statesEntered, long alarmStates, long retries,
        long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks, long checks,
        long checkStarts, long drain, long metricsRequested) {

    /** Usage without CloudWatch's metrics (a policy that does not learn). */
    ControlLoopUsage(double seconds, long executions, long statesEntered, long alarmStates, long retries,
            long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks, long checks,
            long checkStarts, long drain) {
        this(seconds, executions, statesEntered, alarmStates, retries, readCapacity, decide, modify, notifyCalls,
                alarmChecks, checks, checkStarts, drain, 0);
    }

    /** Usage without drains (every path of {@link ExecutionPaths}, the design before drains). */
    ControlLoopUsage(double seconds, long executions, long statesEntered, long alarmStates, long retries,
            long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks, long checks,
            long checkStarts) {
        this(seconds, executions, statesEntered, alarmStates, retries, readCapacity, decide, modify, notifyCalls,
                alarmChecks, checks, checkStarts, 0);
    }

    /** Usage without the check function (alarm-started and manual executions, or the design before it). */
    ControlLoopUsage(double seconds, long executions, long statesEntered, long alarmStates, long retries,
            long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks) {
        this(seconds, executions, statesEntered, alarmStates, retries, readCapacity, decide, modify, notifyCalls,
                alarmChecks, 0, 0);
    }

    /** Step Functions bills each state entered and each retry as one transition. */
    long billedTransitions() {
        return statesEntered + retries;
    }

    /** {@code n} times this usage (n executions of one path, n fleets), over the same time. */
    ControlLoopUsage times(long n) {
        return new ControlLoopUsage(seconds, executions * n, statesEntered * n, alarmStates * n, retries * n,
                readCapacity * n, decide * n, modify * n, notifyCalls * n, alarmChecks * n, checks * n,
                checkStarts * n, drain * n, metricsRequested * n);
    }

    /** The counts of {@code times} repetitions, spread over {@code overSeconds}. */
    ControlLoopUsage repeated(long times, double overSeconds) {
        ControlLoopUsage u = times(times);
        return new ControlLoopUsage(overSeconds, u.executions, u.statesEntered, u.alarmStates, u.retries,
                u.readCapacity, u.decide, u.modify, u.notifyCalls, u.alarmChecks, u.checks, u.checkStarts, u.drain,
                u.metricsRequested);
    }

    /** This usage and {@code other}'s, over this one's time. */
    ControlLoopUsage plus(ControlLoopUsage o) {
        return new ControlLoopUsage(seconds, executions + o.executions, statesEntered + o.statesEntered,
                alarmStates + o.alarmStates, retries + o.retries, readCapacity + o.readCapacity, decide + o.decide,
                modify + o.modify, notifyCalls + o.notifyCalls, alarmChecks + o.alarmChecks, checks + o.checks,
                checkStarts + o.checkStarts, drain + o.drain, metricsRequested + o.metricsRequested);
    }

    /**
     * The same run as the design before check would have billed it: every check that started nothing
     * a Standard execution that finds no change ({@link ExecutionPaths#NO_CHANGE}), and no check
     * invocations. (It leaves out that such executions scaled a task's time sooner.)
     */
    ControlLoopUsage beforeCheck() {
        ControlLoopUsage withoutChecks = new ControlLoopUsage(seconds, executions, statesEntered, alarmStates,
                retries, readCapacity, decide, modify, notifyCalls, alarmChecks, 0, 0, drain, metricsRequested);
        return withoutChecks.plus(ExecutionPaths.NO_CHANGE.usage().times(checks - checkStarts));
    }
}
