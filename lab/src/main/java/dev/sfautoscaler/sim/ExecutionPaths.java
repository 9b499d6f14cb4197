package dev.sfautoscaler.sim;

import java.util.List;

/**
 * What one execution of the deployed workflow costs, by the way it goes: the states it enters
 * (from {@link WorkflowStates}, which {@code WorkflowStatesTest} walks against the definition),
 * the retries Step Functions bills on top, and the Lambda invocations and CheckAlarm calls it
 * makes. {@code ControlLoopBillIT} runs each path on the real definition in the emulator and
 * fails when a count here differs from the execution's history: when the state machine changes,
 * that test says the bill is stale.
 */
final class ExecutionPaths {

    /**
     * One way through the workflow.
     *
     * @param name         what happens
     * @param alarm        started by an alarm (its state document carries the alarm's event)
     * @param states       the states entered, in order
     * @param retries      task attempts repeated by a Retry
     * @param readCapacity read-capacity invocations (likewise decide, modify, notifyCalls)
     * @param alarmChecks  CheckAlarm tasks run
     * @param checks       check invocations before it (1 when the schedule's check started it, or, with
     *                     no states, found nothing to do and started nothing)
     */
    record Path(String name, boolean alarm, List<String> states, int retries, int readCapacity, int decide, int modify,
            int notifyCalls, int alarmChecks, int checks) {

        Path(String name, boolean alarm, List<String> states, int retries, int readCapacity, int decide, int modify,
                int notifyCalls, int alarmChecks) {
            this(name, alarm, states, retries, readCapacity, decide, modify, notifyCalls, alarmChecks, 0);
        }

        int billedTransitions() {
            return states.size() + retries;
        }

        /** Whether a Standard execution runs (a check that finds nothing to do starts none). */
        boolean execution() {
            return !states.isEmpty();
        }

        /** One execution of this path (with the check before it, when there is one). */
        ControlLoopUsage usage() {
            int executions = execution() ? 1 : 0;
            return new ControlLoopUsage(0, executions, states.size(), alarm ? states.size() : 0, retries, readCapacity,
                    decide, modify, notifyCalls, alarmChecks, checks, checks > 0 ? executions : 0);
        }
    }

    /**
     * The schedule's tick that finds nothing to change: check reads and decides in one invocation and
     * starts no execution. The path at rest.
     */
    static final Path CHECK_NO_CHANGE = new Path("schedule: check, no change (no execution)", false, List.of(), 0, 0,
            0, 0, 0, 0, 1);
    /**
     * A Standard execution that finds nothing to change: an alarm or a person started it (and, before
     * check, the schedule every minute: the design at rest before).
     */
    static final Path NO_CHANGE = new Path("execution, no change (manual; the schedule's before check)", false,
            WorkflowStates.noChange(), 0, 1, 1, 0, 0, 0);
    /** A schedule's tick that changes the fleet once: check, then the execution it starts. */
    static final Path ONE_CHANGE = new Path("schedule: check, then one change", false, WorkflowStates.oneChange(), 0,
            1, 1, 1, 1, 0, 1);
    /** As {@link #ONE_CHANGE}, but EC2 reports the fleet busy once: ModifyCapacity's Retry runs it again. */
    static final Path ONE_CHANGE_BUSY_ONCE = new Path("schedule: check, one change, fleet busy once", false,
            WorkflowStates.oneChange(), 1, 1, 1, 2, 1, 0, 1);
    /** An alarm-started execution that changes the fleet, waits, and finds its alarm cleared. */
    static final Path ALARM_CLEARED = new Path("alarm: change, wait, alarm cleared", true,
            WorkflowStates.concat(WorkflowStates.START, WorkflowStates.READ, WorkflowStates.DECIDE,
                    WorkflowStates.MODIFY, WorkflowStates.NOTIFY, WorkflowStates.SETTLE, WorkflowStates.CHECK_ALARM,
                    WorkflowStates.ALARM_CLEARED),
            0, 1, 1, 1, 1, 1);
    /** An alarm-started execution whose alarm stays in ALARM: a change, a wait, a second change, maxRounds 2. */
    static final Path TWO_ROUNDS = new Path("alarm: change, wait, change again (maxRounds 2)", true,
            WorkflowStates.concat(WorkflowStates.oneChange().subList(0,
                    WorkflowStates.oneChange().size() - WorkflowStates.DONE.size()),
                    WorkflowStates.furtherRound(), WorkflowStates.DONE),
            0, 2, 2, 2, 2, 1);
    /**
     * Reading fails (a non-retried error): check's read fails, so it starts the execution, whose
     * ReadCapacity fails too; the failure is notified and the execution fails.
     */
    static final Path READ_FAILS = new Path("schedule: check fails to read, the execution reports it", false,
            WorkflowStates.concat(WorkflowStates.START, WorkflowStates.READ, WorkflowStates.FAILURE), 0, 1, 0, 0, 1,
            0, 1);

    static final List<Path> ALL = List.of(CHECK_NO_CHANGE, NO_CHANGE, ONE_CHANGE, ONE_CHANGE_BUSY_ONCE, ALARM_CLEARED,
            TWO_ROUNDS, READ_FAILS);

    private ExecutionPaths() {
    }
}
