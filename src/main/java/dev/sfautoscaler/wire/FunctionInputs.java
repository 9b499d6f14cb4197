package dev.sfautoscaler.wire;

import static dev.sfautoscaler.wire.WireField.optional;
import static dev.sfautoscaler.wire.WireField.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScalingPolicy;
import java.util.List;

/**
 * The input of each function and of the workflow, as shapes for their JSON Schemas; the handlers
 * read the same fields ({@link WireReader}, {@link PolicyFields}).
 */
public final class FunctionInputs {

    private FunctionInputs() {
    }

    static final WireField<String> FLEET_ID = WireReader.FLEET_ID;
    static final WireField<String> QUEUE_URL = WireReader.QUEUE_URL;
    static final WireField<ScalingPolicy> POLICY = required("policy", PolicyFields.POLICY,
            "the fleet's scaling policy; minCapacity and maxCapacity are required");
    static final WireField<WireObject> ALARM_EVENT = optional("alarmEvent",
            WireType.object(WireReader.ALARM_EVENT, o -> o), "alarm-driven executions: the EventBridge event");
    static final WireField<WireObject> SCHEDULED_EVENT = optional("scheduledEvent",
            WireType.object(WireReader.SCHEDULED_EVENT, o -> o), "scheduled executions: the EventBridge event");

    public static final WireShape READ_CAPACITY = WireShape.open("read-capacity: the fleet and the queue to read; "
            + "other fields are ignored", FLEET_ID, QUEUE_URL);

    public static final WireShape DECIDE = WireShape.open("decide: read-capacity's fleet and queue, the policy, and "
            + "what triggered the evaluation (the alarm event, else the scheduled event, else a manual trigger "
            + "named by executionName)",
            required("fleet", WireType.object(WireReader.FLEET, o -> o), null),
            optional("queue", WireType.object(WireReader.QUEUE, o -> o), null),
            POLICY,
            optional("round", WireType.COUNT.described(s -> s.put("minimum", 1)),
                    "the workflow's round, from 1"),
            ALARM_EVENT, SCHEDULED_EVENT,
            optional("executionName", WireType.TEXT, "a manual trigger's id: the execution's name"));

    public static final WireShape MODIFY = WireShape.open("modify: decide's output and whether to change anything",
            required("decision", WireType.object(WireReader.DECISION_TO_APPLY, o -> o), null),
            WireReader.DRY_RUN);

    public static final WireShape NOTIFY = WireShape.open("notify: how the evaluation ended and as far as it got",
            FLEET_ID,
            required("outcome", WireType.choice(WireEnum.OUTCOME), "scaled and dry-run need decision or modify; "
                    + "failed needs failure"),
            optional("decision", WireType.object(WireReader.DECISION, o -> o), null),
            optional("modify", WireType.object(WireReader.MODIFY_OUTCOME, o -> o), null),
            optional("failure", WireType.object(WireReader.FAILURE, o -> o), null),
            optional("executionId", WireType.TEXT, "the Step Functions execution, for a link to its history"));

    /** Fields of the workflow's own state: an execution input must not set them. */
    public static final List<String> WORKFLOW_STATE = List.of("capacity", "decision", "modify", "changeOutcome",
            "loop", "notification", "error");

    /**
     * The execution input. Its {@code workflow} and {@code dryRun} are read by the state machine
     * itself (states {@code ApplyDefaults}, {@code ScaleNeeded?}, {@code CheckSettings}), so their
     * schema says what those states accept: no nulls.
     */
    public static WireShape execution() {
        ObjectNode workflow = WireType.type("object").put("description", "the workflow's own settings; a bad value "
                + "fails the execution with InvalidInput before anything changes");
        ObjectNode settings = workflow.putObject("properties");
        settings.set("settleSeconds", WireType.type("integer").put("minimum", 0).put("default", 60)
                .put("description", "wait after a change before looking again (whole seconds)"));
        settings.set("maxRounds", WireType.type("integer").put("minimum", 1)
                .put("description", "rounds one execution may make (never more than 10); default 5 alarm-driven, "
                        + "1 scheduled and manual"));
        settings.set("notifyNoChange", WireType.type("boolean").put("default", false)
                .put("description", "also notify when the policy wants no change"));
        WireShape shape = WireShape.open("The input of one execution of the autoscaler state machine. Fields left out "
                + "take the defaults of the state ApplyDefaults; the policy's own defaults (all but its bounds) are "
                + "applied by decide.",
                FLEET_ID, QUEUE_URL, POLICY, ALARM_EVENT, SCHEDULED_EVENT)
                .with("workflow", workflow)
                .with("dryRun", WireType.type("boolean").put("default", false)
                        .put("description", "decide and report, change nothing"));
        for (String name : WORKFLOW_STATE) {
            ObjectNode forbidden = WireType.JSON.objectNode()
                    .put("description", "the workflow's own state: an input must not set it");
            forbidden.putObject("not");
            shape = shape.with(name, forbidden);
        }
        return shape;
    }
}
