package dev.sfautoscaler.wire;

import static dev.sfautoscaler.wire.WireField.optional;
import static dev.sfautoscaler.wire.WireField.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.DecisionBasis;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FailureReport;
import dev.sfautoscaler.core.DrainOutcome;
import dev.sfautoscaler.core.DrainReport;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.core.OwnBounds;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ReasonCode;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Reads the core records from their wire form, the same form the functions write
 * ({@link WireModule}), so that one function's output is the next one's input. Each record's
 * fields are declared once, as {@link WireField}s: the reader reads them and its
 * {@link WireShape} publishes them in the JSON Schemas.
 */
public final class WireReader {

    static final String ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change";
    static final String SCHEDULE_DETAIL_TYPE = "Scheduled Event";
    static final String SCHEDULE_SOURCE = "aws.events";

    private WireReader() {
    }

    // --- read-capacity's output: fleet and queue ----------------------------------------

    static final WireField<Instant> CHANGE_AT = required("at", WireType.INSTANT, "when the change was made");
    static final WireField<ScaleAction> CHANGE_ACTION = required("action", WireType.choice(WireEnum.CHANGE), null);
    static final WireField<Integer> CHANGE_FROM = required("from", WireType.COUNT, "target before");
    static final WireField<Integer> CHANGE_TO = required("to", WireType.COUNT, "target after");
    static final WireField<String> CHANGE_TRIGGER = optional("triggerId", WireType.TEXT,
            "the trigger's dedup key (event id and round)");
    static final WireField<Integer> CHANGE_ON_DEMAND = optional("onDemandToRestore", WireType.COUNT,
            "the fleet's configured on-demand part, which a lower target holds below it; modify restores it");
    public static final WireShape LAST_CHANGE = WireShape.open("the last change this autoscaler recorded on the fleet",
            CHANGE_AT, CHANGE_ACTION, CHANGE_FROM, CHANGE_TO, CHANGE_TRIGGER, CHANGE_ON_DEMAND);

    public static LastChange lastChange(WireObject c) {
        Instant at = CHANGE_AT.get(c);
        ScaleAction action = CHANGE_ACTION.get(c);
        int from = CHANGE_FROM.get(c);
        int to = CHANGE_TO.get(c);
        String trigger = CHANGE_TRIGGER.or(c, "");
        Optional<Integer> onDemand = CHANGE_ON_DEMAND.find(c);
        return c.build(() -> new LastChange(at, action, from, to, trigger, onDemand));
    }

    /** A spot fleet request named the old way, where a {@code target} may stand instead. */
    static final WireField<String> FLEET_ID = optional("fleetId", WireType.FLEET_ID,
            "a spot fleet request, sfr-... (a maintain fleet): the same as target {\"kind\": \"spot-fleet\", \"id\": ...};"
                    + " give fleetId or target, not both");
    /** The id of a target read before (a fleet, a decision): its kind is {@link #TARGET_KIND}. */
    static final WireField<String> TARGET_ID = required("fleetId", WireType.TARGET_ID,
            "the target's id: sfr-..., fleet-... or the Auto Scaling group's name, as targetKind says");
    static final WireField<TargetKind> TARGET_KIND = optional("targetKind", WireType.choice(WireEnum.TARGET_KIND),
            "which kind of target fleetId names; spot-fleet when left out");
    static final WireField<TargetKind> KIND = required("kind", WireType.choice(WireEnum.TARGET_KIND), null);
    static final WireField<String> KIND_ID = required("id", WireType.TARGET_ID,
            "spot-fleet: sfr-...; ec2-fleet: fleet-... (a maintain fleet); auto-scaling-group: the group's name");
    public static final WireShape TARGET_SHAPE = WireShape.closed("what to scale: its kind and its id", KIND,
            KIND_ID);
    static final WireField<Target> TARGET_FIELD = optional("target", targetType(),
            "what to scale; give target or fleetId, not both");

    /** A target object; its schema also says, per kind, what the id looks like. */
    private static WireType<Target> targetType() {
        WireType<Target> plain = WireType.object(TARGET_SHAPE, WireReader::targetObject);
        return plain.described(s -> {
            var perKind = s.putArray("allOf");
            for (TargetKind kind : TargetKind.values()) {
                var rule = perKind.addObject();
                var when = rule.putObject("if");
                when.putObject("properties").putObject("kind").put("const", kind.wireName());
                when.putArray("required").add("kind");
                rule.putObject("then").putObject("properties").putObject("id")
                        .put("pattern", "^(?:" + kind.idPattern() + ")$");
            }
            return s;
        });
    }

