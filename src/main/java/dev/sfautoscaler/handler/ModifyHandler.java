package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.CapacityModifier;
import dev.sfautoscaler.core.ModifyOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Applies a decided change to the fleet: inside the deployment's guard bounds, under the fleet's
 * lease, guarded against a fleet that moved since the decision.
 */
@Named("modify")
public class ModifyHandler implements RequestHandler<JsonNode, ModifyOutcome> {

    @Inject
    CapacityModifier modifier;

    @Override
    public ModifyOutcome handleRequest(JsonNode input, Context context) {
        return modifier.modify(ModifyInput.from(input).request(), ModifyInput.invocation(context));
    }
}
