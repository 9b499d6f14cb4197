package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.CapacityReader;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Reads the fleet's capacity and the queue's depth. */
@Named("read-capacity")
public class ReadCapacityHandler implements RequestHandler<JsonNode, ReadCapacityOutput> {

    @Inject
    CapacityReader reader;

    @Override
    public ReadCapacityOutput handleRequest(JsonNode input, Context context) {
        ReadCapacityInput in = ReadCapacityInput.from(input);
        return ReadCapacityOutput.of(reader.read(in.fleetId(), in.queueUrl()));
    }
}
