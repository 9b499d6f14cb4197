package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.DecisionBasis;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ReasonCode;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.core.Validation;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the core records from their wire form, the same form the functions write (see
 * {@code config.WireFormat}), so that one function's output is the next one's input.
 */
final class WireReader {

    static final String ACTIONS = "scale-out, scale-in, none";
    static final String CHANGES = "scale-out, scale-in";
    static final String MODES = "target-tracking, step";
    static final String TERMINATION_POLICIES = "default, noTermination";
    static final String STATES = "submitted, active, modifying, cancelled_running, cancelled_terminating, cancelled, failed";
    static final String TYPES = "maintain, request, instant";
    static final String ACTIVITY = "error, pending_fulfillment, pending_termination, fulfilled, unknown";
    static final String ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change";
    static final String SCHEDULE_DETAIL_TYPE = "Scheduled Event";
    static final String SCHEDULE_SOURCE = "aws.events";
    static final String REASON_CODES = Arrays.stream(ReasonCode.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    /** The components of {@link ScalingPolicy}, spelt out: reading them by reflection would need registration in a native image. */
    static final Set<String> POLICY_FIELDS = Set.of("mode", "minCapacity", "maxCapacity", "backlogPerUnit",
            "includeDelayed", "activationBacklog", "scaleOutCooldownSeconds", "scaleInCooldownSeconds",
            "maxScaleOutStep", "maxScaleInStep", "scaleInTolerance", "stepSize", "scaleOutAlarmName",
            "scaleInAlarmName", "disableScaleIn", "onDemandTargetCapacity", "excessCapacityTerminationPolicy",
            "maxQueueDataAgeSeconds", "inFlightPerUnit");

    private WireReader() {
    }

    static String fleetId(InputObject in, String name) {
        String id = in.text(name);
        return Validation.requireFleetId(in.path(name), id);
    }

    static FleetSnapshot fleet(InputObject f) {
        String fleetId = fleetId(f, "fleetId");
        int target = f.count("targetCapacity");
        double fulfilled = f.amount("fulfilledCapacity");
        int onDemandTarget = f.optionalCount("onDemandTargetCapacity").orElse(0);
        double onDemandFulfilled = f.optionalAmount("onDemandFulfilledCapacity").orElse(0.0);
        FleetState state = f.choice("state", WireReader::fleetState, STATES);
        ActivityStatus activity = f.optionalChoice("activityStatus", WireReader::activityStatus, ACTIVITY)
                .orElse(ActivityStatus.UNKNOWN);
        FleetType type = f.choice("type", WireReader::fleetType, TYPES);
        Optional<LastChange> last = f.optionalObject("lastChange").map(WireReader::lastChange);
        return f.build(() -> new FleetSnapshot(fleetId, target, fulfilled, onDemandTarget, onDemandFulfilled, state,
                activity, type, last));
    }

    static LastChange lastChange(InputObject c) {
        var at = c.instant("at");
        ScaleAction action = c.choice("action", WireReader::change, CHANGES);
        int from = c.count("from");
        int to = c.count("to");
        String trigger = c.optionalText("triggerId").orElse("");
        return c.build(() -> new LastChange(at, action, from, to, trigger));
    }

    static QueueSnapshot queue(InputObject q) {
        String url = q.text("queueUrl");
        long visible = q.longCount("visible");
        long inFlight = q.longCount("inFlight");
        long delayed = q.optionalLongCount("delayed").orElse(0L);
        var readAt = q.instant("readAt");
        return q.build(() -> new QueueSnapshot(url, visible, inFlight, delayed, readAt));
    }

    /** A partial policy: each field present overrides the default of {@link ScalingPolicy#builder()}. */
    static ScalingPolicy policy(Optional<InputObject> policy) {
        ScalingPolicy.Builder b = ScalingPolicy.builder();
        if (policy.isEmpty()) {
            return b.build();
        }
        InputObject p = policy.get().onlyFields(POLICY_FIELDS);
        p.optionalChoice("mode", ScalingMode::fromWireOrNull, MODES).ifPresent(b::mode);
        p.optionalCount("minCapacity").ifPresent(b::minCapacity);
        p.optionalCount("maxCapacity").ifPresent(b::maxCapacity);
        p.optionalLongCount("backlogPerUnit").ifPresent(b::backlogPerUnit);
        p.optionalFlag("includeDelayed").ifPresent(b::includeDelayed);
        p.optionalLongCount("activationBacklog").ifPresent(b::activationBacklog);
        p.optionalLongCount("scaleOutCooldownSeconds").ifPresent(b::scaleOutCooldownSeconds);
        p.optionalLongCount("scaleInCooldownSeconds").ifPresent(b::scaleInCooldownSeconds);
        p.optionalCount("maxScaleOutStep").ifPresent(b::maxScaleOutStep);
        p.optionalCount("maxScaleInStep").ifPresent(b::maxScaleInStep);
        p.optionalAmount("scaleInTolerance").ifPresent(b::scaleInTolerance);
        p.optionalCount("stepSize").ifPresent(b::stepSize);
        p.optionalText("scaleOutAlarmName").ifPresent(b::scaleOutAlarmName);
        p.optionalText("scaleInAlarmName").ifPresent(b::scaleInAlarmName);
        p.optionalFlag("disableScaleIn").ifPresent(b::disableScaleIn);
        p.optionalCount("onDemandTargetCapacity").ifPresent(b::onDemandTargetCapacity);
        p.optionalChoice("excessCapacityTerminationPolicy", ExcessCapacityTerminationPolicy::fromWireOrNull,
                TERMINATION_POLICIES).ifPresent(b::excessCapacityTerminationPolicy);
        p.optionalLongCount("maxQueueDataAgeSeconds").ifPresent(b::maxQueueDataAgeSeconds);
        p.optionalCount("inFlightPerUnit").ifPresent(b::inFlightPerUnit);
        return p.build(b::build);
    }

    static ScaleDecision decision(InputObject d) {
        String fleetId = fleetId(d, "fleetId");
        ScaleAction action = d.choice("action", ScaleAction::fromWireOrNull, ACTIONS);
        int from = d.count("from");
        int to = d.count("to");
        Optional<Integer> onDemand = d.optionalCount("onDemandTargetCapacity");
        ExcessCapacityTerminationPolicy termination = terminationPolicy(d);
        ReasonCode code = d.choice("reasonCode", WireReader::reasonCode, REASON_CODES);
        String reason = d.text("reason");
        DecisionBasis basis = d.optionalObject("basis").map(WireReader::basis).orElse(null);
        String triggerKey = d.optionalText("triggerKey").orElse("");
        var decidedAt = d.optionalInstant("decidedAt").orElse(null);
        return new ScaleDecision(fleetId, action, from, to, onDemand, termination, code, reason, basis, triggerKey,
                decidedAt);
    }

    static ExcessCapacityTerminationPolicy terminationPolicy(InputObject d) {
        return d.optionalChoice("excessCapacityTerminationPolicy", ExcessCapacityTerminationPolicy::fromWireOrNull,
                TERMINATION_POLICIES).orElse(ExcessCapacityTerminationPolicy.DEFAULT);
    }

    static DecisionBasis basis(InputObject b) {
        return new DecisionBasis(
                b.choice("mode", ScalingMode::fromWireOrNull, MODES),
                b.optionalLongCount("visible").orElse(null),
                b.optionalLongCount("inFlight").orElse(null),
                b.optionalLongCount("delayed").orElse(null),
                b.optionalLongCount("counted").orElse(null),
                b.optionalLongCount("queueDataAgeSeconds").orElse(null),
                b.longCount("backlogPerUnit"),
                b.optionalCount("desiredBeforeBounds").orElse(null),
                b.optionalCount("desired").orElse(null),
                b.count("currentTarget"),
                b.amount("fulfilledCapacity"),
                b.count("minCapacity"),
                b.count("maxCapacity"),
                b.optionalLongCount("secondsSinceLastChange").orElse(null),
                b.optionalLongCount("cooldownRemainingSeconds").orElse(null));
    }

    static ModifyOutcome modifyOutcome(InputObject m) {
        return new ModifyOutcome(
                fleetId(m, "fleetId"),
                m.choice("action", ScaleAction::fromWireOrNull, ACTIONS),
                m.count("from"),
                m.count("to"),
                m.optionalCount("onDemandTargetCapacity"),
                m.flag("dryRun", false),
                m.flag("applied", false),
                m.flag("alreadyApplied", false),
                m.flag("byAnotherTrigger", false),
                m.flag("changeRecorded", false),
                m.optionalInstant("at").orElse(null),
                m.optionalTextList("warnings"),
                m.optionalText("summary").orElse(""));
    }

    private static FleetState fleetState(String wire) {
        return parse(() -> FleetState.fromWire("state", wire));
    }

    private static FleetType fleetType(String wire) {
        return parse(() -> FleetType.fromWire("type", wire));
    }

    private static ActivityStatus activityStatus(String wire) {
        return parse(() -> ActivityStatus.fromWire("activityStatus", wire));
    }

    static AlarmState alarmState(String wire) {
        return parse(() -> AlarmState.fromWire("state", wire));
    }

    private static ScaleAction change(String wire) {
        ScaleAction a = ScaleAction.fromWireOrNull(wire);
        return a == null || !a.isChange() ? null : a;
    }

    private static ReasonCode reasonCode(String name) {
        for (ReasonCode c : ReasonCode.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Adapts the core's throwing parsers to the "null when unknown" form {@link InputObject} expects. */
    private static <E> E parse(java.util.function.Supplier<E> parser) {
        try {
            return parser.get();
        } catch (InvalidInput e) {
            return null;
        }
    }

    /** An EventBridge "CloudWatch Alarm State Change" event; its id de-duplicates repeated deliveries. */
    static Trigger alarmTrigger(InputObject event) {
        expect(event, "detail-type", ALARM_DETAIL_TYPE);
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

    /**
     * An EventBridge "Scheduled Event" (a rule's schedule_expression firing). Its id de-duplicates a
     * repeated delivery of the same tick; its time is when the schedule fired.
     */
    static Trigger scheduleTrigger(InputObject event) {
        expect(event, "detail-type", SCHEDULE_DETAIL_TYPE);
        expect(event, "source", SCHEDULE_SOURCE);
        return Trigger.schedule(event.text("id"), event.instant("time"));
    }

    /** A field that may be left out, but when given must be {@code expected}: an event of another kind is a wiring mistake. */
    private static void expect(InputObject event, String field, String expected) {
        event.optionalText(field).filter(t -> !t.equals(expected)).ifPresent(t -> {
            throw new InvalidInput(event.path(field), "must be '" + expected + "'; got '" + t + "'");
        });
    }
}
