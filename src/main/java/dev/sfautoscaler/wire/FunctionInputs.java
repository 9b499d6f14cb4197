package dev.sfautoscaler.wire;

import static dev.sfautoscaler.wire.WireField.optional;
import static dev.sfautoscaler.wire.WireField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.FleetAfterFailure;
import dev.sfautoscaler.core.ScalingPolicy;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The input of each function and of the workflow, as shapes for their JSON Schemas; the handlers
 * read the same fields ({@link WireReader}, {@link PolicyFields}).
 */
public final class FunctionInputs {

    private FunctionInputs() {
    }

    static final WireField<String> FLEET_ID = WireReader.FLEET_ID;
    static final WireField<?> TARGET = WireReader.TARGET_FIELD;
    static final WireField<String> QUEUE_URL = WireReader.QUEUE_URL;
    static final WireField<ScalingPolicy> POLICY = required("policy", PolicyFields.POLICY,
            "the fleet's scaling policy; minCapacity and maxCapacity are required");
    static final WireField<WireObject> ALARM_EVENT = optional("alarmEvent",
            WireType.object(WireReader.ALARM_EVENT, o -> o), "alarm-driven executions: the EventBridge event");
    static final WireField<WireObject> SCHEDULED_EVENT = optional("scheduledEvent",
            WireType.object(WireReader.SCHEDULED_EVENT, o -> o), "scheduled executions: the EventBridge event");

    /** Longest wait after a change: half the execution's one-hour limit, so that a next round has time to run. */
    public static final int MAX_SETTLE_SECONDS = 1800;
    /** Most rounds one execution makes, whatever maxRounds says (state {@code AnotherRound?}). */
    public static final int MAX_ROUNDS = 10;

    static final WireField<Long> SETTLE_SECONDS = optional("settleSeconds", wholeNumber(0, MAX_SETTLE_SECONDS),
            "wait after a change before looking again, in whole seconds; at most " + MAX_SETTLE_SECONDS
                    + " (half the execution's one-hour limit)");
    static final WireField<Long> MAX_ROUNDS_FIELD = optional("maxRounds", wholeNumber(1, MAX_ROUNDS),
            "rounds one execution may make; default 5 alarm-driven, 1 scheduled and manual");
    static final WireField<Boolean> NOTIFY_NO_CHANGE = optional("notifyNoChange", WireType.FLAG,
            "also notify when the policy wants no change");
    /** The execution input's {@code workflow}, read by the state machine itself. */
    public static final WireShape WORKFLOW_SETTINGS = WireShape.closed("the workflow's own settings",
            SETTLE_SECONDS, MAX_ROUNDS_FIELD, NOTIFY_NO_CHANGE);
    /** The settings' defaults, as state {@code Prepare} sets them; maxRounds has none that fits all triggers. */
    static final Map<String, JsonNode> WORKFLOW_DEFAULTS = Map.of("settleSeconds", WireType.JSON.numberNode(60),
            "notifyNoChange", WireType.JSON.booleanNode(false));

    /**
     * The execution input's {@code check}: what the schedule's {@code check} function saw when it
     * started this execution. Informational (the workflow reads and decides again); the history shows it.
     */
    public static final WireShape CHECK = WireShape.closed("set by the check function when the schedule starts "
            + "this execution: what it read and decided, and why it started the workflow; the workflow reads and "
            + "decides again",
            optional("verdict", WireType.TEXT, "why check started this execution: change, stale-drain (a drain"
                    + " under way outlived its execution: resume it), failure-alert-open (the recovery notice) or"
                    + " evaluation-failed (reading or deciding failed)"),
            optional("reasonCode", WireType.TEXT, "the decision's reason code, or the error's name"),
            optional("currentTarget", WireType.COUNT, "the target's capacity as check read it"),
            optional("decidedTarget", WireType.COUNT, "the capacity check decided"),
            optional("reason", WireType.TEXT, "the decision's sentence, or the error's message"));

    static final String WORKFLOW = "workflow";
    static final String DRY_RUN = "dryRun";
    /** The execution input's {@link #CHECK}. */
    public static final String CHECK_FIELD = "check";

    public static final WireShape READ_CAPACITY = WireShape.open("read-capacity: the fleet and the queue to read, and "
            + "the execution's input to check first; other fields are ignored", TARGET, FLEET_ID, QUEUE_URL,
            optional("executionInput", WireType.object(execution(), o -> o), "the execution input "
                    + "($$.Execution.Input), as the workflow passes it: its fields are checked before anything is read"));

