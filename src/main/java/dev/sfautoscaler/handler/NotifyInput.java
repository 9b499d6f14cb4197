package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.NotifyRequest;
import dev.sfautoscaler.core.Outcome;
import dev.sfautoscaler.wire.FunctionInputs;
import dev.sfautoscaler.wire.WireEnum;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.io.IOException;

/**
 * {@code notify} input: {@code target} (or {@code fleetId} for a spot fleet request), {@code outcome} ({@code scaled|dry-run|no-change|failed|recovered}),
 * and as far as the evaluation got: {@code decision} (decide's output), {@code modify} (modify's
 * output), {@code failure} ({@code {"error", "cause"}}, also accepted as Step Functions' own
 * {@code {"Error", "Cause"}}), {@code executionId}, and after a failed modify {@code fleetNow}: the fleet
 * read again ({@code {"targetCapacity": n}}, or the {@code {"Error", "Cause"}} of the read that failed).
 */
public record NotifyInput(NotifyRequest request) {

    private static final ObjectMapper CAUSE_READER = new ObjectMapper();

    static NotifyInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        var target = WireReader.target(in);
        String fleetId = target.id();
        Outcome outcome = in.choice("outcome", WireEnum.OUTCOME);
        var decision = in.optionalObject("decision").map(WireReader::decision);
        var modify = in.optionalObject("modify").map(WireReader::modifyOutcome);
        var failure = in.optionalObject("failure").map(f -> WireReader.failure(f, NotifyInput::readableCause));
        var executionId = in.optionalText("executionId");
        var fleetNow = in.optionalObject("fleetNow").map(f -> FunctionInputs.fleetNow(f, NotifyInput::readableCause));
        var drain = in.optionalObject("drain").map(WireReader::drainReport);
        return new NotifyInput(in.build(() -> new NotifyRequest(fleetId, outcome, decision, modify, failure,
                executionId, fleetNow, target.kind(), drain)));
    }

    /**
     * A Lambda error caught by Step Functions has as its cause the JSON the function reported
     * ({@code {"errorMessage": ..., "errorType": ...}}); people want the message.
     */
    static String readableCause(String cause) {
        String trimmed = cause.trim();
        if (!trimmed.startsWith("{")) {
            return cause;
        }
        try {
            JsonNode node = CAUSE_READER.readTree(trimmed);
            JsonNode message = node == null ? null : node.get("errorMessage");
            return message != null && message.isTextual() ? message.textValue() : cause;
        } catch (IOException e) {
            return cause;
        }
    }
}
