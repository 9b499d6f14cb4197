package dev.sfautoscaler.wire;

import static dev.sfautoscaler.wire.PolicyField.Constraint.NONE;
import static dev.sfautoscaler.wire.PolicyField.Constraint.atLeast;
import static dev.sfautoscaler.wire.PolicyField.Constraint.atMost;
import static dev.sfautoscaler.wire.PolicyField.Constraint.below;
import static dev.sfautoscaler.wire.PolicyField.Constraint.between;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.ScalingPolicy.Builder;
import dev.sfautoscaler.core.ScheduleWindow;
import dev.sfautoscaler.core.error.InvalidInput;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The execution input's {@code policy}: every {@link ScalingPolicy} component, its JSON type, range,
 * meaning, how it is read into the builder and how it is written. {@code minCapacity} and
 * {@code maxCapacity} are required ({@link #REQUIRED}): bounds are never defaults, since a default
 * maximum would shrink a bigger fleet. Every other field is optional; a field left out keeps the
 * default of {@link ScalingPolicy#builder()}.
 */
public final class PolicyFields {

    static final WireField<String> WINDOW_NAME = WireField.required("name", WireType.TEXT,
            "what the decision's sentence calls the window");
    static final WireField<String> WINDOW_CRON = WireField.required("cron", WireType.TEXT,
            "when the window opens: 5 fields, minute hour day-of-month month day-of-week, on the wall clock of timeZone;"
                    + " *, numbers, a-b ranges, /n steps, comma lists, JAN-DEC, SUN-SAT (e.g. '50 8 * * MON-FRI')");
    static final WireField<String> WINDOW_ZONE = WireField.required("timeZone", WireType.TEXT,
            "an IANA time zone (Europe/Paris, America/New_York, UTC): a wall-clock time skipped by a daylight-saving"
                    + " change does not occur that day, one repeated occurs twice");
    static final WireField<Integer> WINDOW_DURATION = WireField.required("durationMinutes", WireType.COUNT,
            "how long the window stays open after each occurrence, 1 to " + ScheduleWindow.MAX_DURATION_MINUTES);
    static final WireField<Integer> WINDOW_MIN = WireField.optional("minCapacity", WireType.COUNT,
            "the fleet's minimum while the window is open; at most the policy's maxCapacity");
    static final WireField<Integer> WINDOW_MAX = WireField.optional("maxCapacity", WireType.COUNT,
            "the fleet's maximum while the window is open; at least the policy's minCapacity");
    /** One scheduled capacity window. */
    public static final WireShape WINDOW = WireShape.closed("a scheduled capacity window: from each occurrence of cron"
            + " for durationMinutes, the bounds are narrowed to minCapacity and/or maxCapacity (at least one); where"
            + " windows overlap, the highest minimum and the lowest maximum apply", WINDOW_NAME, WINDOW_CRON,
            WINDOW_ZONE, WINDOW_DURATION, WINDOW_MIN, WINDOW_MAX);

    static ScheduleWindow window(WireObject w) {
        w.onlyFields(WINDOW.names());
        String name = WINDOW_NAME.get(w);
        String cron = WINDOW_CRON.get(w);
        String zone = WINDOW_ZONE.get(w);
        int duration = WINDOW_DURATION.get(w);
        Integer min = WINDOW_MIN.or(w, null);
        Integer max = WINDOW_MAX.or(w, null);
        return w.build(() -> ScheduleWindow.of(name, cron, zone, duration, min, max));
    }

    static Map<String, Object> windowToMap(ScheduleWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(WINDOW_NAME.name(), w.name());
        m.put(WINDOW_CRON.name(), w.cron().text());
        m.put(WINDOW_ZONE.name(), w.timeZone().getId());
        m.put(WINDOW_DURATION.name(), w.durationMinutes());
        w.minCapacity().ifPresent(v -> m.put(WINDOW_MIN.name(), v));
        w.maxCapacity().ifPresent(v -> m.put(WINDOW_MAX.name(), v));
        return m;
    }

    static final WireType<List<ScheduleWindow>> WINDOWS = new WireType<>("an array of schedule windows",
            (o, name) -> o.has(name) ? Optional.of(o.objects(name).stream().map(PolicyFields::window).toList())
                    : Optional.empty(),
            v -> true, () -> {
                ObjectNode s = WireType.type("array");
                s.set("items", WINDOW.schema());
                return s;
            });

    public static final List<PolicyField<?>> ALL = List.of(
            field("mode", WireType.choice(WireEnum.MODE), NONE,
                    "target-tracking: capacity follows the backlog; step: +/- stepSize on the scale-out/scale-in alarm",
                    Builder::mode, ScalingPolicy::mode, WireEnum.MODE::name),
            field("minCapacity", WireType.COUNT, atMost(ScalingPolicy.CAPACITY_LIMIT),
                    "lower bound in capacity units; 0 allows scaling to zero; at most maxCapacity",
                    Builder::minCapacity, ScalingPolicy::minCapacity),
            field("maxCapacity", WireType.COUNT, atMost(ScalingPolicy.CAPACITY_LIMIT),
                    "upper bound in capacity units", Builder::maxCapacity, ScalingPolicy::maxCapacity),
            field("backlogPerUnit", WireType.LONG_COUNT, atLeast(1),
                    "messages one capacity unit should have in its backlog (acceptable wait / processing time per "
                            + "message)", Builder::backlogPerUnit, ScalingPolicy::backlogPerUnit),
            field("inFlightPerUnit", WireType.COUNT, NONE,
                    "messages one capacity unit works on at once: target tracking never scales in below the units the "
                            + "in-flight messages keep busy; 0 turns this floor off",
                    Builder::inFlightPerUnit, ScalingPolicy::inFlightPerUnit),
            field("includeDelayed", WireType.FLAG, NONE, "count delayed messages as backlog",
                    Builder::includeDelayed, ScalingPolicy::includeDelayed),
            field("activationBacklog", WireType.LONG_COUNT, NONE, "messages needed before scaling up from zero",
                    Builder::activationBacklog, ScalingPolicy::activationBacklog),
            field("scaleOutCooldownSeconds", WireType.LONG_COUNT, NONE,
                    "after a scale-out, no further scale-out for this long",
                    Builder::scaleOutCooldownSeconds, ScalingPolicy::scaleOutCooldownSeconds),
            field("scaleInCooldownSeconds", WireType.LONG_COUNT, NONE, "after any change, no scale-in for this long",
                    Builder::scaleInCooldownSeconds, ScalingPolicy::scaleInCooldownSeconds),
            field("maxScaleOutStep", WireType.COUNT, NONE, "most units added by one decision; 0 means no limit",
                    Builder::maxScaleOutStep, ScalingPolicy::maxScaleOutStep),
            field("maxScaleInStep", WireType.COUNT, NONE, "most units removed by one decision; 0 means no limit",
                    Builder::maxScaleInStep, ScalingPolicy::maxScaleInStep),
            field("scaleInTolerance", WireType.AMOUNT, below(1),
                    "scale in only when desired is below current by more than this fraction of current (0 to below 1)",
                    Builder::scaleInTolerance, ScalingPolicy::scaleInTolerance),
            field("stepSize", WireType.COUNT, atLeast(1), "units added or removed per alarm in step mode",
                    Builder::stepSize, ScalingPolicy::stepSize),
            optionalField("scaleOutAlarmName", WireType.TEXT,
                    "the alarm that means too much backlog (step mode needs this or scaleInAlarmName)",
                    Builder::scaleOutAlarmName, ScalingPolicy::scaleOutAlarmName),
            optionalField("scaleInAlarmName", WireType.TEXT,
                    "the alarm that means too little backlog; must differ from scaleOutAlarmName",
                    Builder::scaleInAlarmName, ScalingPolicy::scaleInAlarmName),
            field("disableScaleIn", WireType.FLAG, NONE, "never scale in (capacity only grows)",
                    Builder::disableScaleIn, ScalingPolicy::disableScaleIn),
            optionalField("onDemandTargetCapacity", WireType.COUNT,
                    "on-demand part of the target, capped at the target; at most maxCapacity",
                    Builder::onDemandTargetCapacity, ScalingPolicy::onDemandTargetCapacity),
            field("excessCapacityTerminationPolicy", WireType.choice(WireEnum.TERMINATION_POLICY), NONE,
                    "what EC2 does with instances above a lowered target",
                    Builder::excessCapacityTerminationPolicy, ScalingPolicy::excessCapacityTerminationPolicy,
                    WireEnum.TERMINATION_POLICY::name),
            field("maxQueueDataAgeSeconds", WireType.LONG_COUNT, atLeast(1),
                    "queue data older than this counts as missing", Builder::maxQueueDataAgeSeconds,
                    ScalingPolicy::maxQueueDataAgeSeconds),
            field("applyMaxImmediately", WireType.FLAG, NONE,
                    "lower a fleet above maxCapacity to it at once; otherwise it comes down as any scale-in does "
                            + "(not during the scale-in cooldown or with disableScaleIn, at most maxScaleInStep units "
                            + "per decision)",
                    Builder::applyMaxImmediately, ScalingPolicy::applyMaxImmediately),
            new PolicyField<>("schedules", WINDOWS, NONE,
                    "scheduled capacity windows (the equivalent of scheduled actions): while one is open, its minCapacity"
                            + " and maxCapacity narrow the policy's bounds (decisions SCHEDULED_MIN, SCHEDULED_MAX)",
                    Builder::schedules, p -> p.schedules().isEmpty() ? Optional.empty() : Optional.of(p.schedules()),
                    list -> list.stream().map(PolicyFields::windowToMap).toList()),
            new PolicyField<>("targetWaitSeconds", WireType.LONG_COUNT, atLeast(1),
                    "the wait a message may have in the queue, in seconds: when given, the backlog per unit is learnt"
                            + " (what one capacity unit gets through in that time) and backlogPerUnit is only the"
                            + " starting guess; when absent, backlogPerUnit is the setting and nothing is learnt",
                    Builder::targetWaitSeconds, ScalingPolicy::targetWaitSeconds, v -> v),
            field("scaleIn", WireType.choice(WireEnum.SCALE_IN), NONE,
                    "drain (the default): a scale-in tags the instances that leave sfautoscaler:drain, lowers the "
                            + "target without letting AWS pick, waits until their workers report sfautoscaler:drained "
                            + "(or drainTimeoutSeconds), then terminates exactly those; it waits only for workers that "
                            + "announced docs/workers.md (sfautoscaler:worker), so others leave at the first check; "
                            + "terminate: lower the target and let AWS terminate instances",
                    Builder::scaleIn, ScalingPolicy::scaleIn, WireEnum.SCALE_IN::name),
            field("drainTimeoutSeconds", WireType.LONG_COUNT, between(1, ScalingPolicy.DRAIN_TIMEOUT_LIMIT),
                    "how long a drain waits for its instances' workers to report idle before terminating them anyway"
                            + " (at most " + ScalingPolicy.DRAIN_TIMEOUT_LIMIT + " s: the drain ends within its"
                            + " execution, which stops after " + ScalingPolicy.EXECUTION_TIMEOUT_SECONDS + " s)",
                    Builder::drainTimeoutSeconds, ScalingPolicy::drainTimeoutSeconds),
            field("drainCheckSeconds", WireType.LONG_COUNT, between(1, ScalingPolicy.DRAIN_CHECK_LIMIT),
                    "the longest wait between two looks at a drain (the workflow's WaitForDrain: 1 s after the "
                            + "start, then as long as the drain has run, up to this): a drained instance is "
                            + "terminated at most this long after its worker reports idle",
                    Builder::drainCheckSeconds, ScalingPolicy::drainCheckSeconds));

    /** The fields a policy read from an input must give: the bounds are never defaults. */
    public static final List<String> REQUIRED = List.of("minCapacity", "maxCapacity");

    public static final Set<String> NAMES = names();

    /** A {@code policy} field: read into a {@link ScalingPolicy} over the defaults. */
    public static final WireType<ScalingPolicy> POLICY = new WireType<>("a JSON object",
            (o, name) -> o.optionalObject(name).map(p -> read(Optional.of(p))), v -> true, PolicyFields::schema);

    private PolicyFields() {
    }

    /**
     * Every field present in {@code policy} over the builder's values; a field that is no policy
     * field is an error naming it (a misspelt setting must not be ignored).
     */
    public static Builder apply(WireObject policy, Builder builder) {
        policy.onlyFields(NAMES);
        for (PolicyField<?> f : ALL) {
            f.read(policy, builder);
        }
        return builder;
    }

    /**
     * A function input's policy: {@link #REQUIRED} fields must be present, each other field present
     * overrides the default of {@link ScalingPolicy#builder()}; a missing policy or bound, an unknown
     * field and a value the core rejects are {@code InvalidInput} naming the field.
     */
    public static ScalingPolicy read(Optional<WireObject> policy) {
        WireObject p = policy.orElseThrow(() -> new InvalidInput("policy", "is required: the fleet's scaling "
                + "policy, with at least minCapacity and maxCapacity (bounds are never defaults)"));
        Builder b = apply(p, ScalingPolicy.builder());
        for (String name : REQUIRED) {
            if (!p.has(name)) {
                throw p.invalid(name, "is required: the fleet's bounds are never defaults (minCapacity and "
                        + "maxCapacity, in capacity units)");
            }
        }
        return p.build(b::build);
    }

    /** The policy as the execution input carries it: every field that is set, enums by wire name. */
    public static Map<String, Object> toMap(ScalingPolicy policy) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (PolicyField<?> f : ALL) {
            f.write(policy).ifPresent(v -> m.put(f.name(), v));
        }
        return m;
    }

    /** The JSON Schema of {@code policy}: closed, each field with its range, meaning and default. */
    public static ObjectNode schema() {
        ScalingPolicy defaults = ScalingPolicy.builder().build();
        ObjectMapper plain = new ObjectMapper();
        ObjectNode s = WireType.type("object").put("description", "The scaling policy. minCapacity and "
                + "maxCapacity are required (bounds are never defaults); every other field is optional, and a "
                + "field left out takes its default. Cross-field rules (minCapacity <= maxCapacity, step mode "
                + "needs an alarm name) are checked by the decide function.");
        ObjectNode properties = s.putObject("properties");
        ALL.forEach(f -> properties.set(f.name(), f.schema(REQUIRED.contains(f.name()), defaults, plain)));
        REQUIRED.forEach(s.putArray("required")::add);
        s.put("additionalProperties", false);
        return s;
    }

    private static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        ALL.forEach(f -> names.add(f.name()));
        return Set.copyOf(names);
    }

    private static <T> PolicyField<T> field(String name, WireType<T> type, PolicyField.Constraint constraint,
            String description, BiConsumer<Builder, T> set, Function<ScalingPolicy, T> get) {
        return field(name, type, constraint, description, set, get, v -> v);
    }

    private static <T> PolicyField<T> field(String name, WireType<T> type, PolicyField.Constraint constraint,
            String description, BiConsumer<Builder, T> set, Function<ScalingPolicy, T> get,
            Function<T, Object> toWire) {
        return new PolicyField<>(name, type, constraint, description, set, p -> Optional.of(get.apply(p)), toWire);
    }

    private static <T> PolicyField<T> optionalField(String name, WireType<T> type, String description,
            BiConsumer<Builder, T> set, Function<ScalingPolicy, Optional<T>> get) {
        return new PolicyField<>(name, type, NONE, description, set, get, v -> v);
    }
}
