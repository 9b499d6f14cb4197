package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.CapacityModifier;
import dev.sfautoscaler.core.CapacityReader;
import dev.sfautoscaler.core.CapacityReading;
import dev.sfautoscaler.core.DrainCoordinator;
import dev.sfautoscaler.core.DrainInstance;
import dev.sfautoscaler.core.DrainOutcome;
import dev.sfautoscaler.core.DrainProgress;
import dev.sfautoscaler.core.DrainReport;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.ModifyRequest;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleInMode;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.Trigger;
import dev.sfautoscaler.core.TriggerKind;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.port.DrainGateway;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.QueueGauge;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import java.time.Instant;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Our autoscaler, driven the way the deployed workflow drives it, through the real core: an alarm
 * entering ALARM (EventBridge) or a scheduled rule starts an execution; ReadCapacity
 * ({@link CapacityReader}, the live queue as GetQueueAttributes reports it), Decide
 * ({@link ScalingDecider}) and ModifyCapacity ({@link CapacityModifier}, which records the
 * last-change marker on the simulated fleet) run as Lambda tasks; after a change an alarm-driven
 * execution waits {@code settleSeconds}, re-checks the alarm and goes round again while it is still
 * in ALARM, up to {@code maxRounds}. FleetBusy is retried with backoff, CapacityChanged reads and
 * decides again, as the state machine's Retry/Catch do. Each state entered counts as a state
 * transition ({@link WorkflowStates}).
 *
 * <p>A scale-in with {@code policy.scaleIn = drain} (the default; not terminate) drains instead of
 * modifying, through the functions' own {@link DrainCoordinator} on the simulated instances: StartDrain picks the instances, tags
 * them and lowers a fleet's target without terminating anything (an Auto Scaling group keeps its desired
 * capacity), and terminates at once the instances whose worker never announced the contract; after the wait the
 * drain step answers (1 s, then as long as the drain has run, at most {@code drainCheckSeconds}, 5 s by default)
 * CheckDrain reads the tags and the queue and terminates the instances whose workers have reported;
 * FinishDrain terminates the rest of the
 * tagged instances once their workers have reported, {@code drainTimeoutSeconds} has passed, or a
 * scale-out needed meanwhile has cancelled the drain for the instances not yet idle. While a drain runs
 * it is the fleet's one change: the schedule's check starts nothing and other executions change nothing.
 * The workers follow the worker contract in this mode ({@link Plant#workersFollowContract()}).
 *
 * <p>A policy spec's defaults are Terraform's: a one-minute schedule and both backlog alarms with
 * the settings {@code terraform/modules/queue-alarms} deploys ({@code DeployedDefaultsTest} keeps
 * them equal), so what the benchmark calls {@code ours-default} is what {@code terraform apply}
 * deploys without options.
 */
final class OurWorkflow implements Autoscaler {

    static final String FLEET_ID = "sfr-5e1f0000-0000-4000-8000-000000000001";
    static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";
    static final String SCALE_OUT_ALARM = "jobs-backlog-high";
    static final String SCALE_IN_ALARM = "jobs-backlog-low";

    /** One of our two alarms, in the units the Terraform module exposes. */
    record AlarmSettings(List<String> metrics, CloudWatch.Statistic statistic, int periodSeconds,
            int evaluationPeriods, int datapointsToAlarm, CloudWatch.Comparison comparison, double threshold,
            double thresholdPerUnit, CloudWatch.TreatMissingData treatMissingData) {

        /** Absolute threshold, or a multiple of backlogPerUnit when {@code thresholdPerUnit} is set. */
        double thresholdFor(ScalingPolicy p) {
            return thresholdPerUnit > 0 ? Math.max(1, Math.round(thresholdPerUnit * p.backlogPerUnit())) : threshold;
        }

        CloudWatch.AlarmSpec spec(String name, ScalingPolicy p) {
            return new CloudWatch.AlarmSpec(name, metrics, statistic, periodSeconds, evaluationPeriods,
                    datapointsToAlarm, comparison, thresholdFor(p), treatMissingData);
        }
    }

    /** The workflow settings from the execution input, plus how often a schedule starts one (0 = never). */
    record WorkflowSettings(long settleSeconds, int maxRounds, long scheduleSeconds) {
    }

    /**
     * The alarms Terraform deploys by default ({@code create_alarms = true}): scale out on the
     * Maximum of visible messages over 60 s above the fleet's backlogPerUnit, 1 of 1, missing data
     * missing; scale in on at most 0, 3 of 3, missing data notBreaching. They are extra triggers:
     * the one-minute schedule reads the live queue, because a backlog-tracking fleet keeps a standing
     * queue that holds the scale-out alarm in ALARM, so alarm transitions alone stall (see
     * docs/benchmarks).
     */
    static final AlarmSettings DEFAULT_SCALE_OUT = new AlarmSettings(List.of(CloudWatch.VISIBLE),
            CloudWatch.Statistic.Maximum, 60, 1, 1, CloudWatch.Comparison.GreaterThanThreshold, 0, 1.0,
            CloudWatch.TreatMissingData.MISSING);
    static final AlarmSettings DEFAULT_SCALE_IN = new AlarmSettings(List.of(CloudWatch.VISIBLE),
            CloudWatch.Statistic.Maximum, 60, 3, 3, CloudWatch.Comparison.LessThanOrEqualToThreshold, 0, 0,
            CloudWatch.TreatMissingData.NOT_BREACHING);
    /** The state machine's defaults (settleSeconds 60, maxRounds 5) and Terraform's rate(1 minute). */
    static final WorkflowSettings DEFAULT_WORKFLOW = new WorkflowSettings(60, 5, 60);

    private final String name;
    private final ScalingPolicy policy;
    private final AlarmSettings scaleOut;
    private final AlarmSettings scaleIn;
    private final WorkflowSettings workflow;
    private final List<String> decisions = new ArrayList<>();
    private boolean keepDecisions;
    private List<List<String>> statePaths;
    private SplittableRandom jitter;
    private int executionSerial;

    private Sim sim;
    private ScalingDecider decider;
    private CapacityReader reader;
    private CapacityModifier modifier;
    private Optional<LastChange> marker = Optional.empty();
    /** The throughput estimate as the target's tag holds it (its stored form, read back on describe). */
    private Optional<String> estimateTag = Optional.empty();
    private DrainCoordinator drains;
    /** The drain's progress on the target's tag (what the checks terminated so far), while a drain runs. */
    private Optional<DrainProgress> drainProgress = Optional.empty();

    OurWorkflow(String name, ScalingPolicy policy, AlarmSettings scaleOut, AlarmSettings scaleIn,
            WorkflowSettings workflow) {
        this.name = name;
        this.policy = policy;
        this.scaleOut = scaleOut;
        this.scaleIn = scaleIn;
        this.workflow = workflow;
    }

    static OurWorkflow fromJson(String name, WireObject o, Scenario s) {
        ScalingPolicy.Builder b = s.policy().toBuilder();
        // Learning runs: the target wait is the scenario's SLO, and the starting guess a multiple of its
        // hand-tuned backlogPerUnit (4 and 0.25: a guess 4x too high or too low).
        if (o.optionalFlag("sloTargetWait").orElse(false)) {
            b.targetWaitSeconds(s.sloWaitSeconds());
        }
        o.optionalPositiveAmount("backlogPerUnitFactor").ifPresent(f ->
                b.backlogPerUnit(Math.max(1, Math.round(s.policy().backlogPerUnit() * f))));
        WireObject policy = o.objectOrEmpty("policy");
        PolicyFields.apply(policy, b);
        b.scaleOutAlarmName(SCALE_OUT_ALARM).scaleInAlarmName(SCALE_IN_ALARM);
        ScalingPolicy p = policy.build(b::build);
        // Absent: both default alarms, as Terraform's create_alarms = true; false: none (create_alarms = false).
        AlarmSettings out = DEFAULT_SCALE_OUT;
        AlarmSettings in = DEFAULT_SCALE_IN;
        if (o.raw("alarms") != null && o.raw("alarms").isBoolean()) {
            if (!o.raw("alarms").asBoolean()) {
                out = null;
                in = null;
            }
        } else {
            WireObject alarms = o.objectOrEmpty("alarms");
            out = alarm(alarms, "scaleOut", DEFAULT_SCALE_OUT, false);
            in = alarm(alarms, "scaleIn", DEFAULT_SCALE_IN, true);
            alarms.done();
        }
        WireObject w = o.objectOrEmpty("workflow");
        WorkflowSettings ws = new WorkflowSettings(
                w.optionalLongCount("settleSeconds").orElse(DEFAULT_WORKFLOW.settleSeconds()),
                (int) (long) w.optionalPositiveCount("maxRounds").orElse((long) DEFAULT_WORKFLOW.maxRounds()),
                w.optionalLongCount("scheduleSeconds").orElse(DEFAULT_WORKFLOW.scheduleSeconds()));
        w.done();
        // Terraform's validations: a fleet needs a trigger, and step mode acts on alarms only.
        if (ws.scheduleSeconds() == 0 && out == null && in == null) {
            throw w.invalid("scheduleSeconds", "is 0 and there are no alarms: nothing would start an execution; keep "
                    + "the schedule or add an alarm");
        }
        if (p.mode() == ScalingMode.STEP && out == null && in == null) {
            throw o.invalid("alarms", "are needed: step mode acts on its alarms only; give it an alarm");
        }
        return new OurWorkflow(name, p, out, in, ws);
    }

    /** Absent or true: the default alarm. False: no alarm. An object: the default alarm with the object's overrides. */
    private static AlarmSettings alarm(WireObject alarms, String field, AlarmSettings fallback, boolean scaleIn) {
        if (!alarms.has(field)) {
            return fallback;
        }
        if (alarms.raw(field).isBoolean()) {
            return alarms.raw(field).asBoolean() ? fallback : null;
        }
        WireObject a = alarms.object(field);
        List<String> metrics = fallback.metrics();
        if (a.has("metric")) {
            metrics = new ArrayList<>();
            for (String part : a.text("metric").split("\\+")) {
                metrics.add(switch (part.trim()) {
                    case "visible" -> CloudWatch.VISIBLE;
                    case "notVisible" -> CloudWatch.NOT_VISIBLE;
                    case "ageOfOldest" -> CloudWatch.AGE_OF_OLDEST;
                    default -> throw a.invalid("metric",
                            "must be visible, notVisible, visible+notVisible or ageOfOldest; got '" + part + "'");
                });
            }
        }
        CloudWatch.Statistic stat = fallback.statistic();
        if (a.has("statistic")) {
            try {
                stat = CloudWatch.Statistic.valueOf(a.text("statistic"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("statistic", "must be Average, Maximum, Minimum, Sum or SampleCount");
            }
        }
        CloudWatch.Comparison cmp = fallback.comparison();
        if (a.has("comparison")) {
            try {
                cmp = CloudWatch.Comparison.valueOf(a.text("comparison"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("comparison", "must be a CloudWatch ComparisonOperator such as "
                        + "GreaterThanOrEqualToThreshold");
            }
        }
        double threshold = a.optionalNumber("threshold").orElse(fallback.threshold());
        double perUnit = a.has("threshold") ? 0 : fallback.thresholdPerUnit();
        perUnit = a.optionalAmount("thresholdPerUnit").orElse(perUnit);
        int period = (int) (long) a.optionalPositiveCount("periodSeconds").orElse((long) fallback.periodSeconds());
        int n = (int) (long) a.optionalPositiveCount("evaluationPeriods").orElse((long) fallback.evaluationPeriods());
        int m = (int) (long) a.optionalPositiveCount("datapointsToAlarm")
                .orElse((long) (a.has("evaluationPeriods") ? n : fallback.datapointsToAlarm()));
        CloudWatch.TreatMissingData missing = fallback.treatMissingData();
        if (a.has("treatMissingData")) {
            try {
                missing = CloudWatch.TreatMissingData.of(a.text("treatMissingData"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("treatMissingData", "must be missing, ignore, breaching or notBreaching");
            }
            if (scaleIn && missing == CloudWatch.TreatMissingData.BREACHING) {
                // As Terraform's validation: no data is never an empty queue.
                throw a.invalid("treatMissingData", "must not be breaching for the scale-in alarm: "
                        + "it would read a queue without metrics (idle for six hours) as empty");
            }
        }
        a.done();
        return new AlarmSettings(metrics, stat, period, n, m, cmp, threshold, perUnit, missing);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int minCapacity() {
        return policy.minCapacity();
    }

    @Override
    public int maxCapacity() {
        return policy.maxCapacity();
    }

    ScalingPolicy policy() {
        return policy;
    }

    /** The scale-out alarm, null when there is none. */
    AlarmSettings scaleOutAlarm() {
        return scaleOut;
    }

    /** The scale-in alarm, null when there is none. */
    AlarmSettings scaleInAlarm() {
        return scaleIn;
    }

    WorkflowSettings workflow() {
        return workflow;
    }

    /** The alarms this fleet has (each billed per month). */
    int alarmCount() {
        return (scaleOut == null ? 0 : 1) + (scaleIn == null ? 0 : 1);
    }

    /** Keeps every decision's reason (for tests and the what-if trace). */
    OurWorkflow keepDecisions() {
        keepDecisions = true;
        return this;
    }

    List<String> decisions() {
        return decisions;
    }

    /** Keeps the states each execution entered, in order (for tests). */
    OurWorkflow keepStatePaths() {
        statePaths = new ArrayList<>();
        return this;
    }

    /** One list per execution, in start order; empty unless {@link #keepStatePaths()} was called. */
    List<List<String>> statePaths() {
        return statePaths == null ? List.of() : statePaths;
    }

    @Override
    public void start(Sim s) {
        this.sim = s;
        jitter = Streams.of(s.scenario().seed(), Streams.RETRY_JITTER);
        decider = new ScalingDecider(s.clock());
        FleetGateway fleets = new SimFleetGateway();
        // As the deployed gauge (aws/SqsQueueGauge): CloudWatch only when the counts show messages, or on an empty
        // queue when read-capacity asks for it (the keep-alive of a running fleet that may go to zero).
        QueueGauge queues = new QueueGauge() {
            @Override
            public QueueSnapshot read(String url) {
                return new QueueSnapshot(url, s.plant().visibleCount(), s.plant().notVisibleCount(), 0,
                        s.clock().instant());
            }

            @Override
            public QueueSnapshot readWithMetrics(String url) {
                return readWithMetrics(url, false);
            }

            @Override
            public QueueSnapshot readWithMetrics(String url, boolean evenIfEmpty) {
                QueueSnapshot counts = read(url);
                if (counts.counted(true) == 0 && !evenIfEmpty) {
                    return counts;
                }
                // One GetMetricData call: deleted, sent and the age of the oldest message, and a FIFO queue's groups.
                s.stats().metricsRequested += s.plant().fifo() ? 4 : 3;
                return counts.withMetrics(queueMetrics(s));
            }

            @Override
            public Optional<QueueMetrics> metrics(String url) {
                // The static policy's load floor: the same call with ApproximateNumberOfMessagesNotVisible too.
                s.stats().metricsRequested += s.plant().fifo() ? 5 : 4;
                return queueMetrics(s).map(m -> new QueueMetrics(m.periodEnd(), m.periodSeconds(), m.deleted(),
                        m.oldestAgeSeconds(), m.groupsInFlight(), m.fifo(), m.sent(), window(s)));
            }
        };
        reader = new CapacityReader(fleets, queues, s.clock());
        modifier = new CapacityModifier(fleets, s.clock());
        drains = new DrainCoordinator(fleets, new SimDrainGateway(), reader, decider, s.clock());
        if (policy.scaleIn() == ScaleInMode.DRAIN) {
            s.plant().workersFollowContract();
        }
        List<CloudWatch.Alarm> ours = new ArrayList<>();
        if (scaleOut != null) {
            ours.add(s.cloudWatch().alarm(scaleOut.spec(SCALE_OUT_ALARM, policy)));
        }
        if (scaleIn != null) {
            ours.add(s.cloudWatch().alarm(scaleIn.spec(SCALE_IN_ALARM, policy)));
        }
        // EventBridge rule: detail.state.value = ALARM, resources = our alarms.
        for (CloudWatch.Alarm a : ours) {
            a.onChange((alarm, from, to) -> {
                if (to == AlarmState.ALARM) {
                    String id = "evt-" + (++executionSerial);
                    Trigger t = Trigger.alarm(id, alarm.name(), AlarmState.ALARM, s.clock().instant());
                    s.loop().after(s.millis(s.scenario().aws().eventDelaySeconds()), () -> new Execution(t, alarm).begin());
                }
            });
        }
        if (workflow.scheduleSeconds() > 0) {
            long every = workflow.scheduleSeconds() * 1000;
            s.loop().every(every, every, () -> {
                String id = "sched-" + (++executionSerial);
                Trigger t = new Trigger(TriggerKind.SCHEDULE, id, 1, Optional.empty(), Optional.empty(),
                        s.clock().instant());
                s.loop().after(s.millis(s.scenario().aws().eventDelaySeconds()), () -> check(t));
            });
        }
    }

    /**
     * How far back read-capacity's GetMetricData looks for the latest published minute (the functions'
     * {@code CloudWatchQueueMetrics.LOOKBACK}): a queue that stopped publishing hours ago reads as no metrics,
     * not as its last minute before it went quiet.
     */
    static final long METRICS_LOOKBACK_MILLIS = 15 * 60_000;

    /**
     * What read-capacity reads from CloudWatch (GetMetricData): the newest visible minute of
     * NumberOfMessagesDeleted and ApproximateAgeOfOldestMessage, with their lag, within the last
     * {@link #METRICS_LOOKBACK_MILLIS}; nothing for a queue that stopped publishing.
     */
    private static Optional<QueueMetrics> queueMetrics(Sim s) {
        CloudWatch.Datapoint deleted = s.cloudWatch().latest(CloudWatch.DELETED, s.loop().now());
        if (deleted == null || deleted.at() < s.loop().now() - METRICS_LOOKBACK_MILLIS) {
            return Optional.empty();
        }
        CloudWatch.Datapoint age = s.cloudWatch().latest(CloudWatch.AGE_OF_OLDEST, s.loop().now());
        OptionalLong oldest = age == null || age.at() != deleted.at() ? OptionalLong.empty()
                : OptionalLong.of(Math.round(age.value()));
        CloudWatch.Datapoint groups = s.cloudWatch().latest(CloudWatch.GROUPS_IN_FLIGHT, s.loop().now());
        OptionalLong inFlightGroups = groups == null || groups.at() != deleted.at() ? OptionalLong.empty()
                : OptionalLong.of(Math.round(groups.value()));
        CloudWatch.Datapoint sent = s.cloudWatch().latest(CloudWatch.SENT, s.loop().now());
        OptionalLong sentCount = sent == null || sent.at() != deleted.at() ? OptionalLong.empty()
                : OptionalLong.of(Math.round(sent.value()));
        return Optional.of(new QueueMetrics(s.clock().at(deleted.at() + 60_000), 60,
                OptionalLong.of(Math.round(deleted.value())), oldest, inFlightGroups, s.plant().fifo(), sentCount));
    }

    /**
     * The window read-capacity's GetMetricData makes of its lookback ({@code CloudWatchQueueMetrics.window}): every
     * visible minute within {@link #METRICS_LOOKBACK_MILLIS} that has both deletions and an in-flight count.
     */
    static Optional<QueueMetrics.Window> window(Sim s) {
        long now = s.loop().now();
        long from = now - METRICS_LOOKBACK_MILLIS;
        return QueueMetrics.Window.ofMinutes(byMinute(s.cloudWatch().visibleSince(CloudWatch.DELETED, from, now)),
                byMinute(s.cloudWatch().visibleSince(CloudWatch.NOT_VISIBLE, from, now)));
    }

    private static Map<Long, Double> byMinute(List<CloudWatch.Datapoint> datapoints) {
        Map<Long, Double> values = new java.util.LinkedHashMap<>();
        for (CloudWatch.Datapoint d : datapoints) {
            values.put(d.at(), d.value());
        }
        return values;
    }

    /**
     * The schedule's check function: reads and decides in one invocation, and starts the Standard
     * execution (which reads and decides again) only for a change; a check that finds nothing to do
     * starts nothing. (The simulated reads do not fail, and no failure alert is ever open here.)
     */
    private void check(Trigger t) {
        sim.stats().checkCalls++;
        sim.stats().invocations++;
        CapacityReading seen = reader.read(Target.spotFleet(FLEET_ID), QUEUE_URL, policy);
        ScaleDecision d = decider.decide(seen.fleet(), seen.queue(), t, policy, seen.estimate());
        if (!d.isChange() || sim.plant().draining()) {
            if (keepDecisions) {
                decisions.add(sim.clock().at(sim.loop().now()) + " " + t.kind().wireName() + " "
                        + t.dedupKey() + " " + d.reasonCode() + ": " + d.reason());
            }
            return;
        }
        sim.stats().checkStarts++;
        sim.loop().after(sim.millis(sim.scenario().aws().taskSeconds()), () -> new Execution(t, null).begin());
    }

    /**
     * One Step Functions execution, entering the definition's states as {@link WorkflowStates} lists
     * them: a round reads and decides; no change ends the execution; a change modifies (FleetBusy
     * retried as the definition's Retry does, CapacityChanged read and decided again at most twice a
     * round) and notifies; a scheduled execution then ends, an alarm-driven one waits
     * {@code settleSeconds} and goes round again while its alarm is in ALARM, up to {@code maxRounds}.
     */
    private final class Execution {
        private final Trigger trigger;
        private final CloudWatch.Alarm alarm;
        private final List<String> path;
        private int round = 1;
        private int busyRetries;
        private int capacityRechecks;
        private CapacityReading reading;
        private ScaleDecision decision;

        Execution(Trigger trigger, CloudWatch.Alarm alarm) {
            this.trigger = trigger;
            this.alarm = alarm;
            this.path = statePaths == null ? null : new ArrayList<>();
        }

        void begin() {
            sim.stats().executions++;
            if (path != null) {
                statePaths.add(path);
            }
            enter(WorkflowStates.START);
            readCapacity();
        }

        /** Each state entered is one billed state transition. */
        private void enter(List<String> states) {
            sim.stats().transitions += states.size();
            if (alarm != null) {
                sim.stats().alarmStates += states.size();
            }
            if (states == WorkflowStates.CHECK_ALARM) {
                sim.stats().alarmChecks++;
            }
            if (path != null) {
                path.addAll(states);
            }
        }

        private long task() {
            return sim.millis(sim.scenario().aws().taskSeconds());
        }

        private void readCapacity() {
            enter(WorkflowStates.READ);
            sim.stats().invocations++;
            sim.stats().readCapacityCalls++;
            reading = reader.read(Target.spotFleet(FLEET_ID), QUEUE_URL, policy);
            sim.loop().after(task(), this::decide);
        }

        private void decide() {
            enter(WorkflowStates.DECIDE);
            sim.stats().invocations++;
            sim.stats().decideCalls++;
            Trigger current = trigger.inRound(round);
            decision = decider.decide(reading.fleet(), reading.queue(), current, policy, reading.estimate());
            if (keepDecisions) {
                decisions.add(sim.clock().at(sim.loop().now()) + " " + current.kind().wireName() + " "
                        + current.dedupKey() + " " + decision.reasonCode() + ": " + decision.reason());
            }
            if (!decision.isChange() || sim.plant().draining()) {
                enter(WorkflowStates.NO_CHANGE);
            } else if (decision.action() == ScaleAction.SCALE_IN && policy.scaleIn() == ScaleInMode.DRAIN) {
                sim.loop().after(task(), this::startDrain);
            } else {
                sim.loop().after(task(), this::modify);
            }
        }

        /**
         * StartDrain: the drain function's {@code start} ({@link DrainCoordinator}): pick, tag, lower a
         * fleet's target with noTermination; a fleet with no instance to pick is lowered all the same and
         * notified ({@code lowered}). The definition has no Retry for FleetBusy here: it fails.
         */
        private void startDrain() {
            enter(WorkflowStates.DRAIN_START);
            sim.stats().invocations++;
            sim.stats().drainCalls++;
            if (sim.plant().draining()) {
                // Another execution's drain lowered the spot fleet's target since this decision: start answers
                // changed. The re-read finds the drain under way, which this execution then joins (the simulator
                // lets the drain's own execution check it, as a fresh one during a drain ends at NoChange here).
                drainChanged();
                return;
            }
            DrainReport report;
            try {
                report = drains.start(target(), decision.from(), decision.to(), decision.triggerKey(),
                        Optional.ofNullable(decision.askedAt()));
            } catch (FleetBusy e) {
                sim.plant().untag(sim.plant().drainTagged());
                fail();
                return;
            }
            if (report.outcome() == DrainOutcome.LOWERED) {
                // A fleet's target lowered with no instance to drain: DrainStarted? goes to Notify.
                sim.loop().after(task(), this::notifyChange);
                return;
            }
            if (report.outcome() == DrainOutcome.CHANGED) {
                drainChanged();
                return;
            }
            if (report.outcome() != DrainOutcome.STARTED) {
                enter(WorkflowStates.NOTHING_TO_DRAIN);
                return;
            }
            sim.stats().drains++;
            long first = report.withCheckSeconds(policy.drainCheckSeconds()).checkSeconds();
            sim.loop().after(task(), () -> waitForDrain(first));
        }

        /** DrainStarted? on changed: CountDrainRecheck, DrainRecheckAllowed?, then read and decide again. */
        private void drainChanged() {
            enter(WorkflowStates.DRAIN_RECHECK);
            if (++capacityRechecks <= WorkflowStates.MAX_CAPACITY_RECHECKS) {
                readCapacity();
            } else {
                enter(WorkflowStates.NOTHING_TO_DRAIN);
            }
        }

        /** WaitForDrain: the seconds the last drain step answered ({@code $.drain.checkSeconds}). */
        private void waitForDrain(long seconds) {
            enter(WorkflowStates.DRAIN_WAIT);
            sim.loop().after(seconds * 1000, this::checkDrain);
        }

        /** CheckDrain: drained, waiting, timed out, or cancelled by a scale-out needed now. */
        private void checkDrain() {
            enter(WorkflowStates.DRAIN_CHECK);
            busyRetries = 0;
            attemptCheckDrain();
        }

        /**
         * One attempt of the CheckDrain task. FleetBusy (a cancel raising the target while the drain's own
         * lowering still applies) is retried as the definition's Retry says; failing at once left the drain's
         * tags on the idle instances, and no execution ever started again for the fleet.
         */
        private void attemptCheckDrain() {
            sim.stats().invocations++;
            sim.stats().drainCalls++;
            DrainReport report;
            try {
                report = drains.check(target(), QUEUE_URL, policy, trigger.inRound(round).dedupKey());
            } catch (FleetBusy e) {
                retryBusy(this::attemptCheckDrain, this::fail);
                return;
            }
            switch (report.outcome()) {
                case WAITING -> {
                    long next = report.withCheckSeconds(policy.drainCheckSeconds()).checkSeconds();
                    sim.loop().after(task(), () -> waitForDrain(next));
                    return;
                }
                case TIMED_OUT -> sim.stats().drainsTimedOut++;
                case CANCELLED -> sim.stats().drainsCancelled++;
                default -> {
                }
            }
            sim.loop().after(task(), this::finishDrain);
        }

        /** FinishDrain: terminates exactly the instances still tagged, then Notify as after a change. */
        private void finishDrain() {
            enter(WorkflowStates.DRAIN_FINISH);
            sim.stats().invocations++;
            sim.stats().drainCalls++;
            drains.finish(target(), decision.triggerKey());
            sim.loop().after(task(), this::notifyChange);
        }

        /** FleetBusy: the task's Retry (full jitter), then the failure path when the retries are spent. */
        private void retryBusy(Runnable again) {
            retryBusy(again, this::failedModify);
        }

        /** FleetBusy: the task's Retry (full jitter), then {@code spent} when the retries are spent. */
        private void retryBusy(Runnable again, Runnable spent) {
            WorkflowStates.Retry retry = WorkflowStates.FLEET_BUSY_RETRY;
            if (busyRetries < retry.maxAttempts()) {
                long ceiling = retry.ceilingMillis(busyRetries++);
                long wait = retry.fullJitter() ? Math.round(jitter.nextDouble() * ceiling) : ceiling;
                sim.stats().retries++;
                sim.loop().after(wait, again);
            } else {
                spent.run();
            }
        }

        private void modify() {
            enter(WorkflowStates.MODIFY);
            busyRetries = 0;
            attemptModify();
        }

        /** One attempt of the ModifyCapacity task; a Retry repeats it without entering the state again. */
        private void attemptModify() {
            sim.stats().invocations++;
            sim.stats().modifyCalls++;
            try {
                modifier.modify(ModifyRequest.of(decision, false));
                sim.loop().after(task(), this::notifyChange);
            } catch (FleetBusy e) {
                retryBusy(this::attemptModify);
            } catch (CapacityChanged e) {
                enter(WorkflowStates.RECHECK);
                if (++capacityRechecks <= WorkflowStates.MAX_CAPACITY_RECHECKS) {
                    readCapacity();
                } else {
                    fail();
                }
            }
        }

        private void notifyChange() {
            enter(WorkflowStates.NOTIFY);
            sim.stats().invocations++;
            sim.stats().notifyCalls++;
            sim.loop().after(task(), this::anotherRound);
        }

        /** AnotherRound?: scheduled executions (no maxRounds in their input) and the last round end here. */
        private void anotherRound() {
            if (alarm == null || round >= Math.min(workflow.maxRounds(), WorkflowStates.MAX_ROUNDS)) {
                enter(WorkflowStates.DONE);
                return;
            }
            enter(WorkflowStates.SETTLE);
            sim.loop().after(workflow.settleSeconds() * 1000, () -> {
                enter(WorkflowStates.CHECK_ALARM);
                if (alarm.state == AlarmState.ALARM) {
                    enter(WorkflowStates.NEXT_ROUND);
                    round++;
                    capacityRechecks = 0;
                    readCapacity();
                } else {
                    enter(WorkflowStates.ALARM_CLEARED);
                }
            });
        }

        /** ReadFleetNow (a read-capacity invocation), NotifyFailure (a notify invocation), then Failed. */
        private void failedModify() {
            enter(WorkflowStates.MODIFY_FAILURE);
            sim.stats().invocations += 2;
        }

        /** NotifyFailure (a notify invocation), then Failed. */
        private void fail() {
            enter(WorkflowStates.FAILURE);
            sim.stats().invocations++;
            sim.stats().notifyCalls++;
        }
    }

    /** The simulated fleet behind the core's port; the marker lives on the fleet like the real tag. */
    private final class SimFleetGateway implements FleetGateway {
        @Override
        public FleetSnapshot describe(Target target) {
            // The decisions see a spot fleet whatever the plant's kind (the plant plays the kind's
            // differences); the drain's target carries the kind, for what a drain does per kind.
            String fleetId = FLEET_ID;
            Plant p = sim.plant();
            int fulfilled = p.fulfilledCapacity();
            return new FleetSnapshot(fleetId, p.targetCapacity(), fulfilled, 0, 0,
                    p.modifying() ? FleetState.MODIFYING : FleetState.ACTIVE,
                    fulfilled >= p.targetCapacity() ? ActivityStatus.FULFILLED : ActivityStatus.PENDING_FULFILLMENT,
                    FleetType.MAINTAIN, marker).withStoredEstimate(estimateTag.map(ThroughputEstimate::fromWire))
                    // As the gateways read the target's sfautoscaler:drainStartedAt: FinishDrain dates a group's
                    // scale-in at the drain's askedAt from it (without it, at FinishDrain: seconds late, and the
                    // next scale-in found the cooldown that much short).
                    .withDrainStartedAt(drainProgress.map(DrainProgress::askedAt));
        }

        @Override
        public void modify(ModifyCommand command) {
            if (!sim.plant().modify(command.targetCapacity(), command.excessCapacityTerminationPolicy())) {
                throw new FleetBusy(command.fleetId(), FleetState.MODIFYING.wireName());
            }
        }

        @Override
        public void recordChange(Target target, LastChange change) {
            marker = Optional.of(change);
        }

        /** As the tag {@code sfautoscaler:throughput}: stored in its wire form, read back from it. */
        @Override
        public void recordEstimate(Target target, ThroughputEstimate estimate) {
            estimateTag = Optional.of(estimate.toWire());
        }
    }

    /** The simulated target, of the scenario's kind. */
    private Target target() {
        return switch (sim.scenario().plant().target()) {
            case SPOT_FLEET -> Target.spotFleet(FLEET_ID);
            case EC2_FLEET -> new Target(TargetKind.EC2_FLEET, "fleet-5e1f0000-0000-4000-8000-000000000001");
            case AUTO_SCALING_GROUP -> new Target(TargetKind.AUTO_SCALING_GROUP, "sim-workers");
        };
    }

    /** The plant's instances behind the drain function's port; their tags are the plant's flags. */
    private final class SimDrainGateway implements DrainGateway {
        @Override
        public List<DrainInstance> instances(Target target) {
            List<DrainInstance> out = new ArrayList<>();
            Plant p = sim.plant();
            for (Plant.Instance i : p.listedInstances()) {
                out.add(new DrainInstance(i.id(), 1, sim.clock().at(i.listedAt()), hint(p.busyHint(i)),
                        i.drainTagged ? Optional.of(tagTime(i.drainTaggedAt)) : Optional.empty(),
                        i.drainedAt >= 0 ? Optional.of(tagTime(i.drainedAt)) : Optional.empty(), p.announced(i)));
            }
            return out;
        }

        private Instant tagTime(long millis) {
            return sim.clock().at(millis).truncatedTo(ChronoUnit.SECONDS);
        }

        private DrainInstance.BusyHint hint(Plant.DrainHint h) {
            return switch (h) {
                case IDLE -> DrainInstance.BusyHint.IDLE;
                case BUSY -> DrainInstance.BusyHint.BUSY;
                case UNKNOWN -> DrainInstance.BusyHint.UNKNOWN;
            };
        }

        @Override
        public void markDraining(Target target, List<String> instanceIds, Instant startedAt) {
            sim.plant().drain(sim.plant().byIds(instanceIds));
        }

        @Override
        public void unmark(Target target, List<String> instanceIds) {
            sim.plant().untag(sim.plant().byIds(instanceIds));
        }

        @Override
        public void terminate(Target target, List<DrainInstance> instances) {
            sim.plant().terminate(sim.plant().byIds(instances.stream().map(DrainInstance::id).toList()));
        }

        /**
         * The target's {@code sfautoscaler:drainStartedAt} with the drain's askedAt, as the real gateway writes it at
         * StartDrain: FinishDrain dates a group's scale-in from it (without it, at FinishDrain, seconds after the
         * tick, and the next scale-in found the cooldown that much short).
         */
        @Override
        public void markTargetDraining(Target target, Instant startedAt) {
            drainProgress = Optional.of(DrainProgress.none(startedAt));
        }

        /** The target's {@code sfautoscaler:drainStartedAt}, as the real gateway keeps it on the target. */
        @Override
        public void recordProgress(Target target, DrainProgress progress) {
            drainProgress = Optional.of(progress);
        }

        @Override
        public Optional<DrainProgress> progress(Target target) {
            return drainProgress;
        }

        @Override
        public void unmarkTarget(Target target) {
            drainProgress = Optional.empty();
        }
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "ours");
        m.put("policy", PolicyFields.toMap(policy));
        m.put("scaleOutAlarm", scaleOut == null ? "none" : scaleOut.spec(SCALE_OUT_ALARM, policy).describe());
        m.put("scaleInAlarm", scaleIn == null ? "none" : scaleIn.spec(SCALE_IN_ALARM, policy).describe());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("settleSeconds", workflow.settleSeconds());
        w.put("maxRounds", workflow.maxRounds());
        w.put("scheduleSeconds", workflow.scheduleSeconds());
        m.put("workflow", w);
        return m;
    }
}
