package dev.sfautoscaler.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.testkit.EventFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schemas ({@code statemachine/schemas/}) and the functions agree: what one function
 * writes is valid input of the next by the schema, and a bad input that the schema rejects, the
 * function rejects too, with an {@code InvalidInput} naming the same field.
 */
class InputSchemasTest {

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final java.time.Instant AT = WireFormatRoundTripTest.AT;

    static JsonSchema schema(String name) {
        try {
            return FACTORY.getSchema(WireFormatRoundTripTest.JSON.readTree(
                    Files.readString(Path.of("statemachine", "schemas", name + ".schema.json"))));
        } catch (IOException e) {
            throw new AssertionError("run make schemas", e);
        }
    }

    static JsonNode json(String text) {
        try {
            return WireFormatRoundTripTest.JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    static final String FLEET = "{'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'targetCapacity': 3, 'fulfilledCapacity': 3, "
            + "'state': 'active', 'type': 'maintain'}";
    static final String POLICY = "'policy': {'minCapacity': 1, 'maxCapacity': 20}";
    static final String DECISION = "{'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'action': 'scale-out', 'from': 3, 'to': 5, "
            + "'reasonCode': 'BACKLOG_NEEDS_MORE', 'reason': 'more'}";

    static void readCapacity(JsonNode in) {
        ReadCapacityInput.from(in);
    }

    static void decide(JsonNode in) {
        DecideInput.from(in, Clock.systemUTC());
    }

    static void modify(JsonNode in) {
        ModifyInput.from(in);
    }

    static void notify(JsonNode in) {
        NotifyInput.from(in);
    }

    static Stream<Arguments> badInputs() {
        Consumer<JsonNode> readCapacity = InputSchemasTest::readCapacity;
        Consumer<JsonNode> decide = InputSchemasTest::decide;
        Consumer<JsonNode> modify = InputSchemasTest::modify;
        Consumer<JsonNode> notify = InputSchemasTest::notify;
        String manual = "'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'queueUrl': 'https://sqs.eu-west-1.amazonaws.com/1/jobs'";
        // The workflow's first task, read-capacity, checks the execution input it is given.
        Consumer<JsonNode> firstTask = execution -> {
            ObjectNode in = (ObjectNode) json("{" + manual + "}");
            in.set("executionInput", execution);
            readCapacity(in);
        };
        return Stream.of(
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'dryrun': true}", "dryrun"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'changeOutcome': 'dry-run'}",
                        "changeOutcome"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'loop': {'capacityRechecks': -1000}}",
                        "loop"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': [1]}", "workflow"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': {'settleSeconds': 1.5}}",
                        "workflow.settleSeconds"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': {'settleSeconds': 1e9}}",
                        "workflow.settleSeconds"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': {'maxRounds': 0}}",
                        "workflow.maxRounds"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': {'notifyNoChange': null}}",
                        "workflow.notifyNoChange"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'workflow': {'settleSecs': 5}}",
                        "workflow.settleSecs"),
                Arguments.of("execution-input", firstTask, "{" + manual + ", 'dryRun': 'yes'}", "dryRun"),
                Arguments.of("read-capacity-input", readCapacity, "{'fleetId': 'i-0123', 'queueUrl': 'q'}", "fleetId"),
                Arguments.of("read-capacity-input", readCapacity, "{'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'queueUrl': ' '}",
                        "queueUrl"),
                Arguments.of("execution-input", readCapacity, "{'queueUrl': 'q'}", "target"),
                Arguments.of("execution-input", firstTask, "{'target': {'kind': 'auto-scaling-group', 'id': 'workers'}, "
                        + manual + "}", "target"),
                Arguments.of("read-capacity-input", readCapacity, "{'target': {'kind': 'ec2-fleet', "
                        + "'id': 'sfr-0123abcd-4567-89ef-0123-456789abcdef'}, 'queueUrl': 'q'}", "target.id"),
                Arguments.of("read-capacity-input", readCapacity, "{'target': {'kind': 'spot-fleet', "
                        + "'id': 'fleet-0123abcd-4567-89ef-0123-456789abcdef'}, 'queueUrl': 'q'}", "target.id"),
                Arguments.of("read-capacity-input", readCapacity, "{'target': {'kind': 'auto-scaling-group', "
                        + "'id': '" + "w".repeat(256) + "'}, 'queueUrl': 'q'}", "target.id"),
                Arguments.of("read-capacity-input", readCapacity, "{'target': {'kind': 'asg', 'id': 'workers'}, "
                        + "'queueUrl': 'q'}", "target.kind"),
                Arguments.of("read-capacity-input", readCapacity, "{'target': {'kind': 'auto-scaling-group', "
                        + "'id': 'workers', 'region': 'eu-west-1'}, 'queueUrl': 'q'}", "target.region"),
                Arguments.of("notify-input", notify, "{'target': {'kind': 'ec2-fleet', 'id': 'fleet-1'}, "
                        + "'outcome': 'recovered'}", "target.id"),
                Arguments.of("modify-input", modify, "{'decision': " + DECISION.replace("'action'",
                        "'targetKind': 'ec2-fleet', 'action'") + "}", "decision.fleetId"),
                Arguments.of("read-capacity-input", readCapacity, "{'fleetId': 'sfr----', 'queueUrl': 'q'}", "fleetId"),
                Arguments.of("read-capacity-input", readCapacity, "{'fleetId': 'sfr-0123ABCD-4567-89EF-0123-456789ABCDEF', "
                        + "'queueUrl': 'q'}", "fleetId"),
                // Bounds are never defaults: no policy, or a policy without them, is refused.
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET + "}", "policy"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': 1}}", "policy.maxCapacity"),
                Arguments.of("decide-input", decide, "{'fleet': " + FLEET + ", 'policy': {'maxCapacity': 10}}",
                        "policy.minCapacity"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': 1, 'maxCapacity': 10, 'applyMaxImmediately': 'yes'}}",
                        "policy.applyMaxImmediately"),
                // The execution input's policy is read by decide.
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': -1}}", "policy.minCapacity"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacitty': 2}}", "policy.minCapacitty"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'mode': 'aggressive'}}", "policy.mode"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': 1, 'maxCapacity': 20, 'backlogPerUnit': 0}}", "policy.backlogPerUnit"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': 1, 'maxCapacity': 20, 'scaleInTolerance': 1}}", "policy.scaleInTolerance"),
                Arguments.of("execution-input", decide, "{" + manual + ", 'fleet': " + FLEET
                        + ", 'policy': {'minCapacity': 1, 'maxCapacity': 100001}}", "policy.maxCapacity"),
                Arguments.of("decide-input", decide, "{'fleet': {'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'fulfilledCapacity': 3, "
                        + "'state': 'active', 'type': 'maintain'}}", "fleet.targetCapacity"),
                Arguments.of("decide-input", decide, "{'fleet': {'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'targetCapacity': 3, "
                        + "'fulfilledCapacity': 3, 'state': 'running', 'type': 'maintain'}}", "fleet.state"),
                Arguments.of("decide-input", decide, "{'fleet': " + FLEET + ", " + POLICY + ", 'round': 0}", "round"),
                Arguments.of("decide-input", decide, "{'fleet': " + FLEET + ", 'queue': {'queueUrl': 'q', "
                        + "'visible': -1, 'inFlight': 0, 'readAt': '2026-11-28T04:00:00Z'}}", "queue.visible"),
                Arguments.of("decide-input", decide, "{'fleet': " + FLEET + ", " + POLICY + ", 'scheduledEvent': {'id': 'e-1', "
                        + "'detail-type': 'Scheduled Event', 'time': 'yesterday'}}", "scheduledEvent.time"),
                Arguments.of("decide-input", decide, "{'fleet': " + FLEET + ", " + POLICY + ", 'alarmEvent': {'id': 'e-1', "
                        + "'detail-type': 'EC2 Spot Instance Interruption Warning', 'detail': {'alarmName': 'a', "
                        + "'state': {'value': 'ALARM'}}, 'time': '2026-11-28T04:00:00Z'}}", "alarmEvent.detail-type"),
                Arguments.of("modify-input", modify, "{'decision': " + DECISION.replace("scale-out", "grow") + "}",
                        "decision.action"),
                Arguments.of("modify-input", modify, "{'decision': " + DECISION + ", 'dryRun': 'yes'}", "dryRun"),
                Arguments.of("notify-input", notify, "{'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'outcome': 'done'}", "outcome"),
                Arguments.of("notify-input", notify, "{'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'outcome': 'scaled', 'decision': "
                        + DECISION.replace("BACKLOG_NEEDS_MORE", "BACKLOG") + "}", "decision.reasonCode"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("badInputs")
    void aBadInputIsRejectedByTheSchemaAndByTheFunction(String schema, Consumer<JsonNode> function, String input,
            String field) {
        JsonNode json = json(input);
        var errors = schema(schema).validate(json);
        assertFalse(errors.isEmpty(), "the schema accepts " + input);
        InvalidInput e = assertThrows(InvalidInput.class, () -> function.accept(json));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void whatEachFunctionWritesIsValidInputOfTheNext() {
        var json = WireFormatRoundTripTest.JSON;
        LastChange last = new LastChange(AT, ScaleAction.SCALE_OUT, 3, 7, "evt-1:1");
        FleetSnapshot fleet = new FleetSnapshot("sfr-0123abcd-4567-89ef-0123-456789abcdef", 7, 6.5, 1, 1.0, FleetState.ACTIVE,
                ActivityStatus.PENDING_FULFILLMENT, FleetType.MAINTAIN, Optional.of(last));
        QueueSnapshot queue = new QueueSnapshot("https://sqs.eu-west-1.amazonaws.com/1/jobs", 300, 50, 2, AT,
                Optional.of(new QueueMetrics(AT, 60, OptionalLong.of(42), OptionalLong.empty(), OptionalLong.empty(),
                        false)));
        ThroughputEstimate estimate = new ThroughputEstimate(0.045, 7, AT, 350, AT, 7);
        ObjectNode capacity = json.valueToTree(new ReadCapacityOutput(fleet.withStoredEstimate(Optional.of(estimate)),
                queue, null, AT, true, estimate));
        ObjectNode decide = json.createObjectNode();
        decide.set("fleet", capacity.get("fleet"));
        decide.set("queue", capacity.get("queue"));
        decide.set("estimate", capacity.get("estimate"));
        decide.set("policy", EventFixtures.example("step-mode.json").get("policy"));
        decide.set("alarmEvent", EventFixtures.example("step-mode.json").get("alarmEvent"));
        decide.putNull("scheduledEvent");
        decide.put("executionName", "manual-1").put("round", 2);
        assertEquals(List.of(), List.copyOf(schema("decide-input").validate(decide)), decide.toString());
        decide(decide);

        JsonNode decision = json.valueToTree(WireFormatRoundTripTest.DECISION);
        ObjectNode modify = json.createObjectNode();
        modify.set("decision", decision);
        modify.put("dryRun", false);
        assertEquals(List.of(), List.copyOf(schema("modify-input").validate(modify)), modify.toString());

        ModifyOutcome outcome = new ModifyOutcome("sfr-0123abcd-4567-89ef-0123-456789abcdef", ScaleAction.SCALE_IN, 7, 4, Optional.of(1),
                false, true, false, false, true, AT, List.of(), "Fleet sfr-0123abcd-4567-89ef-0123-456789abcdef scaled in 7 -> 4.");
        ObjectNode notify = json.createObjectNode().put("fleetId", "sfr-0123abcd-4567-89ef-0123-456789abcdef").put("outcome", "scaled");
        notify.set("decision", decision);
        notify.set("modify", json.valueToTree(outcome));
        notify.putObject("failure").put("Error", "States.Timeout").put("Cause", "");
        notify.put("executionId", "arn:aws:states:eu-west-1:1:execution:sfautoscaler:manual-1");
        assertEquals(List.of(), List.copyOf(schema("notify-input").validate(notify)), notify.toString());
        notify(notify);
    }
}
