package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code decide} input: read-capacity's {@code fleet} and {@code queue}, a partial {@code policy},
 * and what triggered the evaluation: the EventBridge alarm event when there is one, else the
 * EventBridge scheduled event, else a manual trigger identified by {@code executionName};
 * {@code round} counts the workflow's rounds from 1.
 */
public record DecideInput(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy) {

    static DecideInput from(JsonNode json, Clock clock) {
        WireObject in = WireObject.input(json);
        FleetSnapshot fleet = WireReader.fleet(in.object("fleet"));
        Optional<QueueSnapshot> queue = in.optionalObject("queue").map(WireReader::queue);
        ScalingPolicy policy = PolicyFields.read(in.optionalObject("policy"));
        int round = in.optionalCount("round").orElse(1);
        if (round < 1) {
            throw new InvalidInput(in.path("round"), "must be 1 or more; got " + round);
        }
        Trigger trigger = in.optionalObject("alarmEvent")
                .map(WireReader::alarmTrigger)
                .or(() -> in.optionalObject("scheduledEvent").map(WireReader::scheduleTrigger))
                .orElseGet(() -> Trigger.manual(in.optionalText("executionName").orElse(""), clock.instant()))
                .inRound(round);
        return new DecideInput(fleet, queue, trigger, policy);
    }
}
