package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.Invocation;
import dev.sfautoscaler.core.ModifyRequest;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.time.Duration;

/**
 * {@code modify} input: {@code {"decision": <decide output>, "dryRun": false}}. Of the decision,
 * modify uses fleetId, targetKind, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy
 * triggerKey and askedAt.
 */
public record ModifyInput(ModifyRequest request) {

    static ModifyInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        WireObject d = in.object("decision");
        Target target = WireReader.decisionTarget(d);
        ScaleAction action = WireReader.action(d);
        int from = WireReader.from(d);
        int to = WireReader.to(d);
        var onDemand = WireReader.onDemandTargetCapacity(d);
        var termination = WireReader.terminationPolicy(d);
        String triggerKey = WireReader.triggerKey(d);
        var askedAt = WireReader.askedAt(d);
        boolean dryRun = WireReader.dryRun(in);
        return new ModifyInput(d.build(() -> new ModifyRequest(target.id(), action, from, to, onDemand, termination,
                triggerKey, dryRun, target.kind(), askedAt)));
    }

    /** The invocation as the lease needs it: Lambda's request id (the holder) and the time it has left. */
    static Invocation invocation(Context context) {
        return context == null ? Invocation.local()
                : new Invocation(context.getAwsRequestId(), Duration.ofMillis(context.getRemainingTimeInMillis()));
    }
}
