package dev.sfautoscaler.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's section on the control loop's bill: every policy of ours on every scenario and at
 * rest, the at-rest bill line by line, what each execution path costs, and 1, 20 and 200 fleets
 * against AWS's default quotas. Every figure comes from {@link ControlLoopBill} and
 * {@link PriceList}.
 */
final class BillSection {

    /** The target for a fleet at rest, USD a month. */
    static final double AT_REST_TARGET_USD = 0.50;
    static final List<Integer> FLEETS = List.of(1, 20, 200);

    /** A default quota of an AWS account in one region, where it was read. */
    record Quota(String what, String limit, String source) {
    }

    static final String SFN_QUOTAS = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html";
    static final String EC2_THROTTLING = "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html";
    static final String LAMBDA_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
    static final String EVENTBRIDGE_QUOTAS = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html";

    private BillSection() {
    }

    static void write(StringBuilder b, List<Scenario> scenarios, List<Policies.Spec> policies,
            List<List<RunResult>> results) {
        List<Integer> ours = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            if (results.get(0).get(p).controlLoop() != null) {
                ours.add(p);
            }
        }
        if (ours.isEmpty()) {
            return;
        }
        int reference = ours.get(0);
        for (int p : ours) {
            if (policies.get(p).name().equals(BenchReport.OURS)) {
                reference = p;
            }
        }
        ControlLoopBill.Run rest = results.get(0).get(reference).controlLoop();
        List<ControlLoopBill.Line> restLines = rest.atRest();
        double restUsd = ControlLoopBill.total(restLines);

        b.append("## The control loop's bill\n\n");
        b.append("What the autoscaler itself costs per fleet, at AWS list prices (")
                .append(PriceList.REGION).append(", read ").append(PriceList.CHECKED)
                .append("; `lab/src/main/java/dev/sfautoscaler/sim/PriceList.java` has each price with its page), as "
                        + "Terraform deploys it without options: a native build on ")
                .append(ControlLoopBill.DEPLOYED.memoryMb()).append(" MB ").append(ControlLoopBill.DEPLOYED.architecture())
                .append(", X-Ray tracing on for the workflow's functions and the state machine (off for check, "
                        + "`check_tracing_mode`), the state machine's log at level ALL with execution data, ")
                .append(ControlLoopBill.DEPLOYED.logRetentionDays()).append("-day log retention. The schedule "
                        + "invokes the `check` function, which reads and decides in one invocation and starts a "
                        + "Standard execution only for a change (or an open failure alert, or a failed read); "
                        + "alarms start executions directly. A run's counts "
                        + "(checks, executions, states entered, retries, Lambda invocations, CheckAlarm calls) are scaled to "
                        + "a 30-day month as if the scenario repeated for the month (x 720 h / the scenario's hours); "
                        + "alarms are billed per month. Free tiers are left out (they are per account and shared "
                        + "with everything else it runs), and so are the deployment's own items (a KMS key, "
                        + "the dead-letter, executions-failed and check-errors alarms: ")
                .append(usd2(ControlLoopBill.total(ControlLoopBill.deployment())))
                .append(" USD a month, whatever the number of fleets) and the DynamoDB state table's storage. "
                        + "The DynamoDB requests are those of issue 16's state table (a GetItem per read, a lease "
                        + "PutItem and DeleteItem per modify). eu-west-1 has the same prices except CloudWatch "
                        + "Logs ingestion and DynamoDB, which were not checked there.\n\n");

