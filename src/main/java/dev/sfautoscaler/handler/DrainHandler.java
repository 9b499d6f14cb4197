package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.DrainCoordinator;
import dev.sfautoscaler.core.DrainReport;
import dev.sfautoscaler.core.Invocation;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * One step of a drain (states StartDrain, CheckDrain, FinishDrain): the scale-in that waits for the
 * workers of the instances that leave ({@code docs/workers.md}).
 */
@Named("drain")
public class DrainHandler implements RequestHandler<JsonNode, DrainReport> {

    @Inject
    DrainCoordinator drain;

    @Override
    public DrainReport handleRequest(JsonNode json, Context context) {
        DrainInput in = DrainInput.from(json);
        Invocation invocation = ModifyInput.invocation(context);
        return switch (in.action()) {
            case START -> drain.start(in.target(), in.from(), in.to(), in.triggerKey(), in.askedAt(), invocation)
                    .withCheckSeconds(in.checkSeconds());
            case CHECK -> drain.check(in.target(), in.queueUrl().orElseThrow(), in.policy().orElseThrow(),
                    in.executionName(), invocation).withCheckSeconds(in.checkSeconds());
            case FINISH -> drain.finish(in.target(), in.triggerKey(), invocation);
        };
    }
}
