package dev.sfautoscaler.sim;

import static dev.sfautoscaler.sim.RepoText.block;
import static dev.sfautoscaler.sim.RepoText.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bill's arithmetic against figures worked out by hand, and the deployment it bills against
 * the Terraform files that deploy it.
 */
class ControlLoopBillTest {

    private static final double CENT = 0.005;

    private static double usd(List<ControlLoopBill.Line> lines, String service, String whatStartsWith) {
        return lines.stream().filter(l -> l.service().equals(service) && l.what().startsWith(whatStartsWith))
                .mapToDouble(ControlLoopBill.Line::usd).sum();
    }

    @Test
    void aFleetAtRestForAMonthCostsWhatTheHandComputedBillSays() {
        // 30 days x 1,440 schedule ticks, each one check invocation that finds nothing and starts nothing.
        List<ControlLoopBill.Line> bill = ControlLoopBill.monthly(ControlLoopBill.atRest(60), 2);
        assertEquals(0, usd(bill, "Step Functions", "state transitions"), 1e-12);
        assertEquals(0, usd(bill, "CloudWatch Logs", "state machine log"), 1e-12);
        assertEquals(0, usd(bill, "X-Ray", "traces"), 1e-12); // check_tracing_mode = PassThrough
        assertEquals(43_200 * 0.20 / 1e6, usd(bill, "Lambda", "requests"), 1e-9); // 0.00864
        // 43,200 x (150 + 10) ms x 0.25 GB = 1,728 GB-s at 0.0000166667
        assertEquals(1_728 * 0.0000166667, usd(bill, "Lambda", "GB-seconds"), 1e-9);
        assertEquals(0.20, usd(bill, "CloudWatch", "backlog alarms"), 1e-9);
        assertEquals(43_200 * 0.40 / 1e6, usd(bill, "SQS", "GetQueueAttributes"), 1e-9);
        assertEquals(43_200 * 0.125 / 1e6, usd(bill, "DynamoDB", "state table reads"), 1e-9);
        assertEquals(0, usd(bill, "SNS", "publishes"), 1e-12);
        // check's log: 43,200 x 730 bytes = 0.031536 GB, ingested and kept 30 days.
        double byHand = 0.00864 + 0.0288000576 + 0.20 + 0.01728 + 0.0054 + 0.031536 * 0.5 + 0.031536 * 0.03;
        assertEquals(byHand, ControlLoopBill.total(bill), 1e-9);
        assertEquals(0.28, ControlLoopBill.total(bill), CENT);
        assertTrue(ControlLoopBill.total(bill) < BillSection.AT_REST_TARGET_USD);
        // The design before check: a Standard execution a minute, 6 transitions each, traced and logged.
        List<ControlLoopBill.Line> before = ControlLoopBill.monthly(ControlLoopBill.atRestBeforeCheck(60), 2);
        assertEquals(6.48, usd(before, "Step Functions", "state transitions"), 1e-9);
        assertEquals(7.72, ControlLoopBill.total(before), CENT);
    }

    @Test
    void theMetricsAndTheDashboardAreBilledOnTheirOwnLines() {
        // Contract 4: 8 gauges + 1 Decisions series a fleet at rest, 0.30 each; one dashboard, 3.00.
        List<ControlLoopBill.Line> one = ControlLoopBill.metrics(1, 1, 43_200);
        assertEquals(9 * 0.30, usd(one, "CloudWatch", "custom metrics"), 1e-9);
        assertEquals(3.00, usd(one, "CloudWatch", "dashboard"), 1e-9);
        assertEquals(43_200 * 900 / 1e9 * 0.50, usd(one, "CloudWatch Logs", "EMF"), 1e-9);
        List<ControlLoopBill.Line> many = ControlLoopBill.metrics(200, 1, 43_200);
        assertEquals(200 * 9 * 0.30, usd(many, "CloudWatch", "custom metrics"), 1e-9);
        assertEquals(3.00, usd(many, "CloudWatch", "dashboard"), 1e-9);
    }

    @Test
    void aRunIsScaledToThirtyDaysByItsDuration() {
        // Four hours at one execution a minute, nothing changed: 240 executions, the month's at-rest bill.
        ControlLoopUsage fourHours = ExecutionPaths.CHECK_NO_CHANGE.usage().repeated(240, 4 * 3600);
        assertEquals(ControlLoopBill.total(ControlLoopBill.monthly(ControlLoopBill.atRest(60), 2)),
                ControlLoopBill.monthlyUsd(fourHours, 2), 1e-9);
        // The same counts over eight hours happen half as often: the usage half, the alarms the same.
        ControlLoopUsage eightHours = ExecutionPaths.CHECK_NO_CHANGE.usage().repeated(240, 8 * 3600);
        assertEquals((ControlLoopBill.monthlyUsd(fourHours, 0)) / 2 + 0.20, ControlLoopBill.monthlyUsd(eightHours, 2),
                1e-9);
        assertThrows(IllegalArgumentException.class,
                () -> ControlLoopBill.monthly(ExecutionPaths.NO_CHANGE.usage(), 0));
    }