    static Target targetObject(WireObject t) {
        t.onlyFields(TARGET_SHAPE.names());
        TargetKind kind = KIND.get(t);
        String id = kind.requireId(t.path("id"), KIND_ID.get(t));
        return t.build(() -> new Target(kind, id));
    }

    static final String BOTH_TARGETS = "and fleetId are both given; give one: target {\"kind\", \"id\"}, or"
            + " fleetId (sfr-...) for a spot fleet request";

    /**
     * The target of an input that names it: {@code target} ({@code {"kind", "id"}}), or the old
     * {@code fleetId} (a spot fleet request); one of the two, not both.
     */
    public static Target target(WireObject in) {
        Optional<Target> target = TARGET_FIELD.find(in);
        Optional<String> fleetId = FLEET_ID.find(in);
        if (fleetId.isPresent() && fleetId.get().isBlank()) {
            throw in.invalid("fleetId", "must not be blank: give target, or fleetId (sfr-...) for a spot fleet"
                    + " request");
        }
        if (target.isPresent() && fleetId.isPresent()) {
            throw in.invalid("target", BOTH_TARGETS);
        }
        return target.orElseGet(() -> Target.spotFleet(fleetId.orElseThrow(() -> in.invalid("target",
                "is required: {\"kind\": \"spot-fleet\" | \"ec2-fleet\" | \"auto-scaling-group\", \"id\": ...}"
                        + " (or fleetId, sfr-..., for a spot fleet request)"))));
    }

    /**
     * The schema of an object with {@code fleetId} and {@code targetKind} (a fleet, a decision), made to
     * say per kind what the id looks like, as the reader checks it: left out or null, the kind is
     * spot-fleet.
     */
    static ObjectNode kindRules(ObjectNode s) {
        var perKind = s.putArray("allOf");
        for (TargetKind kind : TargetKind.values()) {
            var rule = perKind.addObject();
            var when = rule.putObject("if");
            var kindIs = when.putObject("properties").putObject(TARGET_KIND.name());
            if (kind == TargetKind.SPOT_FLEET) {
                kindIs.putArray("enum").add(kind.wireName()).addNull();
            } else {
                kindIs.put("const", kind.wireName());
                when.putArray("required").add(TARGET_KIND.name());
            }
            rule.putObject("then").putObject("properties").putObject(TARGET_ID.name())
                    .put("pattern", "^(?:" + kind.idPattern() + ")$");
        }
        return s;
    }

    /** The id of a target read before, checked against its kind. */
    private static String targetId(WireObject o, TargetKind kind) {
        return kind.requireId(o.path("fleetId"), TARGET_ID.get(o));
    }
    static final WireField<Integer> TARGET = required("targetCapacity", WireType.COUNT, null);
    static final WireField<Double> FULFILLED = required("fulfilledCapacity", WireType.AMOUNT, null);
    static final WireField<Integer> ON_DEMAND_TARGET = optional("onDemandTargetCapacity", WireType.COUNT, null);
    static final WireField<Double> ON_DEMAND_FULFILLED = optional("onDemandFulfilledCapacity", WireType.AMOUNT, null);
    static final WireField<FleetState> STATE = required("state", WireType.choice(WireEnum.FLEET_STATE), null);
    static final WireField<ActivityStatus> ACTIVITY = optional("activityStatus",
            WireType.choice(WireEnum.ACTIVITY_STATUS), null);
    static final WireField<FleetType> TYPE = required("type", WireType.choice(WireEnum.FLEET_TYPE), null);
    static final WireField<LastChange> LAST = optional("lastChange",
            WireType.object(LAST_CHANGE, WireReader::lastChange), null);
    static final WireField<Integer> OWN_MIN = required("min", WireType.COUNT, null);
    static final WireField<Integer> OWN_MAX = required("max", WireType.COUNT, null);
    public static final WireShape OWN_BOUNDS_SHAPE = WireShape.open("the target's own bounds (an Auto Scaling group's"
            + " MinSize and MaxSize): no decision crosses them", OWN_MIN, OWN_MAX);
    static final WireField<OwnBounds> OWN_BOUNDS = optional("ownBounds", WireType.object(OWN_BOUNDS_SHAPE, b -> {
        int min = OWN_MIN.get(b);
        int max = OWN_MAX.get(b);
        return b.build(() -> new OwnBounds(min, max));
    }), null);
    static final WireField<List<String>> FLEET_WARNINGS = optional("warnings", WireType.TEXT_LIST,
            "what works against the autoscaler on this target (the group's own scaling policies); decide repeats it");
    // --- the throughput estimate (read-capacity's estimate, the fleet's storedEstimate) -----

