package dev.sfautoscaler.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The control loop's bill: what one fleet's executions, functions, alarms, logs and traces cost at
 * the list prices of {@link PriceList}, as Terraform deploys it without options
 * ({@link Deployed}, which {@code ControlLoopBillTest} checks against
 * {@code terraform/modules/autoscaler}). Not on it: the fleet's instances and the queue's own
 * traffic (the workers'), which the benchmark measures as capacity.
 */
final class ControlLoopBill {

    /** A month, as the bill counts one: 30 days. */
    static final double MONTH_SECONDS = 30 * 86_400.0;

    /**
     * What Terraform deploys by default, as far as the bill is concerned. Each value is stated here
     * next to the file it comes from; {@code ControlLoopBillTest} reads the files and fails when they
     * part.
     *
     * @param runtimeMode               {@code runtime_mode} (variables.tf): native
     * @param architecture              {@code architectures} (variables.tf): x86_64
     * @param memoryMb                  {@code coalesce(var.memory_size, native ? 256 : 1024)} (main.tf)
     * @param lambdaTracing             {@code lambda_tracing_mode} (variables.tf): Active
     * @param stateMachineTracing       {@code tracing_configuration.enabled} (state-machine.tf)
     * @param stateMachineLogLevel      {@code state_machine_log_level} (variables.tf): ALL
     * @param includeExecutionData      {@code state_machine_include_execution_data} (variables.tf)
     * @param logRetentionDays          {@code log_retention_in_days} (variables.tf)
     * @param scheduleSeconds           the fleets' {@code schedule_expression}: rate(1 minute)
     * @param alarmsPerFleet            {@code create_alarms} and {@code create_scale_in_alarm}, both true
     * @param deploymentAlarms          alarms per deployment: the dead-letter queue's, the state machine's
     *                                  executions-failed alarm (issue 16's second channel) and the check
     *                                  function's errors alarm, all on by default
     * @param deploymentKmsKeys         the notifications module's key
     * @param checkTracing              {@code check_tracing_mode} (variables.tf): PassThrough, no trace of a
     *                                  check (the executions it starts are traced by the state machine)
     * @param metricsOn                 decide's metrics (AUTOSCALER_METRICS, metrics_enabled, on by default): billed on
     *                                  their own lines, {@link #metrics}
     */
    record Deployed(String runtimeMode, String architecture, int memoryMb, String lambdaTracing,
            boolean stateMachineTracing, String stateMachineLogLevel, boolean includeExecutionData,
            int logRetentionDays, int scheduleSeconds, int alarmsPerFleet, int deploymentAlarms,
            int deploymentKmsKeys, String checkTracing, boolean metricsOn) {

        double gb() {
            return memoryMb / 1024.0;
        }

        PriceList.Price gbSecond() {
            return architecture.equals("arm64") ? PriceList.LAMBDA_GB_SECOND_ARM : PriceList.LAMBDA_GB_SECOND_X86;
        }
    }

    static final Deployed DEPLOYED = new Deployed("native", "x86_64", 256, "Active", true, "ALL", true, 30, 60, 2, 3,
            1, "PassThrough", true);

    /**
     * Billed duration of one warm invocation, in milliseconds: an assumption, not a measurement
     * (nothing in this repository measures the native functions on AWS). Native binary, 256 MB,
     * x86_64, in the region of the fleet: read-capacity makes three AWS calls (DescribeSpotFleetRequests,
     * DescribeTags, GetQueueAttributes; issue 16 adds a DynamoDB GetItem), decide none, modify four
     * to five (describe twice, ModifySpotFleetRequest, CreateTags; issue 16 adds the lease's PutItem
     * and DeleteItem and a second describe), notify one SNS Publish. About 30 to 40 ms per call.
     * Cold starts (a native start is a few hundred ms, billed) are left out: a function called every
     * minute stays warm most of the time.
     */
    static final int READ_CAPACITY_MS = 150;
    static final int DECIDE_MS = 10;
    static final int MODIFY_MS = 400;
    static final int NOTIFY_MS = 120;
    /**
     * drain, one step: DescribeInstances and the target's describe (instances and weights), then tags
     * (StartDrain), the queue read and a decision (CheckDrain) or TerminateInstances (FinishDrain); three to
     * five calls, as read-capacity and modify make.
     */
    static final int DRAIN_MS = 200;
    /**
     * check: read-capacity's calls (DescribeSpotFleetRequests, DescribeTags, GetQueueAttributes,
     * GetItem) and decide in one warm process, and a StartExecution when it starts one: read-capacity's
     * and decide's durations together. An assumption as the others are: in the emulator, on a laptop,
     * a warm JVM check takes 30 to 60 ms (CheckScenariosTest), which says nothing of AWS's latency.
     */
    static final int CHECK_MS = READ_CAPACITY_MS + DECIDE_MS;
    /**
     * check's log per invocation: the Lambda service's START, END and REPORT lines, and its one JSON line
     * with the decision (measured in CheckScenariosTest: 280 bytes for "no change" with a short sentence;
     * 400 allows for the longer sentences of cooldowns and bounds).
     */
    static final int CHECK_LOG_BYTES_PER_INVOCATION = 330 + 400;
    /** Of which the Lambda service's START, END and REPORT lines, once per invocation whatever it checks. */
    static final int CHECK_SERVICE_LOG_BYTES = 330;

    /**
     * Fleets one check invocation reads and decides together: Terraform's schedule_fleets_per_check
     * (modules/schedule-groups), one rule target each, five targets a rule.
     */
    static final int FLEETS_PER_CHECK = 20;
    /** EventBridge's targets per rule. */
    static final int TARGETS_PER_RULE = 5;

    /** Check invocations per fleet and tick in a deployment of {@code fleets} on one schedule. */
    static double checkInvocationsPerFleet(int fleets) {
        return Math.ceil(fleets / (double) FLEETS_PER_CHECK) / fleets;
    }

    /** The deployment's schedule rules for {@code fleets} on one schedule expression. */
    static int scheduleRules(int fleets) {
        return (int) Math.ceil(Math.ceil(fleets / (double) FLEETS_PER_CHECK) / TARGETS_PER_RULE);
    }

    /**
     * Bytes the state machine's CloudWatch log receives per state entered, at level ALL with execution
     * data: a state logs its entry and exit with the whole state document, a task also its scheduled,
     * started and succeeded events with the function's input and output, so the bytes grow with the
     * document. Measured by {@code ControlLoopBillIT} from the emulator's execution histories with the
     * payloads of {@code docs/functions.md} (31 KB for an execution without a change, 69 KB for one
     * that scales, 148 KB for an alarm-started one that scales and waits, after issues 16 and 12 added
     * the execution input, the failure alert and the target kind to the documents); it fails when a path's
     * measured bytes are more than 35% off these. An alarm-started execution carries the alarm's event
     * (about 2.5 KB) in every state document, a scheduled one the schedule's (0.4 KB).
     */
    static final int SCHEDULED_LOG_BYTES_PER_STATE = 5_400;
    static final int ALARM_LOG_BYTES_PER_STATE = 9_400;

    /** The state machine's log bytes for {@code usage}'s states entered. */
    static double stateMachineLogBytes(ControlLoopUsage usage) {
        return (usage.statesEntered() - usage.alarmStates()) * (double) SCHEDULED_LOG_BYTES_PER_STATE
                + usage.alarmStates() * (double) ALARM_LOG_BYTES_PER_STATE;
    }
    /** The Lambda service's START, END and REPORT lines per invocation (the functions log nothing else). */
    static final int FUNCTION_LOG_BYTES_PER_INVOCATION = 330;

    /** The X-Ray default sampling rule: the first request each second, then 5% of the others. */
    static final double XRAY_RESERVOIR_PER_SECOND = 1;
    static final double XRAY_FIXED_RATE = 0.05;

    /**
     * One simulated fleet's control loop: its counts over the run, its alarms, its schedule.
     *
     * @param usage           what the run used
     * @param alarms          the fleet's alarms (billed per month)
     * @param scheduleSeconds the schedule's period, 0 without a schedule
     */
    record Run(ControlLoopUsage usage, int alarms, long scheduleSeconds) {

        /** The run's counts repeated for 30 days, plus the alarms for the month. */
        double monthlyUsd() {
            return ControlLoopBill.monthlyUsd(usage, alarms);
        }

        /** No change for a month: only the schedule's checks, and the alarms. */
        List<Line> atRest() {
            ControlLoopUsage rest = scheduleSeconds == 0
                    ? new ControlLoopUsage(MONTH_SECONDS, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                    : ControlLoopBill.atRest((int) scheduleSeconds);
            return monthly(rest, alarms);
        }

        /** {@link #monthlyUsd} as the design before check would have billed the same run. */
        double beforeCheckMonthlyUsd() {
            return ControlLoopBill.monthlyUsd(usage.beforeCheck(), alarms);
        }

        /** {@link #atRest} before check: a Standard execution every tick. */
        double beforeCheckAtRestUsd() {
            return scheduleSeconds == 0 ? total(atRest())
                    : ControlLoopBill.monthlyUsd(ControlLoopBill.atRestBeforeCheck((int) scheduleSeconds), alarms);
        }
    }

    /** One line of the bill: a service, what was counted, the quantity and its price. */
    record Line(String service, String what, double quantity, PriceList.Price price, double usd) {
    }

    private ControlLoopBill() {
    }

    /** The monthly bill of {@code usage} repeated for 30 days, plus {@code alarms} alarms for the month. */
    static List<Line> monthly(ControlLoopUsage usage, int alarms) {
        if (usage.seconds() <= 0) {
            throw new IllegalArgumentException("usage over " + usage.seconds() + " s cannot be scaled to a month");
        }
        return lines(usage, MONTH_SECONDS / usage.seconds(), alarms, 1);
    }

    /** {@link #monthly} in USD. */
    static double monthlyUsd(ControlLoopUsage usage, int alarms) {
        return total(monthly(usage, alarms));
    }

    static double total(List<Line> lines) {
        double sum = 0;
        for (Line l : lines) {
            sum += l.usd();
        }
        return sum;
    }

    /**
     * A fleet at rest for a month: a schedule every {@code scheduleSeconds} whose check finds nothing to
     * change and starts no execution.
     */
    static ControlLoopUsage atRest(int scheduleSeconds) {
        long ticks = Math.round(MONTH_SECONDS / scheduleSeconds);
        return ExecutionPaths.CHECK_NO_CHANGE.usage().repeated(ticks, MONTH_SECONDS);
    }

    /** At rest before check: the schedule started a Standard execution every tick. */
    static ControlLoopUsage atRestBeforeCheck(int scheduleSeconds) {
        long executions = Math.round(MONTH_SECONDS / scheduleSeconds);
        return ExecutionPaths.NO_CHANGE.usage().repeated(executions, MONTH_SECONDS);
    }

    /**
     * X-Ray traces recorded of {@code executions} evenly spread over {@code seconds}, under the default
     * sampling rule (every execution is one trace: the state machine's tracing passes its trace to the
     * functions).
     */
    static double tracesRecorded(double executions, double seconds) {
        double perSecond = executions / seconds;
        double recorded = Math.min(perSecond, XRAY_RESERVOIR_PER_SECOND)
                + XRAY_FIXED_RATE * Math.max(0, perSecond - XRAY_RESERVOIR_PER_SECOND);
        return recorded * seconds;
    }

    /**
     * The bill of {@code fleets} fleets with {@code usage} each, every count scaled by {@code scale}
     * (a run's counts to a month), and {@code alarms} alarm-months.
     */
    static List<Line> lines(ControlLoopUsage usage, double scale, int alarms, int fleets) {
        Deployed d = DEPLOYED;
        double executions = usage.executions() * scale * fleets;
        double transitions = usage.billedTransitions() * scale * fleets;
        double read = usage.readCapacity() * scale * fleets;
        double decide = usage.decide() * scale * fleets;
        double modify = usage.modify() * scale * fleets;
        double notify = usage.notifyCalls() * scale * fleets;
        double drain = usage.drain() * scale * fleets;
        double checks = usage.checks() * scale * fleets;
        // A check invocation reads and decides up to FLEETS_PER_CHECK fleets: one request for them all.
        double checkInvocations = checks * checkInvocationsPerFleet(fleets);
        double invocations = read + decide + modify + notify + drain + checkInvocations;
        double gbSeconds = d.gb() * (read * READ_CAPACITY_MS + decide * DECIDE_MS + modify * MODIFY_MS
                + notify * NOTIFY_MS + drain * DRAIN_MS + checks * CHECK_MS) / 1000.0;
        // Executions are traced by the state machine; checks only with check_tracing_mode = Active.
        double traces = tracesRecorded(executions + (d.checkTracing().equals("Active") ? checks : 0),
                usage.seconds() * scale);
        double stateMachineGb = stateMachineLogBytes(usage) * scale * fleets / 1e9;
        double functionGb = ((invocations - checkInvocations) * FUNCTION_LOG_BYTES_PER_INVOCATION
                + checkInvocations * CHECK_SERVICE_LOG_BYTES
                + checks * (CHECK_LOG_BYTES_PER_INVOCATION - CHECK_SERVICE_LOG_BYTES)) / 1e9;
        double storedGbMonths = (stateMachineGb + functionGb) * d.logRetentionDays() / 30.0;
        List<Line> out = new ArrayList<>();
        out.add(line("Step Functions", "state transitions (states entered + retries)", transitions,
                PriceList.SFN_TRANSITION));
        out.add(line("CloudWatch Logs", "state machine log, level ALL with execution data, GB", stateMachineGb,
                PriceList.LOGS_INGESTED));
        out.add(line("X-Ray", "traces recorded (one per execution, default sampling; checks untraced)", traces,
                PriceList.XRAY_TRACE));
        out.add(line("CloudWatch", "backlog alarms", alarms, PriceList.ALARM_MONTH));
        out.add(line("Lambda", "GB-seconds at " + d.memoryMb() + " MB " + d.architecture(), gbSeconds, d.gbSecond()));
        out.add(line("Lambda", "requests (check and the workflow's functions, drain's steps included)", invocations,
                PriceList.LAMBDA_REQUEST));
        out.add(line("CloudWatch Logs", "functions' log (START/END/REPORT, check's decision line), GB", functionGb,
                PriceList.LOGS_INGESTED));
        out.add(line("CloudWatch Logs", "storage, " + d.logRetentionDays() + "-day retention, raw GB-months",
                storedGbMonths, PriceList.LOGS_STORED));
        out.add(line("SQS", "GetQueueAttributes (check, read-capacity)", read + checks, PriceList.SQS_REQUEST));
        out.add(line("DynamoDB", "state table reads: GetItem per check and read-capacity (issue 16), RRU",
                read + checks, PriceList.DYNAMODB_RRU));
        out.add(line("DynamoDB", "state table writes: lease PutItem + DeleteItem per modify (issue 16), WRU",
                2 * modify, PriceList.DYNAMODB_WRU));
        out.add(line("SNS", "publishes (notify)", notify, PriceList.SNS_PUBLISH));
        out.add(line("CloudWatch", "DescribeAlarms (CheckAlarm)", usage.alarmChecks() * scale * fleets,
                PriceList.CLOUDWATCH_API));
        out.add(line("CloudWatch", "GetMetricData (targetWaitSeconds: 3 metrics a reading with messages, 4 FIFO; "
                + "the static load floor: 4, 5 FIFO)",
                usage.metricsRequested() * scale * fleets, PriceList.CLOUDWATCH_METRIC_DATA));
        out.add(line("EventBridge", "scheduled events to check, alarm events to Step Functions",
                checkInvocations + executions - usage.checkStarts() * scale * fleets,
                PriceList.EVENTBRIDGE_SERVICE_EVENT));
        return out;
    }

    /**
     * Contract 3's metrics, per deployment of {@code fleets} fleets over a month, on their own lines
     * (optional: AUTOSCALER_METRICS=off and no dashboard leave them out). Each fleet has 8 gauges and one
     * {@code Decisions} count per reason code it saw ({@code reasons}; a fleet at rest sees one); the
     * dashboard is one per deployment; each decision writes one EMF line to the deciding function's log.
     *
     * @param decisionsPerFleet decisions a month per fleet (check's and decide's)
     */
    static List<Line> metrics(int fleets, int reasons, double decisionsPerFleet) {
        double gb = decisionsPerFleet * fleets * EMF_LOG_BYTES_PER_DECISION / 1e9;
        return List.of(line("CloudWatch", "custom metrics: 8 gauges + " + reasons + " Decisions series per fleet",
                        (double) fleets * (METRIC_GAUGES + reasons), PriceList.CLOUDWATCH_METRIC),
                line("CloudWatch Logs", "EMF lines, one per decision, GB", gb, PriceList.LOGS_INGESTED),
                line("CloudWatch", "dashboard (one per deployment)", 1, PriceList.DASHBOARD_MONTH));
    }

    /** decide's gauges per fleet (metrics/EmfDecisionMetrics). */
    static final int METRIC_GAUGES = 8;
    /**
     * One EMF line (the metrics' values, dimensions and the _aws metadata) per decision: about 900 bytes
     * measured on DecideMetricsIT's line (docs/functions.md shows one).
     */
    static final int EMF_LOG_BYTES_PER_DECISION = 900;

    /**
     * The per-deployment items, whatever the number of fleets: the KMS key, the dead-letter,
     * executions-failed and check-errors alarms.
     */
    static List<Line> deployment() {
        Deployed d = DEPLOYED;
        return List.of(line("KMS", "customer managed key (notifications topic)", d.deploymentKmsKeys(),
                PriceList.KMS_KEY_MONTH),
                line("CloudWatch", "dead-letter queue, executions-failed and check-errors alarms",
                        d.deploymentAlarms(), PriceList.ALARM_MONTH));
    }

    private static Line line(String service, String what, double quantity, PriceList.Price price) {
        return new Line(service, what, quantity, price, quantity * price.usd());
    }

    /** EC2 API calls the functions make for {@code usage} (every fleet read is two calls: check's too). */
    record Ec2Calls(double describeSpotFleetRequests, double describeTags, double modifySpotFleetRequest,
            double createTags) {

        static Ec2Calls of(ControlLoopUsage u) {
            return of(u, 1);
        }

        /**
         * In a deployment of {@code fleets}, per fleet: check reads its fleets together (one
         * DescribeSpotFleetRequests and one DescribeTags an invocation), the workflow's tasks each their own.
         */
        static Ec2Calls of(ControlLoopUsage u, int fleets) {
            double reads = u.readCapacity() + u.modify() + u.checks() * checkInvocationsPerFleet(fleets);
            double writes = u.modify() - u.retries();
            return new Ec2Calls(reads, reads, writes, writes);
        }
    }
}
