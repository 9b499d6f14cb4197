package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.wire.FunctionInputs;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.util.Optional;

/**
 * {@code read-capacity} input: {@code {"target": {"kind": "auto-scaling-group", "id": "workers"},
 * "queueUrl": "https://sqs...", "executionInput": {...}}}, or {@code "fleetId": "sfr-..."} for a spot
 * fleet request instead of {@code target}; other fields are ignored. The workflow's first task passes the
 * execution's input as {@code executionInput}: it is checked before anything is read
 * ({@link FunctionInputs#checkExecutionInput}), so that an unknown field, a misspelt setting or a
 * preset workflow state fails the execution before the fleet is touched. A policy there with
 * {@code targetWaitSeconds} makes the reading learn: it reads the queue's CloudWatch metrics and keeps the
 * throughput estimate on the target.
 */
public record ReadCapacityInput(Target target, String queueUrl, Optional<ScalingPolicy> policy) {

    static ReadCapacityInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        JsonNode execution = in.raw("executionInput");
        Optional<ScalingPolicy> policy = Optional.empty();
        if (execution != null) {
            FunctionInputs.checkExecutionInput(execution);
            policy = policy(execution);
        }
        return new ReadCapacityInput(WireReader.target(in), WireReader.queueUrl(in), policy);
    }

    /**
     * The execution's policy, for what the reading learns; empty when it has none or one decide will refuse
     * (decide checks the policy and names what is wrong, after the fleet and the queue were read).
     */
    private static Optional<ScalingPolicy> policy(JsonNode execution) {
        try {
            return Optional.of(PolicyFields.read(WireObject.input(execution).optionalObject("policy")));
        } catch (InvalidInput e) {
            return Optional.empty();
        }
    }
}
