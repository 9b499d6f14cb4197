package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.sandbox.QueueAlarm.Comparison;
import dev.sfautoscaler.sandbox.QueueAlarm.Spec;
import dev.sfautoscaler.sandbox.QueueAlarm.Statistic;
import dev.sfautoscaler.sandbox.QueueAlarm.Transition;
import dev.sfautoscaler.testkit.EventFixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The events the sandbox plays CloudWatch with have the shape of the real ones, and the fleet's rule
 * (the pattern file plus the fleet's alarm ARNs, matched by event-ruler) starts the workflow on
 * exactly the transitions EventBridge would.
 */
class EventBridgeRuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    private static final Spec HIGH = new Spec(Deployment.SCALE_OUT_ALARM, "high", Statistic.Maximum, 60, 1, 1,
            Comparison.GreaterThanOrEqualToThreshold, 10);
    private static final Spec OTHER = new Spec("reports-backlog-high", "other fleet", Statistic.Maximum, 60, 1, 1,
            Comparison.GreaterThanOrEqualToThreshold, 10);

    private static EventBridgeRule rule() {
        ObjectNode fleet = JSON.createObjectNode().put("fleetId", "sfr-1").put("queueUrl", "http://q/jobs");
        return new EventBridgeRule(Deployment.PATTERN, List.of(EmulatedCloudWatch.alarmArn(Deployment.SCALE_OUT_ALARM),
                EmulatedCloudWatch.alarmArn(Deployment.SCALE_IN_ALARM)), fleet);
    }

    private static List<Transition> transitions(Spec spec, double... values) {
        QueueAlarm alarm = new QueueAlarm(spec, T0);
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            alarm.evaluate(new QueueAlarm.Datapoint(values[i], T0.plusSeconds(60L * (i + 1))), T0.toString())
                    .ifPresent(out::add);
        }
        return out;
    }

    @Test
    void ourAlarmEnteringAlarmMatchesAndItsInputCarriesTheEvent() {
        List<Transition> ts = transitions(HIGH, 3, 20, 2);
        assertEquals(List.of(AlarmState.OK, AlarmState.ALARM, AlarmState.OK), ts.stream().map(Transition::to).toList());
        EventBridgeRule rule = rule();
        List<Boolean> matched = ts.stream().map(t -> rule.matches(EventBridgeRule.alarmEvent(t, "jobs"))).toList();
        assertEquals(List.of(false, true, false), matched);

        ObjectNode event = EventBridgeRule.alarmEvent(ts.get(1), "jobs");
        ObjectNode input = rule.executionInput(event);
        assertEquals("sfr-1", input.path("fleetId").asText());
        assertEquals(event, input.path("alarmEvent"));
        assertEquals("OK", event.path("detail").path("previousState").path("value").asText());
    }

    @Test
    void anotherFleetsAlarmDoesNotMatch() {
        Transition t = transitions(OTHER, 20).get(0);
        assertEquals(AlarmState.ALARM, t.to());
        assertFalse(rule().matches(EventBridgeRule.alarmEvent(t, "reports")));
    }

    @Test
    void theEventHasTheFieldsOfARealAlarmStateChange() {
        ObjectNode real = EventFixtures.object("cloudwatch-alarm-scale-out-alarm.json");
        ObjectNode ours = EventBridgeRule.alarmEvent(transitions(HIGH, 3, 20).get(1), "jobs");
        assertEquals(paths(real, ""), paths(ours, ""));
        assertTrue(ours.path("detail").path("state").path("timestamp").asText().matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000"));
        JsonNode reasonData = readTree(ours.path("detail").path("state").path("reasonData").asText());
        assertEquals(20.0, reasonData.path("recentDatapoints").get(0).asDouble());
        assertEquals(10.0, reasonData.path("threshold").asDouble());
    }

    @Test
    void thePatternIsTheFileWithTheFleetsAlarms() throws Exception {
        JsonNode pattern = JSON.readTree(rule().pattern());
        JsonNode file = JSON.readTree(Path.of("statemachine", "alarm-event-pattern.json").toFile());
        ((ObjectNode) file).set("resources", pattern.path("resources"));
        assertEquals(file, pattern);
        assertEquals(2, pattern.path("resources").size());
    }

    private static TreeSet<String> paths(JsonNode node, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String f = it.next();
                out.add(prefix + "/" + f);
                out.addAll(paths(node.get(f), prefix + "/" + f));
            }
        } else if (node.isArray() && node.size() > 0) {
            out.addAll(paths(node.get(0), prefix + "[]"));
        }
        return out;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