    @Test
    void aRetryAndAChangeAreBilledAsTheyHappen() {
        // 1,000 ticks whose check starts an execution that scales once after one FleetBusy retry: 12,000
        // transitions = 0.30 USD, 1,000 checks + 4,000 + 1,000 Lambda requests, 2,000 lease writes,
        // 1,000 SNS publishes.
        ControlLoopUsage u = ExecutionPaths.ONE_CHANGE_BUSY_ONCE.usage().repeated(1000, 60_000);
        List<ControlLoopBill.Line> bill = ControlLoopBill.lines(u, 1, 0, 1);
        assertEquals(0.30, usd(bill, "Step Functions", "state transitions"), 1e-9);
        assertEquals(6_000 * 0.20 / 1e6, usd(bill, "Lambda", "requests"), 1e-12);
        // (160 + 150 + 10 + 2 x 400 + 120) ms x 0.25 GB x 1,000
        assertEquals(310 * 0.0000166667, usd(bill, "Lambda", "GB-seconds"), 1e-12);
        assertEquals(4_000 * 0.625 / 1e6, usd(bill, "DynamoDB", "state table writes"), 1e-12);
        assertEquals(1_000 * 0.50 / 1e6, usd(bill, "SNS", "publishes"), 1e-12);
        ControlLoopBill.Ec2Calls ec2 = ControlLoopBill.Ec2Calls.of(u);
        assertEquals(4_000, ec2.describeSpotFleetRequests(), 1e-9, "check + read + two modify attempts each describe");
        assertEquals(1_000, ec2.modifySpotFleetRequest(), 1e-9, "the busy attempt modified nothing");
    }

    @Test
    void aDrainsStepsAreBilledAsTheDrainFunctionsInvocations() {
        // 1,000 scale-ins by drain, each StartDrain, two CheckDrains and FinishDrain: 4,000 more Lambda
        // requests and 4,000 x 200 ms x 0.25 GB than the same counts without the drain's steps.
        ControlLoopUsage without = new ControlLoopUsage(60_000, 1000, 20_000, 0, 0, 1000, 1000, 0, 1000, 0);
        ControlLoopUsage with = new ControlLoopUsage(60_000, 1000, 20_000, 0, 0, 1000, 1000, 0, 1000, 0, 0, 0, 4000);
        List<ControlLoopBill.Line> a = ControlLoopBill.lines(without, 1, 0, 1);
        List<ControlLoopBill.Line> b = ControlLoopBill.lines(with, 1, 0, 1);
        assertEquals(4_000 * 0.20 / 1e6, usd(b, "Lambda", "requests") - usd(a, "Lambda", "requests"), 1e-12);
        assertEquals(200 * 0.0000166667, usd(b, "Lambda", "GB-seconds") - usd(a, "Lambda", "GB-seconds"), 1e-12);
        assertEquals(4_000, with.times(2).drain() / 2);
        assertEquals(4_000, with.plus(without).drain());
    }

    @Test
    void aLearningFleetsCloudWatchReadingsAreBilledPerMetricRequested() {
        // A fleet with targetWaitSeconds whose queue shows messages at every one-minute check for 30 days:
        // 43,200 GetMetricData calls of 3 metrics = 129,600 metrics at 0.01 USD per 1,000 = 1.296 USD.
        ControlLoopUsage learning = new ControlLoopUsage(30 * 86_400, 0, 0, 0, 0, 0, 0, 0, 0, 0, 43_200, 0, 0,
                129_600);
        ControlLoopUsage hand = new ControlLoopUsage(30 * 86_400, 0, 0, 0, 0, 0, 0, 0, 0, 0, 43_200, 0, 0);
        List<ControlLoopBill.Line> bill = ControlLoopBill.lines(learning, 1, 0, 1);
        assertEquals(1.296, usd(bill, "CloudWatch", "GetMetricData"), 1e-9);
        assertEquals(0, usd(ControlLoopBill.lines(hand, 1, 0, 1), "CloudWatch", "GetMetricData"), 1e-12,
                "a policy that does not learn never asks CloudWatch");
        assertEquals(259_200, learning.times(2).metricsRequested());
        assertEquals(129_600, learning.plus(hand).metricsRequested());
        assertEquals(129_600, learning.beforeCheck().metricsRequested(), "executions read as checks do");
    }

    @Test
    void xRayRecordsEveryExecutionUpToOneASecondThenFivePercent() {
        assertEquals(60, ControlLoopBill.tracesRecorded(60, 60), 1e-9);
        assertEquals(20, ControlLoopBill.tracesRecorded(20, 60), 1e-9);
        // 200 a minute: 1 a second, then 5% of the other 2.33.
        assertEquals(60 + 0.05 * 140, ControlLoopBill.tracesRecorded(200, 60), 1e-9);
    }

