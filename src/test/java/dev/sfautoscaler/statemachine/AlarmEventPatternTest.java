package dev.sfautoscaler.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * The EventBridge rule that starts the workflow, checked with EventBridge's own matcher
 * (event-ruler) against real alarm state change events. The pattern is built the way Terraform
 * builds it: the static part from {@code statemachine/alarm-event-pattern.json} plus
 * {@code resources} = the fleet's alarm ARNs.
 */
class AlarmEventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "start-autoscaler";
    private static final List<String> FLEET_ALARMS = List.of(
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-backlog-high",
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-backlog-low");

    @ParameterizedTest
    @ValueSource(strings = {"cloudwatch-alarm-scale-out-alarm.json", "cloudwatch-alarm-scale-in-alarm.json"})
    void ourAlarmEnteringAlarmStartsTheWorkflow(String event) throws Exception {
        assertEquals(List.of(RULE), machine().rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cloudwatch-alarm-scale-out-ok.json",                // our alarm, back to OK
        "cloudwatch-alarm-scale-out-insufficient-data.json", // our alarm, no data: never a reason to scale
        "cloudwatch-alarm-other-alarm.json"                  // somebody else's alarm in ALARM
    })
    void otherStateChangesAndOtherAlarmsDoNot(String event) throws Exception {
        assertEquals(List.of(), machine().rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudwatch-alarm-scale-out-alarm.json", "cloudwatch-alarm-scale-in-alarm.json"})
    void theResourcesDecideWhichFleetsRuleMatches(String event) throws Exception {
        Machine otherFleet = new Machine();
        otherFleet.addRule(RULE, pattern(List.of("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:reports-backlog-high")));
        assertEquals(List.of(), otherFleet.rulesForJSONEvent(EventFixtures.text(event)), event);
    }

    @Test
    void theStaticPatternKeepsItsContract() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(Files.readString(Path.of("statemachine/alarm-event-pattern.json")));
        assertEquals(JSON.readTree("""
                {"source": ["aws.cloudwatch"],
                 "detail-type": ["CloudWatch Alarm State Change"],
                 "detail": {"state": {"value": ["ALARM"]}}}"""), file);
        assertFalse(file.has("resources"), "resources are added per fleet by Terraform and the tests");
    }

    private static Machine machine() throws Exception {
        Machine machine = new Machine();
        machine.addRule(RULE, pattern(FLEET_ALARMS));
        return machine;
    }

    /** As Terraform: {@code jsonencode(merge(jsondecode(file(...)), { resources = [...] }))}. */
    private static String pattern(List<String> alarmArns) throws Exception {
        ObjectNode pattern = (ObjectNode) JSON.readTree(Files.readString(Path.of("statemachine/alarm-event-pattern.json")));
        pattern.putPOJO("resources", alarmArns);
        return JSON.writeValueAsString(pattern);
    }
}
