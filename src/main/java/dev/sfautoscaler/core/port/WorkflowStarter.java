package dev.sfautoscaler.core.port;

import java.util.Map;

/**
 * Starts an execution of the Standard state machine (Step Functions StartExecution). A name
 * already used by an execution of the same state machine starts nothing: the earlier execution is
 * the one, so that a repeated delivery of the same scheduled event starts one execution, not two.
 * Also says which executions are running, so that the schedule does not start a second one for a
 * fleet (ListExecutions, DescribeExecution).
 */
public interface WorkflowStarter {

    /**
     * @param executionName unique per scheduled event, at most 80 letters, digits, '-' and '_'
     * @param input         the execution input, JSON
     */
    Started start(String executionName, String input);

    /**
     * The executions of the state machine running now, whatever started them (the schedule, an alarm,
     * a person), by the target id their input names: target id -> execution ARN (one of them when a
     * target has several). An execution whose input names no target is left out.
     */
    Map<String, String> runningByTarget();

    /**
     * @param executionArn the execution
     * @param earlier      whether Step Functions said an execution of that name had been started before with
     *                     another input (the same name with the same input returns the earlier execution without saying so)
     */
    record Started(String executionArn, boolean earlier) {
    }
}