    @Test
    void everyPriceSaysWhereItComesFrom() {
        for (PriceList.Price p : PriceList.ALL) {
            assertTrue(p.source().startsWith("https://aws.amazon.com/"), p.item() + ": " + p.source());
            assertTrue(p.usd() >= 0 && !p.unit().isBlank(), p.item());
        }
        assertEquals(0.025, PriceList.SFN_TRANSITION.usd() * 1000, 1e-12);
        assertEquals(PriceList.SFN_TRANSITION.usd(), PriceList.SFN_TRANSITION.euWest1(), 1e-15);
    }

    // ------------------------------------------------------------------------- Terraform's defaults

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in " + text);
        return m.group(1);
    }

    private static String defaultOf(String variables, String name) {
        return group(block(variables, "variable \"" + name + "\""), "\\n\\s*default\\s*=\\s*(.+)").trim();
    }

    @Test
    void theBilledDeploymentIsWhatTerraformDeploysWithoutOptions() throws IOException {
        ControlLoopBill.Deployed d = ControlLoopBill.DEPLOYED;
        String variables = read("terraform/modules/autoscaler/variables.tf");
        String main = read("terraform/modules/autoscaler/main.tf");
        assertEquals("\"" + d.runtimeMode() + "\"", defaultOf(variables, "runtime_mode"));
        assertEquals("[\"" + d.architecture() + "\"]", defaultOf(variables, "architectures"));
        assertEquals("null", defaultOf(variables, "memory_size"));
        Matcher memory = Pattern.compile("memory_size\\s*=\\s*coalesce\\(var\\.memory_size,\\s*local\\.native\\s*\\?"
                + "\\s*(\\d+)\\s*:\\s*(\\d+)\\)").matcher(main);
        assertTrue(memory.find(), "memory_size in terraform/modules/autoscaler/main.tf");
        assertEquals(d.memoryMb(), Integer.parseInt(memory.group(d.runtimeMode().equals("native") ? 1 : 2)));
        assertEquals("\"" + d.lambdaTracing() + "\"", defaultOf(variables, "lambda_tracing_mode"));
        assertEquals("\"" + d.checkTracing() + "\"", defaultOf(variables, "check_tracing_mode"));
        assertTrue(main.contains("mode = each.key == \"check\" ? var.check_tracing_mode : var.lambda_tracing_mode"),
                "check's tracing mode in terraform/modules/autoscaler/main.tf");
        assertEquals("\"" + d.stateMachineLogLevel() + "\"", defaultOf(variables, "state_machine_log_level"));
        assertEquals(Boolean.toString(d.includeExecutionData()),
                defaultOf(variables, "state_machine_include_execution_data"));
        assertEquals(Integer.toString(d.logRetentionDays()), defaultOf(variables, "log_retention_in_days"));
        String stateMachine = block(read("terraform/modules/autoscaler/state-machine.tf"),
                "resource \"aws_sfn_state_machine\"");
        assertEquals(Boolean.toString(d.stateMachineTracing()),
                group(block(stateMachine, "tracing_configuration"), "enabled\\s*=\\s*(\\w+)"));

        String fleets = block(read("terraform/variables.tf"), "variable \"fleets\"");
        assertEquals("true", group(fleets, "enable_schedule\\s*=\\s*optional\\(bool,\\s*(\\w+)\\)"));
        assertEquals("rate(1 minute)", group(fleets, "schedule_expression\\s*=\\s*optional\\(string,\\s*\"([^\"]+)\"\\)"));
        assertEquals(60, d.scheduleSeconds());
        assertEquals("true", group(fleets, "create_alarms\\s*=\\s*optional\\(bool,\\s*(\\w+)\\)"));
        assertEquals("true", group(fleets, "create_scale_in_alarm\\s*=\\s*optional\\(bool,\\s*(\\w+)\\)"));
        String alarms = read("terraform/modules/queue-alarms/main.tf");
        assertEquals(d.alarmsPerFleet(), Pattern.compile("resource \"aws_cloudwatch_metric_alarm\"").matcher(alarms)
                .results().count(), "alarms per fleet (terraform/modules/queue-alarms)");
        assertEquals(d.deploymentKmsKeys(), Pattern.compile("resource \"aws_kms_key\"")
                .matcher(read("terraform/modules/notifications/main.tf")).results().count());
        long deploymentAlarms = 0;
        try (var files = Files.list(Path.of("terraform/modules/autoscaler"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                deploymentAlarms += Pattern.compile("resource \"aws_cloudwatch_metric_alarm\"").matcher(Files.readString(f))
                        .results().count();
            }
        }
        assertEquals(d.deploymentAlarms(), deploymentAlarms, "alarms per deployment (terraform/modules/autoscaler)");
    }
}
