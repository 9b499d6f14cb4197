package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.PrefetchedFleets;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScheduledCheck;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;

/**
 * The schedule's cheap path: reads and decides as read-capacity and decide do (through the same
 * handlers, so their checks, errors and metrics apply) and starts the Standard workflow only when
 * there is something to do there ({@link ScheduledCheck}). Its one log line per fleet says what it saw.
 *
 * <p>A schedule's list of fleets ({@link CheckInput#isList}) is read together first (one describe
 * call per kind of target for up to 50 of them, {@link PrefetchedFleets}), then each fleet is
 * checked on its own ({@link ScheduledCheck#each}): one fleet that cannot be read or decided starts
 * its own execution, which reports it; one whose execution cannot be started does not stop the
 * others, and the invocation then fails naming it, so Lambda retries the event (each fleet's
 * execution name holds, so an execution already started is not started twice). A fleet with an
 * execution of the state machine in flight gets none: its output says {@code skipped} (read once per
 * invocation, {@link ScheduledCheck.InFlight}).
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
    PrefetchedFleets fleets;

    @Inject
    ObjectMapper json;

    @Override
    public JsonNode handleRequest(JsonNode input, Context context) {
        CheckInput in = CheckInput.from(input);
        String invocationId = context == null ? null : context.getAwsRequestId();
        ScheduledCheck.InFlight inFlight = check.inFlight();
        if (!in.isList()) {
            return logged(CheckOutput.of(checkOne(in, ScheduledCheck.executionName(in.eventId(), invocationId),
                    inFlight, context), in.targetId())).json();
        }
        List<CheckInput> list = in.fleets();
        List<ScheduledCheck.FleetResult<CheckInput>> results = fleets.reading(
                list.stream().map(CheckInput::target).flatMap(Optional::stream).toList(),
                () -> ScheduledCheck.each(list, fleet -> checkOne(fleet,
                        ScheduledCheck.executionName(fleet.eventId(), invocationId, fleet.targetId()), inFlight,
                        context)));
        results.forEach(r -> r.result().ifPresent(result -> logged(CheckOutput.of(result, r.fleet().targetId()))));
        CheckOutput.Listed out = CheckOutput.list(results);
        out.failure().ifPresent(failure -> {
            System.out.println(out.json());
            throw failure;
        });
        return out.json();
    }

    private ScheduledCheck.Result checkOne(CheckInput in, String name, ScheduledCheck.InFlight inFlight,
            Context context) {
        return check.run(name, in.targetId(), inFlight, () -> {
            ReadCapacityOutput reading = readCapacity.handleRequest(in.readCapacityInput(), context);
            ScaleDecision decision = decide.handleRequest(in.decideInput(json.valueToTree(reading), name), context);
            return new ScheduledCheck.Seen(decision, reading.failureAlertOpen(), reading.fleet().drainStartedAt(),
                    in.drainTimeoutSeconds());
        }, in::withCheck);
    }

    private static CheckOutput logged(CheckOutput out) {
        System.out.println(out.json());
        return out;
    }
}