    static final WireField<Double> ESTIMATE_RATE = required("messagesPerUnitSecond", WireType.AMOUNT,
            "messages one busy capacity unit finishes per second, as learnt; 0 until it has learnt anything");
    static final WireField<Integer> ESTIMATE_OBSERVATIONS = required("observations", WireType.COUNT,
            "how many readings taught it something (quiet ones do not count)");
    static final WireField<Instant> ESTIMATE_UPDATED = required("updatedAt", WireType.INSTANT,
            "when messagesPerUnitSecond last changed");
    static final WireField<Long> ESTIMATE_COUNTED = required("lastCounted", WireType.LONG_COUNT,
            "the backlog counted at the last reading, which the next one measures from");
    static final WireField<Instant> ESTIMATE_READ_AT = required("lastReadAt", WireType.INSTANT,
            "when the last reading was taken");
    static final WireField<Double> ESTIMATE_BUSY = required("lastBusyUnits", WireType.AMOUNT,
            "the capacity units running at the last reading");
    static final WireField<Instant> ESTIMATE_QUIET = optional("quietSince", WireType.INSTANT,
            "the first reading that found the queue empty after messages, while it stays empty (the keep-alive of"
            + " the last unit counts from here)");
    static final WireField<Long> ESTIMATE_GROUP_CAP = optional("groupCap", WireType.LONG_COUNT,
            "on a FIFO queue: the units its message groups kept busy when a reading last proved it; 0 when none did");
    static final WireField<Instant> ESTIMATE_GROUP_CAP_AT = optional("groupCapAt", WireType.INSTANT,
            "when that reading was taken");
    public static final WireShape ESTIMATE = WireShape.open("what one capacity unit gets through, learnt from the "
            + "readings of a policy with targetWaitSeconds, and the last reading it was updated from",
            ESTIMATE_RATE, ESTIMATE_OBSERVATIONS, ESTIMATE_UPDATED, ESTIMATE_COUNTED, ESTIMATE_READ_AT, ESTIMATE_BUSY,
            ESTIMATE_QUIET, ESTIMATE_GROUP_CAP, ESTIMATE_GROUP_CAP_AT);

    public static ThroughputEstimate estimate(WireObject e) {
        double rate = ESTIMATE_RATE.get(e);
        int observations = ESTIMATE_OBSERVATIONS.get(e);
        Instant updatedAt = ESTIMATE_UPDATED.get(e);
        long counted = ESTIMATE_COUNTED.get(e);
        Instant readAt = ESTIMATE_READ_AT.get(e);
        double busy = ESTIMATE_BUSY.get(e);
        Optional<Instant> quiet = ESTIMATE_QUIET.find(e);
        long groupCap = ESTIMATE_GROUP_CAP.find(e).orElse(0L);
        Optional<Instant> groupCapAt = ESTIMATE_GROUP_CAP_AT.find(e);
        return e.build(() -> new ThroughputEstimate(rate, observations, updatedAt, counted, readAt, busy, quiet,
                groupCap, groupCapAt));
    }

    static final WireField<ThroughputEstimate> STORED_ESTIMATE = optional("storedEstimate",
            WireType.object(ESTIMATE, WireReader::estimate), "the throughput estimate stored on the target (its tag "
                    + "sfautoscaler:throughput) when it has one; read-capacity updates it into its output's estimate");
    static final WireField<String> PAUSED_BY = optional("pausedBy", WireType.ANY_TEXT,
            "the value of the target's tag " + FleetSnapshot.PAUSE_TAG + " (the operator's reason, may be empty) when it"
                    + " has one: decide then changes nothing (PAUSED); null when the target is not paused");
    static final WireField<Instant> DRAIN_STARTED_AT = optional("drainStartedAt", WireType.INSTANT,
            "when a drain of the target started (its tag " + FleetSnapshot.DRAIN_STARTED_TAG + "), while one is under"
                    + " way: the workflow then resumes it (CheckDrain, FinishDrain) before deciding anything new; null"
                    + " when no drain is under way");
    public static final WireShape FLEET = WireShape.open("the fleet as read-capacity read it", TARGET_ID, TARGET_KIND,
            TARGET, FULFILLED, ON_DEMAND_TARGET, ON_DEMAND_FULFILLED, STATE, ACTIVITY, TYPE, LAST, OWN_BOUNDS,
            FLEET_WARNINGS, PAUSED_BY, STORED_ESTIMATE, DRAIN_STARTED_AT);

