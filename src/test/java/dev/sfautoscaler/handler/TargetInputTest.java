package dev.sfautoscaler.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.ModifyRequest;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The target an execution names: {@code target {kind, id}} for the three kinds, the old
 * {@code fleetId} for a spot fleet, and the kind carried from read-capacity's fleet through decide's
 * decision to modify's request, so each function calls the right API.
 */
class TargetInputTest {

    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/1/jobs";
    static final String SFR = "sfr-0123abcd-4567-89ef-0123-456789abcdef";
    static final String FLEET = "fleet-0123abcd-4567-89ef-0123-456789abcdef";

    static JsonNode json(String text) {
        return InputSchemasTest.json(text);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            spot-fleet         | sfr-0123abcd-4567-89ef-0123-456789abcdef
            spot-fleet         | sfr-0123456789abcdef0
            ec2-fleet          | fleet-0123abcd-4567-89ef-0123-456789abcdef
            ec2-fleet          | fleet-0123456789abcdef0
            auto-scaling-group | workers
            auto-scaling-group | queue workers (eu-west-1) / spot:mixed
            """)
    void eachKindIsReadWithItsId(String kind, String id) {
        ReadCapacityInput in = ReadCapacityInput.from(json("{'target': {'kind': '" + kind + "', 'id': '" + id
                + "'}, 'queueUrl': '" + QUEUE + "'}"));
        assertEquals(new Target(TargetKind.fromWireOrNull(kind), id), in.target());
    }

    @Test
    void theOldFleetIdIsASpotFleetTarget() {
        ReadCapacityInput in = ReadCapacityInput.from(json("{'fleetId': '" + SFR + "', 'queueUrl': '" + QUEUE + "'}"));
        assertEquals(new Target(TargetKind.SPOT_FLEET, SFR), in.target());
    }

    @Test
    void theWorkflowsNullDefaultsCountAsLeftOut() {
        ReadCapacityInput in = ReadCapacityInput.from(json("{'fleetId': null, 'target': {'kind': 'auto-scaling-group',"
                + " 'id': 'workers'}, 'queueUrl': '" + QUEUE + "'}"));
        assertEquals(new Target(TargetKind.AUTO_SCALING_GROUP, "workers"), in.target());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            both           | 'fleetId': 'sfr-0123abcd-4567-89ef-0123-456789abcdef', 'target': {'kind': 'spot-fleet', 'id': 'sfr-0123abcd-4567-89ef-0123-456789abcdef'} | target    | both given
            neither        | 'fleetId': null, 'target': null                                                                            | target    | spot-fleet
            unknown kind   | 'target': {'kind': 'asg', 'id': 'workers'}                                                                   | target.kind | auto-scaling-group
            no kind        | 'target': {'id': 'workers'}                                                                                  | target.kind | required
            sfr as ec2     | 'target': {'kind': 'ec2-fleet', 'id': 'sfr-0123abcd-4567-89ef-0123-456789abcdef'}                            | target.id | fleet- and a lowercase UUID
            uppercase      | 'target': {'kind': 'ec2-fleet', 'id': 'fleet-0123ABCD-4567-89EF-0123-456789ABCDEF'}                          | target.id | EC2 Fleet id
            fleet as spot  | 'target': {'kind': 'spot-fleet', 'id': 'fleet-0123abcd-4567-89ef-0123-456789abcdef'}                         | target.id | spot fleet request id
            empty name     | 'target': {'kind': 'auto-scaling-group', 'id': ' '}                                                          | target.id | required
            control char   | 'target': {'kind': 'auto-scaling-group', 'id': 'a\\u0001b'}                                                  | target.id | Auto Scaling group name
            blank fleetId  | 'fleetId': ' '                                                                                               | fleetId   | blank
            """)
    void aBadTargetIsInvalidInputNamingTheField(String what, String fields, String field, String says) {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> ReadCapacityInput.from(json("{" + fields + ", 'queueUrl': '" + QUEUE + "'}")));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aNameLongerThan255CharactersIsRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> ReadCapacityInput.from(json(
                "{'target': {'kind': 'auto-scaling-group', 'id': '" + "w".repeat(256) + "'}, 'queueUrl': 'q'}")));
        assertEquals("target.id", e.field());
        assertTrue(e.getMessage().contains("256 characters"), e.getMessage());
    }

    @Test
    void notifyTakesTheTargetsId() {
        NotifyInput in = NotifyInput.from(json("{'target': {'kind': 'auto-scaling-group', 'id': 'workers'}, "
                + "'outcome': 'recovered'}"));
        assertEquals("workers", in.request().fleetId());
    }

    /** read-capacity's fleet -> decide -> decision -> modify: the kind arrives where the API is chosen. */
    @ParameterizedTest
    @CsvSource({"auto-scaling-group, workers", "ec2-fleet, " + FLEET, "spot-fleet, " + SFR})
    void theKindTravelsFromTheReadingToModify(String kindName, String id) {
        TargetKind kind = TargetKind.fromWireOrNull(kindName);
        var json = WireFormatRoundTripTest.JSON;
        FleetSnapshot fleet = new FleetSnapshot(id, 2, 2, 0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED,
                FleetType.MAINTAIN, Optional.empty(), kind);
        QueueSnapshot queue = new QueueSnapshot(QUEUE, 300, 0, 0, WireFormatRoundTripTest.AT);
        ObjectNode capacity = json.valueToTree(new ReadCapacityOutput(fleet, queue, null, WireFormatRoundTripTest.AT,
                false, null));
        assertEquals(kindName, capacity.get("fleet").get("targetKind").asText());

        ObjectNode decideIn = json.createObjectNode();
        decideIn.set("fleet", capacity.get("fleet"));
        decideIn.set("queue", capacity.get("queue"));
        decideIn.set("policy", json("{'minCapacity': 1, 'maxCapacity': 20, 'backlogPerUnit': 10}"));
        decideIn.put("executionName", "manual-1");
        assertTrue(InputSchemasTest.schema("decide-input").validate(decideIn).isEmpty(), decideIn.toString());
        DecideInput d = DecideInput.from(decideIn, Clock.fixed(WireFormatRoundTripTest.AT, ZoneOffset.UTC));
        ScaleDecision decision = new ScalingDecider(Clock.fixed(WireFormatRoundTripTest.AT, ZoneOffset.UTC))
                .decide(d.fleet(), d.queue(), d.trigger(), d.policy());
        assertEquals(kind, decision.targetKind());
        assertTrue(decision.isChange(), decision.reason());

        ObjectNode modifyIn = json.createObjectNode();
        modifyIn.set("decision", json.valueToTree(decision));
        assertEquals(kindName, modifyIn.get("decision").get("targetKind").asText());
        assertTrue(InputSchemasTest.schema("modify-input").validate(modifyIn).isEmpty(), modifyIn.toString());
        ModifyRequest request = ModifyInput.from(modifyIn).request();
        assertEquals(new Target(kind, id), request.target());
    }

    @Test
    void aDecisionWithoutTargetKindIsASpotFleets() {
        ModifyRequest request = ModifyInput.from(json("{'decision': " + InputSchemasTest.DECISION + "}")).request();
        assertEquals(TargetKind.SPOT_FLEET, request.targetKind());
    }
}
