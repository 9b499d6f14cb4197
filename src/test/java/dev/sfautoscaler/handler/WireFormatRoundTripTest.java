package dev.sfautoscaler.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireModule;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.DecisionBasis;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.core.ModifyRequest;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.ReasonCode;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.ScalingPolicy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One function's output is the next one's input: what the wire format writes, the wire reader
 * reads back unchanged. Uses a mapper configured as Quarkus configures the Lambda's.
 */
class WireFormatRoundTripTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(WireModule.module());

    static final Instant AT = Instant.parse("2026-11-28T04:00:01.123Z");

    static final ScaleDecision DECISION = new ScaleDecision("sfr-0123abcd-4567-89ef-0123-456789abcdef", ScaleAction.SCALE_IN, 7, 4,
            Optional.of(1), ExcessCapacityTerminationPolicy.NO_TERMINATION, ReasonCode.BACKLOG_NEEDS_LESS,
            "A backlog of 350 messages needs 4 units; so scale in 7 -> 4.",
            new DecisionBasis(ScalingMode.TARGET_TRACKING, 300L, 50L, 0L, 350L, 3L, 100, 4, 4, 7, 6.5, 1, 20, 900L,
                    null),
            "evt-1:2", AT);

    @Test
    void aDecisionReadsBackAsTheSameDecision() throws Exception {
        JsonNode json = JSON.valueToTree(DECISION);

        assertEquals("scale-in", json.get("action").asText());
        assertEquals("noTermination", json.get("excessCapacityTerminationPolicy").asText());
        assertEquals("target-tracking", json.get("basis").get("mode").asText());
        assertEquals("2026-11-28T04:00:01.123Z", json.get("decidedAt").asText());
        assertTrue(json.get("change").asBoolean());
        assertEquals(DECISION, WireReader.decision(WireObject.input(json)));
    }

    @Test
    void decideOutputIsModifyInput() {
        JsonNode input = JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("decision",
                JSON.valueToTree(DECISION)).put("dryRun", true);

        assertEquals(ModifyRequest.of(DECISION, true), ModifyInput.from(input).request());
    }

    @Test
    void readCapacityOutputIsDecideInput() {
        LastChange last = new LastChange(AT, ScaleAction.SCALE_OUT, 3, 7, "evt-1:1", Optional.of(4));
        ThroughputEstimate stored = new ThroughputEstimate(0.04, 6, AT.minusSeconds(600), 310, AT.minusSeconds(60), 7);
        FleetSnapshot fleet = new FleetSnapshot("sfr-0123abcd-4567-89ef-0123-456789abcdef", 7, 6.5, 1, 1.0,
                FleetState.ACTIVE, ActivityStatus.PENDING_FULFILLMENT, FleetType.MAINTAIN, Optional.of(last))
                .withStoredEstimate(Optional.of(stored));
        // CloudWatch had deletions and no age for that minute: the missing one stays missing, not 0.
        QueueSnapshot queue = new QueueSnapshot("https://sqs.eu-west-1.amazonaws.com/1/jobs", 300, 50, 2, AT,
                Optional.of(new QueueMetrics(AT.minusSeconds(120), 60, OptionalLong.of(42), OptionalLong.empty(),
                        OptionalLong.empty(), false)));
        ThroughputEstimate estimate = new ThroughputEstimate(0.045, 7, AT, 350, AT, 7);
        JsonNode output = JSON.valueToTree(new ReadCapacityOutput(fleet, queue, null, AT, true, estimate));
        ((com.fasterxml.jackson.databind.node.ObjectNode) output).putObject("policy").put("minCapacity", 1)
                .put("maxCapacity", 10);

        DecideInput in = DecideInput.from(output, java.time.Clock.systemUTC());

        assertEquals(fleet, in.fleet());
        assertEquals(Optional.of(queue), in.queue());
        assertEquals(Optional.of(estimate), in.estimate());
        assertTrue(output.get("queue").get("metrics").get("oldestAgeSeconds").isNull());
    }

    @Test
    void theLoadAndTheWindowOfCloudWatchReachDecide() {
        // What the static policy's load floor reads: the minute's messages sent and the window of the last minutes.
        QueueSnapshot queue = new QueueSnapshot("https://sqs.eu-west-1.amazonaws.com/1/jobs", 0, 1, 0, AT,
                Optional.of(new QueueMetrics(AT.minusSeconds(120), 60, OptionalLong.of(70), OptionalLong.of(3),
                        OptionalLong.empty(), false, OptionalLong.of(180),
                        Optional.of(new QueueMetrics.Window(15, 900, 2.25)))));
        FleetSnapshot fleet = new FleetSnapshot("sfr-0123abcd-4567-89ef-0123-456789abcdef", 10, 10, 0, 0,
                FleetState.ACTIVE, ActivityStatus.FULFILLED, FleetType.MAINTAIN, Optional.empty());
        JsonNode output = JSON.valueToTree(new ReadCapacityOutput(fleet, queue, null, AT, false, null));
        ((com.fasterxml.jackson.databind.node.ObjectNode) output).putObject("policy").put("minCapacity", 1)
                .put("maxCapacity", 10);

        DecideInput in = DecideInput.from(output, java.time.Clock.systemUTC());

        assertEquals(Optional.of(queue), in.queue());
        assertEquals(180, output.get("queue").get("metrics").get("sent").asLong());
        assertEquals(2.25, output.get("queue").get("metrics").get("window").get("meanInFlight").asDouble());
    }

    @Test
    void aModifyOutcomeReadsBackUnchanged() {
        ModifyOutcome outcome = new ModifyOutcome("sfr-0123abcd-4567-89ef-0123-456789abcdef", ScaleAction.SCALE_OUT, 3, 7, Optional.empty(),
                false, true, true, true, false, AT, List.of("the change was applied but not recorded"), "Fleet scaled.");

        assertEquals(outcome, WireReader.modifyOutcome(WireObject.input(JSON.valueToTree(outcome))));
    }

    @Test
    void thePolicyFieldListIsTheRecordsComponents() {
        Set<String> components = Arrays.stream(ScalingPolicy.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());

        assertEquals(components, PolicyFields.NAMES);
    }
}