        // Every scenario, every policy of ours, and at rest.
        b.append("| scenario |");
        for (int p : ours) {
            b.append(' ').append(policies.get(p).name()).append(" |");
        }
        b.append(' ').append(policies.get(reference).name()).append(", before check |");
        b.append("\n|---|").append("---:|".repeat(ours.size() + 1)).append('\n');
        for (int i = 0; i < scenarios.size(); i++) {
            b.append("| ").append(scenarios.get(i).name()).append(" |");
            for (int p : ours) {
                b.append(' ').append(usd2(results.get(i).get(p).controlLoop().monthlyUsd())).append(" |");
            }
            b.append(' ').append(usd2(results.get(i).get(reference).controlLoop().beforeCheckMonthlyUsd()))
                    .append(" |");
            b.append('\n');
        }
        b.append("| **at rest** (no change for a month) |");
        for (int p : ours) {
            b.append(" **").append(usd2(ControlLoopBill.total(results.get(0).get(p).controlLoop().atRest())))
                    .append("** |");
        }
        b.append(" ").append(usd2(rest.beforeCheckAtRestUsd())).append(" |");
        b.append("\n\n");
        b.append("USD per fleet-month. At rest is the schedule's checks alone (").append(policies.get(reference)
                .name()).append(": one a minute, 43,200 a month, none of which starts an execution) plus the "
                        + "fleet's alarms; `ours-alarms-only` has no schedule, so at rest it pays for its two "
                        + "alarms only (and freezes under a standing queue, see above). \"Before check\" is the "
                        + "same run billed as the design before it would have been: every check that started "
                        + "nothing a Standard execution that finds no change (")
                .append(ExecutionPaths.NO_CHANGE.billedTransitions()).append(" transitions, a trace, its state "
                        + "documents in the log).\n\n");

        // The at-rest bill, line by line.
        b.append("**At rest, line by line** (").append(policies.get(reference).name()).append(", one fleet, a month):\n\n");
        b.append("| service | what | quantity | unit price, USD | USD |\n|---|---|---:|---:|---:|\n");
        for (ControlLoopBill.Line l : restLines) {
            b.append("| ").append(l.service()).append(" | ").append(l.what()).append(" | ").append(quantity(l.quantity()))
                    .append(" | ").append(price(l.price().usd())).append(" / ").append(l.price().unit()).append(" | ")
                    .append(usd3(l.usd())).append(" |\n");
        }
        b.append("| | **total** | | | **").append(usd2(restUsd)).append("** |\n\n");
        b.append("**Target: under ").append(usd2(AT_REST_TARGET_USD)).append(" USD per fleet-month at rest: ")
                .append(restUsd < AT_REST_TARGET_USD ? "met" : "missed").append("** (").append(usd2(restUsd))
                .append(" USD; ").append(usd2(rest.beforeCheckAtRestUsd())).append(" before check). ");
        double alarmsUsd = rest.alarms() * PriceList.ALARM_MONTH.usd();
        b.append("A minute with nothing to do costs one check invocation: no Standard execution, no state "
                + "transition, no state machine log, no trace. Of the ").append(usd2(restUsd)).append(" USD, ")
                .append(usd2(alarmsUsd)).append(" are the fleet's two backlog alarms (optional: `create_alarms = "
                        + "false` leaves ").append(usd2(restUsd - alarmsUsd)).append(" USD); the rest is check's "
                        + "Lambda time, requests and log, and its SQS and DynamoDB reads. ");
        if (restUsd >= AT_REST_TARGET_USD) {
            b.append("Above the target: see the lines above.");
        }
        b.append("\n\n");
        metrics(b, restUsd);
        metricData(b);

