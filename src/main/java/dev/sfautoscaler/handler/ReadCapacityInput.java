package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.wire.FunctionInputs;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;

/**
 * {@code read-capacity} input: {@code {"fleetId": "sfr-...", "queueUrl": "https://sqs...",
 * "executionInput": {...}}}; other fields are ignored. The workflow's first task passes the
 * execution's input as {@code executionInput}: it is checked before anything is read
 * ({@link FunctionInputs#checkExecutionInput}), so that an unknown field, a misspelt setting or a
 * preset workflow state fails the execution before the fleet is touched.
 */
public record ReadCapacityInput(String fleetId, String queueUrl) {

    static ReadCapacityInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        JsonNode execution = in.raw("executionInput");
        if (execution != null) {
            FunctionInputs.checkExecutionInput(execution);
        }
        return new ReadCapacityInput(WireReader.fleetId(in), WireReader.queueUrl(in));
    }
}
