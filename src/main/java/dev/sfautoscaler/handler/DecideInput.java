package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code decide} input: read-capacity's {@code fleet} and {@code queue}, a partial {@code policy},
 * and what triggered the evaluation: the EventBridge alarm event when there is one, else a manual
 * trigger identified by {@code executionName}; {@code round} counts the workflow's rounds from 1.
 */
public record DecideInput(FleetSnapshot fleet, Optional<QueueSnapshot> queue, Trigger trigger, ScalingPolicy policy) {

    static final String ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change";

    static DecideInput from(JsonNode json, Clock clock) {
        InputObject in = InputObject.root(json);
        FleetSnapshot fleet = WireReader.fleet(in.object("fleet"));
        Optional<QueueSnapshot> queue = in.optionalObject("queue").map(WireReader::queue);
        ScalingPolicy policy = WireReader.policy(in.optionalObject("policy"));
        int round = in.optionalCount("round").orElse(1);
        if (round < 1) {
            throw new InvalidInput(in.path("round"), "must be 1 or more; got " + round);
        }
        Trigger trigger = in.optionalObject("alarmEvent")
                .map(DecideInput::alarmTrigger)
                .orElseGet(() -> Trigger.manual(in.optionalText("executionName").orElse(""), clock.instant()))
                .inRound(round);
        return new DecideInput(fleet, queue, trigger, policy);
    }

    /** An EventBridge "CloudWatch Alarm State Change" event; its id de-duplicates repeated deliveries. */
    private static Trigger alarmTrigger(InputObject event) {
        event.optionalText("detail-type").filter(t -> !t.equals(ALARM_DETAIL_TYPE)).ifPresent(t -> {
            throw new InvalidInput(event.path("detail-type"), "must be '" + ALARM_DETAIL_TYPE + "'; got '" + t + "'");
        });
        String id = event.text("id");
        InputObject detail = event.object("detail");
        String alarmName = detail.text("alarmName");
        InputObject state = detail.object("state");
        AlarmState value = state.choice("value", WireReader::alarmState, "ALARM, OK, INSUFFICIENT_DATA");
        Instant at = state.optionalInstant("timestamp").or(() -> event.optionalInstant("time"))
                .orElseThrow(() -> new InvalidInput(state.path("timestamp"),
                        "is required (or the event's 'time'): an ISO-8601 timestamp"));
        return Trigger.alarm(id, alarmName, value, at);
    }
}