    /** The drain function's output ({@code DrainReport}), as notify reads it from state FinishDrain. */
    public static DrainReport drainReport(WireObject d) {
        Target target = target(d);
        DrainOutcome outcome = d.choice("outcome", WireEnum.DRAIN_OUTCOME);
        Optional<Instant> startedAt = d.optionalInstant("startedAt");
        int from = d.optionalCount("from").orElse(0);
        int to = d.optionalCount("to").orElse(0);
        List<String> ids = d.optionalTextList("instanceIds");
        int units = d.optionalCount("units").orElse(0);
        int drained = d.optionalCount("drained").orElse(0);
        int waiting = d.optionalCount("waiting").orElse(0);
        int timedOut = d.optionalCount("timedOut").orElse(0);
        int cancelled = d.optionalCount("cancelled").orElse(0);
        int shortfall = d.optionalCount("shortfall").orElse(0);
        long elapsed = d.optionalLongCount("elapsedSeconds").orElse(0L);
        String reason = d.optionalText("reason").orElse("");
        int unannounced = d.optionalCount("unannounced").orElse(0);
        return d.build(() -> new DrainReport(target, outcome, startedAt, from, to, ids, units, drained, waiting,
                timedOut, cancelled, shortfall, elapsed, reason).withUnannounced(unannounced));
    }

    public static FleetSnapshot fleet(WireObject f) {
        TargetKind kind = TARGET_KIND.or(f, TargetKind.SPOT_FLEET);
        String fleetId = targetId(f, kind);
        int target = TARGET.get(f);
        double fulfilled = FULFILLED.get(f);
        int onDemandTarget = ON_DEMAND_TARGET.or(f, 0);
        double onDemandFulfilled = ON_DEMAND_FULFILLED.or(f, 0.0);
        FleetState state = STATE.get(f);
        // EC2 leaves the activity status out, and older outputs wrote it empty: both mean unknown.
        var given = f.raw("activityStatus");
        ActivityStatus activity = given != null && given.isTextual() && given.textValue().isEmpty()
                ? ActivityStatus.UNKNOWN : ACTIVITY.or(f, ActivityStatus.UNKNOWN);
        FleetType type = TYPE.get(f);
        Optional<LastChange> last = LAST.find(f);
        Optional<OwnBounds> own = OWN_BOUNDS.find(f);
        List<String> warnings = FLEET_WARNINGS.or(f, List.of());
        Optional<String> pausedBy = PAUSED_BY.find(f);
        Optional<ThroughputEstimate> stored = STORED_ESTIMATE.find(f);
        Optional<Instant> drainStartedAt = DRAIN_STARTED_AT.find(f);
        return f.build(() -> new FleetSnapshot(fleetId, target, fulfilled, onDemandTarget, onDemandFulfilled, state,
                activity, type, last, kind, own, warnings, pausedBy, stored, drainStartedAt));
    }

    static final WireField<String> QUEUE_URL = required("queueUrl", WireType.TEXT,
            "the SQS queue whose backlog drives the fleet");
    static final WireField<Long> VISIBLE = required("visible", WireType.LONG_COUNT, null);
    static final WireField<Long> IN_FLIGHT = required("inFlight", WireType.LONG_COUNT, null);
    static final WireField<Long> DELAYED = optional("delayed", WireType.LONG_COUNT, null);
    static final WireField<Instant> READ_AT = required("readAt", WireType.INSTANT, null);

