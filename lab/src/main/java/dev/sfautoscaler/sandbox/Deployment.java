package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.GuardBounds;
import dev.sfautoscaler.core.ScaleInMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.sim.Scenario;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox deploys in the emulator, as the Terraform root module deploys it by default: the
 * queue, the notification topic, the target of the kind asked for ({@link SandboxTarget}: a maintain
 * spot fleet by default), the state table (leases, failure alerts, and the fleet's guard item, which Terraform
 * writes: the policy's bounds), the two backlog alarms (unless
 * {@code ALARMS=0}), the state machine, the alarms' EventBridge rule, and the execution input the
 * fleet-trigger module renders, every time setting divided by the speed.
 */
final class Deployment {

    static final String PREFIX = AutoscalerWorkflow.FUNCTION_PREFIX;
    static final String QUEUE = "jobs";
    static final String TOPIC = PREFIX + "-notifications";
    /** The state table (fleet leases, failure alerts), as Terraform names it. */
    static final String STATE_TABLE = PREFIX + "-state";
    /** The queue subscribed to the topic: it receives the notifications, as a person's e-mail would. */
    static final String SUBSCRIBER = "sandbox-notifications";
    static final String SCALE_OUT_ALARM = PREFIX + "-" + QUEUE + "-backlog-high";
    static final String SCALE_IN_ALARM = PREFIX + "-" + QUEUE + "-backlog-low";
    static final Path PATTERN = Path.of("statemachine", "alarm-event-pattern.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    final String queueUrl;
    /** The target's id: the spot fleet's or EC2 Fleet's id, or the Auto Scaling group's name. */
    final String fleetId;
    final SandboxTarget target;
    final AutoscalerWorkflow workflow;
    final EmulatedCloudWatch cloudWatch;
    /** The alarms' rule, null without alarms. */
    final EventBridgeRule rule;
    /** The alarms as created, each with its evaluation state; empty without alarms. */
    final List<QueueAlarm> alarms;
    /** The execution input without the event. */
    final ObjectNode fleetInput;

    private final Sandbox.Options options;
    private final Scenario scenario;
    private final Workload workload;
    private final TimeScale time;

    private Deployment(Sandbox.Options options, Scenario scenario, Workload workload, TimeScale time,
            String queueUrl, SandboxTarget target, AutoscalerWorkflow workflow, EmulatedCloudWatch cloudWatch,
            List<QueueAlarm> alarms) {
        this.options = options;
        this.scenario = scenario;
        this.workload = workload;
        this.time = time;
        this.queueUrl = queueUrl;
        this.target = target;
        this.fleetId = target.id();
        this.workflow = workflow;
        this.cloudWatch = cloudWatch;
        this.alarms = List.copyOf(alarms);
        this.fleetInput = fleetInput();
        this.rule = options.alarms() ? new EventBridgeRule(PATTERN, alarms.stream()
                .map(a -> EmulatedCloudWatch.alarmArn(a.spec().name())).toList(), fleetInput) : null;
    }

    /** The topic's ARN, known before it exists: the functions are told it while the emulator is provisioned. */
    static String topicArn() {
        return AwsFixtures.topicArn(TOPIC);
    }

    /**
     * The functions' configuration, as Terraform sets it, with every AWS client pointed at the emulator:
     * the state table, which also holds the guard bounds ({@link #provision} writes the fleet's item).
     */
    static Map<String, String> functionEnvironment(String endpoint, long queueMetricsPeriodSeconds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
        env.put("AUTOSCALER_NOTIFY_TOPIC_ARN", topicArn());
        env.put("AUTOSCALER_STATE_TABLE", STATE_TABLE);
        env.put("AUTOSCALER_GUARD_BOUNDS", GuardBounds.IN_STATE_TABLE);
        env.put("AUTOSCALER_DYNAMODB_ENDPOINT_OVERRIDE", endpoint);
        env.put("AUTOSCALER_EC2_ENDPOINT_OVERRIDE", endpoint);
        env.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", endpoint);
        env.put("QUARKUS_SNS_ENDPOINT_OVERRIDE", endpoint);
        // check starts the state machine AutoscalerWorkflow.deploy creates (its name is the prefix).
        // The queue's SQS metrics come per simulated minute (QueueMetricsPublisher), in real seconds.
        env.put("AUTOSCALER_QUEUE_METRICS_PERIOD_SECONDS", Long.toString(queueMetricsPeriodSeconds));
        env.put("AUTOSCALER_STATE_MACHINE_ARN", "arn:aws:states:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                + ":stateMachine:" + PREFIX);
        return env;
    }

    /** The target, first: the state table's guard item names it. */
    static SandboxTarget createTarget(AwsFixtures aws, TargetKind kind, Scenario scenario, ScalingPolicy policy) {
        return SandboxTarget.create(aws, kind, scenario.plant().initialCapacity(), policy.maxCapacity());
    }

    /** Creates everything else in the emulator. */
    static Deployment provision(MotoServer moto, AwsFixtures aws, Sandbox.Options options, Scenario scenario,
            Workload workload, TimeScale time, SandboxTarget target) {
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        String queueUrl = aws.createQueue(QUEUE);
        String created = aws.createTopic(TOPIC);
        if (!created.equals(topicArn())) {
            throw new IllegalStateException("the topic is " + created + ", the functions were told " + topicArn());
        }
        aws.createStateTable(STATE_TABLE);
        // As Terraform's aws_dynamodb_table_item.guard: the fleet's guard, by default the policy's bounds.
        aws.putStateItem(STATE_TABLE, Map.of("pk", "guard#" + target.id(), "min", workload.policy().minCapacity(),
                "max", workload.policy().maxCapacity(), "fleet", QUEUE));
        EmulatedCloudWatch cloudWatch = new EmulatedCloudWatch(moto.endpoint());
        ScalingPolicy policy = workload.policy();
        Instant now = Instant.now();
        List<QueueAlarm> alarms = new ArrayList<>();
        if (options.alarms()) {
            // As the queue-alarms module: the scale-out threshold is the fleet's backlogPerUnit.
            alarms.add(new QueueAlarm(new QueueAlarm.Spec(SCALE_OUT_ALARM, "Backlog of SQS queue " + QUEUE
                    + " is high: the autoscaler adds capacity.", QueueAlarm.Statistic.Maximum, 60,
                    options.scaleOutPeriods(), options.scaleOutPeriods(), QueueAlarm.Comparison.GreaterThanThreshold,
                    policy.backlogPerUnit()), now));
            alarms.add(new QueueAlarm(new QueueAlarm.Spec(SCALE_IN_ALARM, "Backlog of SQS queue " + QUEUE
                    + " is low: the autoscaler removes capacity.", QueueAlarm.Statistic.Maximum, 60,
                    options.scaleInPeriods(), options.scaleInPeriods(),
                    QueueAlarm.Comparison.LessThanOrEqualToThreshold, 0), now));
        }
        for (QueueAlarm a : alarms) {
            cloudWatch.putMetricAlarm(a.spec(), QUEUE);
        }
        AutoscalerWorkflow workflow;
        try {
            workflow = AutoscalerWorkflow.deploy(moto.endpoint(), MotoServer.REGION, MotoServer.ACCOUNT);
        } catch (IllegalStateException e) {
            throw new SandboxException("cannot create the state machine: " + Sandbox.firstLine(e.getMessage()), e);
        }
        return new Deployment(options, scenario, workload, time, queueUrl, target, workflow, cloudWatch, alarms);
    }

    /**
     * The execution input without the event, as the fleet-trigger Terraform module renders it:
     * the target (kind and id), the scenario's policy with the alarm names, every time setting
     * divided by the speed.
     */
    private ObjectNode fleetInput() {
        ScalingPolicy policy = workload.policy();
        ObjectNode input = JSON.createObjectNode();
        input.set("target", targetNode());
        input.put("queueUrl", queueUrl);
        ObjectNode p;
        try {
            p = (ObjectNode) JSON.readTree(scenario.policySource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // scaleIn as the scenario says, else the product's default (drain): the sandbox's workers follow
        // docs/workers.md, so a scale-in drains the instances that leave and loses no work.
        // The functions take no default bounds: the scenario's, as the simulator resolved them.
        p.put("minCapacity", policy.minCapacity());
        p.put("maxCapacity", policy.maxCapacity());
        p.put("backlogPerUnit", policy.backlogPerUnit());
        p.put("activationBacklog", policy.activationBacklog());
        p.put("scaleOutCooldownSeconds", time.wholeRealSeconds(policy.scaleOutCooldownSeconds()));
        p.put("scaleInCooldownSeconds", time.wholeRealSeconds(policy.scaleInCooldownSeconds()));
        p.put("maxQueueDataAgeSeconds", time.wholeRealSeconds(policy.maxQueueDataAgeSeconds()));
        // The wait to size for, like every time setting; the functions then learn and show the estimate.
        if (policy.targetWaitSeconds().isPresent()) {
            p.put("targetWaitSeconds", time.wholeRealSeconds(policy.targetWaitSeconds().get()));
        }
        // A drain's timeout and the wait between its looks (WaitForDrain), like every time setting (the
        // functions take whole seconds, at least 1).
        p.put("drainTimeoutSeconds", Math.max(1, time.wholeRealSeconds(policy.drainTimeoutSeconds())));
        p.put("drainCheckSeconds", Math.max(1, Math.min(ScalingPolicy.DRAIN_CHECK_LIMIT,
                time.wholeRealSeconds(policy.drainCheckSeconds()))));
        if (options.alarms()) {
            p.put("scaleOutAlarmName", SCALE_OUT_ALARM);
            p.put("scaleInAlarmName", SCALE_IN_ALARM);
        }
        input.set("policy", p);
        ObjectNode w = input.putObject("workflow");
        w.put("settleSeconds", Math.max(1, time.wholeRealSeconds(options.settleSeconds())));
        w.put("maxRounds", options.maxRounds());
        w.put("notifyNoChange", false);
        input.put("dryRun", false);
        return input;
    }

    /** The target as the execution input names it: {@code {"kind": ..., "id": ...}}. */
    ObjectNode targetNode() {
        return JSON.createObjectNode().put("kind", target.kind().wireName()).put("id", fleetId);
    }

    /** The header's lines about what is deployed, with the time settings in effect. */
    List<String> describe() {
        ScalingPolicy policy = workload.policy();
        Scenario.Plant plant = scenario.plant();
        List<String> lines = new ArrayList<>();
        lines.add((target.kind() == TargetKind.AUTO_SCALING_GROUP ? "Group      " : "Fleet      ")
                + target.describe() + ", " + plant.initialCapacity() + " unit(s) at the start; "
                + "moto launches a new instance at once, which takes messages after Spot fulfilment ("
                + QueueAlarm.number(plant.fulfilmentMinSeconds()) + "-" + QueueAlarm.number(plant.fulfilmentMaxSeconds())
                + " s) and boot (" + QueueAlarm.number(plant.bootSeconds()) + " s), then works one message at a time, "
                + QueueAlarm.number(workload.processing().meanSeconds()) + " s each ("
                + plant.processing().distribution() + ")" + (target.kind() == TargetKind.SPOT_FLEET ? ""
                        : "; an instance of 4 units runs 4 workers"));
        if (workload.jobsPerMessage() > 1) {
            lines.add("Batching   the scenario sends up to " + workload.peakPerMinute() + " messages a simulated minute, "
                    + "more than the emulator's queue keeps up with at this speed: each SQS message carries "
                    + workload.jobsPerMessage() + " of them (processing and backlog per unit scaled to match)");
        }
        lines.add("Policy     " + policy.mode().wireName() + ", capacity " + policy.minCapacity() + ".."
                + policy.maxCapacity() + ", " + policy.backlogPerUnit() + " messages per unit, cooldowns: scale-out "
                + time.effective(policy.scaleOutCooldownSeconds()) + " s, scale-in "
                + time.effective(policy.scaleInCooldownSeconds()) + " s");
        lines.add(policy.scaleIn() == ScaleInMode.DRAIN
                ? "Scale-in   drain (docs/workers.md): the instances that leave are tagged sfautoscaler:drain, their"
                        + " workers stop receiving and report idle, then exactly those are terminated; a look every "
                        + time.effective(policy.drainCheckSeconds()) + " s, at most " + time.effective(
                                policy.drainTimeoutSeconds()) + " s"
                : "Scale-in   terminate: the target is lowered and AWS picks the instances that leave");
        lines.add("Workers    follow docs/workers.md: each reads its instance's sfautoscaler:drain tag from instance "
                + "metadata (the sandbox's stand-in: moto's tags, one DescribeTags every " + QueueAlarm.number(
                        InstanceMetadata.refreshSimulatedSeconds(time)) + " s) before every ReceiveMessage, long-polls "
                + QueueAlarm.number(WorkerPool.LONG_POLL_SECONDS) + " s");
        for (QueueAlarm a : alarms) {
            lines.add("Alarm      " + a.spec().name() + ": " + a.spec().describe());
        }
        if (options.alarms()) {
            lines.add("Rule       " + PATTERN + " + the two alarms' ARNs as resources, matched by event-ruler: an "
                    + "alarm entering ALARM starts an execution with the input transformer's input");
        } else {
            lines.add("Alarms     none (ALARMS=0, as with create_alarms = false)");
        }
        lines.add("Schedule   " + (options.scheduleSeconds() > 0 ? "a check every " + options.scheduleSeconds()
                + " s (EventBridge rate(" + (options.scheduleSeconds() % 60 == 0 ? options.scheduleSeconds() / 60
                        + " minute" + (options.scheduleSeconds() == 60 ? "" : "s") : options.scheduleSeconds()
                        + " seconds") + ")), at :30 of the minute: it reads and decides, and starts an execution"
                + " only for a change" : "none (SCHEDULE=0)"));
        lines.add("Workflow   settle " + time.effective(options.settleSeconds()) + " s, at most " + options.maxRounds()
                + " rounds per alarm-driven execution");
        return lines;
    }
}