        paths(b);
        fleets(b, scenarios, policies, results, reference);
    }

    /**
     * What a fleet that learns ({@code targetWaitSeconds}) pays CloudWatch for its readings: GetMetricData bills
     * each metric requested, three a reading that shows messages (four on a FIFO queue), none on an empty queue
     * unless the keep-alive asks.
     */
    private static void metricData(StringBuilder b) {
        long readings = Math.round(ControlLoopBill.MONTH_SECONDS / 60);
        ControlLoopUsage busy = new ControlLoopUsage(ControlLoopBill.MONTH_SECONDS, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                readings, 0, 0, 3 * readings);
        double usd = ControlLoopBill.lines(busy, 1, 0, 1).stream()
                .filter(l -> l.price() == PriceList.CLOUDWATCH_METRIC_DATA).mapToDouble(ControlLoopBill.Line::usd).sum();
        b.append("**CloudWatch's readings of a fleet that learns** (`targetWaitSeconds`): check and read-capacity ask "
                + "GetMetricData for the queue's deleted and sent messages and the age of its oldest message (and a "
                + "FIFO queue's groups in flight) in one call, at ").append(price(PriceList.CLOUDWATCH_METRIC_DATA.usd()))
                .append(" USD per metric requested, whenever the counts show messages (and on an empty queue while "
                        + "the keep-alive holds the last unit). A queue that always has messages: ")
                .append(String.format(java.util.Locale.ROOT, "%,d", readings)).append(" checks a month x 3 metrics = ")
                .append(usd2(usd)).append(" USD per fleet-month on top of the hand-tuned policy's bill (the free tier "
                        + "does not cover GetMetricData); at rest, none. A policy without `targetWaitSeconds` asks "
                        + "the same call, with `ApproximateNumberOfMessagesNotVisible` too (4 metrics, 5 FIFO), only "
                        + "when the queue's counts alone would scale the fleet in (its load floor, the numbers each "
                        + "such reading holds the fleet with): a fleet at its load reads it about once a minute, one "
                        + "that is not about to scale in never. The scenarios' rows below count them for every policy "
                        + "of ours.\n\n");
    }

    /** Contract 4: the metrics and the dashboard, on their own lines, and the total with them. */
    private static void metrics(StringBuilder b, double restUsd) {
        double decisions = ControlLoopBill.atRest(60).checks();
        List<ControlLoopBill.Line> one = ControlLoopBill.metrics(1, 1, decisions);
        b.append("**Metrics and dashboard** (decide's metrics, `metrics_enabled`, and the deployment's dashboard, "
                + "`dashboard_enabled`: both on by default, both can be turned off), at rest, one fleet, a month:\n\n");
        b.append("| service | what | quantity | unit price, USD | USD |\n|---|---|---:|---:|---:|\n");
        for (ControlLoopBill.Line l : one) {
            b.append("| ").append(l.service()).append(" | ").append(l.what()).append(" | ").append(quantity(l.quantity()))
                    .append(" | ").append(price(l.price().usd())).append(" / ").append(l.price().unit()).append(" | ")
                    .append(usd3(l.usd())).append(" |\n");
        }
        double metricsUsd = ControlLoopBill.total(one);
        b.append("| | **total** | | | **").append(usd2(metricsUsd)).append("** |\n\n");
        b.append("At rest with metrics and a dashboard for one fleet: ").append(usd2(restUsd + metricsUsd))
                .append(" USD a month (the control loop ").append(usd2(restUsd)).append(", metrics and dashboard ")
                .append(usd2(metricsUsd)).append("); the dashboard is one per deployment, so with 20 fleets it "
                        + "adds ").append(usd2(PriceList.DASHBOARD_MONTH.usd() / 20)).append(" USD a fleet. The "
                        + "metrics cost more than the loop: each fleet's ").append(ControlLoopBill.METRIC_GAUGES)
                .append(" gauges and its Decisions series are ").append(usd2(PriceList.CLOUDWATCH_METRIC.usd()))
                .append(" USD each a month, whatever the traffic. The EMF line per decision is assumed at ")
                .append(String.format(Locale.ROOT, "%,d", ControlLoopBill.EMF_LOG_BYTES_PER_DECISION))
                .append(" bytes.\n\n");
    }

    private static void paths(StringBuilder b) {
        b.append("**What one execution costs, by path.** The states each path enters are those of "
                + "`statemachine/autoscaler.asl.json`: `ControlLoopBillIT` runs every path below on the definition "
                + "in the emulator and fails when the history shows other states, other retries or other Lambda "
                + "invocations than this table, or a state machine log more than 35% off. Step Functions bills "
                + "\"each time a step of your workflow is executed ... including retries\" ([pricing](")
                .append(PriceList.SFN_PAGE).append(")): here, every state entered (a StateEntered event; the "
                        + "execution's start is not a state and is not counted) plus every task attempt a Retry "
                        + "repeats. Lambda durations are assumptions, not measurements (nothing here measures the "
                        + "native functions on AWS): warm invocations of ")
                .append(ControlLoopBill.READ_CAPACITY_MS).append(" ms for read-capacity, ")
                .append(ControlLoopBill.DECIDE_MS).append(" ms for decide, ").append(ControlLoopBill.MODIFY_MS)
                .append(" ms for modify, ").append(ControlLoopBill.NOTIFY_MS).append(" ms for notify, ")
                .append(ControlLoopBill.CHECK_MS).append(" ms for check (read-capacity's calls and decide in one "
                        + "process), about 30-40 ms per AWS call each makes; twice those adds about ");
        ControlLoopUsage restUsage = ControlLoopBill.atRest(60);
        double gbs = ControlLoopBill.DEPLOYED.gb() * restUsage.checks() * ControlLoopBill.CHECK_MS / 1000.0;
        b.append(usd2(gbs * ControlLoopBill.DEPLOYED.gbSecond().usd())).append(" USD a month at rest. "
                + "The log's size is measured in the emulator with the documented payloads.\n\n");
        b.append("| path | check | states entered | retries | billed transitions | Lambda: read / decide / modify / "
                + "notify | CheckAlarm | state machine log, KB | USD per 1,000 |\n");
        b.append("|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (ExecutionPaths.Path p : ExecutionPaths.ALL) {
            ControlLoopUsage one = p.usage().repeated(1000, 60_000);
            double usd = ControlLoopBill.total(ControlLoopBill.lines(one, 1, 0, 1));
            b.append("| ").append(p.name()).append(" | ").append(p.checks()).append(" | ").append(p.states().size())
                    .append(" | ").append(p.retries())
                    .append(" | ").append(p.billedTransitions()).append(" | ").append(p.readCapacity()).append(" / ")
                    .append(p.decide()).append(" / ").append(p.modify()).append(" / ").append(p.notifyCalls())
                    .append(" | ").append(p.alarmChecks()).append(" | ")
                    .append(Math.round(ControlLoopBill.stateMachineLogBytes(p.usage()) / 1000)).append(" | ")
                    .append(usd3(usd)).append(" |\n");
        }
        b.append('\n');
    }

    private static void fleets(StringBuilder b, List<Scenario> scenarios, List<Policies.Spec> policies,
            List<List<RunResult>> results, int reference) {
        // The busiest scenario of the reference policy: its average minute, for every fleet at once.
        int busiest = 0;
        for (int i = 1; i < scenarios.size(); i++) {
            if (results.get(i).get(reference).controlLoop().monthlyUsd()
                    > results.get(busiest).get(reference).controlLoop().monthlyUsd()) {
                busiest = i;
            }
        }
        ControlLoopBill.Run busy = results.get(busiest).get(reference).controlLoop();
        ControlLoopBill.Run rest = results.get(0).get(reference).controlLoop();
        ControlLoopUsage restUsage = ControlLoopBill.atRest(60);
        double deployment = ControlLoopBill.total(ControlLoopBill.deployment());
        b.append("**Hundreds of fleets.** One deployment with 1, 20 and 200 fleets of ")
                .append(policies.get(reference).name()).append(", each at rest, or each as busy as the busiest "
                        + "scenario (").append(scenarios.get(busiest).name()).append(", its average minute). The "
                        + "monthly bill includes the deployment's own items; X-Ray records every execution until "
                        + "they start more than one a second, then the default sampling rule's 5% of the rest "
                        + "(starts spread evenly over the minute). Without the optional metrics and dashboard: "
                        + "they add ").append(usd2(ControlLoopBill.total(ControlLoopBill.metrics(1, 1, 0))
                                - PriceList.DASHBOARD_MONTH.usd()))
                .append(" USD a fleet and ").append(usd2(PriceList.DASHBOARD_MONTH.usd()))
                .append(" a deployment, plus their log.\n\n");
        b.append("| fleets | EventBridge rules | per minute, at rest: Lambda (check) | EC2 Describe* | SQS | "
                + "DynamoDB | Step Functions StartExecution | per minute, busy: Lambda | EC2 Describe* / Modify* | "
                + "SQS | Step Functions StartExecution / state transitions | USD a month, at rest | USD a month, "
                + "busy |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|\n");
        double busyMinutes = busy.usage().seconds() / 60.0;
        double restMinutes = restUsage.seconds() / 60.0;
        for (int n : FLEETS) {
            double restUsd = ControlLoopBill.total(ControlLoopBill.lines(restUsage, 1, rest.alarms() * n, n))
                    + deployment;
            double busyUsd = ControlLoopBill.total(ControlLoopBill.lines(busy.usage(),
                    ControlLoopBill.MONTH_SECONDS / busy.usage().seconds(), busy.alarms() * n, n)) + deployment;
            ControlLoopBill.Ec2Calls restEc2 = ControlLoopBill.Ec2Calls.of(restUsage, n);
            ControlLoopBill.Ec2Calls busyEc2 = ControlLoopBill.Ec2Calls.of(busy.usage(), n);
            ControlLoopUsage u = busy.usage();
            double perCheck = ControlLoopBill.checkInvocationsPerFleet(n);
            b.append("| ").append(n).append(" | ").append(rules(n, rest.alarms() > 0))
                    .append(" | ").append(rate(restUsage.checks() * perCheck * n / restMinutes))
                    .append(" | ").append(rate((restEc2.describeSpotFleetRequests() + restEc2.describeTags()) * n
                            / restMinutes))
                    .append(" | ").append(rate((restUsage.readCapacity() + restUsage.checks()) * n / restMinutes))
                    .append(" | ").append(rate((restUsage.readCapacity() + restUsage.checks()) * n / restMinutes))
                    .append(" | ").append(rate(restUsage.executions() * n / restMinutes))
                    .append(" | ").append(rate((u.readCapacity() + u.decide() + u.modify() + u.notifyCalls()
                            + u.checks() * perCheck) * n / busyMinutes))
                    .append(" | ").append(rate((busyEc2.describeSpotFleetRequests() + busyEc2.describeTags()) * n
                            / busyMinutes)).append(" / ")
                    .append(rate((busyEc2.modifySpotFleetRequest() + busyEc2.createTags()) * n / busyMinutes))
                    .append(" | ").append(rate((u.readCapacity() + u.checks()) * n / busyMinutes))
                    .append(" | ").append(rate(u.executions() * n / busyMinutes)).append(" / ")
                    .append(rate(u.billedTransitions() * n / busyMinutes))
                    .append(" | ").append(usd2(restUsd)).append(" | ").append(usd2(busyUsd)).append(" |\n");
        }
        b.append("\nEventBridge rules: the deployment's schedule rules (one for up to ")
                .append(ControlLoopBill.TARGETS_PER_RULE).append(" check invocations of ")
                .append(ControlLoopBill.FLEETS_PER_CHECK).append(" fleets, `schedule_fleets_per_check`), one alarm "
                        + "rule per fleet with alarms, and the execution-alerts rule. EC2 Describe*: "
                        + "DescribeSpotFleetRequests and DescribeTags (DescribeFleets or DescribeAutoScalingGroups "
                        + "for the other kinds): check reads the fleets of an invocation in one call each, the "
                        + "workflow's tasks each their own. SQS: GetQueueAttributes, one per fleet and read (SQS "
                        + "has no batch read). DynamoDB: the failure-alert GetItem, one per fleet and read. Lambda's "
                        + "billed duration is still counted per fleet (").append(ControlLoopBill.CHECK_MS)
                .append(" ms each), an upper bound: a batched check makes fewer calls. Not in the table, check's "
                        + "Step Functions reads (it starts no execution for a fleet with one in flight): none at rest; "
                        + "one ListExecutions per check invocation that has something to start, and a DescribeExecution "
                        + "per running execution a warm check has not seen yet.\n\n");
        int n = FLEETS.get(FLEETS.size() - 1);
        double startsPerSecond = n / 60.0;
        double checksPerMinute = Math.ceil(n / (double) ControlLoopBill.FLEETS_PER_CHECK);
        b.append("Against AWS's default quotas (per account and region; ").append(PriceList.CHECKED).append("), at ")
                .append(n).append(" fleets:\n\n");
        b.append("| quota | default | at ").append(n).append(" fleets | verdict |\n|---|---|---|---|\n");
        b.append("| Step Functions StartExecution, Standard ([quotas](").append(SFN_QUOTAS).append(")) | bucket 1,300, "
                + "refill 300 a second (us-east-1, us-west-2, eu-west-1; 800 / 150 elsewhere) | none at rest; ")
                .append(f1(startsPerSecond)).append(" a second if every fleet scales in the same minute, ")
                .append(n).append(" at once at most (a bucket of 1,300) | within |\n");
        b.append("| Step Functions StateTransition, Standard ([quotas](").append(SFN_QUOTAS).append(")) | bucket 5,000, "
                + "refill 1,500 a second (us-east-1, us-west-2, eu-west-1; 800 / 500 elsewhere); new accounts "
                + "start lower | none at rest; ")
                .append(f1(startsPerSecond * ExecutionPaths.ONE_CHANGE.billedTransitions()))
                .append(" a second if every fleet scales in the same minute | within |\n");
        b.append("| Step Functions ListExecutions and DescribeExecution, check's in-flight test ([quotas](")
                .append(SFN_QUOTAS).append(")) | ListExecutions bucket 200, refill 5 a second; DescribeExecution bucket "
                        + "300, refill 15 a second (us-east-1, us-west-2, eu-west-1; 100 / 2 and 250 / 10 elsewhere) | "
                        + "none at rest; at most ").append(rate(checksPerMinute)).append(" ListExecutions a minute (one "
                        + "per check invocation with something to start); a DescribeExecution per running execution a "
                        + "warm check has not seen, up to ").append(rate(checksPerMinute * n)).append(" in the minute "
                        + "all ").append(n).append(" fleets' alarms fire at once | within at rest and when spread; a "
                        + "burst beyond DescribeExecution's bucket is throttled, and check then starts the execution "
                        + "as before, with a warning |\n");
        b.append("| EC2 request rate, each non-mutating (Describe*) API ([throttling](").append(EC2_THROTTLING)
                .append(")) | bucket 100, refill 20 a second, per API | ").append(rate(checksPerMinute))
                .append(" DescribeSpotFleetRequests and as many DescribeTags a minute at rest (one per check "
                        + "invocation), all in the same second at most; ").append(n).append(" more a minute, "
                        + "read-capacity's and modify's, if every fleet scales in the same minute | within |\n");
        b.append("| EC2 request rate, mutating APIs (ModifySpotFleetRequest, CreateTags) ([throttling](")
                .append(EC2_THROTTLING).append(")) | a bucket per API, refilled more slowly than Describe*'s (the page's "
                        + "table; its figures are not copied here) | ")
                .append(f1(startsPerSecond)).append(" a second if every fleet scales in the same minute | within "
                        + "when spread; modify retries `Throttled` with back-off otherwise |\n");
        b.append("| Lambda concurrent executions ([quotas](").append(LAMBDA_QUOTAS).append(")) | 1,000 (new accounts "
                + "may start lower) | ").append(rate(checksPerMinute)).append(" checks at once when the schedule "
                + "ticks, plus one task per running execution | within |\n");
        b.append("| EventBridge rules per event bus ([quotas](").append(EVENTBRIDGE_QUOTAS).append(")) | 300 "
                + "(adjustable; 100 in af-south-1, eu-south-1) | ").append(rules(n, true)).append(" (")
                .append(ControlLoopBill.scheduleRules(n)).append(" schedule, ").append(n).append(" alarm, 1 execution "
                        + "alerts; it was ").append(2 * n + 1).append(" with a schedule rule per fleet) | within; "
                        + "about 290 fleets with alarms fill the quota: ask for more rules beyond |\n");
        b.append("| Lambda resource-based policy of check ([quotas](").append(LAMBDA_QUOTAS).append(")) | 20 KB | ")
                .append(ControlLoopBill.scheduleRules(n)).append(" statements, one per schedule rule (it was ")
                .append(n).append(", about 60 KB) | within |\n");
        b.append("| Lambda environment variables per function ([quotas](").append(LAMBDA_QUOTAS).append(")) | 4 KB | "
                + "under 0.5 KB each, the same at any number of fleets: modify's guard bounds are ").append(n)
                .append(" items of the state table (`guard#<target id>`, one GetItem per change), not a variable (it "
                        + "was about ").append(rate(n * 62 / 1000.0)).append(" KB, over above about 55 spot fleets) | "
                        + "within (`modules/guard-items`' tofu test plans ").append(n).append(" fleets) |\n\n");
    }

    /** The deployment's EventBridge rules: its schedule rules, an alarm rule per fleet when fleets have alarms, execution alerts. */
    private static int rules(int fleets, boolean alarms) {
        return ControlLoopBill.scheduleRules(fleets) + (alarms ? fleets : 0) + 1;
    }

    private static String usd2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String usd3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String rate(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String quantity(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A unit price: as many decimals as it needs. */
    private static String price(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }
}