    static final WireField<Instant> PERIOD_END = required("periodEnd", WireType.INSTANT,
            "end of the minute CloudWatch's numbers describe (the latest it had published)");
    static final WireField<Long> PERIOD_SECONDS = required("periodSeconds",
            WireType.LONG_COUNT.described(s -> s.put("minimum", 1)), "the period's length");
    static final WireField<Long> DELETED = optional("deleted", WireType.LONG_COUNT,
            "NumberOfMessagesDeleted in the period (Sum); null when CloudWatch has none, never 0 for none");
    static final WireField<Long> OLDEST_AGE = optional("oldestAgeSeconds", WireType.LONG_COUNT,
            "ApproximateAgeOfOldestMessage in the period (Maximum); null when CloudWatch has none");
    static final WireField<Long> GROUPS_IN_FLIGHT = optional("groupsInFlight", WireType.LONG_COUNT,
            "FIFO queues: ApproximateNumberOfGroupsWithInflightMessages in the period (Maximum); null when none");
    static final WireField<Boolean> FIFO = optional("fifo", WireType.FLAG, "whether the queue is a FIFO queue");
    static final WireField<Long> SENT = optional("sent", WireType.LONG_COUNT,
            "NumberOfMessagesSent in the period (Sum): the load; null when CloudWatch has none");
    static final WireField<Integer> WINDOW_MINUTES = required("minutes",
            WireType.COUNT.described(s -> s.put("minimum", 1)), "the minutes of the lookback that have both numbers");
    static final WireField<Long> WINDOW_DELETED = required("deleted", WireType.LONG_COUNT,
            "NumberOfMessagesDeleted in those minutes (Sum)");
    static final WireField<Double> WINDOW_IN_FLIGHT = required("meanInFlight", WireType.AMOUNT,
            "the mean of ApproximateNumberOfMessagesNotVisible over those minutes (Average)");
    public static final WireShape QUEUE_METRICS_WINDOW = WireShape.open("CloudWatch's last published minutes "
            + "together, read for the static policy's load floor when the counts alone would scale in: the workers' "
            + "pace by Little's law", WINDOW_MINUTES, WINDOW_DELETED, WINDOW_IN_FLIGHT);
    static final WireField<QueueMetrics.Window> WINDOW = optional("window",
            WireType.object(QUEUE_METRICS_WINDOW, WireReader::queueMetricsWindow), "the last published minutes "
                    + "together; null when not read (a policy with targetWaitSeconds, counts that do not scale in)");
    public static final WireShape QUEUE_METRICS = WireShape.open("CloudWatch's view of the queue's last published "
            + "minute (namespace AWS/SQS), read for a policy with targetWaitSeconds when the queue has messages, and "
            + "for a policy without it when the counts alone would scale in",
            PERIOD_END, PERIOD_SECONDS, DELETED, OLDEST_AGE, GROUPS_IN_FLIGHT, FIFO, SENT, WINDOW);

    public static QueueMetrics.Window queueMetricsWindow(WireObject w) {
        int minutes = WINDOW_MINUTES.get(w);
        long deleted = WINDOW_DELETED.get(w);
        double inFlight = WINDOW_IN_FLIGHT.get(w);
        return w.build(() -> new QueueMetrics.Window(minutes, deleted, inFlight));
    }
    static final WireField<QueueMetrics> METRICS = optional("metrics",
            WireType.object(QUEUE_METRICS, WireReader::queueMetrics), "CloudWatch's view of the queue; null when not "
                    + "read (a policy without targetWaitSeconds whose counts do not scale in, an empty queue) or when "
                    + "CloudWatch could not answer");

    public static QueueMetrics queueMetrics(WireObject m) {
        Instant end = PERIOD_END.get(m);
        long seconds = PERIOD_SECONDS.get(m);
        OptionalLong deleted = optionalLong(DELETED.find(m));
        OptionalLong oldestAge = optionalLong(OLDEST_AGE.find(m));
        OptionalLong groups = optionalLong(GROUPS_IN_FLIGHT.find(m));
        boolean fifo = FIFO.or(m, false);
        OptionalLong sent = optionalLong(SENT.find(m));
        Optional<QueueMetrics.Window> window = WINDOW.find(m);
        return m.build(() -> new QueueMetrics(end, seconds, deleted, oldestAge, groups, fifo, sent, window));
    }

