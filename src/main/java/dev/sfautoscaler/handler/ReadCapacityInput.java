package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code read-capacity} input: {@code {"fleetId": "sfr-...", "queueUrl": "https://sqs..."}}; other fields are ignored. */
public record ReadCapacityInput(String fleetId, String queueUrl) {

    static ReadCapacityInput from(JsonNode json) {
        InputObject in = InputObject.root(json);
        return new ReadCapacityInput(WireReader.fleetId(in, "fleetId"), in.text("queueUrl"));
    }
}
