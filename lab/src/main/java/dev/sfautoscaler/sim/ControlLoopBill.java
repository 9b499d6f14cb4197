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
     * @param deploymentAlarms          alarms per deployment: the dead-letter queue's and the state machine's
     *                                  executions-failed alarm (issue 16's second channel), both on by default
     * @param deploymentKmsKeys         the notifications module's key
     */
    record Deployed(String runtimeMode, String architecture, int memoryMb, String lambdaTracing,
            boolean stateMachineTracing, String stateMachineLogLevel, boolean includeExecutionData,
            int logRetentionDays, int scheduleSeconds, int alarmsPerFleet, int deploymentAlarms,
            int deploymentKmsKeys) {

        double gb() {
            return memoryMb / 1024.0;
        }

        PriceList.Price gbSecond() {
            return architecture.equals("arm64") ? PriceList.LAMBDA_GB_SECOND_ARM : PriceList.LAMBDA_GB_SECOND_X86;
        }
    }

    static final Deployed DEPLOYED = new Deployed("native", "x86_64", 256, "Active", true, "ALL", true, 30, 60, 2, 2,
            1);

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

        /** No change for a month: only the schedule's executions, and the alarms. */
        List<Line> atRest() {
            ControlLoopUsage rest = scheduleSeconds == 0
                    ? new ControlLoopUsage(MONTH_SECONDS, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                    : ControlLoopBill.atRest((int) scheduleSeconds);
            return monthly(rest, alarms);
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

    /** A fleet at rest for a month: a schedule every {@code scheduleSeconds} that finds nothing to change. */
    static ControlLoopUsage atRest(int scheduleSeconds) {
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
        double invocations = read + decide + modify + notify;
        double gbSeconds = d.gb() * (read * READ_CAPACITY_MS + decide * DECIDE_MS + modify * MODIFY_MS
                + notify * NOTIFY_MS) / 1000.0;
        double traces = tracesRecorded(executions, usage.seconds() * scale);
        double stateMachineGb = stateMachineLogBytes(usage) * scale * fleets / 1e9;
        double functionGb = invocations * FUNCTION_LOG_BYTES_PER_INVOCATION / 1e9;
        double storedGbMonths = (stateMachineGb + functionGb) * d.logRetentionDays() / 30.0;
        List<Line> out = new ArrayList<>();
        out.add(line("Step Functions", "state transitions (states entered + retries)", transitions,
                PriceList.SFN_TRANSITION));
        out.add(line("CloudWatch Logs", "state machine log, level ALL with execution data, GB", stateMachineGb,
                PriceList.LOGS_INGESTED));
        out.add(line("X-Ray", "traces recorded (one per execution, default sampling)", traces, PriceList.XRAY_TRACE));
        out.add(line("CloudWatch", "backlog alarms", alarms, PriceList.ALARM_MONTH));
        out.add(line("Lambda", "GB-seconds at " + d.memoryMb() + " MB " + d.architecture(), gbSeconds, d.gbSecond()));
        out.add(line("Lambda", "requests", invocations, PriceList.LAMBDA_REQUEST));
        out.add(line("CloudWatch Logs", "functions' log (START/END/REPORT), GB", functionGb, PriceList.LOGS_INGESTED));
        out.add(line("CloudWatch Logs", "storage, " + d.logRetentionDays() + "-day retention, raw GB-months",
                storedGbMonths, PriceList.LOGS_STORED));
        out.add(line("SQS", "GetQueueAttributes (read-capacity)", read, PriceList.SQS_REQUEST));
        out.add(line("DynamoDB", "state table reads: GetItem per read-capacity (issue 16), RRU", read,
                PriceList.DYNAMODB_RRU));
        out.add(line("DynamoDB", "state table writes: lease PutItem + DeleteItem per modify (issue 16), WRU",
                2 * modify, PriceList.DYNAMODB_WRU));
        out.add(line("SNS", "publishes (notify)", notify, PriceList.SNS_PUBLISH));
        out.add(line("CloudWatch", "DescribeAlarms (CheckAlarm)", usage.alarmChecks() * scale * fleets,
                PriceList.CLOUDWATCH_API));
        out.add(line("EventBridge", "scheduled and alarm events, deliveries to Step Functions", executions,
                PriceList.EVENTBRIDGE_SERVICE_EVENT));
        return out;
    }

    /** The per-deployment items, whatever the number of fleets: the KMS key, the dead-letter and executions-failed alarms. */
    static List<Line> deployment() {
        Deployed d = DEPLOYED;
        return List.of(line("KMS", "customer managed key (notifications topic)", d.deploymentKmsKeys(),
                PriceList.KMS_KEY_MONTH),
                line("CloudWatch", "dead-letter queue and executions-failed alarms", d.deploymentAlarms(),
                        PriceList.ALARM_MONTH));
    }

    private static Line line(String service, String what, double quantity, PriceList.Price price) {
        return new Line(service, what, quantity, price, quantity * price.usd());
    }

    /** EC2 API calls the functions make for {@code usage} (today's code: every fleet read is two calls). */
    record Ec2Calls(double describeSpotFleetRequests, double describeTags, double modifySpotFleetRequest,
            double createTags) {

        static Ec2Calls of(ControlLoopUsage u) {
            double reads = u.readCapacity() + u.modify();
            double writes = u.modify() - u.retries();
            return new Ec2Calls(reads, reads, writes, writes);
        }
    }
}
