package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.CapacityReader;
import dev.sfautoscaler.core.FailureAlertStatus;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Reads the fleet's capacity and the queue's depth, and whether a failure alert is open for the fleet. */
@Named("read-capacity")
public class ReadCapacityHandler implements RequestHandler<JsonNode, ReadCapacityOutput> {

    @Inject
    CapacityReader reader;

    @Inject
    FailureAlertStatus alerts;

    @Override
    public ReadCapacityOutput handleRequest(JsonNode input, Context context) {
        ReadCapacityInput in = ReadCapacityInput.from(input);
        return ReadCapacityOutput.of(reader.read(in.target(), in.queueUrl(), in.policy().orElse(null)), alerts.isOpen(in.target().id()));
    }
}
