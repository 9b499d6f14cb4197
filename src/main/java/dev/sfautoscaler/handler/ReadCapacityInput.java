package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.wire.FunctionInputs;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;

/**
 * {@code read-capacity} input: {@code {"target": {"kind": "auto-scaling-group", "id": "workers"},
 * "queueUrl": "https://sqs...", "executionInput": {...}}}, or {@code "fleetId": "sfr-..."} for a spot
 * fleet request instead of {@code target}; other fields are ignored. The workflow's first task passes the
 * execution's input as {@code executionInput}: it is checked before anything is read
 * ({@link FunctionInputs#checkExecutionInput}), so that an unknown field, a misspelt setting or a
 * preset workflow state fails the execution before the fleet is touched. A policy there with
 * {@code targetWaitSeconds} makes the reading {@code learning}: it reads the queue's CloudWatch metrics and
 * keeps the throughput estimate on the target.
 */
public record ReadCapacityInput(Target target, String queueUrl, boolean learning) {

    static ReadCapacityInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        JsonNode execution = in.raw("executionInput");
        boolean learning = false;
        if (execution != null) {
            FunctionInputs.checkExecutionInput(execution);
            learning = FunctionInputs.learning(execution);
        }
        return new ReadCapacityInput(WireReader.target(in), WireReader.queueUrl(in), learning);
    }
}
