package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.ChangeNotifier;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Tells people and machines what an evaluation did: scaled, dry run, no change or failed. */
@Named("notify")
public class NotifyHandler implements RequestHandler<JsonNode, NotifyOutput> {

    @Inject
    ChangeNotifier notifier;

    @Override
    public NotifyOutput handleRequest(JsonNode input, Context context) {
        return NotifyOutput.of(notifier.notify(NotifyInput.from(input).request()));
    }
}
