package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.DrainStep;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireEnum;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code drain} input: {@code {"action": "start" | "check" | "finish", "target": {...}, "queueUrl": ...,
 * "policy": {...}, "decision": <decide's scale-in>, "executionName": ...}}. start needs the decision (and
 * dates the change at its askedAt when it has one),
 * check the queue and the policy; finish only the target. start and check answer with the policy's
 * {@code drainCheckSeconds} (start: its default without a policy), the workflow's next wait.
 */
public record DrainInput(DrainStep action, Target target, Optional<String> queueUrl, Optional<ScalingPolicy> policy,
        int from, int to, String triggerKey, Optional<Instant> askedAt, String executionName) {

    /** The seconds until the workflow looks at the drain again: the policy's, or the default. */
    long checkSeconds() {
        return policy.orElseGet(() -> ScalingPolicy.builder().build()).drainCheckSeconds();
    }

    static DrainInput from(JsonNode json) {
        WireObject in = WireObject.input(json);
        String word = in.optionalText("action").orElseThrow(() -> new InvalidInput("action",
                "is required: " + WireEnum.DRAIN_STEP.allowed()));
        DrainStep action = WireEnum.DRAIN_STEP.parse(word);
        if (action == null) {
            throw new InvalidInput("action", "must be one of " + WireEnum.DRAIN_STEP.allowed() + "; got '" + word + "'");
        }
        Target target = WireReader.target(in);
        String execution = in.optionalText("executionName").orElse("drain");
        if (action == DrainStep.START) {
            WireObject d = in.object("decision");
            ScaleAction scale = WireReader.action(d);
            int from = WireReader.from(d);
            int to = WireReader.to(d);
            String key = WireReader.triggerKey(d);
            Optional<Instant> askedAt = WireReader.askedAt(d);
            if (scale != ScaleAction.SCALE_IN) {
                throw d.invalid("action", "must be scale-in to start a drain; got " + scale.wireName());
            }
            Optional<ScalingPolicy> policy = in.has("policy") ? Optional.of(PolicyFields.read(in.optionalObject("policy")))
                    : Optional.empty();
            return new DrainInput(action, target, Optional.empty(), policy, from, to, key, askedAt, execution);
        }
        if (action == DrainStep.CHECK) {
            String queueUrl = WireReader.queueUrl(in);
            ScalingPolicy policy = PolicyFields.read(in.optionalObject("policy"));
            return new DrainInput(action, target, Optional.of(queueUrl), Optional.of(policy), 0, 0, execution,
                    Optional.empty(), execution);
        }
        return new DrainInput(action, target, Optional.empty(), Optional.empty(), 0, 0, execution, Optional.empty(),
                execution);
    }
}
