package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScheduledCheck;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The schedule's cheap path: reads and decides as read-capacity and decide do (through the same
 * handlers, so their checks, errors and metrics apply) and starts the Standard workflow only when
 * there is something to do there ({@link ScheduledCheck}). Its one log line says what it saw.
 */
@Named("check")
public class CheckHandler implements RequestHandler<JsonNode, JsonNode> {

    @Inject
    ReadCapacityHandler readCapacity;

    @Inject
    DecideHandler decide;

    @Inject
    ScheduledCheck check;

    @Inject
    ObjectMapper json;

    @Override
    public JsonNode handleRequest(JsonNode input, Context context) {
        CheckInput in = CheckInput.from(input);
        String name = ScheduledCheck.executionName(in.eventId(), context == null ? null : context.getAwsRequestId());
        ScheduledCheck.Result result = check.run(name, () -> {
            ReadCapacityOutput reading = readCapacity.handleRequest(in.readCapacityInput(), context);
            ScaleDecision decision = decide.handleRequest(in.decideInput(json.valueToTree(reading), name), context);
            return new ScheduledCheck.Seen(decision, reading.failureAlertOpen());
        }, in::withCheck);
        CheckOutput out = CheckOutput.of(result, in.targetId());
        System.out.println(out.json());
        return out.json();
    }
}
