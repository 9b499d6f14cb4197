package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScheduledCheck;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.wire.FunctionInputs;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code check} input, one of two forms. One fleet: exactly the execution input the schedule passes
 * to the state machine (target, queue, policy, workflow, dryRun and the EventBridge
 * {@code scheduledEvent}). A schedule's list of fleets: {@code {"fleets": [<execution input without
 * scheduledEvent>, ...], "scheduledEvent": {...}}}, each fleet checked as the first form with the
 * event added ({@link #fleets}). An execution input is not read here: {@link #readCapacityInput} and
 * {@link #decideInput} hand its fields to read-capacity and decide as the workflow's tasks do, so
 * their checks and errors are the workflow's own, and a bad input reaches the Standard workflow,
 * which reports it as it always has.
 */
record CheckInput(JsonNode execution) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String FLEETS = "fleets";

    static CheckInput from(JsonNode json) {
        return new CheckInput(json == null ? JSON.nullNode() : json);
    }

    /**
     * The policy's drainTimeoutSeconds, for the stale-drain rule ({@code ScheduledCheck.Seen#staleDrain}); decide has
     * already refused a policy it cannot read.
     */
    long drainTimeoutSeconds() {
        return PolicyFields.read(WireObject.input(execution).optionalObject("policy")).drainTimeoutSeconds();
    }

    /** True for a schedule's list of fleets. */
    boolean isList() {
        return execution.path(FLEETS).isArray();
    }

    /** Each fleet of the list, as the one-fleet form: its execution input with the scheduled event. */
    List<CheckInput> fleets() {
        List<CheckInput> fleets = new ArrayList<>();
        for (JsonNode fleet : execution.path(FLEETS)) {
            if (fleet.isObject()) {
                ObjectNode input = ((ObjectNode) fleet).deepCopy();
                JsonNode event = execution.get("scheduledEvent");
                if (event != null) {
                    input.set("scheduledEvent", event);
                }
                fleets.add(new CheckInput(input));
            } else {
                fleets.add(new CheckInput(fleet));
            }
        }
        return fleets;
    }

    /** The target the input names, to read with the others; empty when it names none readable (its own read says why). */
    Optional<Target> target() {
        try {
            return Optional.of(ReadCapacityInput.from(readCapacityInput()).target());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The scheduled event's id, or "" when there is none (the execution's name then takes the invocation's id). */
    String eventId() {
        JsonNode id = execution.path("scheduledEvent").path("id");
        return id.isTextual() ? id.asText() : "";
    }

    /** The target's id as the input names it, for the log line ("" when it names none). */
    String targetId() {
        JsonNode id = execution.path("target").path("id");
        return id.isTextual() ? id.asText() : execution.path("fleetId").asText("");
    }

    /** What state ReadCapacity passes: the target, the queue, and the execution input to check. */
    JsonNode readCapacityInput() {
        ObjectNode in = JSON.objectNode();
        copy(in, List.of("target", "fleetId", "queueUrl"));
        in.set("executionInput", execution);
        return in;
    }

    /** What state Decide passes: read-capacity's fleet, queue and estimate, the policy, the events, round 1. */
    JsonNode decideInput(JsonNode reading, String executionName) {
        ObjectNode in = JSON.objectNode();
        in.set("fleet", reading.path("fleet"));
        in.set("queue", reading.path("queue"));
        if (reading.has("estimate")) {
            in.set("estimate", reading.get("estimate"));
        }
        copy(in, List.of("policy", "alarmEvent", "scheduledEvent"));
        in.put("executionName", executionName);
        in.put("round", 1);
        return in;
    }

    /** The execution input with what check saw as its {@code check} field (any earlier one replaced). */
    String withCheck(ScheduledCheck.Summary summary) {
        if (!execution.isObject()) {
            return execution.toString();
        }
        ObjectNode input = ((ObjectNode) execution).deepCopy();
        input.set(FunctionInputs.CHECK_FIELD, CheckOutput.summary(summary));
        return input.toString();
    }

    private void copy(ObjectNode into, List<String> names) {
        for (String name : names) {
            JsonNode value = execution.get(name);
            if (value != null) {
                into.set(name, value);
            }
        }
    }
}