    private static OptionalLong optionalLong(Optional<Long> value) {
        return value.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    public static final WireShape QUEUE = WireShape.open("the queue as read-capacity read it; null when it could not "
            + "be read", QUEUE_URL, VISIBLE, IN_FLIGHT, DELAYED, READ_AT, METRICS);

    public static QueueSnapshot queue(WireObject q) {
        String url = QUEUE_URL.get(q);
        long visible = VISIBLE.get(q);
        long inFlight = IN_FLIGHT.get(q);
        long delayed = DELAYED.or(q, 0L);
        Instant readAt = READ_AT.get(q);
        Optional<QueueMetrics> metrics = METRICS.find(q);
        return q.build(() -> new QueueSnapshot(url, visible, inFlight, delayed, readAt, metrics));
    }

    public static String queueUrl(WireObject in) {
        return QUEUE_URL.get(in);
    }

    // --- decide's output: the decision ---------------------------------------------------

    static final WireField<ScalingMode> BASIS_MODE = required("mode", WireType.choice(WireEnum.MODE), null);
    static final WireField<Long> COUNTED = optional("counted", WireType.LONG_COUNT, null);
    static final WireField<Long> AGE = optional("queueDataAgeSeconds", WireType.LONG_COUNT, null);
    static final WireField<Long> BACKLOG_PER_UNIT = required("backlogPerUnit", WireType.LONG_COUNT, null);
    static final WireField<Integer> DESIRED_BEFORE_BOUNDS = optional("desiredBeforeBounds", WireType.COUNT, null);
    static final WireField<Integer> DESIRED = optional("desired", WireType.COUNT, null);
    static final WireField<Integer> CURRENT_TARGET = required("currentTarget", WireType.COUNT, null);
    static final WireField<Integer> MIN = required("minCapacity", WireType.COUNT, null);
    static final WireField<Integer> MAX = required("maxCapacity", WireType.COUNT, null);
    static final WireField<Long> SINCE_LAST_CHANGE = optional("secondsSinceLastChange", WireType.LONG_COUNT, null);
    static final WireField<Long> COOLDOWN_REMAINING = optional("cooldownRemainingSeconds", WireType.LONG_COUNT, null);
    static final WireField<Long> BASIS_VISIBLE = optional("visible", WireType.LONG_COUNT, null);
    static final WireField<Long> BASIS_IN_FLIGHT = optional("inFlight", WireType.LONG_COUNT, null);
    public static final WireShape BASIS = WireShape.open("the numbers the decision used", BASIS_MODE, BASIS_VISIBLE,
            BASIS_IN_FLIGHT, DELAYED, COUNTED, AGE, BACKLOG_PER_UNIT, DESIRED_BEFORE_BOUNDS, DESIRED, CURRENT_TARGET,
            FULFILLED, MIN, MAX, SINCE_LAST_CHANGE, COOLDOWN_REMAINING);

    public static DecisionBasis basis(WireObject b) {
        return new DecisionBasis(BASIS_MODE.get(b), BASIS_VISIBLE.or(b, null), BASIS_IN_FLIGHT.or(b, null),
                DELAYED.or(b, null), COUNTED.or(b, null), AGE.or(b, null), BACKLOG_PER_UNIT.get(b),
                DESIRED_BEFORE_BOUNDS.or(b, null), DESIRED.or(b, null), CURRENT_TARGET.get(b), FULFILLED.get(b),
                MIN.get(b), MAX.get(b), SINCE_LAST_CHANGE.or(b, null), COOLDOWN_REMAINING.or(b, null));
    }

    static final WireField<ScaleAction> ACTION = required("action", WireType.choice(WireEnum.ACTION), null);
    static final WireField<Integer> FROM = required("from", WireType.COUNT, "the target the decision was made against");
    static final WireField<Integer> TO = required("to", WireType.COUNT, "the target asked for");
    static final WireField<ExcessCapacityTerminationPolicy> TERMINATION = optional("excessCapacityTerminationPolicy",
            WireType.choice(WireEnum.TERMINATION_POLICY), null);
    static final WireField<ReasonCode> REASON_CODE = required("reasonCode", WireType.choice(WireEnum.REASON_CODE),
            null);
    static final WireField<String> REASON = required("reason", WireType.TEXT, null);
    static final WireField<DecisionBasis> BASIS_FIELD = optional("basis", WireType.object(BASIS, WireReader::basis),
            null);
    static final WireField<String> TRIGGER_KEY = optional("triggerKey", WireType.TEXT,
            "the trigger's dedup key, recorded with the change");
    static final WireField<Instant> DECIDED_AT = optional("decidedAt", WireType.INSTANT, null);
    static final WireField<Instant> ASKED_AT = optional("askedAt", WireType.INSTANT,
            "when the decision was asked for (its trigger's time); the change is recorded with it");
    public static final WireShape DECISION = WireShape.open("decide's output", TARGET_ID, TARGET_KIND, ACTION, FROM,
            TO, ON_DEMAND_TARGET, TERMINATION, REASON_CODE, REASON, BASIS_FIELD, TRIGGER_KEY, DECIDED_AT, ASKED_AT);
    /** The part of a decision that modify reads. */
    public static final WireShape DECISION_TO_APPLY = WireShape.open("decide's output; modify reads these fields of it",
            TARGET_ID, TARGET_KIND, ACTION, FROM, TO, ON_DEMAND_TARGET, TERMINATION, TRIGGER_KEY, ASKED_AT);

    public static ScaleDecision decision(WireObject d) {
        TargetKind kind = TARGET_KIND.or(d, TargetKind.SPOT_FLEET);
        return new ScaleDecision(targetId(d, kind), ACTION.get(d), FROM.get(d), TO.get(d), ON_DEMAND_TARGET.find(d),
                terminationPolicy(d), REASON_CODE.get(d), REASON.get(d), BASIS_FIELD.or(d, null),
                TRIGGER_KEY.or(d, ""), DECIDED_AT.or(d, null), kind, ASKED_AT.or(d, null));
    }

    /** When the decision was asked for; empty for a decision written before decide said so. */
    public static Optional<Instant> askedAt(WireObject d) {
        return ASKED_AT.find(d);
    }

    /** A decision's target: its {@code fleetId} and {@code targetKind}. */
    public static Target decisionTarget(WireObject d) {
        TargetKind kind = TARGET_KIND.or(d, TargetKind.SPOT_FLEET);
        String id = targetId(d, kind);
        return d.build(() -> new Target(kind, id));
    }

    public static ScaleAction action(WireObject d) {
        return ACTION.get(d);
    }

    public static int from(WireObject d) {
        return FROM.get(d);
    }

    public static int to(WireObject d) {
        return TO.get(d);
    }

    public static Optional<Integer> onDemandTargetCapacity(WireObject d) {
        return ON_DEMAND_TARGET.find(d);
    }

    public static String triggerKey(WireObject d) {
        return TRIGGER_KEY.or(d, "");
    }

    public static ExcessCapacityTerminationPolicy terminationPolicy(WireObject d) {
        return TERMINATION.or(d, ExcessCapacityTerminationPolicy.DEFAULT);
    }

    // --- modify's output ----------------------------------------------------------------

    static final WireField<Boolean> DRY_RUN = optional("dryRun", WireType.FLAG, "decide and report, change nothing");
    static final WireField<Boolean> APPLIED = optional("applied", WireType.FLAG, null);
    static final WireField<Boolean> ALREADY_APPLIED = optional("alreadyApplied", WireType.FLAG, null);
    static final WireField<Boolean> BY_ANOTHER = optional("byAnotherTrigger", WireType.FLAG, null);
    static final WireField<Boolean> RECORDED = optional("changeRecorded", WireType.FLAG, null);
    static final WireField<Instant> AT = optional("at", WireType.INSTANT, null);
    static final WireField<List<String>> WARNINGS = optional("warnings", WireType.TEXT_LIST, null);
    static final WireField<String> SUMMARY = optional("summary", WireType.TEXT, null);
    static final WireField<Boolean> PAUSED = optional("paused", WireType.FLAG,
            "the target carried the tag " + FleetSnapshot.PAUSE_TAG + " when modify read it again, so nothing was written");
    public static final WireShape MODIFY_OUTCOME = WireShape.open("modify's output", TARGET_ID, TARGET_KIND, ACTION,
            FROM, TO,
            ON_DEMAND_TARGET, DRY_RUN, APPLIED, ALREADY_APPLIED, BY_ANOTHER, RECORDED, AT, WARNINGS, SUMMARY, PAUSED);

    public static ModifyOutcome modifyOutcome(WireObject m) {
        TargetKind kind = TARGET_KIND.or(m, TargetKind.SPOT_FLEET);
        return new ModifyOutcome(targetId(m, kind), ACTION.get(m), FROM.get(m), TO.get(m), ON_DEMAND_TARGET.find(m),
                DRY_RUN.or(m, false), APPLIED.or(m, false), ALREADY_APPLIED.or(m, false), BY_ANOTHER.or(m, false),
                RECORDED.or(m, false), false, AT.or(m, null), WARNINGS.or(m, List.of()), SUMMARY.or(m, ""),
                kind, PAUSED.or(m, false));
    }

    public static boolean dryRun(WireObject in) {
        return DRY_RUN.or(in, false);
    }

    // --- a failure as Step Functions caught it ------------------------------------------

    static final WireField<String> ERROR = optional("error", WireType.TEXT, "the error name");
    static final WireField<String> CAUSE = optional("cause", WireType.TEXT, "its message, or the Lambda error JSON");
    static final WireField<String> STATES_ERROR = optional("Error", WireType.TEXT, "Step Functions' spelling of error");
    static final WireField<String> STATES_CAUSE = optional("Cause", WireType.TEXT, "Step Functions' spelling of cause");
    public static final WireShape FAILURE = WireShape.open("the error that ended the evaluation", ERROR, CAUSE,
            STATES_ERROR, STATES_CAUSE);

    /** A failure as given: {@code {"error", "cause"}}, or Step Functions' own {@code {"Error", "Cause"}}. */
    public static FailureReport failure(WireObject f, UnaryOperator<String> readableCause) {
        String error = ERROR.find(f).or(() -> STATES_ERROR.find(f)).orElse("");
        String cause = CAUSE.find(f).or(() -> STATES_CAUSE.find(f)).orElse("");
        return new FailureReport(error, readableCause.apply(cause));
    }

    // --- triggers: the EventBridge events ------------------------------------------------

    static final WireField<String> EVENT_ID = required("id", WireType.TEXT,
            "the event id; a second delivery of the same event changes nothing");
    static final WireField<String> ALARM_DETAIL_TYPE_FIELD = optional("detail-type",
            WireType.constant(ALARM_DETAIL_TYPE), null);
    static final WireField<Instant> EVENT_TIME = optional("time", WireType.INSTANT, null);
    static final WireField<String> ALARM_NAME = required("alarmName", WireType.TEXT, null);
    static final WireField<AlarmState> ALARM_VALUE = required("value", WireType.choice(WireEnum.ALARM_STATE), null);
    static final WireField<Instant> ALARM_TIMESTAMP = optional("timestamp", WireType.INSTANT,
            "when the alarm changed state; the event's time when left out");
    static final WireShape ALARM_STATE = WireShape.open(null, ALARM_VALUE, ALARM_TIMESTAMP);
    static final WireField<WireObject> ALARM_STATE_FIELD = required("state", WireType.object(ALARM_STATE, o -> o),
            null);
    static final WireShape ALARM_DETAIL = WireShape.open(null, ALARM_NAME, ALARM_STATE_FIELD);
    static final WireField<WireObject> DETAIL = required("detail", WireType.object(ALARM_DETAIL, o -> o), null);
    public static final WireShape ALARM_EVENT = WireShape.open(
            "the EventBridge \"CloudWatch Alarm State Change\" event",
            EVENT_ID, ALARM_DETAIL_TYPE_FIELD, EVENT_TIME, DETAIL);

    /** An EventBridge "CloudWatch Alarm State Change" event; its id de-duplicates repeated deliveries. */
    public static Trigger alarmTrigger(WireObject event) {
        ALARM_DETAIL_TYPE_FIELD.find(event);
        String id = EVENT_ID.get(event);
        WireObject detail = DETAIL.get(event);
        String alarmName = ALARM_NAME.get(detail);
        WireObject state = ALARM_STATE_FIELD.get(detail);
        AlarmState value = ALARM_VALUE.get(state);
        Instant at = ALARM_TIMESTAMP.find(state).or(() -> EVENT_TIME.find(event))
                .orElseThrow(() -> new InvalidInput(state.path("timestamp"),
                        "is required (or the event's 'time'): an ISO-8601 timestamp"));
        return Trigger.alarm(id, alarmName, value, at);
    }

    static final WireField<String> SCHEDULE_DETAIL_TYPE_FIELD = optional("detail-type",
            WireType.constant(SCHEDULE_DETAIL_TYPE), null);
    static final WireField<String> SCHEDULE_SOURCE_FIELD = optional("source", WireType.constant(SCHEDULE_SOURCE), null);
    static final WireField<Instant> SCHEDULE_TIME = required("time", WireType.INSTANT, "when the schedule fired");
    public static final WireShape SCHEDULED_EVENT = WireShape.open("the EventBridge \"Scheduled Event\" of the fleet's "
            + "schedule rule", EVENT_ID, SCHEDULE_DETAIL_TYPE_FIELD, SCHEDULE_SOURCE_FIELD, SCHEDULE_TIME);

    /**
     * An EventBridge "Scheduled Event" (a rule's schedule_expression firing). Its id de-duplicates a
     * repeated delivery of the same tick; its time is when the schedule fired.
     */
    public static Trigger scheduleTrigger(WireObject event) {
        SCHEDULE_DETAIL_TYPE_FIELD.find(event);
        SCHEDULE_SOURCE_FIELD.find(event);
        return Trigger.schedule(EVENT_ID.get(event), SCHEDULE_TIME.get(event));
    }
}
