package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.ModifyRequest;
import dev.sfautoscaler.core.ScaleAction;

/**
 * {@code modify} input: {@code {"decision": <decide output>, "dryRun": false}}. Of the decision,
 * modify uses fleetId, action, from, to, onDemandTargetCapacity, excessCapacityTerminationPolicy
 * and triggerKey.
 */
public record ModifyInput(ModifyRequest request) {

    static ModifyInput from(JsonNode json) {
        InputObject in = InputObject.root(json);
        InputObject d = in.object("decision");
        String fleetId = WireReader.fleetId(d, "fleetId");
        ScaleAction action = d.choice("action", ScaleAction::fromWireOrNull, WireReader.ACTIONS);
        int from = d.count("from");
        int to = d.count("to");
        var onDemand = d.optionalCount("onDemandTargetCapacity");
        var termination = WireReader.terminationPolicy(d);
        String triggerKey = d.optionalText("triggerKey").orElse("");
        boolean dryRun = in.flag("dryRun", false);
        return new ModifyInput(d.build(() -> new ModifyRequest(fleetId, action, from, to, onDemand, termination,
                triggerKey, dryRun)));
    }
}
