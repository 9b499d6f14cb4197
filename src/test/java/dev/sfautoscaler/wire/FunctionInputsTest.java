package dev.sfautoscaler.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.testkit.EventFixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The execution input check read-capacity runs first: what a person who mistypes a field reads. */
class FunctionInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELDS = "The fields are target, fleetId, queueUrl, policy, alarmEvent, scheduledEvent, "
            + "workflow, dryRun, check";

    static JsonNode input(String extra) {
        try {
            ObjectNode in = (ObjectNode) JSON.readTree(("{'fleetId': 'sfr-0123abcd', "
                    + "'queueUrl': 'https://sqs.eu-west-1.amazonaws.com/1/jobs'" + (extra.isEmpty() ? "" : ", " + extra)
                    + "}").replace('\'', '"'));
            return in;
        } catch (IOException e) {
            throw new AssertionError(extra, e);
        }
    }

    static String rejected(String extra) {
        return assertThrows(InvalidInput.class, () -> FunctionInputs.checkExecutionInput(input(extra))).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "'dryrun': true | invalid input: 'dryrun' is not a field of the execution input; did you mean 'dryRun'? ",
            "'fleetID': 'x' | invalid input: 'fleetID' is not a field of the execution input; did you mean 'fleetId'? ",
            "'polcy': {} | invalid input: 'polcy' is not a field of the execution input; did you mean 'policy'? ",
            "'alarm': {} | invalid input: 'alarm' is not a field of the execution input; ",
            "'workflow': {'settleSecond': 5} | invalid input: 'workflow.settleSecond' is not a workflow setting; "
                    + "did you mean 'settleSeconds'? The fields are settleSeconds, maxRounds, notifyNoChange"})
    void anUnknownFieldIsNamedWithTheClosestKnownOne(String extra, String message) {
        String got = rejected(extra);
        assertEquals(message.strip(), got.substring(0, Math.min(got.length(), message.strip().length())), got);
    }

    @Test
    void theMessageListsTheFieldsAnInputMaySet() {
        assertEquals("invalid input: 'alarm' is not a field of the execution input; " + FIELDS, rejected("'alarm': {}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"changeOutcome", "modify", "loop", "decision", "capacity", "error", "fleetNow"})
    void theWorkflowsOwnStateCannotBePreset(String field) {
        assertEquals("invalid input: '" + field + "' is the workflow's own state, which an input cannot set; the "
                + "execution input's fields are target, fleetId, queueUrl, policy, alarmEvent, scheduledEvent, workflow, dryRun, check",
                rejected("'" + field + "': null"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "'workflow': {'settleSeconds': 1.5} | 'workflow.settleSeconds' must be a whole number from 0 to 1800; got 1.5",
            "'workflow': {'settleSeconds': 1e9} | 'workflow.settleSeconds' must be a whole number from 0 to 1800; got 1.0E9",
            "'workflow': {'settleSeconds': 60.0} | 'workflow.settleSeconds' must be a whole number from 0 to 1800; got 60.0",
            "'workflow': {'settleSeconds': -1} | 'workflow.settleSeconds' must be a whole number from 0 to 1800; got -1",
            "'workflow': {'maxRounds': 11} | 'workflow.maxRounds' must be a whole number from 1 to 10; got 11",
            "'workflow': {'notifyNoChange': 'yes'} | 'workflow.notifyNoChange' must be true or false; got \"yes\" (a string)",
            "'workflow': [] | 'workflow' must be a JSON object; got [] (an array)",
            "'workflow': 'fast' | 'workflow' must be a JSON object; got \"fast\" (a string)",
            "'workflow': null | 'workflow' must not be null: leave it out for its default",
            "'dryRun': null | 'dryRun' must not be null: leave it out for its default",
            "'dryRun': 'false' | 'dryRun' must be true or false; got \"false\" (a string)"})
    void badSettingsAreRejected(String extra, String message) {
        assertEquals("invalid input: " + message, rejected(extra));
    }

    @Test
    void theShippedExamplesAndEveryTriggersInputPass() {
        for (String example : new String[] {"scale-now.json", "dry-run.json", "step-mode.json"}) {
            assertDoesNotThrow(() -> FunctionInputs.checkExecutionInput(EventFixtures.example(example)), example);
        }
        ObjectNode alarm = (ObjectNode) input("'policy': {}, 'workflow': {'settleSeconds': 60, 'maxRounds': 10, "
                + "'notifyNoChange': false}, 'dryRun': false");
        alarm.set("alarmEvent", EventFixtures.object("cloudwatch-alarm-scale-out-alarm.json"));
        assertDoesNotThrow(() -> FunctionInputs.checkExecutionInput(alarm));
        ObjectNode schedule = (ObjectNode) input("'workflow': {'settleSeconds': 1800}");
        schedule.set("scheduledEvent", EventFixtures.object("scheduled-event.json"));
        assertDoesNotThrow(() -> FunctionInputs.checkExecutionInput(schedule));
    }

    @Test
    void onlyCloseNamesAreSuggested() {
        assertEquals(0, FieldNames.distance("dryrun", "dryrun"));
        assertEquals(3, FieldNames.distance("kitten", "sitting"));
        assertEquals("dryRun", FieldNames.closest("DRYRUN", FunctionInputs.executionFields()).orElseThrow());
        assertEquals(java.util.Optional.empty(), FieldNames.closest("modify", FunctionInputs.executionFields()));
    }
}
