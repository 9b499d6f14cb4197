package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;

/** {@code read-capacity} input: {@code {"fleetId": "sfr-...", "queueUrl": "https://sqs..."}}; other fields are ignored. */
public record ReadCapacityInput(String fleetId, String queueUrl) {

    static ReadCapacityInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        return new ReadCapacityInput(WireReader.fleetId(in), WireReader.queueUrl(in));
    }
}