    public static final WireShape DECIDE = WireShape.open("decide: read-capacity's fleet and queue, the policy, and "
            + "what triggered the evaluation (the alarm event, else the scheduled event, else a manual trigger "
            + "named by executionName)",
            required("fleet", WireType.object(WireReader.FLEET, o -> o).described(WireReader::kindRules), null),
            optional("queue", WireType.object(WireReader.QUEUE, o -> o), null),
            optional("estimate", WireType.object(WireReader.ESTIMATE, o -> o), "read-capacity's throughput estimate, "
                    + "for a policy with targetWaitSeconds; null or left out: none yet"),
            POLICY,
            optional("round", WireType.COUNT.described(s -> s.put("minimum", 1)),
                    "the workflow's round, from 1"),
            ALARM_EVENT, SCHEDULED_EVENT,
            optional("executionName", WireType.TEXT, "a manual trigger's id: the execution's name"));

    public static final WireShape MODIFY = WireShape.open("modify: decide's output and whether to change anything",
            required("decision", WireType.object(WireReader.DECISION_TO_APPLY, o -> o)
                    .described(WireReader::kindRules), null),
            WireReader.DRY_RUN);

    public static final WireShape DRAIN = WireShape.open("drain: one step of a scale-in that drains the instances "
            + "that leave (start: pick, tag, lower a fleet with noTermination; check: drained, waiting, timedOut or "
            + "cancelled; finish: terminate exactly the tagged instances)",
            required("action", WireType.choice(WireEnum.DRAIN_STEP), "which step"),
            TARGET, FLEET_ID,
            optional("queueUrl", WireType.TEXT, "check: the queue whose backlog may need a scale-out now"),
            optional("policy", PolicyFields.POLICY, "check: the fleet's scaling policy (drainTimeoutSeconds, and "
                    + "the rules that say whether a scale-out is needed now); start and check answer with its "
                    + "drainCheckSeconds, the workflow's next wait (start without a policy: the default)"),
            optional("decision", WireType.object(WireReader.DECISION_TO_APPLY, o -> o)
                    .described(WireReader::kindRules), "start: decide's scale-in"),
            optional("executionName", WireType.TEXT, "the execution's name: check's trigger id"));

    static final WireField<Integer> TARGET_NOW = optional("targetCapacity", WireType.COUNT,
            "what the fleet asks for now");
    static final WireShape FLEET_NOW = WireShape.open("after a failed modify: the fleet read again (state ReadFleetNow), "
            + "or the Error and Cause of the read that failed; says whether the change was made",
            TARGET_NOW, WireReader.STATES_ERROR, WireReader.STATES_CAUSE);

    /** {@code fleetNow}: the target the fleet asks for, or else the failed read's {@code Error} and {@code Cause}. */
    public static FleetAfterFailure fleetNow(WireObject f, UnaryOperator<String> readableCause) {
        Optional<Integer> target = TARGET_NOW.find(f);
        if (target.isPresent()) {
            return FleetAfterFailure.read(target.get());
        }
        if (WireReader.STATES_ERROR.find(f).isEmpty()) {
            throw f.invalid("targetCapacity", "is required (or Error and Cause of the read that failed)");
        }
        return FleetAfterFailure.unreadable(WireReader.failure(f, readableCause));
    }

    public static final WireShape NOTIFY = WireShape.open("notify: how the evaluation ended and as far as it got",
            TARGET, FLEET_ID,
            required("outcome", WireType.choice(WireEnum.OUTCOME), "scaled and dry-run need decision or modify; "
                    + "failed needs failure"),
            optional("decision", WireType.object(WireReader.DECISION, o -> o).described(WireReader::kindRules), null),
            optional("modify", WireType.object(WireReader.MODIFY_OUTCOME, o -> o).described(WireReader::kindRules),
                    null),
            optional("failure", WireType.object(WireReader.FAILURE, o -> o), null),
            optional("executionId", WireType.TEXT, "the Step Functions execution, for a link to its history"),
            optional("fleetNow", WireType.object(FLEET_NOW, o -> o), null),
            optional("drain", WireType.object(WireShape.open("the drain's last step (FinishDrain, or StartDrain's"
                    + " lowered): its numbers and sentence"), o -> o), "a scale-in that drained its instances: how many"
                    + " drained, timed out, and how long it took"));

    /**
     * Top-level fields of the workflow's own state (state {@code Prepare}'s {@code state} and the
     * tasks' result paths): an execution input cannot set them.
     */
    public static final List<String> WORKFLOW_STATE = List.of("capacity", "decision", "modify", "changeOutcome",
            "loop", "notification", "recovery", "alarmCheck", "error", "fleetNow", "notifyError", "unreported",
            "drain");


