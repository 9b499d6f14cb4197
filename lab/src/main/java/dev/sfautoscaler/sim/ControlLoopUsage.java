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
 */
record ControlLoopUsage(double seconds, long executions, long statesEntered, long alarmStates, long retries,
        long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks) {

    /** Step Functions bills each state entered and each retry as one transition. */
    long billedTransitions() {
        return statesEntered + retries;
    }

    /** {@code n} times this usage (n executions of one path, n fleets), over the same time. */
    ControlLoopUsage times(long n) {
        return new ControlLoopUsage(seconds, executions * n, statesEntered * n, alarmStates * n, retries * n,
                readCapacity * n, decide * n, modify * n, notifyCalls * n, alarmChecks * n);
    }

    /** The counts of {@code times} repetitions, spread over {@code overSeconds}. */
    ControlLoopUsage repeated(long times, double overSeconds) {
        ControlLoopUsage u = times(times);
        return new ControlLoopUsage(overSeconds, u.executions, u.statesEntered, u.alarmStates, u.retries,
                u.readCapacity, u.decide, u.modify, u.notifyCalls, u.alarmChecks);
    }
}
