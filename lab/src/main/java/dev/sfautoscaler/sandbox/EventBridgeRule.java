package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge's part: the "CloudWatch Alarm State Change" event that CloudWatch sends for a
 * transition, shaped as AWS sends it (see {@code testkit/src/main/resources/events/}); the fleet's rule,
 * {@code statemachine/alarm-event-pattern.json} plus {@code resources} = the fleet's alarm ARNs
 * (as Terraform builds it), matched by event-ruler, EventBridge's own matcher; and the execution
 * input the rule's input transformer gives: the fleet's configuration plus {@code alarmEvent}.
 */
final class EventBridgeRule {

    static final String RULE_NAME = "sfautoscaler-alarm";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Machine machine = new Machine();
    private final String pattern;
    private final ObjectNode fleetInput;

    /**
     * @param patternFile the static pattern, {@code statemachine/alarm-event-pattern.json}
     * @param alarmArns   the fleet's alarms
     * @param fleetInput  the execution input without the event (target, queueUrl, policy, workflow, dryRun)
     */
    EventBridgeRule(Path patternFile, List<String> alarmArns, ObjectNode fleetInput) {
        try {
            ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(patternFile));
            ArrayNode resources = p.putArray("resources");
            alarmArns.forEach(resources::add);
            pattern = JSON.writeValueAsString(p);
            machine.addRule(RULE_NAME, pattern);
        } catch (IOException | RuntimeException e) {
            throw new SandboxException("cannot read the EventBridge pattern " + patternFile + ": " + e.getMessage(), e);
        }
        this.fleetInput = fleetInput;
    }

    String pattern() {
        return pattern;
    }

    /** The event CloudWatch sends to EventBridge for {@code t}. */
    static ObjectNode alarmEvent(QueueAlarm.Transition t, String queueName) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "CloudWatch Alarm State Change");
        event.put("source", "aws.cloudwatch");
        event.put("account", MotoServer.ACCOUNT);
        event.put("time", t.at().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", MotoServer.REGION);
        event.putArray("resources").add(EmulatedCloudWatch.alarmArn(t.spec().name()));
        ObjectNode detail = event.putObject("detail");
        detail.put("alarmName", t.spec().name());
        state(detail.putObject("state"), t.to().name(), t.reason(), t.reasonData(), t.at());
        state(detail.putObject("previousState"), t.from().name(), t.previousReason(), t.previousReasonData(),
                t.previousAt());
        ObjectNode configuration = detail.putObject("configuration");
        configuration.put("description", t.spec().description());
        ObjectNode metric = configuration.putArray("metrics").addObject();
        metric.put("id", UUID.nameUUIDFromBytes(t.spec().name().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
        ObjectNode stat = metric.putObject("metricStat");
        ObjectNode m = stat.putObject("metric");
        m.put("namespace", QueueAlarm.NAMESPACE);
        m.put("name", QueueAlarm.METRIC);
        m.putObject("dimensions").put("QueueName", queueName);
        stat.put("period", t.spec().periodSeconds());
        stat.put("stat", t.spec().statistic().name());
        metric.put("returnData", true);
        return event;
    }

    private static void state(ObjectNode node, String value, String reason, String reasonData, Instant at) {
        node.put("value", value);
        node.put("reason", reason);
        if (reasonData != null) {
            node.put("reasonData", reasonData);
        }
        node.put("timestamp", QueueAlarm.CloudWatchTime.reasonData(at));
    }

    /** Whether the fleet's rule matches the event (event-ruler, as EventBridge). */
    boolean matches(JsonNode event) {
        try {
            return machine.rulesForJSONEvent(JSON.writeValueAsString(event)).contains(RULE_NAME);
        } catch (Exception e) {
            throw new IllegalStateException("event-ruler could not read the event: " + e.getMessage(), e);
        }
    }

    /** The input transformer's output: the fleet's configuration and the whole event as {@code alarmEvent}. */
    ObjectNode executionInput(JsonNode event) {
        ObjectNode input = fleetInput.deepCopy();
        input.set("alarmEvent", event);
        return input;
    }
}
