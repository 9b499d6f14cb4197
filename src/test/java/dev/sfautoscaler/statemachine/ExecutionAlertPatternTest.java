package dev.sfautoscaler.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testkit.EventFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.event.ruler.Machine;

/**
 * The EventBridge rule that reports executions nobody would hear of otherwise (TIMED_OUT by the
 * definition's TimeoutSeconds, ABORTED by a person, FAILED without a failure report), checked with
 * EventBridge's own matcher (event-ruler) against real "Step Functions Execution Status Change"
 * events. The pattern is built the way Terraform's execution-alerts module builds it: the static
 * part from {@code statemachine/execution-alert-pattern.json} plus
 * {@code detail.stateMachineArn} = this state machine.
 */
class ExecutionAlertPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "execution-alerts";
    private static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:sfautoscaler";

    @ParameterizedTest
    @ValueSource(strings = {"step-functions-execution-timed-out.json", "step-functions-execution-aborted.json",
        "step-functions-execution-failed.json"})
    void anExecutionThatEndsBadlyIsReported(String event) throws Exception {
        assertEquals(List.of(RULE), machine(STATE_MACHINE).rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @Test
    void aSucceededOrRunningExecutionIsNot() throws Exception {
        assertEquals(List.of(), machine(STATE_MACHINE).rulesForJSONEvent(
                EventFixtures.text("step-functions-execution-succeeded.json")));
        ObjectNode running = EventFixtures.object("step-functions-execution-succeeded.json");
        ((ObjectNode) running.path("detail")).put("status", "RUNNING");
        assertEquals(List.of(), machine(STATE_MACHINE).rulesForJSONEvent(running.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"step-functions-execution-timed-out.json", "step-functions-execution-failed.json"})
    void anotherStateMachinesExecutionsAreNot(String event) throws Exception {
        Machine other = machine("arn:aws:states:eu-west-1:123456789012:stateMachine:billing-export");
        assertEquals(List.of(), other.rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @Test
    void theStaticPatternKeepsItsContract() throws Exception {
        assertEquals(JSON.readTree("""
                {"source": ["aws.states"],
                 "detail-type": ["Step Functions Execution Status Change"],
                 "detail": {"status": ["FAILED", "TIMED_OUT", "ABORTED"]}}"""), staticPattern());
    }

    private static Machine machine(String stateMachineArn) throws Exception {
        Machine machine = new Machine();
        machine.addRule(RULE, pattern(stateMachineArn));
        return machine;
    }

    /** As Terraform: {@code merge(pattern, { detail = merge(pattern.detail, { stateMachineArn = [...] }) })}. */
    private static String pattern(String stateMachineArn) throws Exception {
        ObjectNode pattern = staticPattern();
        ((ObjectNode) pattern.path("detail")).putArray("stateMachineArn").add(stateMachineArn);
        return JSON.writeValueAsString(pattern);
    }

    private static ObjectNode staticPattern() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("statemachine/execution-alert-pattern.json")));
    }
}
