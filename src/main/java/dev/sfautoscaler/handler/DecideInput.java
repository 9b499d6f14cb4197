package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import dev.sfautoscaler.wire.WireReader;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code decide} input: read-capacity's {@code fleet} and {@code queue}, the {@code policy} (its
 * {@code minCapacity} and {@code maxCapacity} required, every other field defaulted),
 * and what triggered the evaluation: the EventBridge alarm event when there is one, else the
 * EventBridge scheduled event, else a manual trigger identified by {@code executionName};
 * {@code round} counts the workflow's rounds from 1. {@code estimate}: read-capacity's throughput
 * estimate, for a policy with {@code targetWaitSeconds}.
 */
public record DecideInput(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy,
        Optional<ThroughputEstimate> estimate) {

    static DecideInput from(JsonNode json, Clock clock) {
        WireObject in = WireObject.input(json);
        FleetSnapshot fleet = WireReader.fleet(in.object("fleet"));
        Optional<QueueSnapshot> queue = in.optionalObject("queue").map(WireReader::queue);
        Optional<ThroughputEstimate> estimate = in.optionalObject("estimate").map(WireReader::estimate);
        ScalingPolicy policy = PolicyFields.read(in.optionalObject("policy"));
        Trigger trigger = Trigger.forRound(in.optionalCount("round").orElse(1),
                () -> in.optionalObject("alarmEvent").map(WireReader::alarmTrigger),
                () -> in.optionalObject("scheduledEvent").map(WireReader::scheduleTrigger),
                in.optionalText("executionName").orElse(""), clock.instant());
        return new DecideInput(fleet, queue, trigger, policy, estimate);
    }
}
