package dev.sfautoscaler.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The two EventBridge rules on the state machine's own executions, checked with EventBridge's own
 * matcher (event-ruler) against real "Step Functions Execution Status Change" events. Each pattern
 * is built the way Terraform's execution-alerts module builds it: the static part from its file
 * plus {@code detail.stateMachineArn} = this state machine.
 *
 * <ul>
 *   <li>{@code statemachine/execution-alert-pattern.json} (to the notification topic): executions
 *       nobody would hear of otherwise: TIMED_OUT by the definition's TimeoutSeconds, ABORTED by a
 *       person, FAILED without a failure report. A FAILED execution whose error is
 *       {@code sfautoscaler.FailureReported} already told the topic, so it gets no second mail.
 *   <li>{@code statemachine/notification-failed-pattern.json} (to the optional fallback topic):
 *       executions whose failure report could not be sent ({@code sfautoscaler.NotificationFailed}).
 * </ul>
 */
class ExecutionAlertPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERTS = "execution-alerts";
    private static final String FALLBACK = "notification-failed";
    private static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:sfautoscaler";
    private static final String FAILED = "step-functions-execution-failed.json";

    @ParameterizedTest
    @ValueSource(strings = {"step-functions-execution-timed-out.json", "step-functions-execution-aborted.json", FAILED})
    void anExecutionThatEndsBadlyWithoutAReportIsReported(String event) throws Exception {
        assertEquals(List.of(ALERTS), machine(STATE_MACHINE).rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @Test
    void aFailureTheTopicWasAlreadyToldAboutIsNotMailedTwice() throws Exception {
        assertEquals(List.of(), machine(STATE_MACHINE).rulesForJSONEvent(failedWith("sfautoscaler.FailureReported")));
    }

    @Test
    void aFailureWhoseReportCouldNotBeSentGoesToBothChannels() throws Exception {
        assertEquals(List.of(ALERTS, FALLBACK), sorted(machine(STATE_MACHINE)
                .rulesForJSONEvent(failedWith("sfautoscaler.NotificationFailed"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"States.Runtime", "States.Timeout", "dev.sfautoscaler.core.error.InvalidInput"})
    void aFailureTheWorkflowDidNotReportIsMailedToTheTopicOnly(String error) throws Exception {
        assertEquals(List.of(ALERTS), machine(STATE_MACHINE).rulesForJSONEvent(failedWith(error)), error);
    }

    @Test
    void aFailureWithoutAnErrorNameIsStillMailed() throws Exception {
        ObjectNode event = EventFixtures.object(FAILED);
        ((ObjectNode) event.path("detail")).putNull("error");
        assertEquals(List.of(ALERTS), machine(STATE_MACHINE).rulesForJSONEvent(event.toString()));
    }

    @Test
    void theEventsCarryTheErrorTheRulesMatchOn() throws Exception {
        // The event's detail is what DescribeExecution returns, error and cause included (null
        // when the execution did not fail); the fixtures are real events of each status.
        for (String event : List.of(FAILED, "step-functions-execution-timed-out.json",
                "step-functions-execution-aborted.json")) {
            assertTrue(EventFixtures.object(event).path("detail").has("error"), event);
        }
        assertEquals("States.Timeout", EventFixtures.object("step-functions-execution-timed-out.json")
                .path("detail").path("error").asText());
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
    @ValueSource(strings = {"step-functions-execution-timed-out.json", FAILED})
    void anotherStateMachinesExecutionsAreNot(String event) throws Exception {
        Machine other = machine("arn:aws:states:eu-west-1:123456789012:stateMachine:billing-export");
        assertEquals(List.of(), other.rulesForJSONEvent(EventFixtures.text(event)), event);
        ObjectNode unsent = EventFixtures.object(FAILED);
        ((ObjectNode) unsent.path("detail")).put("error", "sfautoscaler.NotificationFailed");
        assertEquals(List.of(), other.rulesForJSONEvent(unsent.toString()));
    }

    @Test
    void theStaticPatternsKeepTheirContract() throws Exception {
        assertEquals(JSON.readTree("""
                {"source": ["aws.states"],
                 "detail-type": ["Step Functions Execution Status Change"],
                 "detail": {"$or": [
                   {"status": ["TIMED_OUT", "ABORTED"]},
                   {"status": ["FAILED"], "error": [{"anything-but": ["sfautoscaler.FailureReported"]}]}]}}"""),
                staticPattern("execution-alert-pattern.json"));
        assertEquals(JSON.readTree("""
                {"source": ["aws.states"],
                 "detail-type": ["Step Functions Execution Status Change"],
                 "detail": {"status": ["FAILED"], "error": ["sfautoscaler.NotificationFailed"]}}"""),
                staticPattern("notification-failed-pattern.json"));
    }

    private static String failedWith(String error) throws Exception {
        ObjectNode event = EventFixtures.object(FAILED);
        ((ObjectNode) event.path("detail")).put("error", error);
        return event.toString();
    }

    private static List<String> sorted(List<String> rules) {
        return rules.stream().sorted().toList();
    }

    private static Machine machine(String stateMachineArn) throws Exception {
        Machine machine = new Machine();
        machine.addRule(ALERTS, pattern("execution-alert-pattern.json", stateMachineArn));
        machine.addRule(FALLBACK, pattern("notification-failed-pattern.json", stateMachineArn));
        return machine;
    }

    /** As Terraform: {@code merge(pattern, { detail = merge(pattern.detail, { stateMachineArn = [...] }) })}. */
    private static String pattern(String file, String stateMachineArn) throws Exception {
        ObjectNode pattern = staticPattern(file);
        ((ObjectNode) pattern.path("detail")).putArray("stateMachineArn").add(stateMachineArn);
        return JSON.writeValueAsString(pattern);
    }

    private static ObjectNode staticPattern(String file) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("statemachine", file)));
    }
}
