package dev.sfautoscaler.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.metrics.EmfDecisionMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;

/**
 * Applies the scaling policy. Makes no AWS call: the decision is a function of its input and the
 * clock. The output is the decision with a {@code change} flag for the workflow's Choice state; its
 * numbers also go to the function's log as CloudWatch metrics ({@code AUTOSCALER_METRICS}).
 */
@Named("decide")
public class DecideHandler implements RequestHandler<JsonNode, ScaleDecision> {

    @Inject
    ScalingDecider decider;

    @Inject
    Clock clock;

    @Inject
    EmfDecisionMetrics metrics;

    @Override
    public ScaleDecision handleRequest(JsonNode input, Context context) {
        DecideInput in = DecideInput.from(input, clock);
        // read-capacity's estimate, updated with this reading; the one stored on the target when it sent none.
        ScaleDecision decision = decider.decide(in.fleet(), in.queue(), in.trigger(), in.policy(),
                in.estimate().or(() -> in.fleet().storedEstimate()));
        metrics.record(decision, in.policy());
        return decision;
    }
}