    /**
     * The execution input. Its {@code workflow} and {@code dryRun} are read by the state machine
     * itself (states {@code PlanRounds}, {@code WaitForSettle}, {@code ScaleNeeded?}), so their
     * schema says what those states accept: no nulls. Any other field is refused
     * ({@link #checkExecutionInput}).
     */
    public static WireShape execution() {
        ObjectNode workflow = WireType.type("object").put("description", "the workflow's own settings; a bad value "
                + "fails the execution with InvalidInput before anything is read or changed");
        ObjectNode settings = workflow.putObject("properties");
        for (WireField<?> f : WORKFLOW_SETTINGS.fields()) {
            ObjectNode p = WireType.JSON.objectNode().put("description", f.description());
            p.setAll(f.type().schema().get());
            JsonNode byDefault = WORKFLOW_DEFAULTS.get(f.name());
            if (byDefault != null) {
                p.set("default", byDefault);
            }
            settings.set(f.name(), p);
        }
        workflow.put("additionalProperties", false);
        return WireShape.closed("The input of one execution of the autoscaler state machine. Fields left out "
                + "take the defaults of the state Prepare; the policy's own defaults (all but its bounds) are "
                + "applied by decide. Any "
                + "other field fails the execution with InvalidInput before anything is read or changed.",
                TARGET, FLEET_ID, QUEUE_URL, POLICY, ALARM_EVENT, SCHEDULED_EVENT)
                .exactlyOneOf(TARGET.name(), FLEET_ID.name())
                .with(WORKFLOW, workflow)
                .with(DRY_RUN, WireType.type("boolean").put("default", false)
                        .put("description", "decide and report, change nothing"))
                .with(CHECK_FIELD, CHECK.schema());
    }

    /** Every field an execution input may set. */
    public static Set<String> executionFields() {
        WireShape shape = execution();
        Set<String> names = new LinkedHashSet<>(shape.names());
        shape.extras().forEach(e -> names.add(e.name()));
        return names;
    }

    /**
     * Checks an execution input as the workflow passes it to {@code read-capacity}
     * ({@code $$.Execution.Input}): only the documented fields, {@code workflow} and {@code dryRun}
     * as the states that read them need them, and one target ({@code target} or {@code fleetId}, not
     * both: the workflow passes both on, so only here is it seen that both were given). The other
     * fields are the functions' to check ({@code queueUrl} by read-capacity, the policy and the
     * events by decide). Errors name the field as the input spells it, with the closest known name when one is
     * close: a misspelt {@code dryrun} must not make a real change.
     */
    public static void checkExecutionInput(JsonNode input) {
        WireObject in = WireObject.of(input, "", WireObject.Failure.INVALID_INPUT);
        onlyKnownFields(in, input, executionFields(), "a field of the execution input");
        for (String name : List.of(WORKFLOW, DRY_RUN, CHECK_FIELD, TARGET.name(), FLEET_ID.name())) {
            refuseNull(in, input, name);
        }
        WireReader.DRY_RUN.find(in);
        in.optionalObject(WORKFLOW).ifPresent(workflow -> {
            JsonNode settings = input.get(WORKFLOW);
            onlyKnownFields(workflow, settings, WORKFLOW_SETTINGS.names(), "a workflow setting");
            for (WireField<?> f : WORKFLOW_SETTINGS.fields()) {
                refuseNull(workflow, settings, f.name());
                f.find(workflow);
            }
        });
        if (input.has(TARGET.name()) && input.has(FLEET_ID.name())) {
            throw in.invalid(TARGET.name(), WireReader.BOTH_TARGETS);
        }
    }

    private static void onlyKnownFields(WireObject in, JsonNode node, Set<String> known, String what) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            String fields = String.join(", ", known);
            if (in.path().isEmpty() && WORKFLOW_STATE.contains(name)) {
                throw in.invalid(name, "is the workflow's own state, which an input cannot set; the execution "
                        + "input's fields are " + fields);
            }
            String hint = FieldNames.closest(name, known).map(c -> "; did you mean '" + c + "'?").orElse(";");
            throw in.invalid(name, "is not " + what + hint + " The fields are " + fields);
        }
    }

    private static void refuseNull(WireObject in, JsonNode node, String name) {
        if (node.has(name) && node.get(name).isNull()) {
            throw in.invalid(name, "must not be null: leave it out for its default");
        }
    }

    /** A whole number written without a fraction ({@code 60}, not {@code 60.0} or {@code 1.5}), in a range. */
    private static WireType<Long> wholeNumber(long min, long max) {
        String what = "a whole number from " + min + " to " + max;
        return new WireType<>(what, (o, name) -> {
            JsonNode v = o.raw(name);
            if (v == null) {
                return Optional.empty();
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                String got = v.toString();
                throw o.invalid(name, "must be " + what + "; got " + (got.length() > 40 ? got.substring(0, 37) + "..."
                        : got));
            }
            return Optional.of(v.longValue());
        }, v -> true, () -> WireType.type("integer").put("minimum", min).put("maximum", max));
    }
}
