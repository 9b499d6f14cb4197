package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.FailureReport;
import dev.sfautoscaler.core.NotifyRequest;
import dev.sfautoscaler.core.Outcome;
import java.io.IOException;

/**
 * {@code notify} input: {@code fleetId}, {@code outcome} ({@code scaled|dry-run|no-change|failed}),
 * and as far as the evaluation got: {@code decision} (decide's output), {@code modify} (modify's
 * output), {@code failure} ({@code {"error", "cause"}}, also accepted as Step Functions' own
 * {@code {"Error", "Cause"}}), {@code executionId}.
 */
public record NotifyInput(NotifyRequest request) {

    private static final ObjectMapper CAUSE_READER = new ObjectMapper();

    static NotifyInput from(JsonNode json) {
        InputObject in = InputObject.root(json);
        String fleetId = WireReader.fleetId(in, "fleetId");
        Outcome outcome = in.choice("outcome", Outcome::fromWireOrNull, "scaled, dry-run, no-change, failed");
        var decision = in.optionalObject("decision").map(WireReader::decision);
        var modify = in.optionalObject("modify").map(WireReader::modifyOutcome);
        var failure = in.optionalObject("failure").map(NotifyInput::failure);
        var executionId = in.optionalText("executionId");
        return new NotifyInput(in.build(() -> new NotifyRequest(fleetId, outcome, decision, modify, failure,
                executionId)));
    }

    private static FailureReport failure(InputObject f) {
        String error = f.optionalText("error").or(() -> f.optionalText("Error")).orElse("");
        String cause = f.optionalText("cause").or(() -> f.optionalText("Cause")).orElse("");
        return new FailureReport(error, readableCause(cause));
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
