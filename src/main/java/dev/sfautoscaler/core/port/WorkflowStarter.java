package dev.sfautoscaler.core.port;

/**
 * Starts an execution of the Standard state machine (Step Functions StartExecution). A name
 * already used by an execution of the same state machine starts nothing: the earlier execution is
 * the one, so that a repeated delivery of the same scheduled event starts one execution, not two.
 */
public interface WorkflowStarter {

    /**
     * @param executionName unique per scheduled event, at most 80 letters, digits, '-' and '_'
     * @param input         the execution input, JSON
     */
    Started start(String executionName, String input);

    /**
     * @param executionArn the execution
     * @param earlier      whether Step Functions said an execution of that name had been started before with
     *                     another input (the same name with the same input returns the earlier execution without saying so)
     */
    record Started(String executionArn, boolean earlier) {
    }
}
